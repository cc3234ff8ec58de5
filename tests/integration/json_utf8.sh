#!/bin/sh
# Every --json output parses as strict UTF-8 JSON even when a process names
# itself with bytes that are not UTF-8 (a command line may hold any bytes):
# lsns -J, pidtree -J and whereami -J all write their strings through
# shell/lib/json_string.c, which puts U+FFFD for such bytes.
. "$(dirname "$0")/../lib.sh"

# A process alone in a new user and UTS namespace (so lsns shows its
# command for them), named "nsh-json-\xff-test" (perl sets both the command
# line and comm).  unshare -U works as root and as any user here.
"$NSH" -c "unshare -Uu perl -e '\$0 = \"nsh-json-\\xff-test\"; sleep 30'" &
launcher=$!
pid=
i=0
while [ $i -lt 100 ]; do
	pid=$(pgrep -f '^nsh-json-' | head -1)
	[ -n "$pid" ] && grep -q 'nsh-json-' "/proc/$pid/comm" 2>/dev/null && break
	sleep 0.05
	i=$((i + 1))
done
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	wait "$launcher" 2>/dev/null
}
trap cleanup EXIT
t_ok "the test process is named with a byte that is not UTF-8" grep -q 'nsh-json-' "/proc/$pid/cmdline"

# Strict: the bytes must decode as UTF-8 and parse as JSON; prints the
# strings of the document that hold "nsh-json-".
strict_json='
import json, sys
def walk(v):
    if isinstance(v, dict):
        for x in v.values(): yield from walk(x)
    elif isinstance(v, list):
        for x in v: yield from walk(x)
    elif isinstance(v, str) and "nsh-json-" in v:
        yield v
doc = json.loads(sys.stdin.buffer.read().decode("utf-8"))
print("|".join(sorted(set(walk(doc)))))
'
for cmd in "lsns -J -t uts" "pidtree -J $pid" "whereami -J $pid"; do
	out=$("$NSH" -c "$cmd" 2>/dev/null | python3 -c "$strict_json" 2>&1)
	t_match "$cmd: strict UTF-8 JSON, the bad byte as U+FFFD" "nsh-json-$(printf '\357\277\275')-test" "$out"
done
t_done
