#!/bin/sh
# unshare as root on the real kernel: PID 1 and a clean /proc, nested PID
# namespaces, the long option forms, status pass-on, mount propagation,
# --kill-child, the maps of -r, usage errors.  (Unprivileged: unshare-nobody.sh;
# the 32-level limit: unshare-nesting.sh; against util-linux: unshare-util-linux.sh.)
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	t_skip "unshare as root" "these tests need root (CI runs them as root)"
	t_done
	exit
fi
WORK=$(mktemp -d /tmp/nsh-unshare.XXXXXX)
cleanup() {
	for m in "$WORK/shared/in" "$WORK/shared"; do mountpoint -q "$m" 2>/dev/null && umount -l "$m"; done
	rm -rf "$WORK"
}
trap cleanup EXIT

# Wait (up to 5 s) until process $1 is gone or a zombie; 0 if it went.
wait_gone() {
	i=0
	while [ $i -lt 100 ]; do
		st=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
		case "$st" in Z*) return 0 ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# Wait (up to 5 s) until process $1 has a child; prints its PID.
wait_child() {
	i=0
	while [ $i -lt 100 ]; do
		c=$(pgrep -P "$1" | head -n 1)
		[ -n "$c" ] && { echo "$c"; return 0; }
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# --- PID 1 and a /proc of its own --------------------------------------------
out=$("$NSH" -c 'unshare -fp --mount-proc ps -eo pid,comm' 2>&1)
t_match "unshare -fp --mount-proc: ps is PID 1" '^ +1 ps$' "$out"
t_eq "unshare -fp --mount-proc: ps sees only itself" 2 "$(printf '%s\n' "$out" | wc -l)"
out=$("$NSH" -c 'unshare --fork --pid --mount-proc readlink /proc/self' 2>&1)
t_eq "long forms: readlink /proc/self is 1 (the unshare(1) example)" 1 "$out"
mkdir "$WORK/p"
out=$("$NSH" -c "unshare -fp --mount-proc=$WORK/p sh -c 'readlink $WORK/p/self; readlink /proc/self'" 2>&1)
t_match "--mount-proc=DIR mounts there, /proc stays the host's" '^1
[0-9]{2,}$' "$out"
t_ok "--mount-proc=DIR: nothing left mounted outside" sh -c "! mountpoint -q $WORK/p"

# --- nested PID namespaces: NSpid has one PID per level ----------------------
out=$("$NSH" -c "unshare -fp $NSH -c 'unshare -fp grep NSpid /proc/self/status'" 2>&1)
t_match "nested unshare -fp: three NSpid fields, the last 1" '^NSpid:[[:space:]]+[0-9]+[[:space:]]+[0-9]+[[:space:]]+1$' "$out"

# --- without -f: only the children go in ------------------------------------
out=$("$NSH" -c 'unshare -p sh -c "echo \$\$; /bin/echo child; /bin/echo second"' 2>&1)
t_match "-p without -f: the command itself stays outside (its \$\$ is a host PID)" '^[0-9]{2,}$' "$(printf '%s\n' "$out" | head -n 1)"
t_match "-p without -f: the first child runs, as PID 1" 'child' "$out"
t_match "-p without -f: the second fork fails (ENOMEM: sh says 'Cannot fork')" 'Cannot (fork|allocate memory)' "$out"
out=$("$NSH" -c 'unshare -p sh -c "sleep 5 & readlink /proc/\$\$/ns/pid /proc/\$\$/ns/pid_for_children; kill \$!"' 2>&1)
t_eq "-p without -f: pid and pid_for_children of the caller differ" 2 "$(printf '%s\n' "$out" | grep -c '^pid:')"
t_ok "-p without -f: ... and differ" test "$(printf '%s\n' "$out" | sort -u | wc -l)" = 2

# --- kill-ancestor: a namespace cannot signal its ancestors -------------------
out=$("$NSH" -c "unshare -fp $NSH -c 'kill -9 $$'" 2>&1)
t_match "kill-ancestor: kill of an outer PID fails: No such process" 'No such process' "$out"
t_match "kill-ancestor: the hint explains one-way visibility" '^hint: .*cannot see or' "$out"
t_match "kill-ancestor: the hint sees the contaminated /proc" '^hint: here: /proc says this shell is [0-9]+, getpid\(\) says 1' "$out"
out=$("$NSH" -c "unshare -fp --mount-proc $NSH -c 'kill -9 $$'" 2>&1)
t_nomatch "kill-ancestor with a /proc of its own: no contaminated-/proc line" '^hint: here: /proc says' "$out"

# --- the long option forms of the article ------------------------------------
out=$("$NSH" -c 'unshare --fork --user --map-root-user --pid --mount /bin/sh -c "id -u; echo \$\$; cat /proc/self/setgroups"' 2>&1)
t_eq "unshare --fork --user --map-root-user --pid --mount" "0
1
deny" "$out"
out=$("$NSH" -c 'unshare -r cat /proc/self/uid_map /proc/self/gid_map' 2>&1 | tr -s ' ' | sed 's/^ //')
t_eq "-r as root: maps 0 0 1" "0 0 1
0 0 1" "$out"
out=$("$NSH" -c 'unshare -U --map-user=1234 --map-group=4321 id -u' 2>&1; "$NSH" -c 'unshare -U --map-user=1234 --map-group=4321 id -g' 2>&1)
t_eq "--map-user / --map-group" "1234
4321" "$out"
out=$("$NSH" -c 'unshare -U --map-user=daemon id -un' 2>&1)
t_eq "--map-user=NAME" daemon "$out"

# --- other namespace types --------------------------------------------------
out=$("$NSH" -c 'unshare -u sh -c "hostname nsh-test-host; hostname"' 2>&1)
t_eq "-u: hostname set inside" nsh-test-host "$out"
t_nomatch "-u: the host's hostname is unchanged" '^nsh-test-host$' "$(hostname)"
for t in mnt uts ipc net pid cgroup time user; do
	case $t in mnt) o=-m ;; uts) o=-u ;; ipc) o=-i ;; net) o=-n ;; pid) o=-p ;; cgroup) o=-C ;; time) o=-T ;; user) o=-U ;; esac
	[ $t = pid ] || [ $t = time ] && l=${t}_for_children || l=$t
	inside=$("$NSH" -c "unshare $o readlink /proc/self/ns/$l" 2>&1)
	t_ok "$o makes a new $t namespace" test "$inside" != "$(readlink /proc/self/ns/$l)"
