#!/bin/sh
# nsh as PID 1 of a new PID namespace (util-linux unshare as the harness):
# it reaps every orphan it inherits, also while idle, leaves no zombie, and
# when it exits the kernel ends everything in the namespace.
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d /tmp/nsh-core-pid1.XXXXXX)
upid=
cleanup() {
	exec 7>&- 2>/dev/null
	[ -n "$upid" ] && kill -9 "$upid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

if ! unshare -fp --mount-proc true 2>/dev/null; then
	t_skip "nsh as PID 1" "unshare -fp --mount-proc is not permitted here"
	t_done
	exit
fi

out=$(timeout 20 unshare -fp --mount-proc "$NSH" -c 'echo pid=$$; sh -c "sleep 0.2 & exit"; sleep 0.6; ps -eo stat=,comm=')
t_match "nsh is PID 1" "^pid=1$" "$out"
t_nomatch "no zombie after orphans died (while a command ran)" "^Z" "$out"
t_nomatch "the orphan is gone" "sleep" "$out"
t_eq "exit status of nsh as PID 1" "6" "$(timeout 20 unshare -fp --mount-proc "$NSH" -c 'exit 6'; echo $?)"
t_eq "a foreground job's status is not lost to the reaper" "7 8" "$(timeout 20 unshare -fp --mount-proc "$NSH" -c 'sh -c "sleep 0.1 & exit 7"; a=$?; sh -c "exit 8" & wait $!; echo $a $?')"

# Idle at its input (a FIFO), nsh must still reap: an orphan that dies then
# must not stay a zombie until the next command.
mkfifo "$tmp/in"
unshare -fp --mount-proc "$NSH" < "$tmp/in" > "$tmp/out" 2>&1 &
upid=$!
exec 7>"$tmp/in"
# the nsh process: unshare's child
nsh=
for i in $(seq 50); do
	nsh=$(cat /proc/$upid/task/$upid/children 2>/dev/null | tr -d ' ')
	[ -n "$nsh" ] && break
	sleep 0.1
done
t_match "found nsh under unshare" "^[0-9]+$" "$nsh"
children() { cat /proc/$nsh/task/$nsh/children 2>/dev/null; }
echo 'sh -c "sleep 0.3 & exit"' >&7
# the orphan sleep appears as nsh's child, then must vanish, not stay Z
seen=
for i in $(seq 50); do
	c=$(children)
	[ -n "$c" ] && seen=$c
	[ -n "$seen" ] && [ -z "$c" ] && break
	sleep 0.1
done
t_match "the orphan was re-parented to nsh" "[0-9]" "$seen"
zombies=""
for p in $(children); do
	grep -q '^State:.*Z' /proc/$p/status 2>/dev/null && zombies="$zombies $p"
done
t_eq "no zombie left while nsh is idle" "" "$(children | tr -d ' ')$zombies"

# When nsh (PID 1) exits, everything in its namespace goes.
echo 'sh -c "sleep 100 & exit"; echo ready' >&7
for i in $(seq 50); do grep -q ready "$tmp/out" && break; sleep 0.1; done
orphan=$(children | tr -d ' ')
t_match "a long orphan lives under nsh" "^[0-9]+$" "$orphan"
exec 7>&-
for i in $(seq 50); do kill -0 "$upid" 2>/dev/null || break; sleep 0.1; done
t_ok "nsh exited at the end of its input" sh -c "! kill -0 $upid 2>/dev/null"
gone=no
for i in $(seq 50); do
	if [ ! -e "/proc/$orphan" ] || grep -q '^State:.*Z' "/proc/$orphan/status" 2>/dev/null; then gone=yes; break; fi
	sleep 0.1
done
t_eq "nothing of the namespace is left after nsh exits" "yes" "$gone"
wait "$upid" 2>/dev/null
upid=
t_done
