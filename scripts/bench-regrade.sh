#!/usr/bin/env bash
# `dockerlings regrade` of a class, one grade at a time against two at once (release build):
# 20 learners' signed bundles, each holding one attempt of the flagship's reference solution
# claiming the report one real `check` gave it (`dockerlings-bench regrade-bundles`), re-graded on this machine's engine
# with a warm build cache, `--jobs 1` and `--jobs 2` in each round, alternating which goes
# first; each run writes a fresh gradebook. Prints the medians and the median of per-round
# ratios (jobs 1 / jobs 2).
#   usage: scripts/bench-regrade.sh [--rounds N] [--learners N]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3 learners=20
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift ;;
        --learners) learners=$2; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
scripts/start-engine.sh >/dev/null
scripts/base-images.sh >/dev/null
bins="$(scripts/release-build.sh dockerlings dockerlings-bench 2>/dev/null)"
bin="$bins/dockerlings" bench="$bins/dockerlings-bench"
solution=Exercises/multistage-flask/solution/Dockerfile
work=$(mktemp -d /tmp/dockerlings-bench-regrade.XXXXXX)
trap 'rm -rf "$work"' EXIT
key=bench-class-key

echo "== $learners bundles of the flagship's solution (one real grade, claimed in each)"
"$bin" check multistage-flask --dockerfile "$solution" --no-record --format json >"$work/claim.json"
"$bench" regrade-bundles --report "$work/claim.json" --dockerfile "$solution" --exercise multistage-flask \
    --count "$learners" --key "$key" --out "$work/bundles" >/dev/null
bundles=()
for i in $(seq 1 "$learners"); do bundles+=("$work/bundles/bundle-$i.json"); done

now() { date +%s.%N; }
minus() { python3 -c "print(round($1 - $2, 3))"; }
run() {  # run JOBS ROUND: prints the seconds it took; a run that does not confirm every claim stops the bench
    local jobs=$1 round=$2 t0 t1
    t0=$(now)
    if ! "$bin" regrade --jobs "$jobs" --key "$key" --gradebook "$work/gradebook-$round-$jobs.sqlite" "${bundles[@]}" \
        >"$work/out-$round-$jobs.txt" 2>"$work/err-$round-$jobs.txt"; then
        echo "regrade --jobs $jobs did not confirm every claim:" >&2
        tail -n 30 "$work/out-$round-$jobs.txt" "$work/err-$round-$jobs.txt" >&2
        exit 1
    fi
    t1=$(now)
    minus "$t1" "$t0"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== regrade of $learners bundles, warm cache: --jobs 1 vs --jobs 2, $rounds rounds"
results=()
for i in $(seq 1 "$rounds"); do
    if [ $((i % 2)) = 1 ]; then
        one=$(run 1 "$i"); two=$(run 2 "$i")
    else
        two=$(run 2 "$i"); one=$(run 1 "$i")
    fi
    echo "  round $i: --jobs 1 ${one} s, --jobs 2 ${two} s"
    results+=("$one $two")
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
one = [r[0] for r in rows]; two = [r[1] for r in rows]
print(f"  rounds {len(rows)}")
print(f"  regrade --jobs 1   median {statistics.median(one):.2f} s")
print(f"  regrade --jobs 2   median {statistics.median(two):.2f} s")
print(f"  speed-up (median of per-round jobs1/jobs2) {statistics.median([a/b for a, b in rows]):.2f}x")
'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
