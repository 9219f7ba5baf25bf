# One guest, master: a FUSE mount of /dev/dax0.0 (famfs-fuse, libfuse3, fusermount3 and the
# fuse module in the initramfs); a binary copied in through famfs and compared through the
# mount by an ordinary program; the host then reads it from the backing file.
. /lib/famfs-vm/steps.sh
M=/mnt/famfs
step "mkfs" famfs mkfs $D
step "mkdir mount point" mkdir -p $M
step "mount" famfs mount $D $M
step_sh "mounted" "grep ' $M fuse' /proc/mounts"
step "cp a binary in" famfs cp /bin/busybox $M/busybox
step "cmp through the mount" cmp /bin/busybox $M/busybox
step_sh "ls the mount" "ls -l $M"
step "umount" famfs umount $M
step_sh "unmounted" "! grep ' $M fuse' /proc/mounts"
scenario_done
