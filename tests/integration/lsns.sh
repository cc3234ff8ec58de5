#!/bin/sh
# lsns on the real kernel against util-linux lsns.  The harness (util-linux
# unshare, not what is tested) makes two nested PID namespaces:
#
#   unshare -fp (host) -> sh (init of level 1) -> sleep
#                                              -> unshare -fp -> sh (init of level 2) -> sleep
#
# Processes come and go on a shared machine between the two runs, so each
# comparison is retried a few times and passes when one pair agrees; the one
# process that always differs, the lsns run itself, is filtered out where it
# can show (its own row when it is the lowest PID of nothing else cannot).
. "$(dirname "$0")/../lib.sh"

OUTER=
cleanup() {
	[ -n "${S1:-}" ] && kill -KILL "$S1" 2>/dev/null
	[ -n "$OUTER" ] && kill -KILL "$OUTER" 2>/dev/null
	[ -n "$OUTER" ] && wait "$OUTER" 2>/dev/null
	[ -n "${NOBODY_SLEEP:-}" ] && kill -KILL "$NOBODY_SLEEP" 2>/dev/null
	t_cleanup_nobody
	rm -f "${TMP_REF:-}" "${TMP_NSH:-}"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# --help and -h print the same full help (options and every column), as
# the other namespace builtins do; it needs neither root nor util-linux.
long=$("$NSH" -c 'lsns --help' 2>&1); rc=$?
t_eq "--help: status 0" 0 "$rc"
t_eq "--help prints what -h prints" "$("$NSH" -c 'lsns -h' 2>&1)" "$long"
t_match "--help: the usage line" '^usage: lsns \[options\] \[NAMESPACE\]$' "$long"
t_match "--help lists the options" '--output-all' "$long"
t_match "--help lists the columns" '^ +NETNSID  ' "$long"

if ! command -v lsns >/dev/null 2>&1; then
	t_skip "lsns against util-linux" "util-linux lsns is not installed"
	t_done
	exit
fi
if ! command -v unshare >/dev/null 2>&1 || ! unshare -fp true 2>/dev/null; then
	t_skip "lsns on nested PID namespaces" "util-linux unshare -fp is not usable here"
	t_done
	exit
fi
TMP_REF=$(mktemp /tmp/nsh-lsns-ref.XXXXXX)
TMP_NSH=$(mktemp /tmp/nsh-lsns-nsh.XXXXXX)

# Waits (5 s at most) until PID has a child; prints the first one.
wait_child() {
	i=0
	while [ $i -lt 100 ]; do
		c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
		c=$(echo "${c%% *}" | tr -d ' ')
		if [ -n "$c" ]; then
			echo "$c"
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

unshare -fp sh -c 'sleep 90001 & unshare -fp sh -c "sleep 8001 & wait"; wait' </dev/null >/dev/null 2>&1 &
OUTER=$!
S1=$(wait_child "$OUTER")
# wait until the innermost sleep is up: then both namespaces are complete
i=0
while [ $i -lt 100 ] && ! pgrep -x -f "sleep 8001" >/dev/null; do
	sleep 0.05
	i=$((i + 1))
done
INNER_SLEEP=$(pgrep -x -f "sleep 8001" | head -1)
if [ -z "$S1" ] || [ -z "$INNER_SLEEP" ]; then
	t_fail "harness: nested PID namespaces" "could not start: S1=$S1 inner sleep=$INNER_SLEEP"
	t_done
	exit
fi
INNER_NS=$(readlink "/proc/$INNER_SLEEP/ns/pid" | tr -dc 0-9)
OUTER_NS=$(readlink "/proc/$S1/ns/pid" | tr -dc 0-9)

# Drops the rows whose COMMAND is the lsns run itself ("lsns ..." or
# "... nsh -c lsns ..."), in table, raw and JSON forms alike.
drop_self() { grep -v -E '(^|[ "])(lsns|[^ ]*nsh -c lsns)( |\\x20|$)' || true; }

# compare NAME NSH_ARGS -- runs `lsns ARGS` both ways (up to 5 times) and
# checks stdout and the exit status agree.
compare() {
	name=$1
	shift
	tries=0
	while [ $tries -lt 5 ]; do
		lsns "$@" >"$TMP_REF" 2>/dev/null
		rc_ref=$?
		"$NSH" -c "lsns $*" >"$TMP_NSH" 2>/dev/null
		rc_nsh=$?
		ref=$(drop_self <"$TMP_REF")
		got=$(drop_self <"$TMP_NSH")
		if [ "$ref" = "$got" ] && [ "$rc_ref" = "$rc_nsh" ]; then
			t_pass "$name"
			return 0
		fi
		tries=$((tries + 1))
		sleep 0.2
	done
	t_fail "$name" "exit status util-linux $rc_ref, nsh $rc_nsh" \
		"$(diff "$TMP_REF" "$TMP_NSH" | head -20)"
}

compare "lsns -t pid: same rows as util-linux (two nested PID namespaces)" -t pid
out=$("$NSH" -c 'lsns -t pid -r -n -o NS' 2>/dev/null)
t_match "lsns -t pid lists the outer namespace" "^$OUTER_NS\$" "$out"
t_match "lsns -t pid lists the inner namespace" "^$INNER_NS\$" "$out"
out=$("$NSH" -c "lsns -t pid -r -n -o NS,NPROCS,PID,PNS" 2>/dev/null)
t_match "inner namespace: 2 processes, its init is the lowest PID, its parent the outer one" \
	"^$INNER_NS 2 [0-9]+ $OUTER_NS\$" "$out"

compare "plain lsns: same rows as util-linux"
compare "lsns -l" -l
compare "lsns -r" -r
compare "lsns -n -t mnt" -n -t mnt
compare "lsns -t user -t uts" -t user -t uts
compare "lsns -t net (NETNSID and NSFS columns)" -t net
compare "lsns -t pid -t user -o +PPID,UID,PATH,PNS,ONS" -t pid -t user -o +PPID,UID,PATH,PNS,ONS
compare "lsns --output-all -t ipc" --output-all -t ipc
compare "lsns -p PID (the inner sleep)" -p "$INNER_SLEEP"
compare "lsns NS (the inner PID namespace)" "$INNER_NS"
compare "lsns NS -l -o +UID (the outer PID namespace)" "$OUTER_NS" -l -o +UID
compare "lsns --tree=parent -t pid" --tree=parent -t pid
compare "lsns --tree=owner -t pid -t user" --tree=owner -t pid -t user
compare "lsns -J -t pid" -J -t pid
compare "lsns NS that does not exist" 12345

# JSON parses, with the same keys as util-linux's
json=$("$NSH" -c 'lsns -J' 2>/dev/null)
t_ok "lsns -J parses (python3 -m json.tool)" sh -c 'printf "%s\n" "$1" | python3 -m json.tool' sh "$json"
keys_py='import json,sys
def keys(rows, acc):
    for r in rows:
        acc.add(tuple(k for k in r if k != "children")); keys(r.get("children", []), acc)
    return acc
print(sorted(keys(json.load(sys.stdin)["namespaces"], set())))'
t_eq "lsns -J: same keys as util-linux" "$(lsns -J | python3 -c "$keys_py")" \
	"$(printf '%s\n' "$json" | python3 -c "$keys_py")"
json=$("$NSH" -c 'lsns -J --output-all -t pid' 2>/dev/null)
t_eq "lsns -J --output-all: same keys as util-linux" "$(lsns -J --output-all -t pid | python3 -c "$keys_py")" \
	"$(printf '%s\n' "$json" | python3 -c "$keys_py")"
t_match "lsns -J: numbers unquoted" '"ns": [0-9]+,' "$json"

# Unprivileged: processes of other users are skipped as util-linux skips
# them, and nsh says that rows may be missing.  Both runs happen in a PID
# namespace of their own with its own /proc, so that nobody's processes of
# other tests (or users) on the machine, which come and go, are in neither
# listing: what is compared is exactly what this test set up there.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	NOBODY_NSH=$(nsh_nobody_copy)
	NOBODY_DIR=$(mktemp -d /tmp/nsh-lsns-nobody.XXXXXX)
	# PID 1 (root) starts a root process in a UTS namespace of its own,
	# which nobody cannot read, and a process of nobody's own, older than
	# both lsns runs, so that the rows nobody can see are shown by it
	# rather than by lsns itself; then it runs lsns both ways as nobody.
	harness='
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
drop_self() { grep -v -E "(^|[ \"])(lsns|[^ ]*nsh -c lsns)( |\\\\x20|\$)" || true; }
unshare -u sleep 8003 </dev/null >/dev/null 2>&1 &
root_sleep=$!
setpriv --reuid=65534 --regid=65534 --clear-groups -- sleep 8002 </dev/null >/dev/null 2>&1 &
nobody_sleep=$!
i=0
while [ $i -lt 100 ] && { [ "$(cat /proc/$root_sleep/comm 2>/dev/null)" != sleep ] ||
	[ "$(cat /proc/$nobody_sleep/comm 2>/dev/null)" != sleep ]; }; do
	sleep 0.05
	i=$((i + 1))
done
echo "$nobody_sleep" >"$D/nobody_sleep"
readlink /proc/$root_sleep/ns/uts | tr -dc 0-9 >"$D/root_ns"
readlink /proc/$nobody_sleep/ns/pid | tr -dc 0-9 >"$D/pid_ns"
cd "$D" || exit 1
as_nobody lsns 2>/dev/null | drop_self >"$D/ref"
NSH_DATADIR="$(dirname "$NOBODY_NSH")" HOME=/ as_nobody "$NOBODY_NSH" -c lsns 2>"$D/err" | drop_self >"$D/got"
kill $root_sleep $nobody_sleep
wait
'
	D=$NOBODY_DIR NOBODY_NSH=$NOBODY_NSH timeout 30 unshare -fp --mount-proc sh -c "$harness" </dev/null
	ref=$(cat "$NOBODY_DIR/ref") got=$(cat "$NOBODY_DIR/got") err=$(cat "$NOBODY_DIR/err")
	NOBODY_SLEEP=$(cat "$NOBODY_DIR/nobody_sleep") ROOT_NS=$(cat "$NOBODY_DIR/root_ns")
	PID_NS=$(cat "$NOBODY_DIR/pid_ns")
	rm -rf "$NOBODY_DIR"
	t_ok "as nobody: util-linux listed nobody's own process" [ -n "$ref" ]
	t_eq "as nobody: same rows as util-linux as nobody" "$ref" "$got"
	t_match "as nobody: the note says processes could not be read" \
		'^nsh: lsns: [0-9]+ process(es)? could not be read \(run as root to see every namespace\)$' "$err"
	t_match "as nobody: the rows are shown by nobody's own process" "^$PID_NS pid +[0-9]+ +$NOBODY_SLEEP nobody +sleep 8002\$" "$got"
	t_ok "as nobody: the harness's root-only namespace was made" [ -n "$ROOT_NS" ]
	t_nomatch "as nobody: the root-only namespace of the harness is not listed" "^ *$ROOT_NS " "$got"
else
	t_skip "lsns as nobody" "needs root and setpriv to become uid 65534"
fi

t_done
