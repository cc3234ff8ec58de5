#!/bin/sh
# pidtree on the real kernel: two nested PID namespaces made with util-linux
# unshare (the harness, not what is tested), as in the article:
#
#   unshare -fp (host) -> sh (init of level 1) -> sleep
#                                              -> unshare -fp -> sh (init of level 2) -> sleep
#
# The inner shell's line shows a three-element chain ending in 1, --from
# hides the ancestors and shows the inner namespace's PIDs, -J parses.
. "$(dirname "$0")/../lib.sh"

OUTER=
cleanup() {
	# killing the level-1 init ends everything in both namespaces; the
	# host-side unshare then returns
	[ -n "${S1:-}" ] && kill -KILL "$S1" 2>/dev/null
	[ -n "$OUTER" ] && kill -KILL "$OUTER" 2>/dev/null
	[ -n "$OUTER" ] && wait "$OUTER" 2>/dev/null
	t_cleanup_nobody
	[ -n "${JSON:-}" ] && rm -f "$JSON" "$JSON.from"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if ! command -v unshare >/dev/null 2>&1 || ! unshare -fp true 2>/dev/null; then
	t_skip "pidtree on nested PID namespaces" "util-linux unshare -fp is not usable here"
	t_done
	exit
fi

# The first child of a process (CONFIG_PROC_CHILDREN), empty if none yet.
first_child() {
	c=$(cat "/proc/$1/task/$1/children" 2>/dev/null) || return 0
	echo "${c%% *}" | tr -d ' '
}

# Waits (5 s at most) until PID has a child; prints it.
wait_child() {
	i=0
	while [ $i -lt 100 ]; do
		c=$(first_child "$1")
		if [ -n "$c" ]; then
			echo "$c"
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

unshare -fp sh -c 'sleep 90000 & unshare -fp sh -c "sleep 8000 & wait"; wait' </dev/null >/dev/null 2>&1 &
OUTER=$!
S1=$(wait_child "$OUTER")
# S1's children: the sleep and the inner unshare, in any order
i=0 U2= SL1=
while [ $i -lt 100 ] && [ -z "$U2" ]; do
	for c in $(cat "/proc/$S1/task/$S1/children" 2>/dev/null); do
		case "$(cat "/proc/$c/comm" 2>/dev/null)" in
		unshare) U2=$c ;;
		sleep) SL1=$c ;;
		esac
	done
	[ -z "$U2" ] && sleep 0.05
	i=$((i + 1))
done
S2=$(wait_child "$U2")
SL2=$(wait_child "$S2")
if [ -z "$S1" ] || [ -z "$S2" ] || [ -z "$SL2" ]; then
	t_fail "set up two nested PID namespaces" "outer=$OUTER s1=$S1 u2=$U2 s2=$S2 sleep2=$SL2"
	t_done
	exit
fi
nstgid=$(sed -n 's/^NStgid:[[:space:]]*//p' "/proc/$S2/status" | tr -s '\t ' '  ')
t_match "harness: the inner shell has a three-element NStgid ending in 1" "^$S2 [0-9]+ 1$" "$nstgid"
mid=$(echo "$nstgid" | cut -d' ' -f2)
inner_ns=$(readlink "/proc/$S2/ns/pid" | tr -dc 0-9)
middle_ns=$(readlink "/proc/$S1/ns/pid" | tr -dc 0-9)

out=$("$NSH" -c pidtree 2>&1)
t_eq "pidtree exits 0" 0 "$?"
t_match "the inner shell: a three-element chain ending in 1, marked as the init of its namespace" \
	"-sh $S2 -> $mid -> 1 \[pid:$inner_ns level 2 init\]\$" "$out"
t_match "the level-1 init is marked" "-sh $S1 -> 1 \[pid:$middle_ns level 1 init\]\$" "$out"
t_match "the inner sleep: same namespace as its parent, no marker" "-sleep $SL2 -> [0-9]+ -> 2\$" "$out"
t_match "the host-side unshare sits in the host tree" "-unshare $OUTER\$" "$out"
t_match "pidtree shows the process that runs it" "-pidtree|-nsh [0-9]+" "$out"

out=$("$NSH" -c "pidtree --from $S2" 2>&1)
t_eq "--from exits 0" 0 "$?"
t_eq "--from the inner shell: its namespace's init is the root, inner PIDs only" \
	"sh 1 [pid:$inner_ns level 0 init]
