# The guest half of scripts/vm/bench-guest.sh: famfs-bench on /dev/dax0.0 (it reformats it).
. /lib/famfs-vm/steps.sh
step "span-read on dax" /vm/files/famfs-bench span-read --device $D --size ${BENCH_SIZE:-64m}
step "append-flush on dax" /vm/files/famfs-bench append-flush --device $D --count ${BENCH_COUNT:-1000}
scenario_done
