#!/bin/sh
# The labs' needs take their verdict from the probe `nsh doctor` prints
# (shell/sys/probe.c, issue 7): where the machine refuses a step, a lab is
# skipped with the reason, and doctor names the same step.  The refusal is
# made for real and harmlessly: in a user namespace of util-linux's
# `unshare -Ur` (uid 0 there), the namespace limits under /proc/sys/user are
# that namespace's own and may be set to 0; nothing outside changes.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh
export NSH_DATADIR="$(pwd)"
tmp=$(mktemp -d /tmp/nsh-labneeds.XXXXXX)
export XDG_STATE_HOME="$tmp/state"
trap 'rm -rf "$tmp"' EXIT

if ! command -v unshare >/dev/null 2>&1 || ! unshare -Ur true 2>/dev/null; then
	t_skip "lab needs against the probe" "util-linux unshare -Ur is not usable here"
	t_done
	exit
fi

# in_userns LIMIT COMMAND...: run COMMAND as uid 0 of a new user namespace
# whose user.max_LIMIT_namespaces is 0.
in_userns() {
	limit=$1
	shift
	unshare -Ur sh -c 'echo 0 >/proc/sys/user/max_'"$limit"'_namespaces && exec "$@"' sh "$@"
}

# ---- no PID namespace may be made: uid 0, yet the sandbox cannot exist
out=$(in_userns pid "$NSH" lab check labs/example.lua --format tap 2>&1); rc=$?
t_eq "no PID namespaces: lab check skips the lab, status 0" 0 "$rc"
t_match "no PID namespaces: the skip names the probe's failed step and errno" \
	'^ok 1 - example # SKIP the lab sandbox cannot be made here: unshare\(CLONE_NEWPID\|CLONE_NEWNS\): No space left on device' "$out"
doc=$(in_userns pid "$NSH" -c doctor 2>&1)
t_match "no PID namespaces: doctor names the same step for the lab, as root" \
	'^  example +as root: no \(unshare\(CLONE_NEWPID\|CLONE_NEWNS\) failed\)' "$doc"

# ---- no user namespace may be made: a lab that needs one is skipped with
# the sysctl to change (the same wording as before the shared probe)
out=$(in_userns user "$NSH" lab check tests/lua/labs/unprivileged.lua --format tap 2>&1); rc=$?
t_eq "no user namespaces: lab check skips the userns lab, status 0" 0 "$rc"
t_match "no user namespaces: the reason and the fix" \
	'# SKIP needs user namespaces, limited to 0: sysctl -w user.max_user_namespaces=15000' "$out"

# ---- where everything works, nothing is skipped (root here; lab_check.sh
# covers nobody)
out=$("$NSH" lab check labs/example.lua --format tap 2>&1); rc=$?
t_eq "a machine that allows it: the example lab passes" 0 "$rc"
t_nomatch "a machine that allows it: no skip" 'SKIP' "$out"

t_done
