#!/bin/sh
# nsh's unshare against util-linux's /usr/bin/unshare on the same command
# lines: the exit status and what the command sees (its stdout) must agree.
# Known, deliberate differences are checked as such at the end.
. "$(dirname "$0")/../lib.sh"

UL=$(command -v unshare)
if [ -z "$UL" ] || ! "$UL" --version 2>/dev/null | grep -q util-linux; then
	t_skip "compare with util-linux" "util-linux unshare is not installed"
	t_done
	exit
fi
if [ "$(id -u)" != 0 ]; then
	t_skip "compare with util-linux" "needs root (and setpriv for the unprivileged half)"
	t_done
	exit
fi
trap t_cleanup_nobody EXIT
cd /tmp || exit 1

# same NAME ARGS: run `unshare ARGS` in nsh and in util-linux, compare status and stdout.
same() {
	name=$1
	shift
	ours=$("$NSH" -c "unshare $*" 2>/dev/null)
	ours_rc=$?
	theirs=$(eval "$UL $*" 2>/dev/null)
	theirs_rc=$?
	t_eq "$name: same exit status" "$theirs_rc" "$ours_rc"
	t_eq "$name: same output" "$theirs" "$ours"
}
# same_nobody NAME ARGS: the same as uid 65534.
same_nobody() {
	name=$1
	shift
	ours=$(nsh_as_nobody -c "unshare $*" 2>/dev/null)
	ours_rc=$?
	theirs=$(setpriv --reuid=65534 --regid=65534 --clear-groups -- sh -c "$UL $*" 2>/dev/null)
	theirs_rc=$?
	t_eq "$name (nobody): same exit status" "$theirs_rc" "$ours_rc"
	t_eq "$name (nobody): same output" "$theirs" "$ours"
}

same "-fp --mount-proc ps" "-fp --mount-proc ps -eo pid,ppid,comm"
same "--fork --pid --mount-proc readlink /proc/self" "--fork --pid --mount-proc readlink /proc/self"
same "long forms" "--fork --user --map-root-user --pid --mount sh -c 'id -u; id -g; echo \$\$; cat /proc/self/setgroups'"
same "-r maps" "-r cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups"
same "-c" "-c sh -c 'id -u; id -g'"
same "-U alone (unmapped ids)" "-U sh -c 'id -u; id -g; cat /proc/self/uid_map'"
same "--map-user/--map-group" "--map-user=1234 --map-group=4321 sh -c 'id -u; id -g; cat /proc/self/setgroups'"
same "--map-user=NAME" "--map-user=daemon id -un"
same "exit 3 with -f" "-fp sh -c 'exit 3'"
same "exit 4 without -f" "-p sh -c 'exit 4'"
same "SIGTERM with -f" "-f sh -c 'kill -TERM \$\$'"
same "SIGTERM without -f" "sh -c 'kill -TERM \$\$'"
same "PID 1 ignores SIGTERM" "-fp sh -c 'kill -TERM \$\$; exit 6'"
same "missing command" "/nonexistent/command"
same "not executable" "/etc/passwd"
same "-p without -f: the second fork fails" "-p sh -c '/bin/true; /bin/true; echo after'"
same "-u hostname" "-u sh -c 'hostname nsh-compare; hostname'"
same "-w" "-w /usr pwd"
same "-R -w" "-R / -w /etc pwd"
same "-R missing dir" "-R /nonexistent true"
same "--kill-child" "--kill-child -p sh -c 'echo \$\$'"
same "--mount-proc=DIR" "-fp --mount-proc=/proc readlink /proc/self"
same "--propagation unchanged" "-m --propagation unchanged true"
same "-S in a user namespace" "-r -S 0 id"
same "-T --boottime" "-fT --boottime 100000 sh -c 'test \$(cut -d. -f1 /proc/uptime) -gt 99999 && echo ok'"
same "--keep-caps" "-U --keep-caps grep -E '^Cap(Inh|Eff|Amb)' /proc/self/status"
same "-U without --keep-caps: no capabilities after exec" "-U grep -E '^Cap(Eff|Amb)' /proc/self/status"
same "-n: only lo" "-n sh -c 'ls /sys/class/net'"

same_nobody "-Urpf --mount-proc ps" "-Urpf --mount-proc ps -eo pid,ppid,user,comm"
same_nobody "-p without privilege" "-p true"
same_nobody "-Ur --mount-proc without -p" "-Ur --mount-proc true"
same_nobody "-Urm mount -t proc" "-Urm sh -c 'mount -t proc proc /proc 2>/dev/null; echo \$?'"
same_nobody "-r maps" "-r cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups"
same_nobody "--map-user=0 alone" "--map-user=0 sh -c 'id -u; cat /proc/self/setgroups'"
same_nobody "--keep-caps" "-U --keep-caps grep -E '^Cap(Inh|Eff|Amb)' /proc/self/status"
same_nobody "-Urp, a command and its children" "-Urp sh -c '/bin/echo one; /bin/echo two'"

# Deliberate differences (documented in unshare --help and the report):
"$NSH" -c 'unshare --bogus true' 2>/dev/null
t_eq "unknown option: nsh says 2 (usage), util-linux 1" 2 $?
"$UL" --bogus true 2>/dev/null
t_eq "unknown option: util-linux says 1" 1 $?
"$NSH" -c 'unshare -m --propagation bogus true' 2>/dev/null
t_eq "bad option argument: nsh says 2 (usage), util-linux 1" 2 $?
out=$("$NSH" -c 'unshare -r -G 0 id -g' 2>&1)
t_eq "-G with setgroups denied: nsh keeps going (groups cannot be dropped), util-linux 2.38 fails" 0 "$out"
"$NSH" -c "unshare -f sh -c 'kill -KILL \$\$'" 2>/dev/null
t_eq "SIGKILL with -f: nsh passes 128+9 on (util-linux fails to re-raise SIGKILL)" 137 $?

t_done
