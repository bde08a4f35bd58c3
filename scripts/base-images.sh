#!/usr/bin/env bash
# Makes sure the engine has the base images the exercises name: pulled where a registry
# answers, else local stand-ins made from Debian's packages. An image the engine already has (pulled or made
# before) is kept: a tag is only made when `docker image inspect TAG` fails.
#
#   base-images.sh                      -> every image below that is missing
#   base-images.sh python:3.12-slim ... -> only those
#   base-images.sh --check              -> only say which are missing and how to make them
#
# Images:
#   python:3.12-slim  debootstrap --variant=minbase bookworm with python3, pip, venv (pip installs
#                     like in the official image: no EXTERNALLY-MANAGED marker)
#   python:3.12       the same plus build tools (build-essential, python3-dev, git, curl, ...)
#   busybox:latest    Debian's busybox-static with a link per applet (`busybox` is the same tag)
#
# Stand-ins carry the label org.dockerlings.stand-in=true. Note that Debian bookworm's python3
# is 3.11: the tag names the image the exercises use, not the interpreter's version.
# Needs root (debootstrap, chroot); re-runs itself through sudo when it can.
# Mirror: the host's Debian mirror from /etc/apt, or DOCKERLINGS_DEBIAN_MIRROR.
set -euo pipefail

suite=bookworm
known=(python:3.12-slim python:3.12 busybox:latest)
stand_in_label='org.dockerlings.stand-in=true'
slim_pkgs=python3,python3-pip,python3-venv,python-is-python3,ca-certificates
full_pkgs=(build-essential python3-dev libffi-dev libssl-dev git curl)

die() { echo "base-images.sh: $*" >&2; exit 1; }

# --check: a hint for `make run`, never an error (no engine: the course says so itself).
if [ "${1:-}" = --check ]; then
    docker version >/dev/null 2>&1 || exit 0
    missing=()
    for img in "${known[@]}"; do docker image inspect "$img" >/dev/null 2>&1 || missing+=("$img"); done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "note: the exercises' base images ${missing[*]} are not on this engine, and no registry may be reachable." >&2
        echo "      'docker pull' them, or run 'make base-images' (as root: stand-ins from Debian's packages, about 2 minutes)." >&2
    fi
    exit 0
fi

# Which images: the arguments (`busybox` means busybox:latest), or all.
wanted=()
if [ $# -eq 0 ]; then
    wanted=("${known[@]}")
else
    for arg in "$@"; do
        [ "$arg" = busybox ] && arg=busybox:latest
        case " ${known[*]} " in
            *" $arg "*) ;;
            *) die "unknown image '$arg' (known: ${known[*]} busybox)" ;;
        esac
        case " ${wanted[*]} " in
            *" $arg "*) ;;
            *) wanted+=("$arg") ;;
        esac
    done
fi

if ! docker version >/dev/null 2>&1; then
    # The engine's socket may be root's only.
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && exec sudo -- "$0" "$@"
    die "the Docker engine does not answer ('docker version' fails): run scripts/start-engine.sh (or 'make engine')"
fi

# Which of them are missing. Where a registry answers, the real image is pulled instead
# (DOCKERLINGS_NO_PULL=1 skips trying); offline, `docker pull` fails at once.
todo=()
for img in "${wanted[@]}"; do
    if docker image inspect "$img" >/dev/null 2>&1; then
        echo "==> $img: present, kept"
    elif [ "${DOCKERLINGS_NO_PULL:-0}" != 1 ] && timeout 600 docker pull --quiet "$img" >/dev/null 2>&1; then
        echo "==> $img: pulled from the registry"
    else
        todo+=("$img")
    fi
