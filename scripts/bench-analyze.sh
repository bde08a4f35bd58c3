#!/usr/bin/env bash
# Image analysis and grader overhead, side by side in one run (release build):
#   bare `docker save IMAGE > /dev/null` (the floor) vs `dockerlings analyze` as shipped (the
#   engine's layer store, nothing exported) and through the archive (Engine API socket;
#   `docker save` pipe) vs `dive IMAGE --ci`, interleaved; then DockerClient build + inspect vs
#   bare `docker build` + `docker image inspect` with the same builder (classic, and BuildKit
#   through Debian's /usr/bin/docker), the pair's order alternated each round. Medians and the
#   median of per-round ratios are printed, with the load average. Run it on a quiet machine.
#   usage: scripts/bench-analyze.sh [--image TAG] [--runs N] [--skip-analysis] [--skip-grader]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/start-engine.sh
bin=$(scripts/release-build.sh dockerlings-bench 2>/dev/null)
exec "$bin/dockerlings-bench" analyze "$@"
