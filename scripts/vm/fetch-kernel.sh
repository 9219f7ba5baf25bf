#!/usr/bin/env bash
# Fetches Debian's kernel package for the guests with `apt-get download` and unpacks it with
# dpkg-deb -x into the cache (never installed on the host). Idempotent: a cached kernel is
# reused. Prints the unpacked kernel's directory (holding vmlinux, vmlinuz, version, modules).
# Usage: scripts/vm/fetch-kernel.sh        (FAMFS_VM_KERNEL_PKG=linux-image-... to pin one)
set -euo pipefail
. "$(dirname "$0")/common.sh"
vm_need apt-cache apt
vm_need dpkg-deb dpkg
vm_need xz xz-utils

# The package linux-image-amd64 currently points at (today linux-image-6.1.0-NN-amd64).
pkg="${FAMFS_VM_KERNEL_PKG:-$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-6/ && !found {print $2; found = 1}')}"
if [ -z "$pkg" ]; then
  # Offline and no apt lists: fall back to whatever kernel an earlier run cached.
  cached=$(ls -d "$vm_cache"/linux-image-*/ready 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$cached" ] || vm_die "cannot tell which kernel package to use (apt-cache depends linux-image-amd64 found none): run apt-get update, or set FAMFS_VM_KERNEL_PKG"
  dirname "$cached"
  exit 0
fi

dir="$vm_cache/$pkg"
if [ -f "$dir/ready" ]; then
  echo "$dir"
  exit 0
fi

mkdir -p "$vm_cache"
work=$(mktemp -d "$vm_cache/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
# apt-get download as root warns that _apt cannot write the directory; the download still works.
(cd "$work" && apt-get download -q "$pkg" >&2 2>"$work/apt.log") || {
  cat "$work/apt.log" >&2
  vm_die "apt-get download $pkg failed (network? apt-get update?)"
}
deb=$(ls "$work"/*.deb)
dpkg-deb -x "$deb" "$work/root"
# Docs are not needed; boot/ and lib/modules/ are.
rm -rf "$work/root/usr"

version=$(ls "$work/root/lib/modules")
[ -f "$work/root/boot/vmlinuz-$version" ] || vm_die "$pkg has no boot/vmlinuz-$version"
echo "$version" >"$work/root/version"

# Debian compresses the kernel with xz; decompressing it under emulation costs about a second
# per boot. The uncompressed vmlinux boots directly through its PVH entry point (CONFIG_PVH),
# so it is extracted once here: the xz stream starts at the first xz magic in the bzImage.
offset=$(LC_ALL=C grep -m1 -obUaP '\xfd7zXZ\x00' "$work/root/boot/vmlinuz-$version" | cut -d: -f1)
[ -n "$offset" ] || vm_die "no xz stream in boot/vmlinuz-$version (kernel no longer xz-compressed?)"
# (Process substitution: xz stops reading at the stream's end, which would fail a pipe under pipefail.)
xz -dc --single-stream < <(tail -c +"$((offset + 1))" "$work/root/boot/vmlinuz-$version") >"$work/root/vmlinux"
head -c 4 "$work/root/vmlinux" | grep -q $'\x7fELF' || vm_die "the vmlinux extracted from boot/vmlinuz-$version is not an ELF file"

# Another run may have finished the same download meanwhile: keep the one already in use.
if [ ! -f "$dir/ready" ]; then
  rm -rf "$dir"
  mv "$work/root" "$dir"
  touch "$dir/ready"
fi
echo "fetch-kernel: $pkg ($version) unpacked in $dir" >&2
echo "$dir"
