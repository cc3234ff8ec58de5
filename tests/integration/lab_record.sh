#!/bin/sh
# Recordings of lab runs (asciicast v2, markers, cap, 0600) and
# `nsh lab replay`: the checks are in lab_record_test.py (python3, with
# tests/pty/harness.py for the pseudo-terminals).
cd "$(dirname "$0")/../.." || exit 1
: "${NSH:?NSH must point at the nsh binary}"
if ! command -v python3 >/dev/null 2>&1; then
	. tests/lib.sh
	t_skip "lab recordings and replay" "python3 is not installed"
	t_done
	exit
fi
exec python3 tests/integration/lab_record_test.py
