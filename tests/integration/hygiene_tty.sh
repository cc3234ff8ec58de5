#!/bin/sh
# The terminal state is restored on every exit path of an interactive nsh.
# nsh runs on a pseudo-terminal (tests/pty/harness.py) under a sh that
# saves `stty -g` before starting nsh and again after it has gone; in nsh a
# job leaves the terminal raw and without echo (`stty raw -echo`), then nsh
# ends in one of several ways.  The two states must be equal, and the
# prompt after a job that died or stopped in raw mode must be usable.
#
# SIGHUP at the prompt (hup-at-prompt): the terminal is restored, the jobs
# get SIGHUP, nsh ends with status 129.  SIGKILL cannot be handled by any
# program.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_hard.sh"
cd "$(dirname "$0")/../.." || exit 1
hard_mark
W=$(mktemp -d /tmp/nsh-tty.XXXXXX)
trap 'rm -rf "$W"' EXIT

cat >"$W/ttystate.py" <<'PY'
import os, sys, signal, time
sys.path.insert(0, "tests/pty")
from harness import Session
nsh, w, how = sys.argv[1], sys.argv[2], sys.argv[3]
env = dict(os.environ, TERM="dumb", PS1="nsh$ ", NSH_HISTFILE="/dev/null")
script = ('stty -g > %s/before; echo "$$" > %s/shpid; %s; echo "nsh-status $?"; '
          'stty -g > %s/after; echo DONE' % (w, w, nsh, w))
s = Session(["/bin/sh", "-c", script], env)

def run(line):
    """Type line and wait for the prompt that follows it (expect looks at
    everything since the mark, so the mark moves first: an earlier prompt
    must not count as this one's)."""
    s.mark()
    s.send(line + "\r")
    s.expect(r"nsh\$ ")

try:
    s.expect(r"nsh\$ ")
    if how == "exit":
        s.send("stty raw -echo; exit\r")
    elif how == "ctrl-d":
        run("stty raw -echo"); s.send("\x04")
    elif how == "exit-status":
        s.send("stty raw -echo; exit 7\r")
    elif how == "term-ignored":
        run("stty raw -echo")
        for p in open("/proc/%s/task/%s/children" % ((open(w + "/shpid").read().strip(),) * 2)).read().split():
            os.kill(int(p), signal.SIGTERM)
        s.send("echo still-here\r"); s.expect(r"(^|\n)still-here\r?\n")
        s.send("exit\r")
    elif how == "job-killed":
        run("sh -c 'stty raw -echo; kill -9 $$'")
        s.send("echo typed-after\r"); s.expect(r"(^|\n)typed-after\r?\n")
        s.send("exit\r")
    elif how == "job-stopped":
        run("sh -c 'stty raw -echo; kill -STOP $$'")
        s.send("exit\r"); s.expect(r"There are stopped jobs")  # as bash: a second exit leaves
        s.send("exit\r")
    elif how == "hup-at-prompt":
        run("stty raw -echo")
        run("sleep 97%s &" % os.getpid())
        nsh_pid = int(open("/proc/%s/task/%s/children" % ((open(w + "/shpid").read().strip(),) * 2)).read().split()[0])
        job = [int(p) for p in open("/proc/%d/task/%d/children" % (nsh_pid, nsh_pid)).read().split()]
        s.mark(); s.send("ec"); s.expect(r"ec")  # a half-typed line: readline holds the terminal
        os.kill(nsh_pid, signal.SIGHUP)
        s.expect(r"nsh-status 129")
        deadline = time.time() + 5
        while time.time() < deadline and any(os.path.exists("/proc/%d" % p) for p in job):
            time.sleep(0.02)
        if any(os.path.exists("/proc/%d" % p) for p in job):
            for p in job:
                os.kill(p, signal.SIGKILL)
            print("the job did not get SIGHUP")
    elif how == "nested":
        run("unshare -fp")
        run("stty raw -echo; exit")
        s.send("exit\r")
    s.expect(r"DONE", timeout=5)
    print("ok")
finally:
    s.close()
PY

for how in exit exit-status ctrl-d term-ignored job-killed job-stopped nested hup-at-prompt; do
	rm -f "$W/before" "$W/after"
	out=$(python3 - "$NSH" "$W" "$how" <"$W/ttystate.py" 2>&1)
	if [ "$out" != ok ]; then
		t_fail "terminal restored after: $how" "the session did not finish: $(printf '%s' "$out" | tail -n 5)"
		continue
	fi
	t_eq "terminal restored after: $how" "$(cat "$W/before")" "$(cat "$W/after" 2>/dev/null)"
done
# the check itself can fail: a raw terminal differs from a sane one
t_ok "a raw terminal is told apart (control for the comparison)" sh -c '
	python3 -c "import pty, os, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(\"sh\", [\"sh\", \"-c\", \"a=\$(stty -g); stty raw -echo; b=\$(stty -g); [ \\\"\$a\\\" != \\\"\$b\\\" ]\"])
_, st = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(st))"'
hard_wait_no_leftovers 30
t_eq "no process of this test left" "" "$(hard_leftovers)"
t_done
