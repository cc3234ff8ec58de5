#!/bin/sh
# The cost of a new PID namespace with its own /proc: nsh's unshare builtin
# (nsh forks C, C unshares and forks G, G mounts proc and execs) against
# util-linux unshare (one process less: it is itself the unsharing process).
# Needs root (a PID and mount namespace without a user namespace).  Trace is
# off here: this figure must not move when the trace hook changes (issue 8).
if [ "$(id -u)" != 0 ]; then
	echo "unshare: skipped: needs root for unshare -fp --mount-proc"
	exit 0
fi
$COMPARE unshare --runs "${BENCH_RUNS:-200}" \
	-- "$NSH" -c 'unshare -fp --mount-proc /bin/true' \
	-- unshare -fp --mount-proc /bin/true
