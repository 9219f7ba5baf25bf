# The harness's own check: a step that fails on purpose (HarnessTests).
. /lib/famfs-vm/steps.sh
step "a passing step" true
step_sh "deliberate failure" "echo output-before-the-failure; exit 3"
step "never reached" true
