#!/usr/bin/env bash
# The module map of ARCHITECTURE.md, enforced: each module may import only the project
# modules listed for it here, so a layer cannot quietly reach past another (TerminalUI
# into DockerEngine, a library into the executable). Third-party and system modules are
# not this script's business; Package.swift lists those.
#   usage: scripts/check-imports.sh [ROOT]   (default: this checkout; run by `make test`)
# Exit 1 naming every import that breaks the map, or a module the map does not know yet.
set -euo pipefail
root=${1:-"$(dirname "$0")/.."}
cd "$root"

# module -> the project modules it may import (space-separated; "-" for none).
declare -A allowed=(
    [SystemSupport]="-"
    [DockerfileSyntax]="-"
    [ImageAnalysis]="-"
    [CCmarkGFM]="-"
    [CourseEmbedder]="-"
    [EmbedCoursePlugin]="-"
    [DockerfileLint]="DockerfileSyntax SystemSupport"
    [DockerEngine]="ImageAnalysis SystemSupport"
    [ProgressStore]="SystemSupport"
    [TerminalUI]="SystemSupport CCmarkGFM"
    [Course]="DockerfileSyntax DockerfileLint DockerEngine ImageAnalysis ProgressStore SystemSupport"
    [dockerlings]="DockerfileSyntax DockerfileLint DockerEngine ImageAnalysis ProgressStore TerminalUI Course SystemSupport"
    [dockerlings-bench]="DockerfileSyntax DockerfileLint DockerEngine ImageAnalysis ProgressStore TerminalUI SystemSupport"
    [TestSupport]="SystemSupport"
)

# Every project module name (the folders of Sources/, and TestSupport); Swift spells
# dockerlings-bench's module dockerlings_bench.
modules=(TestSupport)
for dir in Sources/*/; do modules+=("$(basename "$dir")"); done
is_project_module() {
    local name=$1 m
    for m in "${modules[@]}"; do [[ $name == "${m//-/_}" ]] && return 0; done
    return 1
}

failures=0
check() { # MODULE FOLDER
    local module=$1 folder=$2 file line imported
    if [[ -z ${allowed[$module]+set} ]]; then
        echo "check-imports: $folder is a module the map does not know: add it to scripts/check-imports.sh and ARCHITECTURE.md" >&2
        failures=$((failures + 1))
        return
    fi
    while IFS=: read -r file line imported; do
        [[ -z $file ]] && continue
        is_project_module "$imported" || continue
        [[ $imported == "${module//-/_}" ]] && continue
        if [[ " ${allowed[$module]} " != *" $imported "* ]]; then
            echo "check-imports: $file:$line: $module imports $imported, which it must not (allowed: ${allowed[$module]})" >&2
            failures=$((failures + 1))
        fi
    done < <(grep -rnE --include='*.swift' '^[[:space:]]*(@[A-Za-z_]+([(][^)]*[)])?[[:space:]]+)*import[[:space:]]+((typealias|struct|class|enum|protocol|let|var|func)[[:space:]]+)?[A-Za-z_]+' "$folder" \
        | sed -E 's/^([^:]+):([0-9]+):.*import[[:space:]]+((typealias|struct|class|enum|protocol|let|var|func)[[:space:]]+)?([A-Za-z_]+).*/\1:\2:\5/' || true)
}

for dir in Sources/*/; do check "$(basename "$dir")" "${dir%/}"; done
[[ -d Tests/TestSupport ]] && check TestSupport Tests/TestSupport

# Tests may import anything but the executables (their code is reached by running them).
# The one exception holds lint's quick start to ArgumentParser's reading of the same command
# line, which needs both parsers in one process; what the binary does is still run.
while IFS=: read -r file line _; do
    [[ -z $file || $file == Tests/CLITests/LintQuickStartTests.swift ]] && continue
    echo "check-imports: $file:$line: a test imports an executable; run the binary instead (RepoPaths.product)" >&2
    failures=$((failures + 1))
done < <(grep -rnE --include='*.swift' '^[[:space:]]*(@testable[[:space:]]+)?import[[:space:]]+(dockerlings|dockerlings_bench|CourseEmbedder)[[:space:]]*$' Tests 2>/dev/null || true)

if ((failures > 0)); then
    echo "check-imports: $failures import(s) break the module map (ARCHITECTURE.md)" >&2
    exit 1
fi
echo "check-imports: every import follows the module map"
