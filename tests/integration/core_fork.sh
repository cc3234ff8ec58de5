#!/bin/sh
# Fork failure: after `unshare -p` without -f the shell stays outside, its
# first child is PID 1 of the new namespace, and once that exits every later
# fork fails with ENOMEM.  nsh must say so, with the hint, and stay alive.
# util-linux unshare is the harness here (it execs nsh after unshare(2)).
. "$(dirname "$0")/../lib.sh"

# LeakSanitizer (make asan) needs to clone a thread at exit, which fails in
# the dead namespace like every fork; the leak check cannot run there.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS
script='echo first; true; /bin/true; echo "st $?"; ls / >/dev/null; echo "st $?"; true | cat; echo "st $?"; sleep 1 & echo "bg $?"; echo alive'
if unshare -p true 2>/dev/null; then
	out=$(unshare -p "$NSH" -c "$script" 2>&1); rc=$?
	t_match "the first child runs (it is PID 1 there)" "st 0" "$out"
	t_eq "then every fork fails the same way" "3" "$(printf '%s\n' "$out" | grep -c '^nsh: fork: Cannot allocate memory$')"
	t_match "the failed command's status is 1" "st 1" "$out"
	t_match "a failed background start: status 1" "bg 1" "$out"
	t_match "the shell stays alive" "alive" "$out"
	t_eq "nsh exits normally" "0" "$rc"
	t_eq "the error line comes first, then hints" "nsh: fork: Cannot allocate memory" "$(printf '%s\n' "$out" | grep -A1 '^st 0' | sed -n 2p)"
	out=$(unshare -p "$NSH" -c 'set -o trace; true | cat; true | cat' 2>&1)
	t_match "set -o trace shows the first fork making PID 1" "\] fork\(\) = [0-9]+  \(PID 1 in the" "$out"
	t_match "set -o trace shows the failing fork" "\] fork\(\) = -1 ENOMEM \(Cannot allocate memory\)" "$out"
else
	t_skip "fork failure as root" "unshare -p is not permitted here"
fi
t_eq "without trace no fork line" "" "$($NSH -c 'true | cat' 2>&1)"
t_eq "set -o trace: one fork line per command of a pipeline" "2" "$($NSH -c 'set -o trace; true | cat' 2>&1 | grep -c '\] fork() = [0-9]')"

# The same, unprivileged, as in the lesson: unshare -Urp without -f.
bin=$(nsh_nobody_copy)
out=$(cd "$T_NOBODY_DIR" && setpriv --reuid=65534 --regid=65534 --clear-groups -- unshare -Urp "$bin" -c "$script" 2>&1); rc=$?
if printf '%s' "$out" | grep -q 'unshare failed\|Operation not permitted'; then
	t_skip "fork failure unprivileged" "unprivileged user namespaces are not allowed here: $out"
else
	t_eq "unprivileged: every later fork fails" "3" "$(printf '%s\n' "$out" | grep -c '^nsh: fork: Cannot allocate memory$')"
	t_match "unprivileged: the shell stays alive" "alive" "$out"
fi
t_cleanup_nobody
t_done
