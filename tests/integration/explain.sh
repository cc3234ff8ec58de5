#!/bin/sh
# explain (issue 8): for each command line, explain's prediction is checked
# against what really happens when the command then runs: the system call
# lines it predicts (symbolic PIDs <nsh>, <child>, <pid1>... numbered in
# order of appearance) must be the lines the trace prints (PIDs normalised by
# tests/fixtures/trace/normalize.awk), and its "Outcome: ok|fails" line must
# match the real status and message.  As root and as nobody; the failing
# combinations of the lesson included (ENOMEM without -f, EPERM without -U,
# EPERM for mountproc after unshare -Urm, ENOSPC at the 33rd level...).
. "$(dirname "$0")/../lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
GOLD=$TOP/tests/fixtures/trace
if [ "$(id -u)" != 0 ]; then
	t_skip "explain" "needs root (and setpriv for the unprivileged half)"
	t_done
	exit
fi
WORK=$(mktemp -d /tmp/nsh-explain.XXXXXX)
chmod 755 "$WORK"
TAG=7$$
STARTED=
cleanup() {
	for p in $STARTED; do kill -KILL "$p" 2>/dev/null; done
	wait
	rm -rf "$WORK"
	t_cleanup_nobody
}
trap cleanup EXIT
cd /tmp || exit 1
export PATH=/usr/bin:/bin # the execve line names the path found on PATH
export NSH_HINTS=0
NOBODY_NSH=$(nsh_nobody_copy)

norm() { awk -f "$GOLD/normalize.awk"; }
# explain's <tags> become P1, P2... in order of first appearance, as
# normalize.awk numbers real PIDs.
tags() {
	awk '{
		line = $0; out = ""
		while (match(line, /<[a-z0-9]+>/)) {
			tag = substr(line, RSTART, RLENGTH)
			if (!(tag in seen)) { n++; seen[tag] = "P" n }
			out = out substr(line, 1, RSTART - 1) seen[tag]
			line = substr(line, RSTART + RLENGTH)
		}
		print out line
	}'
}
# Notes in parentheses after a call, and PIDs given as arguments, vary.
strip() { sed -e 's/  (.*)$//' -e 's/ (or -1 EINVAL.*$//' -e 's/pidfd_open([0-9]*/pidfd_open(N/' -e 's#/proc/P*[0-9]*/#/proc/N/#'; }
predicted_calls() { printf '%s\n' "$1" | sed -n 's/^  \(\[<[a-z0-9]*>\] \)/\1/p' | tags | norm | strip; }
real_calls() { norm | grep '^\[P' | strip; }
outcome() { printf '%s\n' "$1" | sed -n 's/^Outcome: \([a-z]*\):.*/\1/p'; }

# agree NAME WHO CMDLINE: explain CMDLINE, then run it traced (NSH_TRACE=1);
# the calls must agree.  Sets EXP (explain's output), OUT (the run's
# output, stdout and stderr, trace lines removed) and RC (its status).
agree() {
	if [ "$2" = nobody ]; then run=nsh_as_nobody; else run=$NSH; fi
	EXP=$($run -c "explain $3" 2>&1 </dev/null)
	all=$(export NSH_TRACE=1; $run -c "$3" 2>&1 </dev/null)
	RC=$?
	OUT=$(printf '%s\n' "$all" | grep -v '^\[[0-9]*\] ')
	t_eq "$1: the system calls explain predicts are the ones made" \
		"$(predicted_calls "$EXP")" "$(printf '%s\n' "$all" | real_calls)"
}

# ---- 1. the article's clean start, as root and unprivileged
agree "unshare -Urpf --mount-proc (root)" root 'unshare -Urpf --mount-proc true'
t_eq "unshare -Urpf --mount-proc (root): predicted ok, status 0" "ok 0" "$(outcome "$EXP") $RC"
agree "unshare -Urpf --mount-proc (nobody)" nobody 'unshare -Urpf --mount-proc true'
t_eq "unshare -Urpf --mount-proc (nobody): predicted ok, status 0" "ok 0" "$(outcome "$EXP") $RC"

