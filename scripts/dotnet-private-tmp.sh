# shellcheck shell=bash
# Sourced (not run) by the scripts that run dotnet. The .NET SDK leaves two empty directories
# named like /tmp/Ab3xYz behind for every build, publish or test command (its own temporary
# directories, dotnet/sdk#35353); hundreds pile up on a machine that builds all day. This
# `dotnet` gives each command a private TMPDIR and removes it afterwards, with whatever the SDK
# left there. MSBuild's worker nodes end with the command (no node reuse), so none is left
# listening in the removed directory; the compiler server started there exits when idle.
dotnet() {
  local tmp status=0
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/famfs-dotnet.XXXXXX")
  # Tests inherit it: the permission tests' unprivileged users traverse it to reach their mounts.
  chmod 0755 "$tmp"
  TMPDIR=$tmp MSBUILDDISABLENODEREUSE=1 command dotnet "$@" || status=$?
  rm -rf "$tmp"
  return "$status"
}
