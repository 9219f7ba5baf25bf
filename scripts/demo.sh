#!/usr/bin/env bash
# The main job on the embedded default: a /dev/shm file as the shared memory device.
# Sets everything up (scripts/setup.sh), then: mkfs, create directories and files, copy a
# small data set in, and read it back and verify it from other processes.
# Usage: scripts/demo.sh [DEVICE]        (default /dev/shm/famfs-demo, 4 GiB sparse)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
famfs=artifacts/bin/famfs
dev=${1:-/dev/shm/famfs-demo}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

rm -f "$dev"
step "$famfs" mkfs --create 4G "$dev"
step "$famfs" mkdir -D "$dev" -p datasets/small
# A small data set to copy in: a few files of different sizes.
for i in 1 2 3; do head -c $((i * 700000)) /dev/urandom > "$data/part$i.bin"; done
echo "hello from famfs.net" > "$data/README.txt"
step "$famfs" cp -D "$dev" -v "$data"/part1.bin "$data"/part2.bin "$data"/part3.bin "$data"/README.txt datasets/small
step "$famfs" creat -D "$dev" -s 64m -S 1234 -v datasets/random.bin
step "$famfs" getmap -D "$dev" datasets/small/part2.bin
# Read back from other processes: each famfs command below is a separate process.
step "$famfs" verify -D "$dev" -S 1234 -f datasets/random.bin
for f in part1.bin part2.bin part3.bin README.txt; do
  printf '\n\033[1m$ famfs cat -D %s datasets/small/%s | cmp - %s\033[0m\n' "$dev" "$f" "$data/$f"
  "$famfs" cat -D "$dev" "datasets/small/$f" | cmp - "$data/$f" && echo "identical"
done
step "$famfs" cat -D "$dev" datasets/small/README.txt
step "$famfs" chkread -D "$dev" datasets/random.bin
step "$famfs" logplay -n "$dev"
step "$famfs" fsck -h "$dev"
echo
echo "demo: done; the file system is on $dev (remove it with: rm $dev)"
