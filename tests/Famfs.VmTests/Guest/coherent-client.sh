# Guest B of the coherent pair (a client host): mounts the dax device guest A made, reads the
# file A created (its pages now cached here), and after A rewrites it, reads A's new bytes
# through this mount within a few polls, without dropping any cache by hand. Then it reports
# a memory failure in another file, for guest A to see.
. /lib/famfs-vm/steps.sh
M=/mnt/b
wait_for_text "wait for A's mount" $SIGNAL_READY_OFFSET READY 60
step "mkdir mount point" mkdir -p $M
step "mount as a client, polling every 0.5 s" famfs mount -t 0.5 $D $M
step "verify the seeded file through the mount (caches its pages)" famfs verify -S 1 -f $M/shared.bin
step_sh "the first bytes are the seeded fill" "[ \"\$(head -c 5 $M/shared.bin)\" != HELLO ]"
step "signal read" daxpeek -w $D $SIGNAL_READ_OFFSET READ
wait_for_text "wait for A's write" $SIGNAL_WRITTEN_OFFSET WRITTEN 60
started=$(_uptime)
i=0
until [ "$(head -c 5 $M/shared.bin)" = HELLO ]; do
  i=$((i + 1))
  [ $i -gt 100 ] && break
  sleep 0.1
done
echo "client saw HELLO after $(echo "$(_uptime) $started" | awk '{print $1 - $2}') s"
step_sh "the client mount reads A's bytes" "[ \"\$(head -c 5 $M/shared.bin)\" = HELLO ]"
step "signal seen" daxpeek -w $D $SIGNAL_SEEN_OFFSET SEEN
step_sh "hosts --json names both hosts" \
  "famfs hosts --json $M | tee /tmp/hosts.json; grep -q '\"client\"' /tmp/hosts.json && grep -q '\"master\"' /tmp/hosts.json"
step_sh "getmap the victim" "famfs getmap --json $M/victim.bin | tee /tmp/victim.json"
offset=$(grep '"offset"' /tmp/victim.json | head -1 | tr -dc 0-9)
step "victim offset found" test -n "$offset"
step "report 4k inside the victim failed" famfs poison -D $D --offset $((offset + 0x100000)) --length 4k
step "signal poisoned" daxpeek -w $D $SIGNAL_POISONED_OFFSET POISONED
step "umount" famfs umount $M
scenario_done