done
out=$("$NSH" -c 'unshare -fpT --boottime=86400 cat /proc/uptime' 2>&1)
t_ok "--boottime moves CLOCK_BOOTTIME in the new time namespace" awk -v up="${out%% *}" -v host="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { exit !(up - host > 86000) }'

# --- root and working directory ---------------------------------------------
out=$("$NSH" -c "unshare -w /tmp pwd" 2>&1)
t_eq "-w DIR" /tmp "$out"
out=$("$NSH" -c "unshare -R / -w /usr pwd" 2>&1)
t_eq "-R DIR -w DIR" /usr "$out"
out=$("$NSH" -c "unshare -R /nonexistent true" 2>&1)
t_match "-R to a missing directory: the error names chroot" 'nsh: unshare: chroot /nonexistent: No such file or directory' "$out"

# --- the status is passed on ------------------------------------------------
"$NSH" -c 'unshare -fp sh -c "exit 3"'
t_eq "exit status 3 passed on (with -f)" 3 $?
"$NSH" -c 'unshare sh -c "exit 4"'
t_eq "exit status 4 passed on (without -f)" 4 $?
"$NSH" -c 'unshare -f sh -c "kill -TERM \$\$"' 2>/dev/null
t_eq "child killed by SIGTERM: 128+15 (with -f, unshare dies of the same signal)" 143 $?
"$NSH" -c 'unshare -f sh -c "kill -KILL \$\$"' 2>/dev/null
t_eq "child killed by SIGKILL: 137" 137 $?
"$NSH" -c 'unshare -fp sh -c "kill -TERM \$\$; exit 5"' 2>/dev/null
t_eq "PID 1 ignores SIGTERM from inside (no handler): exit 5" 5 $?
"$NSH" -c 'unshare /nonexistent/cmd' 2>/dev/null
t_eq "missing command: 127" 127 $?

