#!/bin/sh
# nesting-limit: PID namespaces nest at most 32 levels below the initial
# one.  A script nests `nsh -c 'unshare -fp sh SCRIPT'` until the kernel
# refuses; the refusal must come when creating level 33, with ENOSPC and the
# limit explained.  Every level exits when the one below it does.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	t_skip "nesting limit" "needs root (unshare -p without a user namespace)"
	t_done
	exit
fi
WORK=$(mktemp -d /tmp/nsh-nest.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
host_depth=$(($(grep NSpid /proc/self/status | wc -w) - 2))
if [ "$host_depth" -ne 0 ]; then
	t_skip "nesting limit" "this test runs $host_depth PID namespace levels deep, the count would be off"
	t_done
	exit
fi

cat >"$WORK/nest.sh" <<'SCRIPT'
depth=$(($(grep NSpid /proc/self/status | wc -w) - 2))
echo "$depth" >"$WORK/deepest"
if ! "$NSH" -c "unshare -fp sh $WORK/nest.sh" 2>"$WORK/err"; then
	[ -s "$WORK/failed_at" ] || echo "$depth" >"$WORK/failed_at"
	exit 1
fi
SCRIPT
WORK=$WORK NSH=$NSH timeout 60 sh "$WORK/nest.sh"
t_eq "the deepest PID namespace reached is level 32" 32 "$(cat "$WORK/deepest")"
t_eq "unshare fails from level 32 (creating the 33rd)" 32 "$(cat "$WORK/failed_at")"
err=$(cat "$WORK/err")
t_match "the plain error: No space left on device" '^nsh: unshare: unshare: No space left on device$' "$err"
t_match "the hint names the limit of 32 levels" '^hint: .*32 levels' "$err"
t_match "the hint names the max_*_namespaces sysctls" 'max_<type>_namespaces' "$err"
t_match "the live line says how deep this process is" '^hint: here: this process is 32 PID namespace levels below' "$err"
out=$(NSH_HINTS=0 "$NSH" -c 'unshare --trace -p true' 2>&1 >/dev/null | sed -n 's/^\[[0-9]*\] //p')
t_match "a level that is allowed: unshare(CLONE_NEWPID) = 0" '^unshare\(CLONE_NEWPID\) = 0$' "$out"
t_eq "no namespace process is left" "" "$(pgrep -f "$WORK/nest.sh")"
t_done
