#!/bin/sh
# For tests/run.sh (the lead wires it): after a test that ran with
# NSH_HARD_MARK=<unique value> exported, list every process that still
# carries the mark (except the caller TOP_PID and its ancestors up to it),
# waiting up to 3 s for them to go.  Exit 1 and print "PID STATE COMM" lines
# if any is left.
#   NSH_HARD_MARK=run-$$-name sh tests/leftovers.sh "$$"
: "${NSH_HARD_MARK:?NSH_HARD_MARK must name the mark to look for}"
HARD_TOP=${1:-$PPID}
. "$(dirname "$0")/lib_hard.sh"
hard_wait_no_leftovers 30 && exit 0
hard_leftovers
exit 1