# --- propagation --------------------------------------------------------------
mkdir -p "$WORK/shared"
mount --bind "$WORK/shared" "$WORK/shared" && mount --make-shared "$WORK/shared" && mkdir "$WORK/shared/in"
"$NSH" -c "unshare -m sh -c 'mount -t tmpfs nsh-test $WORK/shared/in && mountpoint -q $WORK/shared/in'"
t_eq "a mount inside unshare -m works" 0 $?
t_ok "--propagation private (default): the mount does not appear outside" sh -c "! mountpoint -q $WORK/shared/in"
"$NSH" -c "unshare -m --propagation private sh -c 'mount -t tmpfs nsh-test $WORK/shared/in'"
t_ok "--propagation private (explicit): nothing outside" sh -c "! mountpoint -q $WORK/shared/in"
"$NSH" -c "unshare -m --propagation unchanged sh -c 'mount -t tmpfs nsh-test $WORK/shared/in'"
t_ok "--propagation unchanged: the mount does propagate out (so the test can fail)" mountpoint -q "$WORK/shared/in"
umount "$WORK/shared/in" 2>/dev/null
"$NSH" -c "unshare -m --propagation slave sh -c 'mount -t tmpfs nsh-test $WORK/shared/in'"
t_ok "--propagation slave: nothing outside" sh -c "! mountpoint -q $WORK/shared/in"
out=$("$NSH" -c "unshare -m --propagation slave grep ' $WORK/shared ' /proc/self/mountinfo" 2>&1)
t_match "--propagation slave: a shared mount is a slave inside" 'master:[0-9]+ ' "$out"
out=$("$NSH" -c "unshare -m grep ' $WORK/shared ' /proc/self/mountinfo" 2>&1)
t_nomatch "--propagation private: neither shared nor slave inside" 'shared:|master:' "$out"

# --- --kill-child ---------------------------------------------------------------
"$NSH" -c 'unshare --kill-child -fp sleep 1000' &
nsh_pid=$!
c=$(wait_child "$nsh_pid") && g=$(wait_child "$c")
if [ -n "$g" ]; then
	kill -9 "$c"
	if wait_gone "$g"; then t_pass "--kill-child: the child dies when unshare is killed"; else
		t_fail "--kill-child: the child dies when unshare is killed" "pid $g still there"; kill -9 "$g"; fi
else
	t_fail "--kill-child: could not find the processes" "nsh=$nsh_pid c=$c"
fi
wait "$nsh_pid" 2>/dev/null
t_eq "--kill-child: nsh reports unshare killed (137)" 137 $?

"$NSH" -c 'unshare -fp sleep 1000' &
nsh_pid=$!
c=$(wait_child "$nsh_pid") && g=$(wait_child "$c")
if [ -n "$g" ]; then
	kill -9 "$c"
	if wait_gone "$g"; then t_fail "without --kill-child the child outlives unshare" "it died"; else
		t_pass "without --kill-child the child outlives unshare (so the test above can fail)"; kill -9 "$g"; fi
else
	t_fail "without --kill-child: could not find the processes" "nsh=$nsh_pid c=$c"
fi
wait "$nsh_pid" 2>/dev/null

