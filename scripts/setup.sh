#!/usr/bin/env bash
# Installs what famfs.net needs from Debian (idempotent) and builds everything.
# Usage: scripts/setup.sh            (as root, or with sudo available)
set -euo pipefail
cd "$(dirname "$0")/.."

# OS packages: libfuse3 + fusermount3 for the mount, the libfuse3 headers and a C compiler
# for the binding's layout tests and the passthrough_ll baseline benchmark, zlib1g-dev for the
# native AOT link (the runtime pack has no libz.a, so the linker takes -lz from the system),
# clang (.NET's native AOT linker driver on Linux) for scripts/build-aot.sh,
# setpriv (util-linux) and useradd/groupadd (passwd) for the permission tests; curl and getfattr
# (attr) for the daemon's administration interface, as the reference's scripts reach it;
# qemu, a static busybox, kmod and cpio for the virtual-machine tests (scripts/vm).
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
packages=(libfuse3-3 fuse3 libfuse3-dev zlib1g-dev gcc pkg-config clang util-linux passwd curl attr qemu-system-x86 busybox-static kmod cpio)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The permission tests run commands as these unprivileged accounts (they create them too if missing):
# famfs-test-a owns the probed files, famfs-test-b is another user, famfs-test-g a group nobody is in.
for user in famfs-test-a famfs-test-b; do
  id -u "$user" >/dev/null 2>&1 || $SUDO useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$user"
done
getent group famfs-test-g >/dev/null || $SUDO groupadd --system famfs-test-g

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
. scripts/dotnet-private-tmp.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build famfs.net.slnx -c Release -nologo -v quiet
# The CLI as a single folder with a real `famfs` executable, plus mkfs.famfs beside it.
dotnet publish src/Famfs.Cli -c Release -nologo -v quiet -o artifacts/bin
dotnet publish src/Famfs.Daemon -c Release -nologo -v quiet -o artifacts/bin
# The daemon also answers to the reference's name (scripts run $BIN/famfs_fused --help).
ln -sfn famfs-fuse artifacts/bin/famfs_fused
cat > artifacts/bin/mkfs.famfs <<'SH'
#!/bin/sh
exec "$(dirname "$(readlink -f "$0")")/famfs" mkfs "$@"
SH
chmod +x artifacts/bin/mkfs.famfs
# The guests' kernel: Debian's linux-image package, downloaded and unpacked once (cached).
scripts/vm/fetch-kernel.sh >/dev/null
echo "setup: built artifacts/bin/famfs, artifacts/bin/mkfs.famfs, artifacts/bin/famfs-fuse (and famfs_fused)"
scripts/build-aot.sh
