# The harness's own check: a guest that never finishes (HarnessTests); the host must kill it.
echo "about to hang"
sleep 100000
