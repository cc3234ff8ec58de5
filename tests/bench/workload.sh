#!/bin/sh
# A busy machine for the lsns/pidtree benchmarks: NS_COUNT PID namespaces
# (default 200), each holding PROCS_PER_NS processes (default 10: a shell that
# is the namespace's init and 9 sleeps), about 2,000 extra processes.
#
#   sh tests/bench/workload.sh start      start them, wait until all are up
#   sh tests/bench/workload.sh stop       kill them all (and wait until gone)
#   sh tests/bench/workload.sh status     how many are running
#   sh tests/bench/workload.sh run CMD... start, run CMD, stop whatever happens
#
# Every namespace is made by util-linux `unshare -fp --mount-proc`; its init
# shell carries the marker below as its $0 and the sleeps sleep a marker
# number of seconds, so `stop` finds exactly our processes.  Killing a
# namespace's init kills every process in it (pid_namespaces(7)).  Needs root
# (or a user allowed to unshare PID namespaces).
MARKER=nsh-bench-workload
SLEEP_MARK=100042
: "${NS_COUNT:=200}"
: "${PROCS_PER_NS:=10}"
: "${WORKLOAD_TIMEOUT:=60}"

# pgrep -c prints 0 and exits 1 when nothing matches
count_inits() { n=$(pgrep -c -f "^sh -c .* $MARKER\$" 2>/dev/null); echo "${n:-0}"; }
count_sleeps() { n=$(pgrep -c -x -f "sleep $SLEEP_MARK" 2>/dev/null); echo "${n:-0}"; }

workload_stop() {
	# the inits first (this empties each namespace), then the unshare
	# parents and any sleep that is somehow left
	pkill -KILL -f "^sh -c .* $MARKER\$" 2>/dev/null
	pkill -KILL -f "^unshare -fp --mount-proc sh -c .* $MARKER\$" 2>/dev/null
	pkill -KILL -x -f "sleep $SLEEP_MARK" 2>/dev/null
	i=0
	while [ "$(count_inits)" -gt 0 ] || [ "$(count_sleeps)" -gt 0 ]; do
		i=$((i + 1))
		if [ "$i" -gt $((WORKLOAD_TIMEOUT * 10)) ]; then
			echo "workload: processes left after ${WORKLOAD_TIMEOUT}s" >&2
			return 1
		fi
		pkill -KILL -x -f "sleep $SLEEP_MARK" 2>/dev/null
		sleep 0.1
	done
	return 0
}

workload_start() {
	sleeps=$((PROCS_PER_NS - 1))
	want=$((NS_COUNT * sleeps))
	if [ "$(count_inits)" -gt 0 ]; then
		echo "workload: already running; stopping the old one first" >&2
		workload_stop || return 1
	fi
	# a failure or an interrupt while starting leaves nothing behind
	trap 'workload_stop; exit 130' INT TERM
	n=0
	while [ "$n" -lt "$NS_COUNT" ]; do
		# the init: start the sleeps, then wait for them (it stays the
		# namespace's PID 1, so killing it kills the namespace)
		unshare -fp --mount-proc sh -c \
			"i=0; while [ \$i -lt $sleeps ]; do sleep $SLEEP_MARK & i=\$((i+1)); done; wait" \
			"$MARKER" </dev/null >/dev/null 2>&1 &
		n=$((n + 1))
	done
	i=0
	while [ "$(count_sleeps)" -lt "$want" ] || [ "$(count_inits)" -lt "$NS_COUNT" ]; do
		i=$((i + 1))
		if [ "$i" -gt $((WORKLOAD_TIMEOUT * 10)) ]; then
			echo "workload: only $(count_inits) namespaces / $(count_sleeps) sleeps after ${WORKLOAD_TIMEOUT}s" >&2
			workload_stop
			return 1
		fi
		sleep 0.1
	done
	trap - INT TERM
	echo "workload: $NS_COUNT PID namespaces, $((NS_COUNT * PROCS_PER_NS)) processes" >&2
	return 0
}

case "$1" in
start)
	workload_start
	;;
stop)
	workload_stop
	;;
status)
	echo "namespaces: $(count_inits), sleeps: $(count_sleeps)"
	;;
run)
	shift
	trap 'workload_stop' EXIT
	trap 'exit 130' INT TERM
	workload_start || exit 1
	"$@"
	;;
*)
	echo "usage: sh $0 start|stop|status|run CMD..." >&2
	exit 2
	;;
esac
