# Guest B of the concurrent pair (a client): waits with famfs watch for a file guest A
# creates while both run.
. /lib/famfs-vm/steps.sh
wait_for_text "wait for A's mkfs" $SIGNAL_MKFS_OFFSET MKFS-DONE 100
step_exit "file does not exist yet (getmap exit 2)" 2 famfs getmap -D $D shared/ready.bin
# watch in the background so that A is told only once the watcher is starting.
echo "== [$(_uptime)] STEP watch (background): famfs watch -D $D --timeout 100 shared/ready.bin"
started=$(_uptime)
famfs watch -D $D --timeout 100 shared/ready.bin &
watcher=$!
sleep 2
step "signal watching" daxpeek -w $D $SIGNAL_WATCHING_OFFSET WATCHING
# Should A fail now, stop waiting for it.
while kill -0 $watcher 2>/dev/null; do
  if peer_aborted; then
    kill $watcher
    echo "FAMFS-VM-STEP-FAILED watch: the other guest failed while this one watched"
    exit 1
  fi
  sleep 0.5
done
wait $watcher
rc=$?
echo "watch exited $rc after $(echo "$(_uptime) $started" | awk '{print $1 - $2}') s"
step "watch saw the file" test $rc -eq 0
step "verify the awaited file" famfs verify -D $D -S 77 -f shared/ready.bin
scenario_done
