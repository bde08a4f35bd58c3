#!/usr/bin/env bash
# Fuzzes the Dockerfile parser, or the linter on top of it (and the RUN splitter), with libFuzzer + AddressSanitizer.
#   scripts/fuzz.sh [parser|lint] [SECONDS]   (default: parser, 60 s;
#   `make fuzz FUZZ_TARGET=lint FUZZ_SECONDS=1800`)
#   scripts/fuzz.sh check   type-checks both targets as they are built here, without the
#   sanitizers and without running (`make test` runs it: the package build never compiles them).
# The corpus starts from BuildKit's conformance files and ../shared/corpus/real; new
# inputs go to Fuzz/corpus (git-ignored, shared by both targets), crashes to Fuzz/crash-*.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-parser}
seconds=${2:-60}
out=.build-fuzz
mkdir -p "$out" Fuzz/corpus
flags=("-sanitize=fuzzer,address" -parse-as-library -O -g)
if [ "$target" = check ]; then
    flags=(-parse-as-library -Onone)
    out=.build-fuzz/check
    mkdir -p "$out"
fi

# A module compiled with the sanitizers, as a static library the target links (for check:
# its interface alone).
module() { # NAME SOURCES...
    local name=$1; shift
    if [ "$target" = check ]; then
        swiftc "${flags[@]}" -I "$out" -module-name "$name" -emit-module -emit-module-path "$out/$name.swiftmodule" "$@"
        return
    fi
    swiftc "${flags[@]}" -I "$out" -module-name "$name" -emit-module -emit-module-path "$out/$name.swiftmodule" \
        -emit-library -static -o "$out/lib$name.a" "$@"
}

mapfile -t syntax < <(find Sources/DockerfileSyntax -name '*.swift' | sort)
lint_modules() {
    mapfile -t system < <(find Sources/SystemSupport -name '*.swift' | sort)
    module SystemSupport "${system[@]}"
    module DockerfileSyntax "${syntax[@]}"
    # The YAML configuration loader (Yams) is not needed to lint bytes.
    mapfile -t lint < <(find Sources/DockerfileLint -name '*.swift' ! -name ConfigurationLoader.swift | sort)
    module DockerfileLint "${lint[@]}"
}
case "$target" in
check)
    swiftc -typecheck "${flags[@]}" -module-name DockerfileFuzz "${syntax[@]}" Fuzz/ParserFuzz.swift
    lint_modules
    swiftc -typecheck "${flags[@]}" -I "$out" -module-name LintFuzz Fuzz/LintFuzz.swift
    echo "fuzz targets type-check"
    exit 0
    ;;
parser)
    swiftc "${flags[@]}" -module-name DockerfileFuzz \
        "${syntax[@]}" Fuzz/ParserFuzz.swift \
        -o "$out/parser-fuzz"
    ;;
lint)
    lint_modules
    swiftc "${flags[@]}" -I "$out" -L "$out" -module-name LintFuzz Fuzz/LintFuzz.swift \
        -lDockerfileLint -lDockerfileSyntax -lSystemSupport -o "$out/lint-fuzz"
    ;;
*)
    echo "usage: scripts/fuzz.sh [parser|lint] [SECONDS] | scripts/fuzz.sh check" >&2
    exit 2
    ;;
esac

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
cp ../shared/corpus/real/*.Dockerfile "$seeds"/ 2>/dev/null || true
i=0
for f in ../shared/conformance/buildkit-parser/*/*/Dockerfile; do cp "$f" "$seeds/conf-$i"; i=$((i+1)); done
"$out/$target-fuzz" -max_total_time="$seconds" -max_len=4096 -timeout=120 \
    -print_final_stats=1 -artifact_prefix=Fuzz/ Fuzz/corpus "$seeds"
