#!/usr/bin/env bash
# The learner's screens on a long history (release build): `dockerlings` (the home screen)
# and `dockerlings list`, whole process, with 10,000 attempts in the progress database,
# run from a folder outside the checkout so the course comes from the binary itself.
# Target: each within 50 ms. hyperfine, 40 runs after 5 warm-ups; medians.
#   usage: scripts/bench-screens.sh [--attempts N]
set -euo pipefail
cd "$(dirname "$0")/.."
attempts=10000
[ "${1:-}" = "--attempts" ] && attempts=$2
dir=$(scripts/release-build.sh dockerlings 2>/dev/null)
scripts/release-build.sh dockerlings-bench >/dev/null 2>&1
home=$(mktemp -d /tmp/dockerlings-bench-screens.XXXXXX)
trap 'rm -rf "$home"' EXIT
run() { (cd "$home" && env -u DOCKERLINGS_DB -u DOCKERLINGS_COURSE -u DOCKERLINGS_WORKSPACE -u XDG_DATA_HOME HOME="$home" "$@"); }
run "$dir/dockerlings" --learner bench@example.org >/dev/null   # makes the workspace, unpacks the course
exercises=$(ls "$home/dockerlings")
"$dir/dockerlings-bench" seed "$home/.local/share/dockerlings/progress.sqlite" --attempts "$attempts" $exercises
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$home"
HOME="$home" hyperfine -N --warmup 5 --runs 40 --export-json "$home/screens.json" \
    "$dir/dockerlings --learner bench@example.org --plain" \
    "$dir/dockerlings list --learner bench@example.org --plain" >/dev/null
python3 - "$home/screens.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command'].split('/')[-1]:<60} median {r['median']*1000:6.1f} ms  (min {r['min']*1000:.1f}, max {r['max']*1000:.1f})  [target 50 ms]")
PY
