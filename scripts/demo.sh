#!/usr/bin/env bash
# The main job on the embedded default: a /dev/shm file as the shared memory device.
# Sets everything up (scripts/setup.sh), then: mkfs, mount, copy a small data set in, list it
# and compare it through the mount from other processes, show a client "host" mounting the
# same memory and seeing new files, check, and unmount.
# Usage: scripts/demo.sh [DEVICE]        (default /dev/shm/famfs-demo, 4 GiB sparse; run as root)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
famfs=artifacts/bin/famfs
dev=${1:-/dev/shm/famfs-demo}
mnt=$(mktemp -d /tmp/famfs-demo-mnt.XXXXXX)
client=$(mktemp -d /tmp/famfs-demo-client.XXXXXX)
data=$(mktemp -d /tmp/famfs-demo-data.XXXXXX)
client_uuid=00000000-0000-4000-8000-00000000c11e
cleanup() {
  FAMFS_SYSTEM_UUID=$client_uuid "$famfs" umount "$client" >/dev/null 2>&1 || true
  "$famfs" umount "$mnt" >/dev/null 2>&1 || true
  rmdir "$mnt" "$client" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

# A small data set: a few files of different sizes.
mkdir -p "$data/set/parts"
for i in 1 2 3; do head -c $((i * 700000)) /dev/urandom > "$data/set/parts/part$i.bin"; done
echo "hello from famfs.net" > "$data/set/README.txt"

rm -f "$dev"
step "$famfs" mkfs --create 4G "$dev"
step "$famfs" mount "$dev" "$mnt"
step "$famfs" cp -r "$data/set" "$mnt/"
step "$famfs" creat -s 64m -r -S 1234 "$mnt/random.bin"
step ls -lR "$mnt"
# Every command below is a process of its own, reading through the mount.
printf '\n\033[1m$ cmp -s each file through the mount\033[0m\n'
for f in README.txt parts/part1.bin parts/part2.bin parts/part3.bin; do
  cmp "$mnt/set/$f" "$data/set/$f" && echo "identical: set/$f"
done
step cat "$mnt/set/README.txt"
step "$famfs" verify -S 1234 -f "$mnt/random.bin"
step "$famfs" getmap "$mnt/set/parts/part2.bin"

# A second "host" (another system identity) mounts the same memory as a client.
printf '\n\033[1m$ FAMFS_SYSTEM_UUID=%s famfs mount %s %s\033[0m\n' "$client_uuid" "$dev" "$client"
FAMFS_SYSTEM_UUID=$client_uuid "$famfs" mount "$dev" "$client"
step "$famfs" creat -s 1m -r -S 7 "$mnt/made-after-client-mounted.bin"
sleep 1.5  # the client plays the log every second (mount -t)
step ls -l "$client"
step cmp "$client/made-after-client-mounted.bin" "$mnt/made-after-client-mounted.bin"

step "$famfs" check "$mnt"
step "$famfs" fsck -h "$mnt"
printf '\n\033[1m$ FAMFS_SYSTEM_UUID=%s famfs umount %s\033[0m\n' "$client_uuid" "$client"
FAMFS_SYSTEM_UUID=$client_uuid "$famfs" umount "$client"
step "$famfs" umount "$mnt"
echo
echo "demo: done; the file system stays on $dev (mount it again with: $famfs mount $dev DIR; remove it with: rm $dev)"
