#!/bin/sh
# Every descriptor nsh opens is close-on-exec: a command nsh starts sees
# only 0, 1, 2, what the user redirected, and what nsh itself inherited
# (the test runner may hold a few; they are the baseline, measured by the
# same checker started without nsh).  Checked for a command started
# directly, in a pipeline (first, middle, last), in the background, after
# a redirection, through unshare (-fp, -Urpf --mount-proc as nobody,
# --kill-child, --pid=FILE), through nsenter (forking and -F), from a
# nested nsh, in a lab (the supervisor's sandbox and pty), and from the
# interactive REPL on a pty (readline, history).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_hard.sh"
cd "$(dirname "$0")/../.." || exit 1
hard_mark
W=$(mktemp -d /tmp/nsh-fds.XXXXXX)
chmod 755 "$W"
target=
trap '[ -n "$target" ] && kill -9 "$target" 2>/dev/null; umount "$W/pidns" 2>/dev/null; rm -rf "$W"; t_cleanup_nobody' EXIT
nsh_nobody_copy >/dev/null

# The checker: its own open descriptors (the one listdir uses is gone by
# the time readlink looks, so it drops out).
cat >"$W/fds.py" <<'PY'
import os
fds = []
for f in os.listdir("/proc/self/fd"):
    try:
        os.readlink("/proc/self/fd/" + f)
        fds.append(int(f))
    except OSError:
        pass
print("FDS:", " ".join(str(f) for f in sorted(fds)))
PY
chmod 644 "$W/fds.py"
# the real interpreter, not a wrapper script that forks (fork fails after
# unshare -p without -f, by design)
C="/usr/bin/python3 $W/fds.py"
base=$($C)
with5=$($C 5</dev/null)
t_match "baseline measured" '^FDS: 0 1 2( [0-9]+)*$' "$base"

check() { # name, nsh command line, expected
	out=$("$NSH" -c "$2" 2>&1)
	t_eq "$1" "$3" "$out"
}
check "direct command" "$C" "$base"
check "first of a pipeline" "$C | cat" "$base"
check "middle of a pipeline" "true | $C | cat" "$base"
check "last of a pipeline" "echo x | $C" "$base"
check "background job" "$C & wait" "$base"
check "a redirected descriptor stays (5</dev/null)" "$C 5</dev/null" "$with5"
check "after a redirection of the shell's output" "$C >$W/o; cat $W/o" "$base"
check "after a builtin with a redirection" "echo x >$W/o2; $C" "$base"
check "after a failed command" "nosuchcommand 2>/dev/null; $C" "$base"
check "through unshare -fp" "unshare -fp $C" "$base"
check "through unshare -fp --mount-proc" "unshare -fp --mount-proc $C" "$base"
check "through unshare --kill-child" "unshare -fp --kill-child $C" "$base"
touch "$W/pidns"
check "through unshare --pid=FILE (persistent)" "unshare --pid=$W/pidns -fp $C" "$base"
umount "$W/pidns" 2>/dev/null
check "through unshare -p without -f (first child)" "unshare -p $C" "$base"
check "through unshare, in a pipeline" "unshare -fp $C | cat" "$base"
check "from a nested nsh" "$NSH -c '$C'" "$base"
check "from a nested nsh through unshare" "unshare -fp $NSH -c '$C | cat'" "$base"
check "after doctor (probe children, pipes, temporary dir)" "doctor >/dev/null; $C" "$base"
check "after lsns and pidtree (/proc scans)" "lsns >/dev/null 2>&1; pidtree >/dev/null 2>&1; $C" "$base"
check "after a refused mountproc" "mountproc 2>/dev/null; $C" "$base"

# nsenter into a process with its own mount and UTS namespaces
unshare -mu --propagation private sleep 1000 &
target=$!
i=0
while [ "$(readlink /proc/$target/ns/mnt 2>/dev/null)" = "$(readlink /proc/self/ns/mnt)" ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
check "through nsenter -t PID -m -u" "nsenter -t $target -m -u $C" "$base"
check "through nsenter -t PID -a" "nsenter -t $target -a $C" "$base"
check "through nsenter -F (no fork)" "nsenter -F -t $target -u $C" "$base"
check "through nsenter, in a pipeline" "nsenter -t $target -m $C | cat" "$base"
kill -9 "$target"
wait "$target" 2>/dev/null
target=

out=$(nsh_as_nobody -c "unshare -Urpf --mount-proc $C" 2>&1)
t_eq "through unshare -Urpf --mount-proc as nobody" "$base" "$out"
out=$(nsh_as_nobody -c "unshare -Urpf true; unshare -Ur true & wait; $C" 2>&1)
t_eq "as nobody after unshare, in the foreground and the background" "$base" "$out"

# Commands typed in a lab: the supervisor starts nsh on a pty in the lab
# sandbox; what that nsh starts (directly, through unshare, in a pipeline)
# must see exactly 0 1 2 (the sandbox inherits nothing else).
cat >"$W/fdlab.lua" <<LAB
return lab {
  id = "fdlab",
  title = "descriptors seen by commands in a lab",
  steps = {
    { say = "List your descriptors.", type = "$C",
      expect = { output = "FDS: 0 1 2\\r?\\n", status = 0 }, why = "fds" },
    { say = "Through unshare and a pipeline.", type = "unshare -fp $C | cat",
      expect = { output = "FDS: 0 1 2\\r?\\n", status = 0 }, why = "fds" },
    { say = "From a nested nsh.", type = "$NSH -c '$C'",
      expect = { output = "FDS: 0 1 2\\r?\\n", status = 0 }, why = "fds" },
  },
}
LAB
chmod 644 "$W/fdlab.lua"
out=$(timeout 120 "$NSH" lab check "$W/fdlab.lua" 2>&1)
t_match "in a lab: commands see only 0 1 2 (direct, unshare | cat, nested nsh)" '3 steps: 3 passed, 0 failed' "$out"

# The REPL on a pty: readline, the history file, the terminal descriptor.
out=$(NSH_HISTFILE="$W/history" python3 - "$NSH" "$C" <<'PY'
import os, sys
sys.path.insert(0, "tests/pty")
from harness import Session
nsh, checker = sys.argv[1], sys.argv[2]
env = dict(os.environ, TERM="dumb", PS1="$ ")
s = Session([nsh], env)
try:
    s.expect(r"\$ ")
    s.send(checker + "\r")
    s.expect(r"FDS: [0-9 ]+\n")
    s.send(checker + " | cat\r")
    s.expect(r"FDS:.*\n(.|\n)*FDS: [0-9 ]+\n")
    s.send("exit\r")
    s.wait_exit()
finally:
    s.close()
for line in s.text(since_mark=False).splitlines():
    if line.startswith("FDS:"):
        print(line)
PY
)
t_eq "from the REPL on a pty (direct, then in a pipeline)" "$base
$base" "$out"

hard_wait_no_leftovers 30
t_eq "no process of this test left" "" "$(hard_leftovers)"
t_done
