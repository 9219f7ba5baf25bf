#!/usr/bin/env bash
# Runs every test: unit, conformance, integration (real mounts, processes, kill -9).
# Usage: scripts/test.sh             (as root: the mount tests need /dev/fuse)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/dotnet-private-tmp.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Test assemblies run one after another (they share /dev/shm and mount points);
# tests inside an assembly run in parallel where they are marked safe.
status=0
dotnet test famfs.net.slnx -c Release --no-build -m:1 --logger "console;verbosity=normal" 2>&1 | tee artifacts/test.log || status=$?
# Each failed test by its full name with the first lines of its message, so that the tail of a
# CI log names the failures.
awk '
  /^  Failed [^ ]/ { line = substr($0, 10); sub(/ \[[^]]*\]$/, "", line); print "FAILED " line; grab = 0; next }
  /^  Error Message:$/ { grab = 3; next }
  /^  [A-Z][a-z]+( [A-Z][a-z]+)*( Messages)?:$/ || /^  (Passed|Skipped) / { grab = 0 }
  grab > 0 && NF { sub(/^   /, ""); print "    " $0; grab-- }
' artifacts/test.log
# One closing line over all test assemblies.
passed=$(awk '/^ *Passed: *[0-9]+$/ {s += $2} END {print s + 0}' artifacts/test.log)
failed=$(awk '/^ *Failed: *[0-9]+$/ {s += $2} END {print s + 0}' artifacts/test.log)
echo "${passed} passed, ${failed} failed"
exit "$status"
