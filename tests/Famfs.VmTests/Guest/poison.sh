# One guest, master: a memory failure reported in one file's range (famfs poison) makes that
# file, and only that file, fail in this guest.
. /lib/famfs-vm/steps.sh
step "mkfs" famfs mkfs $D
step "creat the survivor and the victim" famfs creat -D $D -M good.bin,8M,1 -M victim.bin,8M,2
step_sh "getmap the victim" "famfs getmap -D $D --json victim.bin | tee /tmp/victim.json"
offset=$(grep '"offset"' /tmp/victim.json | head -1 | tr -dc 0-9)
step "victim offset found" test -n "$offset"
step_sh "poison 4k inside the victim" "famfs poison -D $D --offset $((offset + 0x100000)) --length 4k | tee /tmp/poison.txt"
step_sh "poison names the victim only" "grep -qx 'victim.bin' /tmp/poison.txt && ! grep -q good.bin /tmp/poison.txt"
step_exit "victim reads fail (exit 8)" 8 sh -c "famfs cat -D $D victim.bin >/dev/null"
step "survivor still verifies" famfs verify -D $D -S 1 -f good.bin
step_exit "fsck reports the poison" 1 famfs fsck $D
scenario_done
