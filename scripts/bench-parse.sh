#!/usr/bin/env bash
# Parser benchmarks, release build:
#  1. throughput: every corpus file parsed 50 times (MB/s), and 1/10/20 MB inputs (linearity);
#  2. a whole `dockerlings parse` process on a 30-line Dockerfile (hyperfine, median).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(scripts/release-build.sh dockerlings dockerlings-bench 2>/dev/null)
"$bin/dockerlings-bench" parse "$@"

# A real 30-line Dockerfile from the corpus.
file=""
for f in ../shared/corpus/real/*.Dockerfile; do
    if [ "$(wc -l <"$f")" -eq 30 ]; then file=$f; break; fi
done
echo "whole process: dockerlings parse --format json $(basename "$file") (30 lines)"
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 20 --runs 200 --export-json /tmp/dockerlings-parse-process.json \
        "$bin/dockerlings parse --format json $file" | sed -n '1,4p'
    python3 -c 'import json;r=json.load(open("/tmp/dockerlings-parse-process.json"))["results"][0];print("median %.2f ms" % (r["median"]*1000))'
else
    echo "hyperfine is not installed (apt-get install hyperfine)" >&2
fi
