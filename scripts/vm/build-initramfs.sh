#!/usr/bin/env bash
# Builds the guests' base initramfs: busybox, Debian's dax and FUSE modules, famfs.net
# (self-contained), fusermount3, the shared libraries they load, and the init in guest/init.
# Rebuilt only when an input changed. Prints nothing but errors and, on success, the line
#   KERNEL=<vmlinux> INITRAMFS=<cpio>
# Usage: scripts/vm/build-initramfs.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
vm_need cpio cpio
vm_need gcc gcc
vm_need depmod kmod
vm_need modinfo kmod
[ -x /bin/busybox ] || vm_die "/bin/busybox not found: install the Debian package busybox-static"
! ldd /bin/busybox >/dev/null 2>&1 || vm_die "/bin/busybox is dynamically linked: install busybox-static (not busybox)"
[ -x /usr/bin/fusermount3 ] || vm_die "/usr/bin/fusermount3 not found: install the Debian package fuse3"
ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)

kernel=$("$here/fetch-kernel.sh")
payload=$("$here/build-payload.sh")
version=$(cat "$kernel/version")
moddir="$kernel/lib/modules/$version"

# Libraries loaded with dlopen/P/Invoke rather than linked, so ldd does not list them.
dlopened=()
for soname in libfuse3.so.3; do
  # awk reads to the end (no exit): a reader that quits early kills ldconfig with SIGPIPE,
  # which pipefail turns into a failure.
  path=$("$ldconfig" -p | awk -v n="$soname" '$1 == n && /x86-64/ && !found {print $NF; found = 1}')
  [ -n "$path" ] || vm_die "$soname not found on the host: install libfuse3-3"
  dlopened+=("$path")
done
binaries=("$payload/famfs" "$payload/famfs-fuse" /usr/bin/fusermount3)
# Extra guest programs (tests/Famfs.VmTests.Probe publishes one here), included when present.
extras=()
if [ -d "$vm_out/extra" ]; then
  while IFS= read -r f; do extras+=("$f"); done < <(find "$vm_out/extra" -maxdepth 1 -type f -perm -u+x | sort)
fi

out="$vm_out/initramfs.cpio"
manifest="$vm_out/initramfs.inputs"
# What the image is made of: rebuilt when any of it changed (size and time, or this script).
current=$(
  for f in "$0" "$here/common.sh" "$here"/guest/* /bin/busybox "${binaries[@]}" "${dlopened[@]}" "${extras[@]}" "$kernel/ready"; do
    stat -L -c '%n %s %Y' "$f"
  done
)
if [ -f "$out" ] && [ -f "$manifest" ] && [ -f "$vm_out/initramfs.kernel" ] && [ "$current" = "$(cat "$manifest")" ]; then
  echo "KERNEL=$kernel/vmlinux INITRAMFS=$out"
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,root,mnt,opt/famfs,vm,lib/modules}
install -m 0755 "$here/guest/init" "$root/init"
install -D -m 0644 "$here/guest/steps.sh" "$root/lib/famfs-vm/steps.sh"
install -m 0755 /bin/busybox "$root/bin/busybox"
install -m 0755 "$payload/famfs" "$payload/famfs-fuse" /usr/bin/fusermount3 "$root/usr/bin/"
printf '#!/bin/sh\nexec famfs mkfs "$@"\n' >"$root/usr/bin/mkfs.famfs"
chmod 0755 "$root/usr/bin/mkfs.famfs"
for f in "${extras[@]}"; do install -m 0755 "$f" "$root/usr/bin/"; done
gcc -static -O2 -Wall -Werror -o "$root/usr/bin/daxpeek" "$here/guest/daxpeek.c"

# Shared libraries at their host paths (the loader and the libraries come from the same glibc).
libs=$(for f in "${binaries[@]}" "${dlopened[@]}" "${extras[@]}"; do
  ldd "$f" 2>/dev/null | awk '/=> \// {print $3} /^\t\/lib/ {print $1}' || true
done | sort -u)
for lib in $libs "${dlopened[@]}"; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
[ -e "$root/lib64/ld-linux-x86-64.so.2" ] || vm_die "ldd named no dynamic loader for ${binaries[*]}"
printf '/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n' >"$root/etc/ld.so.conf"
"$ldconfig" -r "$root"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
ln -s /proc/self/mounts "$root/etc/mtab"

# Only the modules the guests load, with their dependencies, and a modules.dep made for them.
copy_module() {
  local name=$1 path dep
  path=$(find "$moddir/kernel" -name "$name.ko" -print -quit)
  [ -n "$path" ] || path=$(find "$moddir/kernel" -name "${name//_/-}.ko" -print -quit)
  [ -n "$path" ] || vm_die "kernel module $name not found under $moddir"
  [ -e "$root/lib/modules/$version/${path#"$moddir/"}" ] && return 0
  mkdir -p "$root/lib/modules/$version/$(dirname "${path#"$moddir/"}")"
  cp "$path" "$root/lib/modules/$version/${path#"$moddir/"}"
  for dep in $(modinfo -F depends "$path" | tr ',' ' '); do copy_module "$dep"; done
}
for m in dax_hmem device_dax fuse; do copy_module "$m"; done
cp "$moddir/modules.builtin" "$moddir/modules.order" "$root/lib/modules/$version/"
[ -f "$moddir/modules.builtin.modinfo" ] && cp "$moddir/modules.builtin.modinfo" "$root/lib/modules/$version/"
depmod -b "$root" "$version"

# Uncompressed: the kernel would spend longer inflating it under emulation than qemu spends loading it.
mkdir -p "$vm_out"
(cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner=0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
echo "$current" >"$manifest"
# The kernel whose modules are inside: run-guest.sh --no-build boots exactly this one.
echo "$kernel/vmlinux" >"$vm_out/initramfs.kernel"
echo "build-initramfs: $out ($(du -m "$out" | cut -f1) MiB, kernel $version, payload $payload)" >&2
echo "KERNEL=$kernel/vmlinux INITRAMFS=$out"