"$NSH" -c 'unshare --kill-child=SIGTERM -f sh -c "trap \"echo got-term; exit 7\" TERM; echo ready; while :; do sleep 0.05; done"' >"$WORK/kc.out" &
nsh_pid=$!
c=$(wait_child "$nsh_pid") && g=$(wait_child "$c")
i=0; while [ $i -lt 100 ] && ! grep -q ready "$WORK/kc.out"; do sleep 0.05; i=$((i + 1)); done
kill -9 "$c"
wait_gone "$g" || kill -9 "$g"
wait "$nsh_pid" 2>/dev/null
t_match "--kill-child=SIGTERM: the child gets SIGTERM" got-term "$(cat "$WORK/kc.out")"

# --- persistent namespaces (--TYPE=FILE) -------------------------------------
mkdir "$WORK/ns" && mount --bind "$WORK/ns" "$WORK/ns" && mount --make-private "$WORK/ns"
"$NSH" -c "unshare --uts=$WORK/ns/uts sh -c 'hostname nsh-persist'"
t_eq "--uts=FILE: unshare succeeds" 0 $?
t_eq "--uts=FILE: the namespace lives on, nsenter finds the hostname" nsh-persist \
	"$(nsenter --uts="$WORK/ns/uts" hostname 2>&1)"
umount "$WORK/ns/uts" 2>/dev/null
"$NSH" -c "unshare --pid=$WORK/ns/pid --fork sleep 1000" &
nsh_pid=$!
c=$(wait_child "$nsh_pid") && g=$(wait_child "$c")
i=0; while [ $i -lt 100 ] && ! mountpoint -q "$WORK/ns/pid"; do sleep 0.05; i=$((i + 1)); done
t_eq "--pid=FILE --fork: entering through FILE gives PID 2 (the command is 1)" 2 \
	"$(nsenter --pid="$WORK/ns/pid" sh -c 'echo $$' 2>&1)"
kill -9 "$g" 2>/dev/null
wait "$nsh_pid" 2>/dev/null
umount "$WORK/ns/pid" 2>/dev/null
out=$("$NSH" -c "unshare --pid=$WORK/ns/pid true" 2>&1)
t_eq "--pid=FILE without --fork: usage error" 2 $?
umount "$WORK/ns" 2>/dev/null

# --- nested nsh when there is no command ------------------------------------------
out=$(echo 'readlink /proc/self/ns/uts' | "$NSH" -c 'unshare -u' 2>&1)
t_ok "no command: a nested nsh runs the next commands in the new namespace" test "$out" != "$(readlink /proc/self/ns/uts)"
out=$(echo 'echo from-sh $0' | NSH_UNSHARE_SHELL=/bin/sh "$NSH" -c 'unshare -u' 2>&1)
t_eq "NSH_UNSHARE_SHELL names the program started instead" "from-sh /bin/sh" "$out"

# --trace names the file that is run: the shell's PATH search (a directory
# named like the command, earlier on PATH, is not it)
mkdir -p "$WORK/pathdir/true"
out=$(PATH="$WORK/pathdir:/usr/bin:/bin" "$NSH" -c 'unshare --trace -u true' 2>&1)
t_match "--trace: the execve line names the program run, not a directory on PATH" 'execve\("/usr/bin/true", \.\.\.\)' "$out"

