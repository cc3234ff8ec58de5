#!/bin/sh
# Guided labs in a real pseudo-terminal: the student types, sees the
# confirmation and the next step at the prompt; lab hint/status/skip/why/
# answer/quit; progress and resume; a second terminal with nsh lab attach.
# The checks are in tests/pty/lab_guided_test.py (python3, tests/pty/harness.py).
cd "$(dirname "$0")/../.." || exit 1
: "${NSH:?NSH must point at the nsh binary}"
if ! command -v python3 >/dev/null 2>&1; then
	. tests/lib.sh
	t_skip "guided lab in a pty" "python3 is not installed"
	t_done
	exit
fi
exec python3 tests/pty/lab_guided_test.py