done
[ ${#todo[@]} -eq 0 ] && exit 0

needs() { case " ${todo[*]} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

[ "$(uname -s)" = Linux ] ||
    die "stand-ins are made with Debian's tools on Linux; here pull the images: docker pull ${todo[*]}"

if needs python:3.12-slim || needs python:3.12; then
    command -v debootstrap >/dev/null ||
        die "debootstrap is missing: apt-get install debootstrap (or run 'make test-deps')"
fi
if needs busybox:latest; then
    [ -x /bin/busybox ] || die "/bin/busybox is missing: apt-get install busybox-static"
    if command -v dpkg-query >/dev/null &&
        ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q "install ok installed"; then
        die "/bin/busybox is not the static build: apt-get install busybox-static"
    fi
fi

# Root is needed to make images (debootstrap, chroot), not to find that none is missing.
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "must run as root (debootstrap and chroot need it), and sudo is not installed"
    exec sudo -- "$0" "$@"
fi

# The host's Debian mirror: a "bookworm" source first, then any URI ending in /debian.
debian_mirror() {
    local files=() f
    [ -r /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] && files+=("$f")
    done
    [ ${#files[@]} -gt 0 ] || return 0
    # One "URI suite..." row per source, from both formats (one-line and deb822).
    awk '
        FNR == 1 { flush(); deb822 = (FILENAME ~ /\.sources$/) }
        function flush() {
            if (types ~ /(^| )deb( |$)/ && uris != "" && enabled !~ /^(no|false)$/) {
                split(uris, u, " "); print u[1], suites
            }
            types = ""; uris = ""; suites = ""; enabled = ""
        }
        deb822 && /^[ \t]*$/ { flush(); next }
        /^[ \t]*#/ { next }
        deb822 {
            key = tolower($1); sub(/^[^:]*:[ \t]*/, "")
            if (key == "types:") types = $0
            else if (key == "uris:") uris = $0
            else if (key == "suites:") suites = $0
            else if (key == "enabled:") enabled = tolower($0)
            next
        }
        $1 == "deb" {
            i = 2
            if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
            print $i, $(i + 1)
        }
        END { flush() }
    ' "${files[@]}" | awk -v s="$suite" '
        { for (i = 2; i <= NF; i++) if ($i == s && !exact) exact = $1
          if ($1 ~ /\/debian\/?$/ && !loose) loose = $1 }
        END { if (exact) print exact; else if (loose) print loose }
    '
}

work=$(mktemp -d /var/tmp/dockerlings-base.XXXXXX)
cleanup() {
    # Anything debootstrap or a chroot left mounted under the work dir goes first.
    awk -v w="$work" 'index($2, w "/") == 1 { print $2 }' /proc/mounts | sort -r |
        while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT

log=$work/log
# Runs a command with its output in the log; on failure shows the end of the log and stops.
quiet() {
    if ! "$@" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "failed: $*"
    fi
}

# Imports a root file system as an image tagged $2.
import() {
    local dir=$1 tag=$2 cmd=$3
    tar -C "$dir" --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . |
        docker import \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'ENV LANG=C.UTF-8' \
            --change "LABEL $stand_in_label" \
            --change "CMD [\"$cmd\"]" \
            - "$tag" >/dev/null
}

done_line() {
    local tag=$1 start=$2 size
    size=$(docker image inspect -f '{{.Size}}' "$tag")
    echo "    $tag: made in $((SECONDS - start)) s, $(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB"
}

# The Python images share one root file system: slim first, then the build tools on top.
if needs python:3.12-slim || needs python:3.12; then
    mirror=${DOCKERLINGS_DEBIAN_MIRROR:-$(debian_mirror)}
    mirror=${mirror:-http://deb.debian.org/debian}
    root=$work/python
    start=$SECONDS
    label=python:3.12-slim
    needs python:3.12-slim || label="python:3.12 (its slim root first)"
    echo "==> making $label stand-in (debootstrap from $mirror, about a minute)"
    quiet debootstrap --variant=minbase --include="$slim_pkgs" "$suite" "$root" "$mirror"
    # pip installs into the system like in the official images (PEP 668 marker removed).
    rm -f "$root"/usr/lib/python3*/EXTERNALLY-MANAGED
    # The host's CA bundle, so that HTTPS through the host's own trust (a proxy's CA) works.
    if [ -r /etc/ssl/certs/ca-certificates.crt ]; then
        cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
    fi
    # apt works in the chroot with the host's resolver; the engine gives containers their own.
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    clean_root() {
        chroot "$root" apt-get clean >/dev/null 2>&1 || true
        rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/log/apt/* \
            "$root"/tmp/* "$root"/root/.cache
        rm -f "$root"/usr/lib/python3*/EXTERNALLY-MANAGED
        : >"$root/etc/resolv.conf"
    }
    clean_root
    if needs python:3.12-slim; then
        import "$root" python:3.12-slim python3
        done_line python:3.12-slim "$start"
    fi
    if needs python:3.12; then
        start=$SECONDS
        echo "==> making python:3.12 stand-in (slim plus ${full_pkgs[*]}, about a minute)"
        cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
        quiet chroot "$root" apt-get update -q
        quiet env DEBIAN_FRONTEND=noninteractive chroot "$root" \
            apt-get install -y -q --no-install-recommends "${full_pkgs[@]}"
        clean_root
        import "$root" python:3.12 python3
        done_line python:3.12 "$start"
    fi
fi

if needs busybox:latest; then
    start=$SECONDS
    echo "==> making busybox:latest stand-in (Debian's busybox-static)"
    root=$work/busybox
    mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root" "$root/home"
    chmod 1777 "$root/tmp"
    chmod 700 "$root/root"
    cp /bin/busybox "$root/bin/busybox"
    for applet in $("$root/bin/busybox" --list); do
        [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
    done
    printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/home:/bin/false' \
        >"$root/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nobody:x:65534:' >"$root/etc/group"
    import "$root" busybox:latest sh
    done_line busybox:latest "$start"
fi
