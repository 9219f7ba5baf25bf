#!/usr/bin/env bash
# Runs the device-dax benchmarks inside a guest (docs/PERFORMANCE.md, "In a guest"): span-read
# (a famfs file through spans vs a raw mapping of the same /dev/dax0.0 bytes) and append-flush
# (log appends with and without the processor-cache write-back). Software emulation makes
# absolute figures meaningless; each benchmark prints a ratio against a baseline measured in
# the same run, in the same guest.
# Usage: scripts/vm/bench-guest.sh [--size BYTES] [--count N]   (after scripts/setup.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
cd "$here/../.."

size=64m count=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    *) vm_die "unknown option $1 (usage: scripts/vm/bench-guest.sh [--size BYTES] [--count N])" ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The benchmark program as a native executable: the guest has no .NET runtime.
dotnet publish bench/Famfs.Bench -c Release -r linux-x64 -p:PublishAot=true -nologo -v quiet \
  --artifacts-path artifacts/aot-build -o artifacts/aot-bench
shm=/dev/shm/famfs-vm-bench-$$
trap 'rm -f "$shm"' EXIT
"$here/run-guest.sh" --shm "$shm" --name bench --timeout 900 \
  --file artifacts/aot-bench/famfs-bench --env BENCH_SIZE="$size" --env BENCH_COUNT="$count" \
  --script "$here/guest/bench.sh"
