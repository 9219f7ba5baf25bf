#!/usr/bin/env bash
# Builds the famfs.net binaries that go into the guest and prints their directory (holding
# famfs and famfs-fuse). The guest has no .NET runtime, so they must be self-contained.
# Usage: scripts/vm/build-payload.sh
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$vm_repo"

# Native AOT executables start in a fraction of the time a JIT runtime needs under emulation
# (seconds per command): scripts/build-aot.sh builds them, or finds them up to date.
# FAMFS_VM_PAYLOAD=single-file forces the self-contained JIT build below.
if [ "${FAMFS_VM_PAYLOAD:-aot}" = aot ] && [ -x scripts/build-aot.sh ]; then
  scripts/build-aot.sh >&2
  echo "$vm_repo/artifacts/aot"
  exit 0
fi

# Otherwise a self-contained single-file publish (runtime inside, nothing to extract at start).
# (~75 MB each, and .NET's JIT under emulation costs 2-10 s per command.)
out="$vm_out/payload"
stamp="$out/.built"
# Rebuilt only when a source or build file changed since the last publish.
if [ -f "$stamp" ] && [ -x "$out/famfs" ] && [ -x "$out/famfs-fuse" ] &&
  [ -z "$(find src Directory.Build.props Directory.Packages.props -newer "$stamp" \
    -not -path '*/bin/*' -not -path '*/obj/*' -type f -print -quit)" ]; then
  echo "$out"
  exit 0
fi
vm_need dotnet "dotnet-sdk (the .NET 10 SDK)"
echo "build-payload: publishing self-contained famfs and famfs-fuse into $out" >&2
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$out"
for project in src/Famfs.Cli src/Famfs.Daemon; do
  # Intermediate files in their own tree: the solution's obj/ stays as the JIT build left it.
  dotnet publish "$project" -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
    -nologo -v quiet --artifacts-path "$vm_out/payload-build" -o "$out" >&2
done
touch "$stamp"
echo "$out"
