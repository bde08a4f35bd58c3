#!/bin/sh
# Stands in for downloading a release archive (about 5 MB): writes it to the path given.
# The archive holds release/greet.sh, the app, and release/data/records.txt, its data.
set -eu
out=${1:?usage: fetch-release.sh ARCHIVE}
work=$(mktemp -d)
mkdir -p "$work/release/data"
cat > "$work/release/greet.sh" <<'APP'
#!/bin/sh
records=$(wc -l < /opt/release/data/records.txt)
echo "release 1.4.2 ready: $records records loaded"
APP
# 100000 records of 50 bytes: 5 MB.
yes 'record: the quick brown fox jumps over the dog' | head -n 100000 > "$work/release/data/records.txt"
tar -cf "$out" -C "$work" release
rm -rf "$work"
echo "fetched $(wc -c < "$out") bytes into $out"
