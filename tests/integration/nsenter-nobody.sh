#!/bin/sh
# nsenter as an unprivileged user (nobody): into a user namespace that nobody
# owns, with and without --preserve-credentials; the article's nsenter-all
# example made and entered without privilege; refused entry into root's
# namespaces, explained; no process left behind.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	t_skip "nsenter as nobody" "switching to nobody needs root (CI runs the tests as root)"
	t_done
	exit
fi
TAG=7$$
STARTED=
cleanup() {
	for p in $STARTED; do kill -KILL "$p" 2>/dev/null; done
	wait
	t_cleanup_nobody
}
trap cleanup EXIT
NOBODY_NSH=$(nsh_nobody_copy)

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
wait_no_cmdline() {
	i=0
	while [ $i -lt 100 ]; do
		pgrep -x -f "$1" >/dev/null || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# ---- a user namespace owned by nobody, without id maps
nsh_as_nobody -c "unshare -U sleep ${TAG}0" </dev/null >/dev/null 2>&1 &
STARTED="$STARTED $!"
U=$(wait_cmdline "sleep ${TAG}0")
if [ -z "$U" ]; then
	t_fail "nobody's user namespace started" "no 'sleep ${TAG}0' after 5 s"
	t_done
	exit
fi
STARTED="$U $STARTED"
t_eq "the target runs as nobody" "65534" "$(ps -o uid= -p "$U" | tr -d ' ')"
out=$(nsh_as_nobody -c "nsenter -U --preserve-credentials -t $U readlink /proc/self/ns/user")
t_eq "nobody: nsenter -U --preserve-credentials enters nobody's user namespace" "$(readlink /proc/"$U"/ns/user)" "$out"
t_eq "nobody: --preserve-credentials keeps the IDs (unmapped: the overflow uid)" "65534" \
	"$(nsh_as_nobody -c "nsenter -U --preserve-credentials -t $U id -u")"
out=$(nsh_as_nobody -c "nsenter -U -t $U id -u" 2>&1); rc=$?
t_eq "nobody: without --preserve-credentials, becoming root there fails (no map): status 1" "1" "$rc"
t_match "nobody: ... the failing call is named" "^nsh: nsenter: setgroups: Operation not permitted$" "$out"
t_match "nobody: ... and the hint says what to do" "^hint: .*--preserve-credentials" "$out"
t_eq "nobody: util-linux nsenter fails the same way (status 1)" "1" \
	"$(cd /; setpriv --reuid=65534 --regid=65534 --clear-groups -- nsenter -U -t "$U" id -u >/dev/null 2>&1; echo $?)"

# ---- the article's example without privilege: unshare -Urfp --mount-proc,
# then nsenter -t INIT -a, all as nobody
nsh_as_nobody -c "unshare -Urfp --mount-proc $NOBODY_NSH -c 'sleep ${TAG}2 & sleep ${TAG}1'" </dev/null >/dev/null 2>&1 &
STARTED="$STARTED $!"
BG=$(wait_cmdline "sleep ${TAG}2")
INIT=$(ps -o ppid= -p "${BG:-0}" | tr -d ' ')
if [ -z "$INIT" ]; then
	t_fail "nobody's PID namespace started" "no 'sleep ${TAG}2' after 5 s"
else
	STARTED="$INIT $STARTED"
	out=$(nsh_as_nobody -c "nsenter -t $INIT -a ps -eo pid,ppid,args" 2>&1)
	t_eq "nobody: nsenter -a: status 0" "0" "$?"
	t_eq "nobody: nsenter -a: ps lists PID 1 first" "1" "$(printf '%s\n' "$out" | awk 'NR == 2 {print $1}')"
	t_match "nobody: nsenter -a: the entered ps has PPID 0" "^ +[0-9]+ +0 ps -eo pid,ppid,args$" "$out"
	t_match "nobody: nsenter -a: the background sleep is listed" " sleep ${TAG}2$" "$out"
	t_nomatch "nobody: nsenter -a: no host PID" "^ *$INIT " "$out"
	t_eq "nobody: nsenter -a makes us root in the namespace (uid 0, mapped to nobody)" "0 0" \
		"$(nsh_as_nobody -c "nsenter -t $INIT -a sh -c 'echo \$(id -u) \$(id -g)'")"
	t_eq "nobody: by =FILE, user namespace first" "1" \
		"$(nsh_as_nobody -c "nsenter --user=/proc/$INIT/ns/user --pid=/proc/$INIT/ns/pid --mount=/proc/$INIT/ns/mnt ps -eo pid" | awk 'NR == 2 {print $1}')"
	out=$(nsh_as_nobody -c "nsenter --pid=/proc/$INIT/ns/pid --mount=/proc/$INIT/ns/mnt true" 2>&1); rc=$?
	t_eq "nobody: the same without the user namespace is refused: status 1" "1" "$rc"
	t_match "nobody: ... setns names the namespace file" "^nsh: nsenter: setns /proc/$INIT/ns/(pid|mnt): Operation not permitted$" "$out"
	t_match "nobody: ... hint on the owning user namespace" "^hint: .*CAP_SYS_ADMIN in the user namespace that owns it" "$out"
	kill -KILL "$INIT"
	t_ok "nobody: the namespace ends with its init" wait_no_cmdline "sleep ${TAG}2"
fi

# ---- nobody into root's namespaces: refused, explained
unshare -m sleep "${TAG}3" </dev/null >/dev/null 2>&1 &
R=$!
STARTED="$R $STARTED"
R=$(wait_cmdline "sleep ${TAG}3")
out=$(nsh_as_nobody -c "nsenter -t $R -m true" 2>&1); rc=$?
t_eq "nobody into root's mount namespace: status 1" "1" "$rc"
t_match "nobody into root's mount namespace: EPERM from setns" "^nsh: nsenter: setns mnt of $R: Operation not permitted$" "$out"
t_match "nobody into root's mount namespace: a hint" "^hint: " "$out"
out=$(nsh_as_nobody -c "nsenter -t $R -a true" 2>&1); rc=$?
t_eq "nobody -a on a root process: status 1" "1" "$rc"
t_match "nobody -a on a root process: the link cannot be opened" "^nsh: nsenter: open namespace /proc/$R/ns/[a-z]+: Permission denied$" "$out"
t_match "nobody -a on a root process: the ptrace rule" "^hint: .*ptrace" "$out"
t_eq "util-linux nsenter -a refuses too (status 1)" "1" \
	"$(cd /; setpriv --reuid=65534 --regid=65534 --clear-groups -- nsenter -t "$R" -a true >/dev/null 2>&1; echo $?)"
kill -KILL "$R"

kill -KILL "$U"
wait
STARTED=
t_eq "no stray process of this test" "" "$(pgrep -f "sleep ${TAG}")"
t_done
