# Guest A, the master (FAMFS_SYSTEM_UUID = uuid A): makes the file system on /dev/dax0.0 and
# fills it; the host and guest B check what it wrote afterwards.
. /lib/famfs-vm/steps.sh
step "mkfs" famfs mkfs $D
# Reformatting on dax (no msync there): refused without -f, an mkfs -f killed after it emptied
# the old log leaves the old file system, a whole mkfs -f replaces it.
step "creat in the first file system" famfs creat -D $D -s 4M -r -S 99 old.bin
step_exit "mkfs of a formatted device needs -f (exit 5)" 5 famfs mkfs $D
step_exit "mkfs -f killed after emptying the old log (SIGKILL)" 137 env FAMFS_CRASH_AT=mkfs.log-emptied famfs mkfs -f $D
step "the old file system survived the kill" famfs verify -D $D -S 99 -f old.bin
step "mkfs -f" famfs mkfs -f $D
step_exit "the new file system is empty (getmap exit 2)" 2 famfs getmap -D $D old.bin
step "mkdir -p" famfs mkdir -D $D -p data/sub
step "creat plain" famfs creat -D $D -s 8M -r -S 11 data/plain.bin
step "creat interleaved" famfs creat -D $D -s 8M -r -S 12 -N 2 -B 4 -C 2m data/striped.bin
step "creat -M" famfs creat -D $D -M data/sub/m1.bin,3M,21 -M data/sub/m2.bin,1000000,22
step "cp a binary" famfs cp -D $D /bin/busybox data/busybox
step_sh "cat | cmp the binary" "famfs cat -D $D data/busybox | cmp - /bin/busybox"
step "verify" famfs verify -D $D -m data/plain.bin,11 -m data/striped.bin,12 -m data/sub/m1.bin,21 -m data/sub/m2.bin,22
step_sh "getmap shows the interleave" "famfs getmap -D $D --json data/striped.bin | tee /tmp/getmap.json && grep -q '\"interleave\": {' /tmp/getmap.json"
step "fsck" famfs fsck $D
step_sh "logplay -n lists every entry" "famfs logplay -n $D | tee /tmp/logplay.txt && grep -q 'data/sub/m2.bin' /tmp/logplay.txt && grep -q 'data/busybox' /tmp/logplay.txt"
scenario_done
