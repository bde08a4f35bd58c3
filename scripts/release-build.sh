#!/usr/bin/env bash
# Builds products in release mode the one way every benchmark and `make release` use, and
# prints the folder holding the binaries.
#   usage: scripts/release-build.sh PRODUCT... (SCRATCH_PATH: another build folder, default .build)
# The Swift runtime and Foundation are linked in (--static-swift-stdlib): the binary runs on
# a machine without Swift, and starts in about half the time, since the dynamic loader no
# longer resolves tens of thousands of symbols across a dozen shared libraries on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
flags=(-c release --static-swift-stdlib --scratch-path "${SCRATCH_PATH:-.build}")
for product in "$@"; do
    swift build "${flags[@]}" --product "$product" >&2
done
swift build "${flags[@]}" --show-bin-path
