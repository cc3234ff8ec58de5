#!/bin/sh
# The REPL in a real pseudo-terminal: a python3 harness (tests/pty/harness.py,
# standard library only) starts $NSH on a pty, types, and waits on what the
# terminal shows.  The checks are in tests/pty/repl_test.py; TAP output.
cd "$(dirname "$0")/../.." || exit 1
: "${NSH:?NSH must point at the nsh binary}"
if ! command -v python3 >/dev/null 2>&1; then
	. tests/lib.sh
	t_skip "REPL in a pty" "python3 is not installed"
	t_done
	exit
fi
exec python3 tests/pty/repl_test.py
