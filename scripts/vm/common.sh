# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by the scripts that source it
# Shared settings of the VM harness, sourced by the scripts in scripts/vm/ (not run directly).
# Everything here is overridable from the environment so CI and people can move the caches.

vm_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Built artifacts (initramfs, payload): per worktree, gitignored with the rest of artifacts/.
vm_out="${FAMFS_VM_OUT:-$vm_repo/artifacts/vm}"

# The kernel cache lives outside the tree so that a fresh clone or `git clean` on CI does not
# download the ~70 MB package again; without root it falls back to artifacts/.
if [ -n "${FAMFS_VM_CACHE:-}" ]; then
  vm_cache="$FAMFS_VM_CACHE"
elif mkdir -p /var/cache/famfs-vm 2>/dev/null && [ -w /var/cache/famfs-vm ]; then
  vm_cache=/var/cache/famfs-vm
else
  vm_cache="$vm_out/cache"
fi

# dotnet with a private TMPDIR (the SDK's leftovers go with it).
. "$vm_repo/scripts/dotnet-private-tmp.sh"

# A failing command names itself instead of ending the script silently (set -e).
trap 'echo "${0##*/}: line $LINENO: command failed (exit $?): $BASH_COMMAND" >&2' ERR

vm_die() {
  echo "${0##*/}: $*" >&2
  exit 1
}

vm_need() { # vm_need COMMAND DEBIAN-PACKAGE
  type -P "$1" >/dev/null 2>&1 || vm_die "$1 not found: install the Debian package $2 (scripts/setup.sh does)"
}
