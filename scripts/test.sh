#!/usr/bin/env bash
# Runs every test: unit, conformance, integration (real mounts, processes, kill -9).
# Usage: scripts/test.sh             (as root: the mount tests need /dev/fuse)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Test assemblies run one after another (they share /dev/shm and mount points);
# tests inside an assembly run in parallel where they are marked safe.
dotnet test famfs.net.slnx -c Release --no-build -m:1 --logger "console;verbosity=normal" 2>&1 | tee artifacts/test.log
