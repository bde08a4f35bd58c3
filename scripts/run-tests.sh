#!/usr/bin/env bash
# Runs the test suite (already built: `swift build --build-tests`) as two processes at once:
# the tests that drive the dockerlings binary and wait on it (CLITests, the regrade command's),
# and all the others.
#
# Why two: Swift's concurrency runs every test of a process on one thread per core (two
# here). A test that waits synchronously on a child process holds one of those threads for
# as long as the child runs, and two such tests leave the engine tests' async work no
# thread at all; their "not stuck" bounds then measured the wait for a thread, not the
# code. In a process of their own, the waiting tests only wait for each other.
#   usage: scripts/run-tests.sh [extra arguments for the test binary, e.g. --filter REGEX]
set -uo pipefail
cd "$(dirname "$0")/.."
waiting='^(CLITests\.|CourseTests\.RegradeCommandTests\b)'
logs=$(mktemp -d /tmp/dockerlings-tests.XXXXXX)
trap 'rm -rf "$logs"' EXIT

# The test binary itself, as `swift test` runs it: two `swift test` processes started at
# once contend for SwiftPM's build database even with --skip-build.
tests="$("${SWIFT:-swift}" build --show-bin-path)/dockerlingsPackageTests.xctest"
[ -x "$tests" ] || { echo "no test binary at $tests: run \`swift build --build-tests\` first" >&2; exit 2; }
run() {  # run NAME ARGS...: one test process, its lines prefixed with NAME
    local name=$1; shift
    NO_COLOR=1 "$tests" --testing-library swift-testing "$@" 2>&1 | tee "$logs/$name.log" | sed -u "s/^/[$name] /"
    return "${PIPESTATUS[0]}"
}
run cli --filter "$waiting" "$@" & cli=$!
run rest --skip "$waiting" "$@" & rest=$!
wait "$cli"; cli_status=$?
wait "$rest"; rest_status=$?

echo
echo "== summary"
for name in cli rest; do
    grep -E '✘ Test .*(recorded an issue|failed)' "$logs/$name.log" | sed "s/^/[$name] /"
    grep -E 'Test run with' "$logs/$name.log" | tail -1 | sed "s/^/[$name] /"
done
# A filter that matched nothing would pass without testing anything.
for name in cli rest; do
    if ! grep -qE 'Test run with [1-9][0-9]* tests' "$logs/$name.log"; then
        echo "FAILED: the $name process ran no tests (has a suite been renamed?)"
        exit 1
    fi
done
if [ "$cli_status" -ne 0 ] || [ "$rest_status" -ne 0 ]; then
    echo "FAILED (binary-driving tests: exit $cli_status; the others: exit $rest_status)"
    exit 1
fi
echo "all tests passed"
