# Sourced by the guest scenario scripts (/lib/famfs-vm/steps.sh in the guest, busybox sh).
# Every step is announced with the guest's uptime before it runs; the first one that fails
# stops the script with its exit status and a line naming it, which the host quotes:
#   FAMFS-VM-STEP-FAILED <name> (exit N): <command>
export D=/dev/dax0.0

_uptime() { cut -d' ' -f1 /proc/uptime; }

# step NAME COMMAND [ARG...]: run, stop the scenario if it fails.
step() {
  _name=$1
  shift
  echo "== [$(_uptime)] STEP $_name: $*"
  "$@"
  _rc=$?
  if [ $_rc -ne 0 ]; then
    echo "FAMFS-VM-STEP-FAILED $_name (exit $_rc): $*"
    abort_peers
    exit $_rc
  fi
}

# A guest that fails tells the guests running with it (SIGNAL_ABORT_OFFSET, when set): their
# waits for it end at once instead of at their timeouts.
abort_peers() {
  [ -n "${SIGNAL_ABORT_OFFSET:-}" ] && daxpeek -w $D "$SIGNAL_ABORT_OFFSET" "ABORT ${FAMFS_VM_NAME:-guest}"
  return 0
}

# peer_aborted: true once another guest has signalled its failure.
peer_aborted() {
  [ -n "${SIGNAL_ABORT_OFFSET:-}" ] && [ "$(daxpeek $D "$SIGNAL_ABORT_OFFSET" 5)" = ABORT ]
}

# step_sh NAME 'SHELL TEXT': a step that needs a pipe or a redirection.
step_sh() {
  step "$1" sh -c "set -o pipefail 2>/dev/null; $2"
}

# step_exit NAME EXPECTED COMMAND [ARG...]: the command must fail with exactly EXPECTED
# ("nonzero" accepts any failure); its output is shown either way.
step_exit() {
  _name=$1 _want=$2
  shift 2
  echo "== [$(_uptime)] STEP $_name (expects exit $_want): $*"
  "$@"
  _rc=$?
  if { [ "$_want" = nonzero ] && [ $_rc -eq 0 ]; } || { [ "$_want" != nonzero ] && [ $_rc -ne "$_want" ]; }; then
    echo "FAMFS-VM-STEP-FAILED $_name (exit $_rc, expected $_want): $*"
    abort_peers
    exit 1
  fi
}

# wait_for_text NAME OFFSET TEXT SECONDS: poll the shared memory until TEXT is at OFFSET
# (how guests signal each other: the bytes one stores, the other sees).
wait_for_text() {
  echo "== [$(_uptime)] STEP $1: wait up to $4 s for '$3' at $2 of $D"
  _i=0
  while [ "$(daxpeek $D "$2" ${#3})" != "$3" ]; do
    _i=$((_i + 1))
    if peer_aborted; then
      echo "FAMFS-VM-STEP-FAILED $1: the other guest failed ($(daxpeek $D "$SIGNAL_ABORT_OFFSET" 40 | tr -d '\000'))"
      exit 1
    fi
    if [ $_i -gt $(($4 * 4)) ]; then
      echo "FAMFS-VM-STEP-FAILED $1 (timed out): '$3' never appeared at $2 of $D"
      abort_peers
      exit 1
    fi
    sleep 0.25
  done
}

scenario_done() {
  echo "== [$(_uptime)] SCENARIO PASSED: ${FAMFS_VM_NAME:-guest}"
}
