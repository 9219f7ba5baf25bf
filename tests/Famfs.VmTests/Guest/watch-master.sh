# Guest A of the concurrent pair: makes the file system, tells guest B through the shared
# memory, waits until B watches, then creates the file B waits for.
. /lib/famfs-vm/steps.sh
step "mkfs" famfs mkfs $D
step "signal mkfs done" daxpeek -w $D $SIGNAL_MKFS_OFFSET MKFS-DONE
wait_for_text "wait for B to watch" $SIGNAL_WATCHING_OFFSET WATCHING 100
step "mkdir" famfs mkdir -D $D shared
step "creat the awaited file" famfs creat -D $D -s 4M -r -S 77 shared/ready.bin
scenario_done
