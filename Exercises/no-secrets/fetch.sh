#!/bin/sh
# Stands in for downloading a private data set: it needs the API token to "authenticate",
# and writes the data (never the token) to standard output.
set -eu
if [ -z "${API_TOKEN:-}" ]; then
    echo "fetch.sh: API_TOKEN is not set; pass it with --build-arg API_TOKEN=..." >&2
    exit 1
fi
# A real download would send the token in a header; here it only signs the result.
signature=$(printf '%s' "$API_TOKEN" | sha256sum | cut -c1-12)
cat <<DATA
Quote of the day: Build once, ship the artifact, keep the keys.
Quote of the day: A layer never forgets.
Quote of the day: What the final stage does not copy does not ship.
# fetched with a key whose fingerprint is $signature
DATA
