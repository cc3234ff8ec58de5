#!/bin/sh
# Runs every tests/bench/*.bench.sh and prints a summary (make bench).
#
# A bench script is POSIX sh, run from the repo top with these set:
#   NSH       the nsh binary to measure
#   COMPARE   "python3 tests/bench/compare.py": call it as
#             $COMPARE NAME [--runs N] -- "$NSH" ... -- REF ... [-- REF ...]
# compare.py prints detail lines (indented) and one summary line per
# comparison ("NAME: ...; peak RSS ..."), which this script collects at the end.
# BENCH='unshare*' limits the run; BENCH_RUNS / BENCH_WARMUP change the
# default number of rounds of compare.py.  Figures are ratios for people to
# read: nothing here fails on a timing.
cd "$(dirname "$0")/../.." || exit 1
: "${NSH:=$(pwd)/build/nsh}"
COMPARE="python3 $(pwd)/tests/bench/compare.py"
export NSH COMPARE
summary=$(mktemp /tmp/nsh-bench.XXXXXX)
failed=""
for b in tests/bench/*.bench.sh; do
	[ -f "$b" ] || continue
	name=${b##*/}
	name=${name%.bench.sh}
	if [ -n "$BENCH" ]; then
		case "$name" in $BENCH) ;; *) continue ;; esac
	fi
	echo "== $name"
	out=$(sh "$b" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	printf '%s\n' "$out" | grep -E '^[^ #=][^ ]*: .*; peak RSS ' >>"$summary"
	[ "$rc" -ne 0 ] && failed="$failed $name"
done
echo
echo "== summary (ratio = nsh median / reference median; above 1 means nsh is slower)"
cat "$summary"
rm -f "$summary"
if [ -n "$failed" ]; then
	echo "bench scripts that failed:$failed"
	exit 1
fi