# --- usage errors: status 2, nothing started --------------------------------------
before=$(pgrep -c -P $$)
out=$("$NSH" -c 'unshare --frok true' 2>&1)
t_eq "unknown long option: status 2" 2 $?
t_match "unknown long option: named" "nsh: unshare: unrecognized option '--frok'" "$out"
t_match "usage follows" '^usage: unshare' "$out"
"$NSH" -c 'unshare -x true' 2>/dev/null
t_eq "unknown short option: status 2" 2 $?
out=$("$NSH" -c 'unshare --propagation sideways true' 2>&1)
t_match "bad --propagation: explained, status 2" "^nsh: unshare: --propagation=sideways: not a propagation: say private, shared, slave or unchanged\$" "$out"
"$NSH" -c 'unshare --setgroups maybe true' 2>/dev/null
t_eq "bad --setgroups: status 2" 2 $?
"$NSH" -c 'unshare -r --setgroups allow true' 2>/dev/null
t_eq "--setgroups allow with a gid map: refused as util-linux does" 2 $?
"$NSH" -c 'unshare --kill-child=NOSUCHSIG true' 2>/dev/null
t_eq "bad --kill-child signal: status 2" 2 $?
"$NSH" -c 'unshare -w' 2>/dev/null
t_eq "missing argument: status 2" 2 $?
out=$("$NSH" -c 'unshare --map-user' 2>&1)
t_match "missing argument of a long option: named as typed" "^nsh: unshare: option '--map-user' requires an argument\$" "$out"
out=$("$NSH" -c 'unshare --fork=yes true' 2>&1)
t_match "an argument to a long option that takes none: said so" "^nsh: unshare: option '--fork' takes no argument\$" "$out"
t_eq "no process left behind by the usage errors" "$before" "$(pgrep -c -P $$)"
out=$("$NSH" -c 'unshare --help' 2>&1)
t_match "--help lists the options and NSH_UNSHARE_SHELL" 'NSH_UNSHARE_SHELL' "$out"
t_match "--help: --kill-child" '--kill-child\[=SIGNAL\]' "$out"
# --help lists -V and --version: both print the same line, status 0.
out=$("$NSH" -c 'unshare --version' 2>&1)
t_eq "--version: status 0" 0 $?
t_eq "--version prints what -V prints" "$("$NSH" -c 'unshare -V' 2>&1)" "$out"
t_match "--version names the builtin and a version" '^unshare \(nsh builtin\) [0-9]+\.[0-9]+' "$out"
out=$("$NSH" -c 'unshare -f sh -c "echo \$1" arg0 --fork' 2>&1)
t_eq "options stop at the command: its own flags are kept" "--fork" "$out"


# Every option that takes a value, given none: named, with the usage, status 2.
for o in --map-user --map-group --setgroups --propagation --root --wd --setuid --setgid --monotonic --boottime; do
	out=$("$NSH" -c "unshare $o" 2>&1); rc=$?
	t_eq "$o without a value: status 2" "2" "$rc"
	t_match "$o without a value: names the option, then the usage" "^nsh: unshare: option '$o' requires an argument
usage: unshare " "$out"
done
for o in R w S G; do
	out=$("$NSH" -c "unshare -$o" 2>&1); rc=$?
	t_eq "-$o without a value: status 2" "2" "$rc"
	t_match "-$o without a value: names the option, then the usage" "^nsh: unshare: option requires an argument -- '$o'
usage: unshare " "$out"
done


# A signal to a background job reaches its command: `kill %1` or `kill $!`
# of `unshare ... CMD &` ends CMD too, and nothing is left behind (with
# util-linux, unshare -f ignores SIGTERM and the command runs on; the
# init of a new PID namespace, immune to an uncaught SIGTERM from outside,
# is killed).  The job's status is that of SIGTERM.
KT=7$$
sleeps_left() {
	i=0
	while [ $i -lt 60 ] && pgrep -f "sleep 60$KT" >/dev/null; do
		sleep 0.05
		i=$((i + 1))
	done
	left=$(pgrep -f "sleep 60$KT")
	[ -z "$left" ] || kill -KILL $left 2>/dev/null
	echo "$left"
}
for opts in "-mu" "-fmu" "-fmu --kill-child" "-fp" "-fp --mount-proc --kill-child"; do
	for k in '%1' '$!'; do
		out=$(timeout 5 "$NSH" -c "unshare $opts sleep 60$KT >/dev/null 2>&1 & sleep 0.2; kill $k; wait $k; echo st=\$?" 2>&1)
		t_match "unshare $opts CMD &, kill $k: the job ends of SIGTERM" "st=143" "$out"
		t_eq "unshare $opts CMD &, kill $k: CMD is gone" "" "$(sleeps_left)"
	done
done

t_done
