# Prints a greeting: the word given as the first argument, then who it is from.
#   python greet.py Hello    ->  Hello from Docker!
import sys

if len(sys.argv) < 2:
    sys.exit("greet.py needs a word to greet with, e.g. `python greet.py Hello`")
print(f"{sys.argv[1]} from Docker!")
