# Guest A of the coherent pair (the master): mounts /dev/dax0.0, creates a file through the
# mount, waits until guest B has read (and so cached) it through B's own mount, then rewrites
# its first bytes in place through A's mount. Its daemon flushes the bytes and the file's write
# generation from the CPU cache; B's mount must drop its cached pages within one poll. Last,
# B reports a memory failure in another file, and A's mount must fail that file, and only it.
. /lib/famfs-vm/steps.sh
M=/mnt/a
step "mkfs" famfs mkfs $D
step "mkdir mount point" mkdir -p $M
step "mount coherent (the default), polling every 0.5 s" famfs mount -t 0.5 $D $M
step "creat the shared file through the mount" famfs creat -s 4k -r -S 1 $M/shared.bin
step "creat the file B will report failed" famfs creat -s 4M -r -S 2 $M/victim.bin
step "read the victim through the mount" famfs verify -S 2 -f $M/victim.bin
step_sh "the shared area exists" "famfs hosts $M | tee /tmp/hosts.txt; grep -q master /tmp/hosts.txt"
step "signal mounted" daxpeek -w $D $SIGNAL_READY_OFFSET READY
wait_for_text "wait for B to read the file" $SIGNAL_READ_OFFSET READ 60
step_sh "write HELLO in place through the mount" "printf HELLO | dd of=$M/shared.bin conv=notrunc 2>/dev/null"
step "signal written" daxpeek -w $D $SIGNAL_WRITTEN_OFFSET WRITTEN
wait_for_text "wait for B to see the new bytes" $SIGNAL_SEEN_OFFSET SEEN 60
step_sh "hosts lists this master and B's client, both live" \
  "famfs hosts $M | tee /tmp/hosts.txt; [ \$(grep -c ' live ' /tmp/hosts.txt) -eq 2 ] && grep -q client /tmp/hosts.txt"
wait_for_text "wait for B's poison report" $SIGNAL_POISONED_OFFSET POISONED 60
i=0
while cat $M/victim.bin >/dev/null 2>&1; do
  i=$((i + 1))
  [ $i -gt 50 ] && break
  sleep 0.1
done
step_exit "the victim fails through this mount (B's report, from shared memory)" nonzero cat $M/victim.bin
step_sh "the shared file still reads" "[ \"\$(head -c 5 $M/shared.bin)\" = HELLO ]"
step_exit "fsck here reports B's poison" 1 famfs fsck $M
step_exit "check here fails the victim" nonzero famfs check $M
step "umount" famfs umount $M
scenario_done
