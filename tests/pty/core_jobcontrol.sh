#!/bin/sh
# Job control on a real terminal: process groups, the terminal handed to the
# foreground job and back, Ctrl-Z, jobs, fg, bg, kill %N, Done notices,
# signal names, exit with stopped jobs, and nsh as an interactive PID 1.
# The checks are in tests/pty/core_jobcontrol_test.py (python3 harness).
cd "$(dirname "$0")/../.." || exit 1
: "${NSH:?NSH must point at the nsh binary}"
if ! command -v python3 >/dev/null 2>&1; then
	. tests/lib.sh
	t_skip "job control in a pty" "python3 is not installed"
	t_done
	exit
fi
exec python3 tests/pty/core_jobcontrol_test.py
