#!/bin/sh
# A short run of every libFuzzer target (tests/fuzz/fuzz_*.c), as part of
# make test: FUZZ_SHORT_SECONDS each (default 20), two at a time, in
# $BUILD-fuzz/.  `make fuzz` is the long run (FUZZ_SECONDS, default 600).
# Skips, saying why, only when clang or its libFuzzer runtime is missing
# (a failure under CI).
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.." || exit 1
: "${FUZZ_SHORT_SECONDS:=20}"
fb="${BUILD:-build}-fuzz"

probe=$(mktemp -d /tmp/nsh-fuzzprobe.XXXXXX)
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$probe/t.c"
if ! command -v clang >/dev/null 2>&1; then
	t_skip "fuzz targets" "clang is not installed (apt-get install clang)"
	rm -rf "$probe"; t_done; exit
fi
if ! clang -fsanitize=fuzzer,address "$probe/t.c" -o "$probe/t" >"$probe/log" 2>&1; then
	t_skip "fuzz targets" "clang cannot link libFuzzer: $(head -n 1 "$probe/log")"
	rm -rf "$probe"; t_done; exit
fi
rm -rf "$probe"

out=$(FUZZ_BUILD="$fb" FUZZ_SECONDS="$FUZZ_SHORT_SECONDS" FUZZ_JOBS=2 sh tests/fuzz/run.sh 2>&1)
rc=$?
for f in tests/fuzz/fuzz_*.c; do
	t=${f##*/fuzz_}; t=${t%.c}
	line=$(printf '%s\n' "$out" | grep "^fuzz_$t: " | head -n 1)
	t_match "fuzz_$t: ${FUZZ_SHORT_SECONDS}s without a finding" "^fuzz_$t: [0-9]+ executions in [0-9]+s, no finding" \
		"${line:-$(printf '%s\n' "$out" | tail -n 40)}"
	printf '%s\n' "$out" | grep -A 30 "^fuzz_$t: FAILED" | sed 's/^/# /'
done
t_eq "tests/fuzz/run.sh status" 0 "$rc"
t_done
