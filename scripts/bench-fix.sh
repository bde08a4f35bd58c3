#!/usr/bin/env bash
# `lint --fix` against `lint` alone over the corpus (../shared/corpus/real), side by side in
# one hyperfine run (release build, ShellCheck off so the rules' own work is compared).
# --fix writes in place, so each of its runs starts from a fresh copy (copying is in
# --prepare, outside the timing). Prints hyperfine's table, then one line with the medians,
# their ratio (the issue's bound is 2x), the CPU time ratio and the load average.
#   usage: scripts/bench-fix.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
bin=$(SCRATCH_PATH=${SCRATCH_PATH:-.build-release} scripts/release-build.sh dockerlings 2>/dev/null)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=../shared/corpus/real
prepare="rm -rf $work/c && mkdir $work/c && cp $src/*.Dockerfile $work/c/"
eval "$prepare"
lint="$bin/dockerlings lint --shellcheck never --no-fail -f json $work/c/*.Dockerfile"
hyperfine --runs "$runs" --warmup 1 -N --export-json "$work/r.json" \
    --prepare "sh -c '$prepare'" \
    -n lint "sh -c '$lint > /dev/null 2>&1'" \
    -n "lint --fix" "sh -c '$lint --fix > /dev/null 2>&1'"
python3 - "$work/r.json" "$(ls "$work"/c | wc -l)" <<'PY'
import json, os, sys
results = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
r = {k: x["median"] for k, x in results.items()}
# CPU time (user + system, mean) moves less than wall time when others load the machine.
cpu = {k: x["user"] + x["system"] for k, x in results.items()}
load = " ".join(f"{x:.2f}" for x in os.getloadavg())
print(f"{sys.argv[2]} Dockerfiles: median lint {r['lint']*1000:.0f} ms, lint --fix {r['lint --fix']*1000:.0f} ms, ratio {r['lint --fix']/r['lint']:.2f}x "
      f"(CPU time ratio {cpu['lint --fix']/cpu['lint']:.2f}x; load average {load})")
PY
