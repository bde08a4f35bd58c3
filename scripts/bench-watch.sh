#!/usr/bin/env bash
# watch's reaction to a save (release build): from the Dockerfile's modification time (as
# the file system records it) to watch's first output line about that save (the
# "checking" header) and to its first check result (the parse check), over N saves,
# medians. Side by side in one run with the do-it-yourself peer a learner would otherwise
# use: `inotifywait -e close_write,moved_to` on the folder, then `dockerlings check`.
# Both run in a pipe (plain lines), with --no-build so builds do not blur the figures.
#   usage: scripts/bench-watch.sh [--saves N] [--build]
#   --build: watch also builds and runs each save (the figures are still save → first line).
set -euo pipefail
cd "$(dirname "$0")/.."
saves=15 build=0
while [ $# -gt 0 ]; do
    case "$1" in
        --saves) saves=$2; shift ;;
        --build) build=1 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ "$build" = 1 ] && { scripts/start-engine.sh >/dev/null; scripts/base-images.sh >/dev/null; }
bin="$(scripts/release-build.sh dockerlings 2>/dev/null)/dockerlings"
workspace=$(mktemp -d)
trap 'rm -rf "$workspace"' EXIT
cp -r Exercises/first-dockerfile "$workspace/first-dockerfile"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$bin" "$PWD" "$workspace" "$saves" "$build" <<'PY'
import os, select, shutil, signal, statistics, subprocess, sys, time

binary, course, workspace, saves, build = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"
folder = os.path.join(workspace, "first-dockerfile")
dockerfile = os.path.join(folder, "Dockerfile")
starter = open(dockerfile).read()
common = ["--course", course, "--workspace", workspace, "--no-record"] + ([] if build else ["--no-build"])

class Lines:
    """A child's output lines, each stamped with the wall-clock time (ns) it was read."""
    def __init__(self, process):
        self.process, self.partial, self.ready = process, b"", []
    def until(self, predicate, timeout=300):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while self.ready:
                text, stamp = self.ready.pop(0)
                if predicate(text):
                    return stamp
            readable, _, _ = select.select([self.process.stdout], [], [], 0.5)
            if readable:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                stamp = time.time_ns()  # a line can only have been written before this
                if not chunk:
                    raise SystemExit("the process ended early")
                *complete, self.partial = (self.partial + chunk).split(b"\n")
                self.ready += [(line.decode(errors="replace"), stamp) for line in complete]
        raise SystemExit("timed out")

def save(i):
    # In place, as `echo >` does; a comment makes each save different.
    with open(dockerfile, "w") as f:
        f.write(starter + f"# save {i}\n")
    return os.stat(dockerfile).st_mtime_ns

def measure(name, command, header, result, verdict):
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    lines = Lines(process)
    try:
        time.sleep(0.5)  # the peer's inotifywait has no line to wait for before it watches
        if verdict:
            lines.until(lambda l: l.startswith(verdict))
        to_header, to_result = [], []
        for i in range(saves):
            modified = save(i)
            to_header.append((lines.until(lambda l: header in l) - modified) / 1e6)
            to_result.append((lines.until(lambda l: result in l) - modified) / 1e6)
            lines.until(lambda l: l.startswith("first-dockerfile: not passed"))
            time.sleep(0.2)
        print(f"  {name:<34} first line median {statistics.median(to_header):6.1f} ms"
              f" (min {min(to_header):.1f}, max {max(to_header):.1f});"
              f" first check result median {statistics.median(to_result):6.1f} ms")
        return statistics.median(to_result)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)

print(f"== save → watch's output, {saves} saves each" + (" (with build)" if build else " (--no-build)"))
ours = measure("dockerlings watch", [binary, "watch", "first-dockerfile"] + common,
               "first-dockerfile: checking", "The Dockerfile parses", "first-dockerfile: not passed")
peer = None
if shutil.which("inotifywait"):
    loop = ('while inotifywait -qq -e close_write,moved_to "$1"; do echo "checking"; '
            '"$0" check first-dockerfile "${@:2}" --plain; done')
    peer = measure("inotifywait + dockerlings check", ["bash", "-c", loop, binary, folder] + common,
                   "checking", "The Dockerfile parses", None)
    print(f"  ratio (first check result) peer/watch  {peer / ours:.2f}x")
else:
    print("  (the peer needs inotifywait: apt-get install inotify-tools)")
PY
