#!/usr/bin/env bash
# Rendering speed, release build:
#   1. dockerlings-bench render: the whole of Lessons/ (the seed notes x10 until the course
#      fills it) rendered in-process; target under 50 ms.
#   2. hyperfine: a whole-process `dockerlings read LESSON` into a pipe; target under 30 ms.
#      `cat` of the same file is the floor (starting any process), measured in the same run.
# Run from anywhere: scripts/bench-render.sh (it works from the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."

# SCRATCH_PATH: another build folder (a worktree's .build-NAME), default .build.
bin=$(scripts/release-build.sh dockerlings dockerlings-bench 2>/dev/null)

echo "== in-process render"
"$bin/dockerlings-bench" render

lesson=$(find Lessons -maxdepth 1 -name '[0-9]*.md' 2>/dev/null | sort | head -n 1)
[ -n "$lesson" ] || lesson=../shared/seed/docker-course-notes.md

echo "== whole process: dockerlings read $lesson | (pipe)"
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 1; }
json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine -N --warmup 10 --runs 100 --output=pipe --export-json "$json" \
    --command-name "dockerlings read (pipe)" "$bin/dockerlings read $lesson" \
    --command-name "dockerlings read (FORCE_COLOR, pipe)" "env FORCE_COLOR=1 $bin/dockerlings read $lesson" \
    --command-name "cat (process floor)" "cat $lesson"

# Medians (hyperfine's summary above shows means, which a busy machine skews).
python3 - "$json" <<'PY'
import json, sys
for result in json.load(open(sys.argv[1]))["results"]:
    print(f"median {result['median'] * 1000:6.1f} ms  (min {result['min'] * 1000:.1f} ms)  {result['command']}")
PY
