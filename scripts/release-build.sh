#!/usr/bin/env bash
# Builds products in release mode the one way every benchmark and `make release` use, and
# prints the folder holding the binaries.
#   usage: scripts/release-build.sh PRODUCT... (SCRATCH_PATH: another build folder, default .build)
# The Swift runtime and Foundation are linked in (--static-swift-stdlib): the binary runs on
# a machine without Swift, and starts in about half the time, since the dynamic loader no
# longer resolves tens of thousands of symbols across a dozen shared libraries on every run.
# It is linked position-dependent (-no-pie, as hadolint's and Go's release binaries are):
# otherwise the loader applies about 100,000 relocations and copies every page they touch on
# each start. --no-export-dynamic undoes the export of every Swift symbol the static runtime's
# link line asks for, which only dladdr-style symbolication used. Together they take about a
# fifth off a one-file `dockerlings lint` (most of what is left is the kernel mapping pages).
# Both need the static runtime: a non-PIE binary beside a shared libswiftCore draws the
# loader's "may break pointer equality" warnings on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
flags=(-c release --static-swift-stdlib --scratch-path "${SCRATCH_PATH:-.build}"
       -Xlinker -no-pie -Xlinker --no-export-dynamic)
for product in "$@"; do
    swift build "${flags[@]}" --product "$product" >&2
done
swift build "${flags[@]}" --show-bin-path
