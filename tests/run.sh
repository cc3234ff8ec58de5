#!/bin/sh
# Runs every test of nsh and prints "N passed, N failed, N skipped".
#   unit:         $BUILD/tests/test_*       (cmocka, TAP output)
#   integration:  tests/integration/*.sh    (real kernel, real namespaces)
#   pty:          tests/pty/*.sh            (the REPL in a real pseudo-terminal)
# TESTS="glob" limits the run, e.g. TESTS='integration/unshare*'.
# With CI set, a skipped check counts as failed: CI must not skip.
cd "$(dirname "$0")/.." || exit 1
: "${BUILD:=build}"
: "${NSH:=$(pwd)/$BUILD/nsh}"
export NSH BUILD
export NSH_DATADIR="$(pwd)"
export CMOCKA_MESSAGE_OUTPUT=TAP
export NSH_HISTFILE=/dev/null
log=$(mktemp -d /tmp/nsh-run.XXXXXX)
passed=0 failed=0 skipped=0 broken=""

run_one() { # name, command...
	name=$1; shift
	out="$log/$(echo "$name" | tr '/' '_').out"
	# Every process a test starts inherits this mark; any still alive
	# after the test (a stray sleep, an orphaned namespace init) fails it.
	NSH_HARD_MARK="run-$$-$(echo "$name" | tr '/.' '__')"
	export NSH_HARD_MARK
	"$@" >"$out" 2>&1 </dev/null
	rc=$?
	p=$(grep -c '^ok ' "$out"); s=$(grep -c '^ok .*# SKIP' "$out"); f=$(grep -c '^not ok ' "$out")
	p=$((p - s))
	if ! left=$(sh tests/leftovers.sh "$$" 2>&1); then
		echo "not ok - $name left processes behind:" >>"$out"
		printf '%s\n' "$left" | sed 's/^/#   /' >>"$out"
		f=$((f + 1))
	fi
	unset NSH_HARD_MARK
	# CI must run everything: there a skip is a failure (the reason is shown).
	if [ -n "$CI" ] && [ "$s" -gt 0 ]; then
		grep '^ok .*# SKIP' "$out" | sed 's/^ok/not ok/; s/# SKIP/(skipped under CI:/; s/$/)/' >>"$out"
		f=$((f + s)); s=0
	fi
	passed=$((passed + p)); skipped=$((skipped + s)); failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
		broken="$broken $name"
		echo "FAIL $name (exit $rc, $f failed)"
		grep -v '^ok ' "$out" | tail -n 40 | sed 's/^/    /'
	else
		if [ "$s" -gt 0 ]; then echo "ok   $name ($p passed, $s skipped)"; else echo "ok   $name ($p passed)"; fi
	fi
}

want() { [ -z "$TESTS" ] && return 0; case "$1" in $TESTS) return 0;; esac; return 1; }

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *.o|*.d) continue;; esac
	want "unit/${t##*/}" && run_one "unit/${t##*/}" "$t"
done
for t in tests/integration/*.sh tests/pty/*.sh; do
	[ -f "$t" ] || continue
	n=${t#tests/}
	want "$n" && run_one "$n" timeout 300 sh "$t"
done
rm -rf "$log"
echo
[ -n "$broken" ] && echo "failing:$broken"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
