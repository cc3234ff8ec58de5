# Helpers for the integration scripts (POSIX sh; sourced).  Each check prints
# one TAP line; tests/run.sh counts them.
#
#   t_ok NAME CMD...            passes if CMD exits 0
#   t_eq NAME EXPECTED ACTUAL   string equality
#   t_match NAME REGEX TEXT     grep -E match
#   t_nomatch NAME REGEX TEXT
#   t_skip NAME WHY             a skip must say why; under CI it is a failure
#   t_done                      prints the plan; exit status 1 if any check failed
#   nsh_as_nobody ARGS...       runs a copy of $NSH as uid/gid 65534 from a
#                               directory that user can reach
: "${NSH:?NSH must point at the nsh binary}"
T_N=0
T_FAIL=0

t_pass() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
t_fail() {
	T_N=$((T_N + 1)); T_FAIL=$((T_FAIL + 1)); echo "not ok $T_N - $1"
	shift
	for line in "$@"; do printf '#   %s\n' "$line" | head -c 4000; echo; done
}
t_ok() { name=$1; shift; if "$@" >/dev/null 2>&1; then t_pass "$name"; else t_fail "$name" "command failed: $*"; fi; }
t_eq() {
	if [ "$2" = "$3" ]; then t_pass "$1"; else t_fail "$1" "expected: $2" "actual:   $3"; fi
}
t_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then t_pass "$1"; else t_fail "$1" "no match for: $2" "in: $3"; fi
}
t_nomatch() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then t_fail "$1" "unexpected match for: $2" "in: $3"; else t_pass "$1"; fi
}
t_skip() {
	if [ -n "${CI:-}" ]; then t_fail "$1" "skipped under CI, which must run it: $2"
	else T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"; fi
}
t_done() { echo "1..$T_N"; [ "$T_FAIL" -eq 0 ]; }

# A copy of nsh (and its Lua and lab files) that an unprivileged user can run,
# in a directory under /tmp named after this script's PID: $$ is the same in
# $(...) subshells, so `dir=$(nsh_nobody_copy)` and nsh_as_nobody share one
# copy, and t_cleanup_nobody removes it whichever made it.
T_NOBODY_DIR=/tmp/nsh-test-nobody.$$
nsh_nobody_copy() {
	if [ ! -x "$T_NOBODY_DIR/nsh" ]; then
		rm -rf "$T_NOBODY_DIR"
		mkdir -m 755 "$T_NOBODY_DIR" || return 1
		cp "$NSH" "$T_NOBODY_DIR/nsh"
		top=$(cd "$(dirname "$0")/../.." && pwd)
		for d in lua labs; do [ -d "$top/$d" ] && cp -r "$top/$d" "$T_NOBODY_DIR/$d"; done
		chmod -R a+rX "$T_NOBODY_DIR"
	fi
	echo "$T_NOBODY_DIR/nsh"
}
nsh_as_nobody() {
	bin=$(nsh_nobody_copy) || return 1
	(cd "$T_NOBODY_DIR" && NSH_DATADIR="$T_NOBODY_DIR" HOME="$T_NOBODY_DIR" XDG_STATE_HOME="$T_NOBODY_DIR/state" \
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$bin" "$@")
}
t_cleanup_nobody() { rm -rf "$T_NOBODY_DIR"; }
