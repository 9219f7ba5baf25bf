#!/usr/bin/env bash
# Builds the famfs.net binaries that go into the guest and prints their directory (holding
# famfs and famfs-fuse). The guest has no .NET runtime, so they must be self-contained.
# Usage: scripts/vm/build-payload.sh
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$vm_repo"

# Native AOT binaries (scripts/build-aot.sh) start fastest under emulation: used when present.
aot="$vm_repo/artifacts/aot"
if [ -x "$aot/famfs" ] && [ -x "$aot/famfs-fuse" ]; then
  echo "$aot"
  exit 0
fi

# Otherwise a self-contained single-file publish (runtime inside, nothing to extract at start).
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
for project in src/Famfs.Cli src/Famfs.Fuse; do
  dotnet publish "$project" -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
    -nologo -v quiet -o "$out" >&2
done
touch "$stamp"
echo "$out"