# ---- 2. -fp: the command is PID 1
agree "unshare -fp --mount-proc" root "unshare -fp --mount-proc sh -c 'echo pid=\$\$'"
t_match "unshare -fp: explain says the command is PID 1" 'is PID 1 of the new PID namespace' "$EXP"
t_eq "unshare -fp: predicted ok, and the command saw PID 1" "ok pid=1" "$(outcome "$EXP") $OUT"

# ---- 3. -p without -f (root, with a command): the second fork fails
agree "unshare -p without -f" root "unshare -p sh -c '/bin/true; /bin/true; echo survived'"
t_eq "unshare -p without -f: predicted to fail" "fails" "$(outcome "$EXP")"
t_match "unshare -p without -f: explain names ENOMEM on the next fork" 'fork\(\) = -1 ENOMEM' "$EXP"
t_match "unshare -p without -f: and the second fork really fails" 'Cannot fork|Cannot allocate memory' "$OUT"

# ---- 4. unprivileged -Urp without -f and no command: the nested shell's
# first command is PID 1, every later one fails with ENOMEM
EXP=$(nsh_as_nobody -c 'explain unshare -Urp' 2>&1)
OUT=$(printf '/bin/true; /bin/true; echo after\n' | nsh_as_nobody -c 'unshare -Urp' 2>&1)
t_eq "unshare -Urp (nobody, no command): predicted to fail" "fails" "$(outcome "$EXP")"
t_match "unshare -Urp: explain says every command after the first fails" 'every command after it fails with fork: Cannot allocate memory' "$EXP"
t_match "unshare -Urp: the second command really fails with ENOMEM" '^nsh: fork: Cannot allocate memory$' "$OUT"
t_match "unshare -Urp: builtins still run" '^after$' "$OUT"

# ...and explain inside that shell, before and after its first child:
# first "PID 1 of the namespace", then fork() = -1 ENOMEM, as it happens.
mkdir "$WORK/dead" && chmod 777 "$WORK/dead"
printf '%s\n' "explain unshare -U true >$WORK/dead/1" /bin/true "explain unshare -U true >$WORK/dead/2" \
	'unshare -U true' | nsh_as_nobody -c 'unshare -Urp' >"$WORK/dead/out" 2>&1
t_match "inside unshare -Urp, before any child: the next child becomes PID 1" \
	'fork\(\) = <child>  \(PID 1 in the new PID namespace' "$(cat "$WORK/dead/1")"
t_eq "inside unshare -Urp, after the first child: predicted to fail" "fails" "$(outcome "$(cat "$WORK/dead/2")")"
t_match "inside unshare -Urp, after the first child: fork() = -1 ENOMEM predicted" \
	'^  \[<nsh>\] fork\(\) = -1 ENOMEM' "$(cat "$WORK/dead/2")"
t_match "inside unshare -Urp, after the first child: and unshare really fails so" \
	'^nsh: unshare: fork: Cannot allocate memory$' "$(cat "$WORK/dead/out")"

# ---- 5. unprivileged unshare -p without -U: EPERM
agree "unshare -p (nobody)" nobody 'unshare -p true'
t_eq "unshare -p (nobody): predicted to fail, status 1" "fails 1" "$(outcome "$EXP") $RC"
t_match "unshare -p (nobody): explain says add -U" 'add -U' "$EXP"
t_match "unshare -p (nobody): the real error" '^nsh: unshare: unshare: Operation not permitted$' "$OUT"

# ---- 6. unprivileged --mount-proc without a PID namespace: EPERM
agree "unshare -Urm --mount-proc (nobody)" nobody 'unshare -Urm --mount-proc true'
t_eq "unshare -Urm --mount-proc (nobody): predicted to fail, status 1" "fails 1" "$(outcome "$EXP") $RC"
t_match "unshare -Urm --mount-proc: the real error" '^nsh: unshare: mount proc /proc: Operation not permitted$' "$OUT"

