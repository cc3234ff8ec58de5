#!/bin/sh
# Golden traces for nsenter and mountproc (issue 8), next to trace.sh's for
# unshare: `nsenter --trace -t PID -a true` as root and as nobody, into the
# article's namespace (unshare -Urfp --mount-proc); `mountproc` traced with
# `set -o trace` in unshare -fpm (root) and unshare -Urpmf (nobody); failing
# calls traced with their errno: mountproc after unshare -Urm (EPERM) and
# nsenter on a PID that does not exist (ESRCH).  PIDs are normalised by
# tests/fixtures/trace/normalize.awk; the target PID, an argument of
# pidfd_open, becomes TARGET.
. "$(dirname "$0")/../lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
GOLD=$TOP/tests/fixtures/trace
if [ "$(id -u)" != 0 ]; then
	t_skip "trace_more" "needs root (and setpriv for the unprivileged traces)"
	t_done
	exit
fi
TAG=5$$
STARTED=
cleanup() {
	for p in $STARTED; do kill -KILL "$p" 2>/dev/null; done
	wait
	t_cleanup_nobody
}
trap cleanup EXIT
cd /tmp || exit 1
export PATH=/usr/bin:/bin
export NSH_HINTS=0
NB=$(nsh_nobody_copy)

norm() { awk -f "$GOLD/normalize.awk"; }

# golden NAME ACTUAL: compare with tests/fixtures/trace/NAME.golden.
# TRACE_GOLDEN_OUT=DIR writes the actual traces there (to review a change).
golden() {
	[ -n "${TRACE_GOLDEN_OUT:-}" ] && printf '%s\n' "$2" >"$TRACE_GOLDEN_OUT/$1.golden"
	want=$(cat "$GOLD/$1.golden")
	if [ "$want" = "$2" ]; then t_pass "golden trace $1"; else
		t_fail "golden trace $1" "$(printf '%s\n' "$2" | diff "$GOLD/$1.golden" - | head -n 30)"; fi
}

# A fresh namespace of the article (an init sleeping), made by $1 (a command
# that runs nsh); sets T to the init's PID.  Each golden trace gets its own, so
# the PID inside ("PID 2 in the entered PID namespace") is always the same.
article_namespace() {
	"$@" -c "unshare -Urfp --mount-proc sleep $TAG$N" </dev/null >/dev/null 2>&1 &
	STARTED="$STARTED $!"
	i=0
	while [ $i -lt 100 ]; do
		T=$(pgrep -x -f "sleep $TAG$N") && { STARTED="$T $STARTED"; return 0; }
		sleep 0.05
		i=$((i + 1))
	done
	T=0
	return 1
}
target() { sed "s/pidfd_open($1, /pidfd_open(TARGET, /"; }

N=1
article_namespace "$NSH"
golden nsenter-a.root "$("$NSH" -c "nsenter --trace -t $T -a true" 2>&1 | target "$T" | norm)"
N=2
article_namespace nsh_as_nobody
golden nsenter-a.nobody "$(nsh_as_nobody -c "nsenter --trace -t $T -a true" 2>&1 | target "$T" | norm)"
# The shell-wide switch also shows the shell's own fork.
N=3
article_namespace "$NSH"
golden nsenter-a.set-o-trace.root "$(NSH_TRACE=1 "$NSH" -c "nsenter -t $T -a true" 2>&1 | target "$T" | norm)"
golden nsenter-gone-esrch.root "$("$NSH" -c 'nsenter --trace -t 2147483646 -a true' 2>&1 | norm)"

golden mountproc.root "$("$NSH" -c "unshare -fpm $NSH -c 'set -o trace; mountproc'" 2>&1 | norm)"
golden mountproc.nobody "$(nsh_as_nobody -c "unshare -Urpmf $NB -c 'set -o trace; mountproc'" 2>&1 | norm)"
golden mountproc-Urm-eperm.nobody "$(nsh_as_nobody -c "unshare -Urm $NB -c 'set -o trace; mountproc'" 2>&1 | norm)"

t_done
