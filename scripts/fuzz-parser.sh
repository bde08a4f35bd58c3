#!/usr/bin/env bash
# Fuzzes the Dockerfile parser with libFuzzer + AddressSanitizer.
#   scripts/fuzz-parser.sh [SECONDS]      (default 60; `make fuzz FUZZ_SECONDS=1800`)
# The corpus starts from BuildKit's conformance files and ../shared/corpus/real; new
# inputs go to Fuzz/corpus (git-ignored), crashes to Fuzz/crash-*.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=.build-fuzz
mkdir -p "$out" Fuzz/corpus
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name DockerfileFuzz \
    $(find Sources/DockerfileSyntax -name '*.swift' | sort) Fuzz/ParserFuzz.swift \
    -o "$out/parser-fuzz"
seeds=$(mktemp -d)
cp ../shared/corpus/real/*.Dockerfile "$seeds"/ 2>/dev/null || true
i=0
for f in ../shared/conformance/buildkit-parser/*/*/Dockerfile; do cp "$f" "$seeds/conf-$i"; i=$((i+1)); done
exec "$out/parser-fuzz" -max_total_time="$seconds" -max_len=4096 -timeout=120 \
    -print_final_stats=1 -artifact_prefix=Fuzz/ Fuzz/corpus "$seeds"