# ---- 7. -r with --map-user: the later option wins, not root inside
agree "unshare -r --map-user=1000" root 'unshare -r --map-user=1000 id -u'
t_match "unshare -r --map-user: explain says uid 1000, not root" 'you are uid 1000, not root' "$EXP"
t_eq "unshare -r --map-user: the command really is uid 1000" "1000" "$OUT"
agree "unshare --map-user=1000 -r (nobody)" nobody 'unshare --map-user=1000 -r id -u'
t_eq "unshare --map-user=1000 -r: -r last, root inside" "0" "$OUT"

# ---- 8. more options, each predicted call for call
host=$(hostname)
agree "unshare -u" root "unshare -u sh -c 'hostname explain-$TAG; hostname'"
t_eq "unshare -u: predicted ok, the new hostname inside" "ok explain-$TAG" "$(outcome "$EXP") $OUT"
t_eq "unshare -u: the host's hostname is unchanged" "$host" "$(hostname)"
agree "unshare --propagation slave -m" root 'unshare --propagation slave -m true'
agree "unshare --kill-child -fp" root 'unshare --kill-child -fp true'
agree "unshare -inC" root 'unshare -i -n -C true'
agree "unshare -w DIR that does not exist" root "unshare -w $WORK/missing true"
t_eq "unshare -w missing: predicted to fail, status 1" "fails 1" "$(outcome "$EXP") $RC"
t_match "unshare -w missing: the real error" "chdir $WORK/missing: No such file or directory" "$OUT"
agree "unshare --uts=FILE keeps the namespace" root "unshare --uts=$WORK/uts true"
t_ok "unshare --uts=FILE: the bind mount explain announced is there" mountpoint -q "$WORK/uts"
umount "$WORK/uts" 2>/dev/null
agree "unshare -T --monotonic (time namespace)" root 'unshare -fT --monotonic=1000 true'
agree "unshare -R / -w /tmp -S 0 -G 0 --keep-caps -r" root 'unshare -R / -w /tmp -S 0 -G 0 --keep-caps -r true'
agree "explain 'ONE WORD' is split as the shell would" root "unshare -U true"
EXP1=$($NSH -c "explain 'unshare -U true'" 2>&1)
t_eq "explain 'unshare -U true' equals explain unshare -U true" "$EXP" "$EXP1"

# ---- 9. what explain knows: the names its error lists are exactly the
# builtins it explains (status 0, or 2 for that builtin's own usage error;
# 1 is explain's "not a builtin" or "without namespace work"), no more, no
# fewer.
msg=$($NSH -c 'explain bogus' 2>&1); rc=$?
t_eq "explain bogus: status 1" 1 "$rc"
listed=$(printf '%s\n' "$msg" | sed -n 's/.*explain knows \(.*\)$/\1/p' | tr -c 'a-z\n' ' ' |
	tr ' ' '\n' | grep -v -e '^$' -e '^in$' -e '^full$' -e '^briefly$' | sort | tr '\n' ' ')
explained=
for name in $(sed -n 's/^BUILTIN("\([a-z]*\)".*/\1/p' "$TOP/shell/builtins/list.h" | sort); do
	$NSH -c "explain $name" </dev/null >/dev/null 2>&1
	[ $? -ne 1 ] && explained="$explained$name "
done
t_eq "explain bogus lists exactly the builtins explain explains" "$explained" "$listed"

# ---- 10. usage errors: the builtin's own
for cmd in 'unshare --frob' 'unshare --setgroups=maybe -U' 'nsenter -a true' 'nsenter true' 'mountproc /a /b'; do
	want=$($NSH -c "$cmd" 2>&1); wrc=$?
	got=$($NSH -c "explain $cmd" 2>&1); grc=$?
	t_eq "explain $cmd: the builtin's usage error, status 2" "$want $wrc" "$got $grc"
