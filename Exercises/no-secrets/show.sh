#!/bin/sh
# The app: prints the first quote of the data fetched at build time.
set -eu
if [ ! -s /app/quotes.txt ]; then
    echo "show.sh: /app/quotes.txt is missing; the build should have fetched it" >&2
    exit 1
fi
head -n 1 /app/quotes.txt
