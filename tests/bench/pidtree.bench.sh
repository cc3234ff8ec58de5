#!/bin/sh
# nsh's pidtree against psmisc `pstree -p -S` (PIDs and namespace changes:
# the closest pstree comes to what pidtree shows) on a busy machine: the
# workload of tests/bench/workload.sh (200 PID namespaces of 10 processes
# each, about 2,000 extra processes) is started first and torn down
# afterwards, whatever happens.  Target (issue 4): nsh at most 0.8 of
# pstree's wall time.  Both print to /dev/null (compare.py): ASCII, no
# terminal width.
if [ "$(id -u)" != 0 ]; then
	echo "pidtree: skipped: the workload needs root for unshare -fp --mount-proc"
	exit 0
fi
if ! command -v pstree >/dev/null 2>&1; then
	echo "pidtree: skipped: psmisc pstree is not installed"
	exit 0
fi
: "${COMPARE:=python3 $(pwd)/tests/bench/compare.py}"
: "${NSH:=$(pwd)/build/nsh}"
WORKLOAD="$(pwd)/tests/bench/workload.sh"
trap 'sh "$WORKLOAD" stop' EXIT
trap 'exit 130' INT TERM
sh "$WORKLOAD" start || exit 1
$COMPARE pidtree --runs "${BENCH_RUNS:-20}" --warmup "${BENCH_WARMUP:-2}" \
	-- "$NSH" -c pidtree \
	-- pstree -p -S
