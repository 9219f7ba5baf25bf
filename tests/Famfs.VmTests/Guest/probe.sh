# One guest: famfs-vmprobe drives the engine's recovery from a failed MAP_FIXED (the path for
# kernels before 6.12) against this guest's Linux 6.1 and its real /dev/dax0.0.
. /lib/famfs-vm/steps.sh
step "kernel is before 6.12" sh -c 'uname -r; case "$(uname -r)" in 6.[0-9].*|6.1[01].*|5.*) ;; *) exit 1 ;; esac'
step "map-fixed-refill" famfs-vmprobe map-fixed-refill $D
scenario_done
