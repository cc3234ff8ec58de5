#!/bin/sh
# nsh's lsns against util-linux lsns on a busy machine: the workload of
# tests/bench/workload.sh (200 PID namespaces of 10 processes each, about
# 2,000 extra processes) is started first and torn down afterwards, whatever
# happens.  Target (issue 4): nsh at most 0.5 of util-linux's wall time.
# Both print to /dev/null (compare.py), so neither truncates to a terminal.
if [ "$(id -u)" != 0 ]; then
	echo "lsns: skipped: the workload needs root for unshare -fp --mount-proc"
	exit 0
fi
if ! command -v lsns >/dev/null 2>&1; then
	echo "lsns: skipped: util-linux lsns is not installed"
	exit 0
fi
: "${COMPARE:=python3 $(pwd)/tests/bench/compare.py}"
: "${NSH:=$(pwd)/build/nsh}"
WORKLOAD="$(pwd)/tests/bench/workload.sh"
trap 'sh "$WORKLOAD" stop' EXIT
trap 'exit 130' INT TERM
sh "$WORKLOAD" start || exit 1
$COMPARE lsns --runs "${BENCH_RUNS:-20}" --warmup "${BENCH_WARMUP:-2}" \
	-- "$NSH" -c lsns \
	-- lsns
