#!/usr/bin/env bash
# The grader's speed, side by side with the same work done bare, in one run (release build):
#   1. static feedback: `dockerlings check multistage-flask --no-build` (parse + lint +
#      structure, whole process) against `hadolint` on the same Dockerfile (hyperfine);
#   2. grader overhead: a warm-cache grade of the flagship's solution against the docker
#      commands it runs, typed bare (the ones `check --explain` prints: build, baseline
#      build, inspect, run, port, HTTP GET until it answers, inspect until healthy, exec
#      id -u, rm, image rm), rounds alternating which goes first; medians and the median
#      of per-round ratios;
#   3. `verify` of every shipped exercise, warm, and cold with --cold (`verify --no-cache`:
#      every step built again, the base images as they are).
#   usage: scripts/bench-grade.sh [--rounds N] [--cold] [--skip-static] [--skip-overhead] [--skip-verify]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=7 cold=0 static=1 overhead=1 verify=1
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift ;;
        --cold) cold=1 ;;
        --skip-static) static=0 ;;
        --skip-overhead) overhead=0 ;;
        --skip-verify) verify=0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
scripts/start-engine.sh >/dev/null
scripts/base-images.sh >/dev/null
bin="$(scripts/release-build.sh dockerlings 2>/dev/null)/dockerlings"
exercise=Exercises/multistage-flask
solution=$exercise/solution/Dockerfile
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$static" = 1 ]; then
    hadolint=$(python3 -c 'import sysconfig;print(sysconfig.get_path("scripts"))')/hadolint
    echo "== static feedback (whole process, the starter: parse + lint + structure)"
    hyperfine -N -i --warmup 5 --runs 40 --export-json /tmp/dockerlings-bench-static.json \
        "$bin check multistage-flask --no-build --no-record --format json" \
        "$hadolint --no-fail $exercise/Dockerfile" >/dev/null
    python3 - <<'PY'
import json
r = json.load(open("/tmp/dockerlings-bench-static.json"))["results"]
ours, peer = r[0]["median"], r[1]["median"]
print(f"  dockerlings check --no-build  median {ours*1000:.1f} ms")
print(f"  hadolint (lint only)          median {peer*1000:.1f} ms")
print(f"  ratio hadolint/dockerlings    {peer/ours:.2f}x")
PY
fi

bare_round() {
    local n=$1 tmp port img bimg
    tmp=$(mktemp -d)
    local label="dockerlings.managed=bare-$n"
    docker build --iidfile "$tmp/iid" --label "$label" --force-rm --file "$solution" "$exercise" >/dev/null 2>&1
    docker build --iidfile "$tmp/base" --label "$label" --force-rm --file "$exercise/baseline.Dockerfile" "$exercise" >/dev/null 2>&1
    img=$(cat "$tmp/iid"); bimg=$(cat "$tmp/base")
    docker image inspect --format '{{.Size}}' "$img" "$bimg" >/dev/null
    docker run --detach --name "bare-$n" --label "$label" --memory 512m --memory-swap 512m --cpus 1.0 \
        --pids-limit 256 --health-interval 1000ms --publish 127.0.0.1::8080 "$img" >/dev/null
    port=$(docker port "bare-$n" 8080/tcp | head -n1 | sed 's/.*://')
    until curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1; do sleep 0.1; done
    until [ "$(docker inspect --format '{{.State.Health.Status}}' "bare-$n")" = healthy ]; do sleep 0.25; done
    docker exec "bare-$n" id -u >/dev/null
    docker rm --force --volumes "bare-$n" >/dev/null
    docker image rm --force --no-prune "$img" "$bimg" >/dev/null
    rm -rf "$tmp"
}

graded_round() {
    "$bin" check multistage-flask --dockerfile "$solution" --no-record --format json >/dev/null
}

now() { date +%s.%N; }
minus() { python3 -c "print(round($1 - $2, 3))"; }

if [ "$overhead" = 1 ]; then
    echo "== grader overhead: a warm grade of the flagship's solution vs the same docker commands bare"
    graded_round; bare_round warm   # warm the caches
    results=()
    for i in $(seq 1 "$rounds"); do
        if [ $((i % 2)) = 1 ]; then
            t0=$(now); bare_round "$i"; t1=$(now); graded_round; t2=$(now)
            results+=("$(minus "$t1" "$t0") $(minus "$t2" "$t1")")
        else
            t0=$(now); graded_round; t1=$(now); bare_round "$i"; t2=$(now)
            results+=("$(minus "$t2" "$t1") $(minus "$t1" "$t0")")
        fi
    done
    printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
bare = [r[0] for r in rows]; graded = [r[1] for r in rows]
print(f"  rounds {len(rows)}")
print(f"  bare docker commands   median {statistics.median(bare):.2f} s")
print(f"  dockerlings check      median {statistics.median(graded):.2f} s")
print(f"  ratio (median of per-round graded/bare) {statistics.median([g/b for b, g in rows]):.3f}x")
'
fi

if [ "$verify" = 1 ]; then
    if [ "$cold" = 1 ]; then
        echo "== verify, cold: every build without the cache (--no-cache; nothing of yours is removed)"
        t0=$(now); "$bin" verify --no-cache >/dev/null; t1=$(now)
        echo "  verify (cold) $(minus "$t1" "$t0") s"
    fi
    t0=$(now); "$bin" verify; t1=$(now)
    echo "  verify (warm) $(minus "$t1" "$t0") s"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
