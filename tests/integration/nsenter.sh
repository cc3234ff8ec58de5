#!/bin/sh
# nsenter as root on the real kernel: the article's nsenter-all example (PID
# 1 is the namespace's init, the entered command has PPID 0), entering by
# =FILE, -F, -r/-w, -S/-G, status pass-on, --trace, a gone PID, usage
# errors, and no process left behind.  (Unprivileged: nsenter-nobody.sh;
# side by side with util-linux: nsenter-util-linux.sh.)
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	t_skip "nsenter as root" "these tests need root (CI runs them as root)"
	t_done
	exit
fi
WORK=$(mktemp -d /tmp/nsh-nsenter.XXXXXX)
TAG=8$$
STARTED=
cleanup() {
	for p in $STARTED; do kill -KILL "$p" 2>/dev/null; done
	wait
	rm -rf "$WORK"
}
trap cleanup EXIT

# Wait (up to 5 s) for the process whose whole command line is $1; prints its PID.
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
# Wait (up to 5 s) until no process has the command line $1.
wait_no_cmdline() {
	i=0
	while [ $i -lt 100 ]; do
		pgrep -x -f "$1" >/dev/null || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# ---- the article's namespace: unshare -Urfp --mount-proc, an init shell with
# a sleep in the background.  nsh's own unshare makes it.
$NSH -c "unshare -Urfp --mount-proc $NSH -c 'sleep ${TAG}1 & sleep ${TAG}0'" </dev/null >/dev/null 2>&1 &
STARTED="$STARTED $!"
BG=$(wait_cmdline "sleep ${TAG}1")
if [ -z "$BG" ]; then
	t_fail "namespace for the tests started" "no 'sleep ${TAG}1' after 5 s"
	t_done
	exit
fi
INIT=$(ps -o ppid= -p "$BG" | tr -d ' ')
STARTED="$INIT $STARTED"
t_eq "the init found is PID 1 of its namespace" "1" "$(awk '/^NSpid:/ {print $NF}' /proc/"$INIT"/status)"

# ---- nsenter-all: nsenter -t PID -a, then ps -ef
out=$($NSH -c "nsenter -t $INIT -a ps -eo pid,ppid,args" 2>&1)
t_eq "nsenter -a: status 0" "0" "$?"
t_eq "nsenter -a: ps lists PID 1 first" "1" "$(printf '%s\n' "$out" | awk 'NR == 2 {print $1}')"
t_match "nsenter -a: PID 1 is the init shell" "^ +1 +0 .*nsh -c sleep ${TAG}1 & sleep ${TAG}0|^ +1 +0 sleep ${TAG}0" "$out"
t_match "nsenter -a: the background sleep has a small PID, parent 1" "^ +[0-9] +1 sleep ${TAG}1$" "$out"
t_match "nsenter -a: the entered command has PPID 0 (its parent is outside)" "^ +[0-9]+ +0 ps -eo pid,ppid,args$" "$out"
# The host's view of the namespace: every process whose pid link is the init's.
in_ns=0
for d in /proc/[0-9]*; do
	[ "$(readlink "$d/ns/pid" 2>/dev/null)" = "$(readlink /proc/"$INIT"/ns/pid)" ] && in_ns=$((in_ns + 1))
done
t_eq "nsenter -a: only the namespace's processes (as many as the host counts there, and ps)" "$((in_ns + 1))" \
	"$(printf '%s\n' "$out" | awk 'NR > 1' | grep -c .)"
t_nomatch "nsenter -a: no host PID in the listing" "^ *$INIT " "$out"

out=$($NSH -c "nsenter -t $INIT -a sh -c 'readlink /proc/self/ns/pid /proc/self/ns/mnt /proc/self/ns/user; id -u'")
t_eq "nsenter -a: the command is in the target's pid, mnt and user namespaces, as uid 0" \
	"$(readlink /proc/"$INIT"/ns/pid /proc/"$INIT"/ns/mnt /proc/"$INIT"/ns/user; echo 0)" "$out"
t_eq "nsenter -a: namespaces the caller shares are left alone (net)" \
	"$(readlink /proc/self/ns/net)" "$($NSH -c "nsenter -t $INIT -a readlink /proc/self/ns/net")"
t_eq "nsenter -t \$\$ -a: nothing differs, the working directory is kept" "$WORK" \
	"$(cd "$WORK" && $NSH -c 'nsenter -t $$ -a pwd')"
t_eq "the long forms: --target --all" "1" \
	"$($NSH -c "nsenter --target $INIT --all ps -eo pid" | awk 'NR == 2 {print $1}')"

# ---- single namespaces, and by =FILE
t_eq "-p -m: PID namespace and its /proc" "1" \
	"$($NSH -c "nsenter -t $INIT -p -m ps -eo pid" | awk 'NR == 2 {print $1}')"
t_match "-p without -m: the old /proc still shows the host's PIDs (proc-contaminated)" "^NSpid:[[:space:]]+$INIT[[:space:]]+1$" \
	"$($NSH -c "nsenter -t $INIT -p cat /proc/$INIT/status")"
out=$($NSH -c "nsenter --pid=/proc/$INIT/ns/pid --mount=/proc/$INIT/ns/mnt ps -eo pid,ppid,args")
t_eq "--pid=FILE --mount=FILE: PID 1 first" "1" "$(printf '%s\n' "$out" | awk 'NR == 2 {print $1}')"
t_match "--pid=FILE --mount=FILE: the background sleep is there" "sleep ${TAG}1" "$out"
t_eq "-pFILE -mFILE (short forms with an attached file)" "1" \
	"$($NSH -c "nsenter -p/proc/$INIT/ns/pid -m/proc/$INIT/ns/mnt ps -eo pid" | awk 'NR == 2 {print $1}')"
t_eq "--all with --mount=FILE: the file wins for that namespace" "$(readlink /proc/self/ns/mnt)" \
	"$($NSH -c "nsenter -t $INIT --all --mount=/proc/self/ns/mnt readlink /proc/self/ns/mnt")"
out=$($NSH -c "nsenter --pid=/etc/hostname true" 2>&1); rc=$?
t_eq "--pid=FILE that is not a namespace: status 1" "1" "$rc"
t_match "--pid=FILE that is not a namespace: said so" "nsenter: --pid=/etc/hostname: not a namespace file" "$out"
out=$($NSH -c "nsenter --pid=/proc/$INIT/ns/mnt true" 2>&1); rc=$?
t_eq "--pid=FILE of another type: status 1" "1" "$rc"
t_match "--pid=FILE of another type: said so" "is a mnt namespace, not a pid namespace" "$out"
out=$($NSH -c "nsenter --net=$WORK/missing true" 2>&1); rc=$?
t_eq "--net=FILE missing: status 1" "1" "$rc"
t_match "--net=FILE missing: the path and strerror" "nsh: nsenter: open $WORK/missing: No such file or directory" "$out"

# ---- a "contaminated" /proc (unshare -fp without a new /proc): -t takes the
# PID as this PID namespace numbers it; /proc/PID would be another process
# (the host's), so --all must look the target up through its pidfd.
cat >"$WORK/contaminated.sh" <<EOF
$(command -v unshare) -u sleep ${TAG}5 &
t=\$!
i=0
while [ "\$(readlink /proc/self/ns/uts)" = "\$($NSH -c "nsenter -t \$t -u readlink /proc/self/ns/uts")" ] && [ \$i -lt 100 ]; do
	sleep 0.05; i=\$((i + 1))
done
$NSH -c "nsenter -t \$t -a readlink /proc/self/ns/uts"
kill \$t
wait
EOF
out=$($NSH -c "unshare -fp sh $WORK/contaminated.sh" 2>&1)
host_uts=$(readlink /proc/self/ns/uts)
t_ok "contaminated /proc: --all compares the target itself, not /proc/PID of the host" \
	test "$out" != "$host_uts"
t_match "contaminated /proc: --all entered the target's new UTS namespace" "^uts:\\[[0-9]+\\]$" "$out"

# ---- fork into the PID namespace, or not (-F)
t_eq "without -F the command itself is inside (pid ns of the target)" "$(readlink /proc/"$INIT"/ns/pid)" \
	"$($NSH -c "nsenter -t $INIT -p readlink /proc/self/ns/pid")"
t_eq "with -F the command stays outside; its children go inside" \
	"$(readlink /proc/self/ns/pid) $(readlink /proc/"$INIT"/ns/pid)" \
	"$($NSH -c "nsenter -F -t $INIT -p readlink /proc/self/ns/pid /proc/self/ns/pid_for_children" | tr '\n' ' ' | sed 's/ $//')"
# -F -a: user, PID and mount namespace without the fork.  The target's /proc
# (mounted in its mount namespace) has no /proc/self for a process outside its
# PID namespace, so the setgroups rule cannot read /proc/self/setgroups there.
out=$($NSH -c "nsenter -F -t $INIT -a id -u" 2>&1)
t_eq "-F -a into a user namespace with setgroups denied: runs (as util-linux), as uid 0" "0 0" "$? $out"
out=$($NSH -c "nsenter -t $INIT -U -m id -u" 2>&1)
t_eq "-U -m without -p (the same /proc without us): runs, as uid 0" "0 0" "$? $out"

# ---- root and working directory, credentials
mkdir "$WORK/wd"
t_eq "--wd=DIR" "$WORK/wd" "$($NSH -c "nsenter -t $INIT -u --wd=$WORK/wd pwd")"
t_eq "-w (the target's working directory)" "$(readlink /proc/"$INIT"/cwd)" \
	"$(cd / && $NSH -c "nsenter -t $INIT -u -w pwd")"
t_eq "-m alone: the working directory becomes the namespace's root" "/" \
	"$(cd "$WORK" && $NSH -c "nsenter -t $INIT -m pwd")"
t_eq "-r (the target's root) keeps the working directory" "$WORK" \
	"$(cd "$WORK" && $NSH -c "nsenter -t $INIT -r pwd")"
t_eq "-S/-G in the entered user namespace" "0 0" "$($NSH -c "nsenter -t $INIT -U -S 0 -G 0 sh -c 'echo \$(id -u) \$(id -g)'")"
t_eq "-S/-G without a user namespace (as util-linux)" "5 6" \
	"$($NSH -c "nsenter -t $INIT -u --setuid 5 --setgid 6 sh -c 'echo \$(id -u) \$(id -g)'")"
t_eq "--preserve-credentials: uid stays (root maps to 0 here anyway)" "0" \
	"$($NSH -c "nsenter -t $INIT -U --preserve-credentials id -u")"

# ---- status pass-on
$NSH -c "nsenter -t $INIT -a sh -c 'exit 7'"
t_eq "exit status passed on through the PID namespace fork" "7" "$?"
out=$($NSH -c "nsenter -t $INIT -a sh -c 'kill -TERM \$\$'" 2>&1); rc=$?
t_eq "a signal passed on: 128+SIGTERM" "143" "$rc"
t_eq "a signal passed on: reported as bash does" "Terminated" "$out"
$NSH -c "nsenter -t $INIT -u sh -c 'exit 9'"
t_eq "exit status without a fork (no PID namespace)" "9" "$?"
out=$($NSH -c "nsenter -t $INIT -a no-such-command-$TAG" 2>&1); rc=$?
t_eq "a missing command: 127" "127" "$rc"
t_match "a missing command: named" "no-such-command-$TAG" "$out"
t_eq "nsenter in a pipeline, and \$? after" "1 ok" \
	"$($NSH -c "nsenter -t $INIT -p -m ps -eo pid | awk 'NR == 2 {printf \"%s \", \$1}'; nsenter -t $INIT -a true && echo ok")"

# ---- without a command: a nested nsh inside
out=$(printf 'echo inside $$\nps -eo pid= | head -n 1\necho ppid\nps -o ppid= -p $$\nexit 4\n' | $NSH -c "nsenter -t $INIT -a"); rc=$?
t_match "no command: a nested nsh runs inside (\$\$ as the namespace numbers it)" "^inside [0-9]{1,3}$" "$out"
t_match "no command: the nested nsh sees PID 1" "^ *1$" "$out"
t_eq "no command: the nested nsh has PPID 0 (the article's entered shell)" "0" \
	"$(printf '%s\n' "$out" | sed -n '/^ppid$/{n;p;}' | tr -d ' ')"
t_eq "no command: the nested shell's exit status is passed on" "4" "$rc"

# A target whose mount namespace hides the nsh binary (a tmpfs over its
# directory): the nested nsh still starts, from the binary opened outside.
NSH_DIR=$(dirname "$NSH")
unshare -m sh -c "mount -t tmpfs hide $NSH_DIR && exec sleep ${TAG}6" </dev/null >/dev/null 2>&1 &
STARTED="$STARTED $!"
HIDDEN=$(wait_cmdline "sleep ${TAG}6")
out=$(printf 'echo nested ok\nls %s | wc -l\n' "$NSH_DIR" | $NSH -c "nsenter -t $HIDDEN -m" 2>&1); rc=$?
t_eq "no command, nsh not at its path inside: the nested nsh runs anyway" "nested ok
0" "$out"
t_eq "... status 0" "0" "$rc"
kill -KILL "$HIDDEN"
out=$(echo 'echo $0' | NSH_UNSHARE_SHELL=/bin/sh $NSH -c "nsenter -t $INIT -a")
t_eq "no command, NSH_UNSHARE_SHELL names the program (as for unshare)" "/bin/sh" "$out"

# ---- --trace: this command only
out=$($NSH -c "nsenter --trace -t $INIT -a true; nsenter -t $INIT -a true" 2>&1)
t_match "--trace shows pidfd_open" "pidfd_open\\($INIT, 0\\) = [0-9]+" "$out"
t_match "--trace shows one setns with every flag" "setns\\([0-9]+<[^>]*>, CLONE_NEW.*\\) = 0" "$out"
t_match "--trace shows the fork into the entered namespace" "fork\\(\\) = [0-9]+ +\\(PID [0-9]+ in the entered PID namespace\\)" "$out"
t_eq "--trace: only for that command" "1" "$(printf '%s\n' "$out" | grep -c 'pidfd_open(')"

# ---- errors
sh -c 'exit 0' &
GONE=$!
wait $GONE
out=$($NSH -c "nsenter -t $GONE -a true" 2>&1); rc=$?
t_eq "a gone PID: status 1" "1" "$rc"
t_match "a gone PID: ESRCH, named" "^nsh: nsenter: pidfd_open $GONE: No such process$" "$out"
t_match "a gone PID: a hint follows" "^hint: " "$out"
out=$(NSH_HINTS=0 $NSH -c "nsenter -t $GONE -a true" 2>&1)
t_eq "NSH_HINTS=0: the error line alone" "nsh: nsenter: pidfd_open $GONE: No such process" "$out"
out=$($NSH -c "nsenter true" 2>&1); rc=$?
t_eq "no namespace: status 2" "2" "$rc"
t_match "no namespace: said so" "^nsh: nsenter: no namespace specified: use -a or a namespace option$" "$out"
out=$($NSH -c "nsenter -a true" 2>&1); rc=$?
t_eq "--all without a target: status 2" "2" "$rc"
t_match "--all without a target: said so" "nsh: nsenter: --all: whose namespaces\\? give -t PID" "$out"
out=$($NSH -c "nsenter -m true" 2>&1); rc=$?
t_eq "-m without a target or file: status 2" "2" "$rc"
t_match "-m without a target or file: said so" "--mount needs a target" "$out"
out=$($NSH -c "nsenter --frok -t 1 true" 2>&1); rc=$?
t_eq "unknown option: status 2" "2" "$rc"
t_match "unknown option: said so, with the usage" "nsh: nsenter: unrecognized option '--frok'" "$out"
t_match "unknown option: usage line" "^usage: nsenter " "$out"
out=$($NSH -c "nsenter -t" 2>&1); rc=$?
t_eq "-t without PID: status 2" "2" "$rc"
out=$($NSH -c "nsenter -t abc -a true" 2>&1); rc=$?
t_eq "-t abc: status 2" "2" "$rc"
t_match "-t abc: said so" "nsh: nsenter: -t abc: not a PID" "$out"
t_match "--help" "^usage: nsenter" "$($NSH -c 'nsenter --help')"
t_match "--help lists the options" "--preserve-credentials" "$($NSH -c 'nsenter --help')"
t_match "-h" "^usage: nsenter" "$($NSH -c 'nsenter -h')"
t_eq "options stop at the command: its -a is its own" "-a x" \
	"$($NSH -c "nsenter -t $INIT -u echo -a x")"
t_eq "the shell itself never entered anything" "$(readlink /proc/self/ns/mnt)" \
	"$($NSH -c "nsenter -t $INIT -a true; readlink /proc/self/ns/mnt")"

# ---- nothing left behind
kill -KILL "$INIT"
t_ok "the namespace's processes are gone after its init is killed" wait_no_cmdline "sleep ${TAG}1"
wait
STARTED=
t_eq "no stray process of this test" "" "$(pgrep -f "sleep ${TAG}" ; pgrep -f "nsenter -t $INIT")"

# Every option that takes a value, given none: named, with the usage, status 2.
for o in --target --setuid --setgid; do
	out=$("$NSH" -c "nsenter $o" 2>&1); rc=$?
	t_eq "$o without a value: status 2" "2" "$rc"
	t_match "$o without a value: names the option, then the usage" "^nsh: nsenter: option '$o' requires an argument
usage: nsenter " "$out"
done
for o in t S G; do
	out=$("$NSH" -c "nsenter -$o" 2>&1); rc=$?
	t_eq "-$o without a value: status 2" "2" "$rc"
	t_match "-$o without a value: names the option, then the usage" "^nsh: nsenter: option requires an argument -- '$o'
usage: nsenter " "$out"
done


# A signal to a background job reaches its command: `kill %1` or `kill $!`
# of `nsenter ... CMD &` ends CMD too (through the process that waits
# outside a PID namespace as well), and nothing is left behind.
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
unshare -fpmu --mount-proc --kill-child sleep 61$KT </dev/null >/dev/null 2>&1 &
KTARGET_OUTER=$!
STARTED="$STARTED $KTARGET_OUTER"
i=0
while [ $i -lt 100 ] && ! KTARGET=$(pgrep -x -f "sleep 61$KT"); do
	sleep 0.05
	i=$((i + 1))
done
for opts in "-m -u" "-p -m" "-p -m -F" "-a"; do
	for k in '%1' '$!'; do
		out=$(timeout 5 "$NSH" -c "nsenter -t $KTARGET $opts sleep 60$KT >/dev/null 2>&1 & sleep 0.2; kill $k; wait $k; echo st=\$?" 2>&1)
		t_match "nsenter $opts CMD &, kill $k: the job ends of SIGTERM" "st=143" "$out"
		t_eq "nsenter $opts CMD &, kill $k: CMD is gone" "" "$(sleeps_left)"
	done
done
kill -KILL "$KTARGET_OUTER" 2>/dev/null
wait "$KTARGET_OUTER" 2>/dev/null

t_done
