#!/bin/sh
# valgrind on a scripted interactive session: nsh on a pseudo-terminal
# (tests/pty/harness.py) with readline, a few commands, a pipeline, a
# builtin error, a namespace builtin, history, exit.  memcheck must report
# no invalid access and no definitely lost block in nsh itself (children
# after fork are silent: they exec or _exit).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_hard.sh"
cd "$(dirname "$0")/../.." || exit 1
if ! command -v valgrind >/dev/null 2>&1; then
	t_skip "valgrind session" "valgrind is not installed (apt-get install valgrind)"
	t_done
	exit
fi
# valgrind cannot run an ASan binary: under `make asan`, build a plain nsh
# next to it (same sources, no sanitizer) and check that one.
if nm "$NSH" 2>/dev/null | grep -q __asan_init; then
	plain="${BUILD:-build}-valgrind"
	if ! make -s BUILD="$plain" CC=cc CFLAGS='-O1 -g' SANITIZE= CI= "$plain/nsh" >/dev/null 2>&1; then
		t_fail "valgrind session" "could not build a plain nsh in $plain for valgrind"
		t_done
		exit
	fi
	NSH=$(pwd)/$plain/nsh
fi
hard_mark
W=$(mktemp -d /tmp/nsh-valgrind.XXXXXX)
trap 'rm -rf "$W"' EXIT

out=$(NSH_HISTFILE="$W/history" python3 - "$NSH" "$W/vg.log" <<'PY' 2>&1
import os, sys
sys.path.insert(0, "tests/pty")
from harness import Session
nsh, log = sys.argv[1], sys.argv[2]
env = dict(os.environ, TERM="xterm", PS1="vg$ ")
argv = ["/usr/bin/valgrind", "--quiet", "--leak-check=full", "--show-leak-kinds=definite",
        "--errors-for-leak-kinds=definite", "--child-silent-after-fork=yes",
        "--log-file=" + log, nsh]
s = Session(argv, env)
try:
    s.expect(r"vg\$ ", timeout=60)
    for line, want in [("cat /proc/$$/comm", r"memcheck"),  # control: nsh really runs under valgrind
                       ("echo hello", r"hello"),
                       ("echo one two | tr a-z A-Z | cat", r"ONE TWO"),
                       ("cd /nonexistent-vg", r"No such file or directory"),
                       ("kill abc", r"arguments must be process or job IDs"),
                       ("unshare --frok", r"unrecognized option"),
                       ("unshare -fp echo inside", r"inside"),
                       ("X=1 env | grep '^X='", r"X=1"),
                       ("sleep 0.1 & wait", r"vg\$ "),
                       ("lsns -t pid >/dev/null; pidtree 1 >/dev/null; echo scanned", r"scanned"),
                       ("history 3", r"scanned"),
                       ("help unshare", r"unshare")]:
        s.mark()
        s.send(line + "\r")
        s.expect(want, timeout=30)
        s.expect(r"vg\$ ", timeout=30)
    s.send("exit\r")
    s.wait_exit(timeout=60)
    print("session-ok")
finally:
    s.close()
PY
)
t_match "the session ran under valgrind" 'session-ok' "$out"
log=$(cat "$W/vg.log" 2>/dev/null)
t_nomatch "no invalid read or write" 'Invalid (read|write|free)' "$log"
t_nomatch "no use of uninitialised values" 'uninitialised' "$log"
t_nomatch "no definitely lost block" 'definitely lost' "$log"
t_nomatch "no other memcheck error" 'ERROR SUMMARY: [1-9]' "$log"
[ -n "$log" ] && printf '%s\n' "$log" | head -n 60 | sed 's/^/# /'
hard_wait_no_leftovers 30
t_eq "no process of this test left" "" "$(hard_leftovers)"
t_done
