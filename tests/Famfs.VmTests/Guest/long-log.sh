# A guest with two processors checks a log long enough (2,102 entries) for fsck to read it
# ahead on a second thread, on device-dax, where the log is read in place through the mapping:
# a sound log is clean, and a CRC broken in the middle of it is found.
. /lib/famfs-vm/steps.sh
step_sh "two processors online" '[ "$(grep -c ^processor /proc/cpuinfo)" -eq 2 ]'
step "mkfs" famfs mkfs $D
step_sh "mkdir 2,100 directories" 'famfs mkdir -D $D -p $(i=1; while [ $i -le 2100 ]; do echo many/d$i; i=$((i+1)); done)'
step "creat" famfs creat -D $D -s 4M -r -S 7 many/d5/f.bin
step_sh "fsck of the sound log" 'famfs fsck $D | tee /tmp/fsck.txt && grep -q "2102 of 15420 entries used" /tmp/fsck.txt'
# Byte 100 of entry 1500 (log at 2 MiB, a 48-byte header, 544-byte entries): inside its path field's zeros.
step "break entry 1500's CRC" daxpeek -w $D 2913300 X
step_sh "fsck finds it" 'famfs fsck $D > /tmp/fsck.txt; [ $? -eq 1 ] && grep -q "log entry 1500 (MKDIR .many/d1500.): CRC is" /tmp/fsck.txt'
scenario_done
