#!/bin/sh
# A short libFuzzer run of the lexer/parser/expander (tests/fuzz/fuzz_parse.c)
# on every `make test`: NSH_FUZZ_SECONDS (default 30) without a crash, a
# sanitizer report, a leak or a hang.  Longer runs: see tests/fuzz/README.
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.." || exit 1
secs=${NSH_FUZZ_SECONDS:-30}

if ! command -v clang >/dev/null 2>&1; then
	t_skip "fuzz_parse" "clang is not installed (apt-get install clang)"
	t_done
	exit
fi
work=$(mktemp -d /tmp/nsh-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

if clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE -Ishell \
	tests/fuzz/fuzz_parse.c shell/parse.c shell/expand.c -o "$work/fuzz_parse" >"$work/build.log" 2>&1; then
	t_pass "fuzz_parse builds with clang -fsanitize=fuzzer,address,undefined"
else
	t_fail "fuzz_parse builds with clang -fsanitize=fuzzer,address,undefined" "$(tail -n 20 "$work/build.log")"
	t_done
	exit
fi

mkdir "$work/corpus"
"$work/fuzz_parse" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
	-dict=tests/fuzz/parse.dict -artifact_prefix="$work/" "$work/corpus" tests/fuzz/corpus/parse \
	>"$work/log" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then
	t_pass "fuzz_parse: $secs s without a crash, sanitizer report, leak or hang"
else
	t_fail "fuzz_parse: $secs s without a crash, sanitizer report, leak or hang" \
		"exit status $rc; crashing input(s), base64:" \
		"$(for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do [ -f "$f" ] && base64 -w0 "$f" && echo; done)" \
		"$(grep -v '^"' "$work/log" | tail -n 30)"
fi
t_match "fuzz_parse reports its executions" '^Done [0-9]+ runs' "$(grep '^Done ' "$work/log")"
t_done
