#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) and runs each one.
#
#   sh tests/fuzz/run.sh [TARGET...]        (make fuzz calls it)
#
#   FUZZ_BUILD=build-fuzz   where the objects, binaries, corpora and logs go
#   FUZZ_SECONDS=600        how long each target runs (0: build only)
#   FUZZ_JOBS=2             how many targets run at the same time
#
# Every object of nsh is built with clang, ASan, UBSan and libFuzzer's
# coverage (make's own rules, in FUZZ_BUILD); each target links them all.
# A target's seeds are tests/fuzz/corpus/NAME/ (read only); what the fuzzer
# finds goes to FUZZ_BUILD/corpus-NAME/, crashers to FUZZ_BUILD/NAME-crash-*.
# The last line says, per target, how many inputs ran and whether it failed;
# the exit status is 1 if any target failed.
cd "$(dirname "$0")/../.." || exit 1
: "${FUZZ_BUILD:=build-fuzz}"
: "${FUZZ_SECONDS:=600}"
: "${FUZZ_JOBS:=2}"
B=$FUZZ_BUILD
SAN='-fsanitize=address,undefined -fno-sanitize-recover=all'
FLAGS='-O1 -g -fno-omit-frame-pointer'

targets=$*
[ -n "$targets" ] || targets=$(for f in tests/fuzz/fuzz_*.c; do f=${f##*/fuzz_}; echo "${f%.c}"; done)

# The objects, through the Makefile's own rules (warnings not fatal here:
# CI=1 builds are checked elsewhere).
mkdir -p "$B"
make -s BUILD="$B" CC=clang CI= CFLAGS="$FLAGS" SANITIZE="$SAN -fsanitize=fuzzer-no-link" "$B/nsh" >"$B/make.log" 2>&1 || {
	cat "$B/make.log" >&2
	echo "fuzz: building the objects failed" >&2
	exit 1
}
pkg_cflags=$(sed -n 's/^PKG_CFLAGS = //p' "$B/config.mk")
pkg_libs=$(sed -n 's/^PKG_LIBS = //p' "$B/config.mk")
# The objects of today's sources (not whatever .o files an older layout left
# in $B): every .c under shell/ and lua/ but shell/main.c, as the Makefile.
objs=$(find shell lua -name '*.c' ! -path shell/main.c | sort | sed "s|^|$B/|; s|\.c\$|.o|")

for t in $targets; do
	# shellcheck disable=SC2086
	clang -std=gnu11 $FLAGS $SAN -fsanitize=fuzzer -D_GNU_SOURCE -Ishell -Ilua $pkg_cflags \
		-o "$B/fuzz_$t" "tests/fuzz/fuzz_$t.c" $objs $pkg_libs -lutil || {
		echo "fuzz: building fuzz_$t failed" >&2
		exit 1
	}
done
[ "$FUZZ_SECONDS" -gt 0 ] || exit 0

run_target() { # name
	t=$1
	mkdir -p "$B/corpus-$t" "tests/fuzz/corpus/$t"
	dict=
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
	# shellcheck disable=SC2086
	"$B/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
		-print_final_stats=1 -artifact_prefix="$B/$t-" $dict \
		"$B/corpus-$t" "tests/fuzz/corpus/$t" >"$B/$t.log" 2>&1
	echo $? >"$B/$t.rc"
}

running=0
for t in $targets; do
	run_target "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$FUZZ_JOBS" ]; then
		wait
		running=0
	fi
done
wait

failed=0
for t in $targets; do
	rc=$(cat "$B/$t.rc" 2>/dev/null || echo 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/$t.log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz_$t: ${execs:-?} executions in ${FUZZ_SECONDS}s, no finding"
	else
		failed=1
		echo "fuzz_$t: FAILED (exit $rc) after ${execs:-?} executions; log $B/$t.log:"
		grep -E 'ERROR|SUMMARY|Test unit written|^==[0-9]+==|#[0-9]+ 0x' "$B/$t.log" | head -n 30 | sed 's/^/    /'
	fi
done
exit "$failed"