done

# ---- 11. nsenter, into the article's namespace (unshare -Urfp --mount-proc)
$NSH -c "unshare -Urfp --mount-proc sleep ${TAG}1" </dev/null >/dev/null 2>&1 &
STARTED="$STARTED $!"
i=0
while [ $i -lt 100 ] && ! T=$(pgrep -x -f "sleep ${TAG}1"); do sleep 0.05; i=$((i + 1)); done
STARTED="$T $STARTED"
agree "nsenter -t PID -a" root "nsenter -t $T -a true"
t_eq "nsenter -t PID -a: predicted ok, status 0" "ok 0" "$(outcome "$EXP") $RC"
t_match "nsenter -t PID -a: explain says it forks into the PID namespace" 'fork\(\) = <inside>' "$EXP"
agree "nsenter -t PID -a (nobody, root's namespace)" nobody "nsenter -t $T -a true"
t_eq "nsenter into root's namespace (nobody): predicted to fail, status 1" "fails 1" "$(outcome "$EXP") $RC"
t_match "nsenter (nobody): the real error" "open namespace /proc/$T/ns/mnt: Permission denied" "$OUT"
agree "nsenter by =FILE" root "nsenter --pid=/proc/$T/ns/pid --mount=/proc/$T/ns/mnt --user=/proc/$T/ns/user true"
t_eq "nsenter by =FILE: predicted ok, status 0" "ok 0" "$(outcome "$EXP") $RC"
agree "nsenter -F (no fork)" root "nsenter -t $T -a -F true"
agree "nsenter -t GONE" root 'nsenter -t 2147483646 -a true'
t_eq "nsenter -t GONE: predicted to fail, status 1" "fails 1" "$(outcome "$EXP") $RC"
t_match "nsenter -t GONE: the real error" 'pidfd_open 2147483646: No such process' "$OUT"
agree "nsenter -U into one's own user namespace" root "nsenter -t \$\$ -U true"
t_eq "nsenter -U own: predicted to fail (EINVAL), status 1" "fails 1" "$(outcome "$EXP") $RC"
t_match "nsenter -U own: the real error" 'setns /proc/[0-9]+/ns/user: Invalid argument' "$OUT"
# nobody into nobody's namespace
nsh_as_nobody -c "unshare -Urfp --mount-proc sleep ${TAG}2" </dev/null >/dev/null 2>&1 &
STARTED="$STARTED $!"
i=0
while [ $i -lt 100 ] && ! U=$(pgrep -x -f "sleep ${TAG}2"); do sleep 0.05; i=$((i + 1)); done
STARTED="$U $STARTED"
agree "nsenter -t PID -a (nobody, own namespace)" nobody "nsenter -t $U -a true"
t_eq "nsenter into one's own namespace (nobody): predicted ok, status 0" "ok 0" "$(outcome "$EXP") $RC"

# ---- 12. mountproc: refused where the session started; EPERM after
# unshare -Urm; works after unshare -Urpmf and unshare -fpm
EXP=$($NSH -c 'explain mountproc' 2>&1)
OUT=$($NSH -c 'mountproc' 2>&1); RC=$?
t_eq "mountproc in the starting mount namespace: predicted refused, status 1" "fails 1" "$(outcome "$EXP") $RC"
t_match "mountproc refused: the same refusal" "^nsh: mountproc: refusing" "$OUT"
# inner NSH: explain, then the same with the trace on, in one nested shell
inner='explain mountproc; set -o trace; mountproc; echo status=$?'
both=$(nsh_as_nobody -c "unshare -Urm $NOBODY_NSH -c '$inner'" 2>&1)
t_eq "mountproc after unshare -Urm (nobody): the predicted calls are made" \
	"$(predicted_calls "$both")" "$(printf '%s\n' "$both" | real_calls)"
