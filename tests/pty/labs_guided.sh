#!/bin/sh
# The article's labs in guided mode, in real pseudo-terminals: a student
# types lab 2's commands (with a bash inside), uses the second terminal
# (nsh lab attach), and takes the unprivileged lab's first steps as nobody.
# The checks are in tests/pty/labs_guided_test.py (python3, harness.py).
cd "$(dirname "$0")/../.." || exit 1
: "${NSH:?NSH must point at the nsh binary}"
if [ "$(id -u)" != 0 ] || ! command -v python3 >/dev/null 2>&1; then
	. tests/lib.sh
	t_skip "labs in guided mode" "needs root and python3"
	t_done
	exit
fi
# Under make asan: LeakSanitizer clones a thread at exit, which fails (and
# hangs the shell) in the dead PID namespace of the unpriv-no-fork step, like
# every fork there; the leak check cannot run in that shell.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS
exec python3 tests/pty/labs_guided_test.py
