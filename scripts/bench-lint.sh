#!/usr/bin/env bash
# The linter against hadolint, side by side in one run (release build): the whole corpus
# (../shared/corpus/real) with ShellCheck off and on vs hadolint; one 30-line file as a
# fresh process; peak memory over the corpus. Medians and ratios are printed.
#   usage: scripts/bench-lint.sh [--runs N] [--hadolint PATH | --no-hadolint]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test >/dev/null
bin=$(scripts/release-build.sh dockerlings dockerlings-bench 2>/dev/null)
py=$(command -v python3 || true)
args=("$@")
if [ -n "$py" ] && [ -z "${HADOLINT:-}" ]; then
    h="$("$py" -c 'import sysconfig;print(sysconfig.get_path("scripts"))')/hadolint"
    [ -x "$h" ] && export HADOLINT="$h"
fi
exec "$bin/dockerlings-bench" lint "${args[@]}"