t_eq "mountproc after unshare -Urm: predicted EPERM, and it fails" "fails status=1" \
	"$(outcome "$both") $(printf '%s\n' "$both" | grep '^status=')"
t_match "mountproc after unshare -Urm: the real EPERM" '^nsh: mountproc: mount proc /proc: Operation not permitted$' "$both"
both=$(nsh_as_nobody -c "unshare -Urpmf $NOBODY_NSH -c '$inner'" 2>&1)
t_eq "mountproc after unshare -Urpmf (nobody): the predicted calls are made" \
	"$(predicted_calls "$both")" "$(printf '%s\n' "$both" | real_calls)"
t_eq "mountproc after unshare -Urpmf: predicted ok, and it works" "ok status=0" \
	"$(outcome "$both") $(printf '%s\n' "$both" | grep '^status=')"
both=$($NSH -c "unshare -fpm $NSH -c '$inner'" 2>&1)
t_eq "mountproc after unshare -fpm (root): predicted ok, and it works" "ok status=0" \
	"$(outcome "$both") $(printf '%s\n' "$both" | grep '^status=')"

# ---- 13. other builtins: a short description
t_match "explain lsns: it reads /proc" '/proc/PID/ns' "$($NSH -c 'explain lsns' 2>&1)"
t_match "explain pidtree: NStgid" 'NStgid' "$($NSH -c 'explain pidtree -n' 2>&1)"
t_match "explain kill: ESRCH for ancestors" 'ESRCH' "$($NSH -c 'explain kill -9 1' 2>&1)"
$NSH -c 'explain' >/dev/null 2>&1
t_eq "explain without a command line: status 2" "2" "$?"
$NSH -c 'explain frobnicate' >/dev/null 2>&1
t_eq "explain of something unknown: status 1" "1" "$?"

# ---- 14. the 33rd level: explain at level 32 predicts ENOSPC, and it is
host_depth=$(($(grep NSpid /proc/self/status | wc -w) - 2))
if [ "$host_depth" -ne 0 ]; then
	t_skip "explain at the nesting limit" "this test runs $host_depth PID namespace levels deep"
else
	cat >"$WORK/nest.sh" <<'SCRIPT'
depth=$(($(grep NSpid /proc/self/status | wc -w) - 2))
if [ "$depth" -ge 32 ]; then
	"$NSH" -c 'explain unshare -fp true' >"$WORK/explain32" 2>&1
	"$NSH" -c 'unshare -fp true' >"$WORK/run32" 2>&1
	echo "$?" >"$WORK/rc32"
	exit 0
fi
if [ "$depth" -eq 31 ]; then
	"$NSH" -c 'explain unshare -fp true' >"$WORK/explain31" 2>&1
fi
exec "$NSH" -c "unshare -fp sh $WORK/nest.sh"
SCRIPT
	WORK=$WORK NSH=$NSH timeout 60 sh "$WORK/nest.sh"
	EXP=$(cat "$WORK/explain32" 2>/dev/null)
	t_eq "at level 32: explain predicts the failure" "fails" "$(outcome "$EXP")"
	t_match "at level 32: explain names ENOSPC and the limit" 'unshare\(CLONE_NEWPID\) = -1 ENOSPC.*' "$EXP"
	t_match "at level 32: it says why (32 levels)" '32 PID namespaces below the initial one' "$EXP"
	t_eq "at level 32: unshare -fp really fails, status 1" "1" "$(cat "$WORK/rc32" 2>/dev/null)"
	t_match "at level 32: with ENOSPC" '^nsh: unshare: unshare: No space left on device$' "$(cat "$WORK/run32" 2>/dev/null)"
	t_eq "at level 31: explain predicts the last level works" "ok" "$(outcome "$(cat "$WORK/explain31" 2>/dev/null)")"
	t_eq "no nesting process is left" "" "$(pgrep -f "$WORK/nest.sh")"
fi

t_done
