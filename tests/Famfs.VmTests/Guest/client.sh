# Guest B, a client (another FAMFS_SYSTEM_UUID) of the file system guest A made: reads and
# checks it, and is refused when it tries to create (the host runs fsck afterwards).
. /lib/famfs-vm/steps.sh
step "fsck" famfs fsck $D
step_sh "cat | cmp the binary" "famfs cat -D $D data/busybox | cmp - /bin/busybox"
step "verify" famfs verify -D $D -m data/plain.bin,11 -m data/striped.bin,12 -m data/sub/m1.bin,21 -m data/sub/m2.bin,22
step_exit "client cannot create (exit 4: not permitted)" 4 famfs creat -D $D -s 2M data/from-client.bin
step_exit "client cannot mkdir (exit 4)" 4 famfs mkdir -D $D client-dir
scenario_done
