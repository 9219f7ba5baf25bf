#!/usr/bin/env bash
# Boots one Debian 12 guest (Debian's kernel, busybox initramfs with famfs.net) under qemu
# software emulation. Its memory has three NUMA nodes: node 0 private RAM below 4 GiB with the
# CPU, node 1 (no CPU) the shared file SHM at guest-physical 4 GiB, node 2 private RAM above it.
# The kernel soft-reserves node 1 (memmap=4G%0x100000000-1+0xefffffff), dax_hmem turns it into
# /dev/dax0.0, whose offset 0 is offset 0 of SHM: every guest started on the same SHM, and the
# host, share those bytes, like hosts on a CXL switch.
#
# Usage: scripts/vm/run-guest.sh [options]
#   --shm FILE        shared memory file (default /dev/shm/famfs-vm0; created, 4 GiB sparse, if missing)
#   --script FILE     run FILE in the guest (as /vm/test.sh with busybox sh) and power off;
#                     without it: an interactive shell on this terminal (Ctrl-A X quits qemu)
#   --env NAME=VALUE  export in the guest before the script (repeatable)
#   --file SRC[:DEST] put a host file into the guest (default DEST /vm/files/NAME; repeatable)
#   --console FILE    write the guest console there (script mode; default: only to stdout)
#   --timeout SEC     kill the guest after SEC seconds (script mode; default 150)
#   --name NAME       guest name, shown in its console (default guest)
#   --cpus N          processors of the guest, all on node 0 (default 1)
#   --quiet           do not copy the console to stdout while the guest runs
#   --no-build        use the built initramfs as is (scripts/vm/build-initramfs.sh builds it)
# Script mode exit status: the script's, 124 on timeout, 125 when the guest gave no result.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"

shm=/dev/shm/famfs-vm0 script="" console="" timeout=150 name=guest build=1 quiet=0 cpus=1
envs=() files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --shm) shm=$2; shift 2 ;;
    --script) script=$2; shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --file) files+=("$2"); shift 2 ;;
    --console) console=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --quiet) quiet=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) vm_die "unknown option $1 (see --help)" ;;
  esac
done
vm_need qemu-system-x86_64 qemu-system-x86
vm_need cpio cpio

if [ "$build" = 1 ]; then
  eval "$("$here/build-initramfs.sh" | tail -1)"
else
  INITRAMFS="$vm_out/initramfs.cpio"
  [ -f "$INITRAMFS" ] && [ -f "$vm_out/initramfs.kernel" ] || vm_die "$INITRAMFS missing: run scripts/vm/build-initramfs.sh (or drop --no-build)"
  KERNEL=$(cat "$vm_out/initramfs.kernel")
  [ -f "$KERNEL" ] || vm_die "$KERNEL (the kernel the initramfs was built for) is gone: run scripts/vm/build-initramfs.sh (or drop --no-build)"
fi

# The shared node is exactly 4 GiB: the memmap= argument below reserves that much.
shm_size=$((4 << 30))
if [ ! -e "$shm" ]; then
  truncate -s "$shm_size" "$shm"
fi
[ "$(stat -c %s "$shm")" -eq "$shm_size" ] || vm_die "$shm is $(stat -c %s "$shm") bytes; the guests share exactly 4 GiB (4294967296)"

# The per-run part: a second cpio appended to the base one (the kernel unpacks both in turn).
work=$(mktemp -d "${TMPDIR:-/tmp}/famfs-vm.XXXXXX")
qemu_pid=""
cleanup() {
  [ -n "$qemu_pid" ] && kill -9 "$qemu_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
mkdir -p "$work/root/vm/files"
{
  echo "export FAMFS_VM_NAME='$name'"
  for e in "${envs[@]}"; do
    [[ "$e" == *=* ]] || vm_die "--env wants NAME=VALUE, got $e"
    printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"
  done
} >"$work/root/vm/env"
[ -n "$script" ] && install -m 0755 "$script" "$work/root/vm/test.sh"
for f in "${files[@]}"; do
  src=${f%%:*} dest=/vm/files/$(basename "${f%%:*}")
  [[ "$f" == *:* ]] && dest=${f#*:}
  [ -f "$src" ] || vm_die "--file $src: no such file"
  mkdir -p "$work/root$(dirname "$dest")"
  cp "$src" "$work/root$dest"
done
(cd "$work/root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner=0:0 --quiet) >"$work/run.cpio"
cat "$INITRAMFS" "$work/run.cpio" >"$work/initramfs.cpio"

# TCG only: KVM is not assumed (nested virtualization may be missing or hang). -m is the sum of
# the three nodes; max-ram-below-4g=1G keeps node 0 entirely below the PCI hole, so node 1
# starts exactly at 4 GiB. The vmlinux is booted through its PVH entry (no decompression), and
# qboot is a faster firmware than SeaBIOS for a direct kernel boot.
# shellcheck disable=SC2054  # the commas belong to qemu option values
qemu=(qemu-system-x86_64 -name "$name" -accel tcg -cpu max -smp "$cpus"
  -machine pc,max-ram-below-4g=1G -bios qboot.rom
  -object memory-backend-ram,id=node0,size=1G
  -object "memory-backend-file,id=shared,mem-path=$shm,size=4G,share=on"
  -object memory-backend-ram,id=node2,size=512M
  -m 5632M
  -numa node,nodeid=0,cpus=0-$((cpus - 1)),memdev=node0
  -numa node,nodeid=1,memdev=shared
  -numa node,nodeid=2,memdev=node2
  -kernel "$KERNEL" -initrd "$work/initramfs.cpio"
  -append "console=ttyS0 quiet panic=-1 memmap=4G%0x100000000-1+0xefffffff"
  -display none -no-reboot -nodefaults)

if [ -z "$script" ]; then
  # Interactive: the console on this terminal, Ctrl-A X leaves qemu.
  "${qemu[@]}" -serial mon:stdio
  exit 0
fi

[ -n "$console" ] || console="$work/console.log"
: >"$console"
start=$(date +%s%N)
"${qemu[@]}" -serial "file:$console" -monitor none </dev/null &
qemu_pid=$!
# Follow the console on stdout while the guest runs.
tail_pid=""
if [ "$quiet" = 0 ]; then
  tail -n +1 -f "$console" --pid "$qemu_pid" &
  tail_pid=$!
fi
status=0
deadline=$(($(date +%s) + timeout))
while kill -0 "$qemu_pid" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    kill -9 "$qemu_pid" 2>/dev/null || true
    status=124
    break
  fi
  sleep 0.2
done
wait "$qemu_pid" 2>/dev/null || true
qemu_pid=""
[ -z "$tail_pid" ] || wait "$tail_pid" 2>/dev/null || true
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
elapsed=$((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000)))

result=$(grep -a -o 'FAMFS-VM-RESULT rc=[0-9]*' "$console" | tail -1 || true)
if [ "$status" -eq 124 ]; then
  why="timed out after ${timeout}s"
elif [ -n "$result" ]; then
  status=${result##*rc=}
  why="guest script exited with $status"
else
  status=125
  why="the guest stopped without a result line (kernel panic? init failed?)"
fi
echo "run-guest: $name: $why (${elapsed}s)" >&2
if [ "$status" -ne 0 ]; then
  echo "run-guest: $name: last 40 console lines ($console):" >&2
  tail -n 40 "$console" | tr -d '\r' | sed 's/^/  | /' >&2
fi
exit "$status"
