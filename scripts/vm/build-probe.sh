#!/usr/bin/env bash
# Builds famfs-vmprobe (tests/Famfs.VmProbe), the guest-side program of the VM tests that drives
# engine internals on the guest's /dev/dax0.0, and prints its path. Native AOT once the tree
# publishes AOT (scripts/build-aot.sh exists); until then self-contained single-file. It is not
# in the base initramfs: only the test that uses it passes it to its guest.
# Usage: scripts/vm/build-probe.sh
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$vm_repo"

out="$vm_out/probe"
stamp="$out/.built"
if [ -f "$stamp" ] && [ -x "$out/famfs-vmprobe" ] &&
  [ -z "$(find src tests/Famfs.VmProbe Directory.Build.props Directory.Packages.props -newer "$stamp" \
    -not -path '*/bin/*' -not -path '*/obj/*' -type f -print -quit)" ]; then
  echo "$out/famfs-vmprobe"
  exit 0
fi
vm_need dotnet "dotnet-sdk (the .NET 10 SDK)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$out"
if [ -x scripts/build-aot.sh ]; then
  mode=(-p:PublishAot=true)
else
  mode=(--self-contained -p:PublishSingleFile=true)
fi
echo "build-probe: publishing famfs-vmprobe (${mode[*]}) into $out" >&2
# Intermediate files in their own tree: the solution's obj/ (restored without a runtime
# identifier) stays as the JIT build left it.
dotnet publish tests/Famfs.VmProbe -c Release -r linux-x64 "${mode[@]}" -nologo -v quiet \
  --artifacts-path "$vm_out/probe-build" -o "$out" >&2
touch "$stamp"
echo "$out/famfs-vmprobe"
