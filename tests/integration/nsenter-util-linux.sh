#!/bin/sh
# nsh's nsenter side by side with util-linux nsenter(1) on the same inputs:
# exit statuses, what the command sees (namespace links, IDs, ps view,
# working directory).  Where nsh differs on purpose (usage status 2, --all
# skipping namespaces the caller shares), the other tests cover it.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	t_skip "nsenter against util-linux" "these tests need root (CI runs them as root)"
	t_done
	exit
fi
UL=$(command -v nsenter)
if [ -z "$UL" ]; then
	t_skip "nsenter against util-linux" "util-linux nsenter is not installed"
	t_done
	exit
fi
WORK=$(mktemp -d /tmp/nsh-nsenter-ul.XXXXXX)
TAG=6$$
STARTED=
cleanup() {
	for p in $STARTED; do kill -KILL "$p" 2>/dev/null; done
	wait
	rm -rf "$WORK"
}
trap cleanup EXIT

wait_cmdline() {
	i=0
	while [ $i -lt 100 ]; do
		p=$(pgrep -x -f "$1" | head -n 1)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# A target whose namespaces all differ from ours except net (so that --all
# means the same in both tools): util-linux unshare makes it, so that the
# harness does not depend on the thing under comparison.
unshare -Urfp -m -u -i -C --mount-proc sh -c "sleep ${TAG}1 & exec sleep ${TAG}0" </dev/null >/dev/null 2>&1 &
STARTED="$!"
INIT=$(wait_cmdline "sleep ${TAG}0")
if [ -z "$INIT" ]; then
	t_fail "target namespace started" "no 'sleep ${TAG}0' after 5 s"
	t_done
	exit
fi
STARTED="$INIT $STARTED"
wait_cmdline "sleep ${TAG}1" >/dev/null

# Run the same nsenter arguments with both; "$ours" and "$theirs" get stdout,
# "$ours_rc" and "$theirs_rc" the statuses.
both() {
	ours=$($NSH -c "nsenter $1" 2>/dev/null); ours_rc=$?
	theirs=$(sh -c "$UL $1" 2>/dev/null); theirs_rc=$?
}
same() { # name, nsenter arguments
	both "$2"
	t_eq "$1: same status as util-linux ($theirs_rc)" "$theirs_rc" "$ours_rc"
	t_eq "$1: same output as util-linux" "$theirs" "$ours"
}

links="readlink /proc/self/ns/mnt /proc/self/ns/pid /proc/self/ns/user /proc/self/ns/uts /proc/self/ns/ipc /proc/self/ns/net /proc/self/ns/cgroup /proc/self/ns/time"
same "-a: namespace links" "-t $INIT -a $links"
same "-a: ps view (without ps itself)" "-t $INIT -a sh -c 'ps -eo pid,ppid,args | grep -v \" ps -eo \"'"
same "-a: IDs" "-t $INIT -a sh -c 'echo \$(id -u) \$(id -g) \$(id -G)'"
same "-a: working directory" "-t $INIT -a pwd"
same "-p -m: namespace links" "-t $INIT -p -m $links"
same "-U -p: links, IDs" "-t $INIT -U -p sh -c '$links; id -u'"
same "-U --preserve-credentials: IDs" "-t $INIT -U --preserve-credentials id -u"
same "-u -S 5 -G 6" "-t $INIT -u -S 5 -G 6 sh -c 'echo \$(id -u) \$(id -g)'"
same "-F -p: the command stays outside" "-F -t $INIT -p readlink /proc/self/ns/pid /proc/self/ns/pid_for_children"
same "=FILE forms" "--pid=/proc/$INIT/ns/pid --mount=/proc/$INIT/ns/mnt --uts=/proc/$INIT/ns/uts $links"
same "-pFILE -mFILE" "-p/proc/$INIT/ns/pid -m/proc/$INIT/ns/mnt readlink /proc/self/ns/pid"
same "--wd=DIR" "-t $INIT -m --wd=$WORK pwd"
same "-w" "-t $INIT -u -w pwd"
same "-r keeps the working directory" "-t $INIT -r pwd"
same "exit status through the PID namespace" "-t $INIT -a sh -c 'exit 7'"
same "exit status without a fork" "-t $INIT -u sh -c 'exit 9'"
same "a signal: 128+SIGTERM" "-t $INIT -a sh -c 'kill -TERM \$\$'"
same "a signal: 128+SIGKILL" "-t $INIT -p -m sh -c 'kill -KILL \$\$'"
same "missing command: 127" "-t $INIT -a no-such-command-$TAG"
printf 'echo x\n' >"$WORK/notexec"
same "not executable: 126" "-t $INIT -u $WORK/notexec"
sh -c 'exit 0' &
GONE=$!
wait $GONE
same "a gone PID: 1" "-t $GONE -a true"
same "setns into our own user namespace: 1" "-t $$ -U true"
same "a file that is not a namespace: 1" "--pid=/etc/hostname true"

kill -KILL "$INIT"
wait
STARTED=
t_eq "no stray process of this test" "" "$(pgrep -f "sleep ${TAG}")"
t_done