\`-sleep 2" "$out"

out=$("$NSH" -c "pidtree --from $SL1" 2>&1)
t_match "--from the middle namespace: the inner init with its two PIDs there" \
	"^  \`-sh $mid -> 1 \[pid:$inner_ns level 1 init\]\$" "$out"
t_match "--from the middle namespace: its init first" "^sh 1 \[pid:$middle_ns level 0 init\]" "$out"
t_nomatch "--from hides the ancestors" "unshare $OUTER|process_api|^init |$OUTER" "$out"

out=$("$NSH" -c "pidtree -s $S2" 2>&1)
t_match "-s shows the ancestors down to the inner shell" "unshare $OUTER" "$out"
lines=$(printf '%s\n' "$out" | grep -c .)
t_match "-s: one line per ancestor, then the subtree" "-sleep $SL2 -> $((mid + 1)) -> 2\$" "$out"
t_ok "-s: no sibling of an ancestor is drawn" test "$(printf '%s\n' "$out" | grep -c "sleep $SL1")" -eq 0

# through files: on a busy machine the JSON is larger than one argument may be
JSON=$(mktemp /tmp/nsh-test-pidtree.XXXXXX)
"$NSH" -c "pidtree -J" >"$JSON"
t_eq "-J exits 0" 0 "$?"
if command -v python3 >/dev/null 2>&1; then
	t_ok "-J parses (python3 -m json.tool)" python3 -m json.tool "$JSON"
	"$NSH" -c "pidtree -J -n all --from $S1" >"$JSON.from"
	t_ok "-J -n all --from parses" python3 -m json.tool "$JSON.from"
	chain=$(python3 -c '
import json, sys
def walk(n):
    if n["pid"][0] == int(sys.argv[2]):
        print(" ".join(map(str, n["pid"])), n["pidns"], n["level"], n["init"])
    for c in n["children"]:
        walk(c)
for root in json.load(open(sys.argv[1]))["pidtree"]:
    walk(root)' "$JSON" "$S2")
	t_eq "-J: the inner shell's pid chain, namespace, level, init" "$S2 $mid 1 $inner_ns 2 True" "$chain"
else
	t_skip "-J parses" "python3 is not installed"
fi
t_ok "-J holds the inner shell" grep -q "\"pid\":\[$S2,$mid,1\]" "$JSON"

# line drawing: Unicode only on a terminal with a UTF-8 locale (script(1)
# gives the command a pseudo-terminal)
if command -v script >/dev/null 2>&1; then
	tty_out=$(LC_ALL= LC_CTYPE= LANG=C.UTF-8 script -qc "$NSH -c 'pidtree -T $S1'" /dev/null </dev/null | tr -d '\r')
	t_match "on a UTF-8 terminal: Unicode lines and arrows" "^(├|└)─sleep $SL1 → 2\$" "$tty_out"
	tty_out=$(LC_ALL= LC_CTYPE= LANG=C.UTF-8 script -qc "$NSH -c 'pidtree --ascii -T $S1'" /dev/null </dev/null | tr -d '\r')
	t_match "--ascii on a UTF-8 terminal: ASCII" "^[|\`]-sleep $SL1 -> 2\$" "$tty_out"
	tty_out=$(LC_ALL= LC_CTYPE= LANG=C script -qc "$NSH -c 'pidtree -T $S1'" /dev/null </dev/null | tr -d '\r')
	t_match "on a terminal with LANG=C: ASCII" "^[|\`]-sleep $SL1 -> 2\$" "$tty_out"
else
	t_skip "Unicode on a terminal" "script(1) from util-linux is not installed"
fi
out=$(LANG=C.UTF-8 "$NSH" -c "pidtree -T $S1" 2>&1)
t_match "not a terminal: ASCII whatever the locale" "^[|\`]-sleep $SL1 -> 2\$" "$out"

"$NSH" -c "pidtree 999999999" >/dev/null 2>&1
t_eq "a PID that does not exist: status 1" 1 "$?"

# unprivileged: ns links of other users' processes are not readable, the
# chains (status is world-readable) still are
out=$(nsh_as_nobody -c pidtree 2>&1)
t_eq "as nobody: exits 0" 0 "$?"
t_match "as nobody: the inner shell's chain, its namespace unreadable" "-sh $S2 -> $mid -> 1 \[pid:\? level 2 init\]" "$out"
t_match "as nobody: a note says why pid:? is shown" "^nsh: pidtree: note: pid:\? marks [0-9]+ process.*Permission denied" "$out"

t_done
