#!/usr/bin/env bash
# Publishes famfs and famfs-fuse as native AOT executables in artifacts/aot, with mkfs.famfs
# and famfs_fused (the daemon under the reference's name) beside them: no .NET runtime needed
# (glibc only; libfuse3.so.3 is loaded when first used), so they fit a minimal initramfs and
# start in milliseconds.
# Usage: scripts/build-aot.sh        (needs clang and zlib1g-dev: scripts/setup.sh installs them)
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/aot
# Everything the executables are built from (folders too: a deleted file changes its folder);
# bin/ and obj/ are outputs.
changed_since() {
  [ -n "$(find src Directory.Build.props Directory.Packages.props scripts/build-aot.sh \
    \( -name bin -o -name obj \) -prune -o -newer "$1" -print -quit)" ]
}
if [ -x "$out/famfs" ] && [ -x "$out/famfs-fuse" ] && [ -x "$out/mkfs.famfs" ] && [ -L "$out/famfs_fused" ] \
  && ! changed_since "$out/famfs" && ! changed_since "$out/famfs-fuse"; then
  echo "build-aot: $out is up to date"
  exit 0
fi

. scripts/dotnet-private-tmp.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Intermediate files go to their own tree: the JIT build's obj/ and bin/ stay as they are.
for project in src/Famfs.Cli src/Famfs.Daemon; do
  dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -nologo -v quiet \
    --artifacts-path artifacts/aot-build -o "$out"
done
# An incremental publish leaves unchanged executables with their old times: mark them current.
touch "$out/famfs" "$out/famfs-fuse"
cat > "$out/mkfs.famfs" <<'SH'
#!/bin/sh
exec "$(dirname "$(readlink -f "$0")")/famfs" mkfs "$@"
SH
chmod +x "$out/mkfs.famfs"
ln -sfn famfs-fuse "$out/famfs_fused"
echo "build-aot: built $out/famfs, $out/mkfs.famfs, $out/famfs-fuse, $out/famfs_fused"
