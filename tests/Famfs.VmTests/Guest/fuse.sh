# One guest, master: a FUSE mount of /dev/dax0.0 (famfs-fuse, libfuse3, fusermount3 and the
# fuse module in the initramfs); files copied in and created through famfs, compared and
# verified through the mount; the host then reads them from the backing file.
. /lib/famfs-vm/steps.sh
M=/mnt/famfs
step "mkfs" famfs mkfs $D
step "mkdir mount point" mkdir -p $M
step "mount" famfs mount $D $M
step_sh "mounted" "grep ' $M fuse' /proc/mounts"
step "mkdir in the mount" famfs mkdir -p $M/bin
step "cp a binary in" famfs cp /bin/busybox $M/bin/busybox
step "cmp through the mount" cmp /bin/busybox $M/bin/busybox
step "creat seeded" famfs creat -s 4M -r -S 5 $M/seeded.bin
step "verify through the mount" famfs verify -S 5 -f $M/seeded.bin
step_sh "ls the mount" "ls -l $M $M/bin"
step "check every file through the mount" famfs check $M
step "logplay into the mount" famfs logplay $M
step "umount" famfs umount $M
step_sh "unmounted" "! grep ' $M fuse' /proc/mounts"
scenario_done
