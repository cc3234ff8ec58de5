#!/bin/sh
# The trace hook (issue 8) as unshare uses it: golden traces for
# `unshare -Urpf --mount-proc true` as root and as nobody, failing calls
# traced with their errno, NSH_TRACE=1, per-command --trace, colour only on
# a terminal and never with NO_COLOR.  PIDs are normalised by
# tests/fixtures/trace/normalize.awk (P1, P2... in order of appearance).
. "$(dirname "$0")/../lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
GOLD=$TOP/tests/fixtures/trace
if [ "$(id -u)" != 0 ]; then
	t_skip "trace" "needs root (and setpriv for the unprivileged traces)"
	t_done
	exit
fi
trap t_cleanup_nobody EXIT
cd /tmp || exit 1
export PATH=/usr/bin:/bin # the execve line names the path found on PATH
export NSH_HINTS=0        # hints are tested elsewhere; goldens stay short
norm() { awk -f "$GOLD/normalize.awk"; }

# golden NAME ACTUAL: compare with tests/fixtures/trace/NAME.golden
golden() {
	want=$(cat "$GOLD/$1.golden")
	if [ "$want" = "$2" ]; then t_pass "golden trace $1"; else
		t_fail "golden trace $1" "$(printf '%s\n' "$2" | diff "$GOLD/$1.golden" - | head -n 30)"; fi
}

golden unshare-Urpf-mount-proc.root "$("$NSH" -c 'unshare --trace -Urpf --mount-proc true' 2>&1 | norm)"
golden unshare-Urpf-mount-proc.nobody "$(nsh_as_nobody -c 'unshare --trace -Urpf --mount-proc true' 2>&1 | norm)"
golden unshare-Urm-mount-proc-eperm.nobody "$(nsh_as_nobody -c 'unshare --trace -Urm --mount-proc true' 2>&1 | norm)"
golden unshare-p-eperm.nobody "$(nsh_as_nobody -c 'unshare --trace -p true' 2>&1 | norm)"
golden unshare-Urp-no-fork.nobody "$(nsh_as_nobody -c "unshare --trace -Urp sh -c '/bin/echo first; /bin/echo second'" 2>&1 | norm)"

# The same lines with NSH_TRACE=1 (the shell-wide switch).
golden unshare-Urpf-mount-proc.root "$(NSH_TRACE=1 "$NSH" -c 'unshare -Urpf --mount-proc true' 2>&1 | norm)"

# The PIDs are the ones the shell sees: the command's own PID (1 inside)
# appears nowhere; the traced PIDs exist on the host while it runs.
out=$("$NSH" -c 'unshare --trace -fp --mount-proc sh -c "echo inner=\$\$"' 2>&1)
t_match "the command is PID 1 inside" '^inner=1$' "$out"
t_nomatch "no trace line is marked [1]" '^\[1\] ' "$out"
g=$(printf '%s\n' "$out" | sed -n 's/^\[[0-9]*\] fork() = \([0-9]*\)  (PID 1 in the new PID namespace)$/\1/p')
t_match "fork() names the host PID of the child and its PID inside" '^[0-9]+$' "$g"
t_match "the child's own lines carry that host PID" "^\\[$g\\] mount\\(\"proc\"" "$out"

# Off: nothing.  --trace: this command only.
out=$("$NSH" -c 'unshare -fp true' 2>&1)
t_eq "trace off: no lines" "" "$out"
out=$("$NSH" -c 'unshare --trace -U true; unshare -u true' 2>&1)
t_match "--trace traces its own command" 'unshare\(CLONE_NEWUSER\) = 0' "$out"
t_nomatch "--trace does not stay on for the next command" 'CLONE_NEWUTS' "$out"
out=$("$NSH" -c 'unshare --trace -u true' 2>/dev/null)
t_eq "trace goes to stderr, not stdout" "" "$out"

# Colour on a terminal only, never with NO_COLOR.
if command -v script >/dev/null 2>&1; then
	out=$(env -u NO_COLOR script -qec "$NSH -c 'unshare --trace -p true'" /dev/null 2>&1)
	t_match "colour on a terminal: the PID in cyan" "$(printf '\033')\\[36m\\[" "$out"
	t_match "colour on a terminal: the call itself is there" 'unshare\(CLONE_NEWPID\) = 0' "$out"
	out=$(NO_COLOR=1 script -qec "$NSH -c 'unshare --trace -p true'" /dev/null 2>&1)
	t_nomatch "NO_COLOR: no escape sequences" "$(printf '\033')\\[3" "$out"
	out=$(env -u NO_COLOR script -qec "setpriv --reuid=65534 --regid=65534 --clear-groups -- $(nsh_nobody_copy) -c 'unshare --trace -p true'" /dev/null 2>&1)
	t_match "colour on a terminal: a failure in red" "$(printf '\033')\\[31m= -1 EPERM" "$out"
else
	t_skip "trace colour" "script(1) is not installed (util-linux)"
fi
out=$("$NSH" -c 'unshare --trace -p true' 2>&1)
t_nomatch "not a terminal: no colour" "$(printf '\033')" "$out"

t_done
