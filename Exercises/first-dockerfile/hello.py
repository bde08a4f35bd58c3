# The program to package: it prints a greeting and exits.
print("Hello from my first image!")
