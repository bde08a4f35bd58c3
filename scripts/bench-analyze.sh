#!/usr/bin/env bash
# Image analysis and grader overhead, side by side in one run (release build):
#   bare `docker save IMAGE > /dev/null` (the floor) vs `dockerlings analyze` (save streamed
#   into the analyser) vs `dive IMAGE --ci`; then DockerClient build + inspect vs bare
#   `docker build` + `docker image inspect`. Medians and ratios are printed.
#   usage: scripts/bench-analyze.sh [--image TAG] [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/start-engine.sh
swift build -c release --product dockerlings-bench >/dev/null
exec "$(swift build -c release --show-bin-path)/dockerlings-bench" analyze "$@"
