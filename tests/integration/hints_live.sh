#!/bin/sh
# The hints that read the live system (shell/hints.c, through sys/proc.c's
# proc_self_pid): after a kill of a PID that does not exist, in a new PID
# namespace still under the host's /proc, the hint says what /proc and
# getpid() each call this shell.
. "$(dirname "$0")/../lib.sh"

out=$(echo 'kill 4000000' | "$NSH" -c "unshare -Urpf $NSH" 2>&1)
t_match "kill of a missing PID: the plain error first" "^nsh: kill: \\(4000000\\) - No such process" "$out"
t_match "under the host's /proc: the hint names both PIDs" \
	"^hint: here: /proc says this shell is [0-9]+, getpid\\(\\) says 1: /proc \\(and ps\\) show an outer namespace" "$out"

out=$(echo 'kill 4000000' | "$NSH" -c "unshare -Urpf --mount-proc $NSH" 2>&1)
t_nomatch "with its own /proc: no such line" "here: /proc says" "$out"
t_done
