#!/bin/sh
# Bad input, from tests/badinput.tsv: for every case, a clear message (a
# regex), the expected status (2 for usage errors), the shell still running
# afterwards (`echo "alive $?"` in the same nsh), and no process left
# behind, neither while that nsh still runs nor after it exits.
#
# Each case runs in a fresh PID namespace (util-linux unshare as the
# harness, with its own /proc) whose PID 1 is a small sh: whatever a wrong
# builtin does to PIDs (kill -1, kill 0...) stays inside, and the harness
# can list every process left: after nsh has run the case, `ps` through nsh
# must show only the harness, nsh and ps; after nsh exits, only the harness.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_hard.sh"
cd "$(dirname "$0")/../.." || exit 1
hard_mark
# byte-wise regexes: inputs hold invalid UTF-8
LC_ALL=C
export LC_ALL
TABLE=${BADINPUT_TABLE:-tests/badinput.tsv} # another table: to check the checks themselves
W=$(mktemp -d /tmp/nsh-badinput.XXXXXX)
chmod 755 "$W"
trap 'rm -rf "$W"; t_cleanup_nobody' EXIT
nobody_nsh=$(nsh_nobody_copy)
nsh_nobody_copy >/dev/null # in this shell too, so that t_cleanup_nobody removes it

FILE=$W/plain-file
DIR=$W/dir
mkdir "$DIR"
echo data >"$FILE"
sh -c 'exit 0' &
GONE=$!
wait "$GONE"

# PID 1 of the harness namespace: runs nsh on the case's stdin, reports its
# status, then waits (up to 2 s) until it is alone and lists what is not.
harness='
if [ -n "$AS_NOBODY" ]; then
	setpriv --reuid=65534 --regid=65534 --clear-groups -- "$NOBODY_NSH"
else
	"$NSH"
fi
echo "nsh-exit $?"
i=0
while :; do
	left=
	for d in /proc/[0-9]*; do
		[ "$d" = /proc/1 ] && continue
		[ -e "$d/stat" ] && read -r s_pid s_comm s_state s_rest <"$d/stat" && left="$left [$s_pid $s_comm $s_state]"
	done
	[ -z "$left" ] && break
	i=$((i + 1))
	[ "$i" -ge 20 ] && break
	sleep 0.1
done
echo "leftover:$left"
'
trailer='echo "alive $?"
ps -e -o pid=,ppid=,stat=,comm=
'

subst() { printf '%s' "$1" | sed "s#@FILE@#$FILE#g; s#@DIR@#$DIR#g; s#@GONE@#$GONE#g"; }

cases=0
tab=$(printf '\t')
while IFS=$tab read -r name mode status regex input; do
	case "$name" in '#'* | '') continue ;; esac
	cases=$((cases + 1))
	input=$(subst "$input")
	regex=$(subst "$regex")
	in=$W/in
	nobody=
	case "$mode" in
	line) { printf '%s\n' "$input"; printf '%s' "$trailer"; } >"$in" ;;
	nobody) nobody=1; { printf '%s\n' "$input"; printf '%s' "$trailer"; } >"$in" ;;
	exits) printf '%s\n' "$input" >"$in" ;;
	# shellcheck disable=SC2059
	file) printf "$input" >"$W/case"; chmod 644 "$W/case"; { echo ". $W/case"; printf '%s' "$trailer"; } >"$in" ;;
	genfile) sh -c "$input" >"$W/case"; { echo ". $W/case"; printf '%s' "$trailer"; } >"$in" ;;
	# shellcheck disable=SC2059
	stdin) { printf "$input"; printf '%s' "$trailer"; } >"$in" ;;
	gen) { sh -c "$input"; printf '%s' "$trailer"; } >"$in" ;;
	*) t_fail "$name" "unknown mode '$mode' in $TABLE"; continue ;;
	esac
	out=$(cd "$W" && AS_NOBODY=$nobody NOBODY_NSH=$nobody_nsh NSH_HINTS=0 \
		timeout 60 unshare -fp --mount-proc sh -c "$harness" <"$in" 2>&1)
	printf '%s\n' "$out" >"$W/out"
	fails=
	grep -Eq -- "$regex" "$W/out" || fails="$fails message /$regex/;"
	if [ "$mode" = exits ]; then
		grep -qx "nsh-exit $status" "$W/out" || fails="$fails nsh did not exit $status;"
	else
		grep -qx "alive $status" "$W/out" || fails="$fails no 'alive $status';"
		grep -qx "nsh-exit 0" "$W/out" || fails="$fails nsh did not exit 0 at the end;"
		# while nsh ran: only the harness sh (PID 1), nsh itself and ps
		extra=$(awk 'NF == 4 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ && !($1 == 1 || $4 == "nsh" || $4 == "ps")' "$W/out")
		[ -z "$extra" ] || fails="$fails processes left while nsh ran: $extra;"
	fi
	grep -qx 'leftover:' "$W/out" || fails="$fails processes left after nsh exited: $(grep '^leftover:' "$W/out");"
	if [ -z "$fails" ]; then
		t_pass "$name"
	else
		t_fail "$name" "$fails" "input ($mode): $(printf '%s' "$input" | head -c 200)" "output: $(head -c 1500 "$W/out")"
	fi
done <"$TABLE"

t_ok "the table has at least 80 cases ($cases)" [ "$cases" -ge 80 ]
hard_wait_no_leftovers 30
t_eq "no process of this test left on the host" "" "$(hard_leftovers)"
t_done
