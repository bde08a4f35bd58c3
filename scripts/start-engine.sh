#!/usr/bin/env bash
# Makes sure a Docker engine answers: if `docker version` fails, starts dockerd in the
# background (as root, or through sudo) and waits for it.
set -euo pipefail
if docker version >/dev/null 2>&1; then exit 0; fi
if [ -n "${DOCKER_HOST:-}" ]; then
    echo "DOCKER_HOST=$DOCKER_HOST does not answer; not starting a local engine." >&2
    exit 1
fi
if ! command -v dockerd >/dev/null; then
    echo "dockerd is not installed: run 'make test' (installs docker.io) or start Docker Desktop." >&2
    exit 1
fi
log=${DOCKERLINGS_DOCKERD_LOG:-/tmp/dockerlings-dockerd.log}
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
echo "==> starting dockerd (log: $log)"
# setsid: the daemon outlives make and ignores its terminal.
$sudo setsid dockerd >"$log" 2>&1 </dev/null &
for _ in $(seq 1 120); do
    if docker version >/dev/null 2>&1; then
        echo "==> engine answers: $(docker version --format '{{.Server.Version}}')"
        exit 0
    fi
    sleep 0.5
done
echo "dockerd did not answer within 60 s; the end of $log:" >&2
tail -n 30 "$log" >&2 || true
exit 1
