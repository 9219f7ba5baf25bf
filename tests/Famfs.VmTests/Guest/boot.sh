# Guest: the harness itself. /dev/dax0.0 is the host's file (the host stored a marker at
# offset 0 and one near the end), the guest's own bytes reach the host, and the payload runs.
. /lib/famfs-vm/steps.sh
step_sh "dax size is 4 GiB" '[ "$(cat /sys/bus/dax/devices/dax0.0/size)" = 4294967296 ]'
step_sh "host marker at offset 0" '[ "$(daxpeek $D 0 ${#HOST_MARKER})" = "$HOST_MARKER" ]'
step_sh "host marker near the end" '[ "$(daxpeek $D 0xFFFFF000 ${#HOST_MARKER})" = "$HOST_MARKER" ]'
step "guest marker for the host" daxpeek -w $D 0x200000 "$GUEST_MARKER"
step "famfs runs" famfs --version
step_sh "famfs-fuse starts (prints its usage)" "{ famfs-fuse 2>&1 || true; } | grep -q usage"
step "fusermount3 runs" fusermount3 --version
step "/dev/fuse exists" test -c /dev/fuse
scenario_done
