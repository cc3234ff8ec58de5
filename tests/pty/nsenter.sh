#!/bin/sh
# nsenter at an interactive nsh on a real pseudo-terminal: Ctrl-C ends the
# command inside the PID namespace (status 130, nothing left), Ctrl-Z stops
# the pair and `fg` resumes it, and without a command a nested nsh runs
# inside, survives Ctrl-C of its own foreground job, and passes its exit
# status on.  The terminal is driven by a small Python pty script.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	t_skip "nsenter on a pty" "needs root to make the target PID namespace (CI runs the tests as root)"
	t_done
	exit
fi
if ! command -v python3 >/dev/null 2>&1; then
	t_skip "nsenter on a pty" "python3 drives the pseudo-terminal and is not installed"
	t_done
	exit
fi
TAG=5$$
unshare -fp --mount-proc sleep "${TAG}0" </dev/null >/dev/null 2>&1 &
UNSHARE=$!
i=0
while [ $i -lt 100 ] && ! INIT=$(pgrep -x -f "sleep ${TAG}0"); do sleep 0.05; i=$((i + 1)); done
trap 'kill -KILL "$INIT" 2>/dev/null; wait' EXIT

python3 - "$NSH" "$INIT" "$TAG" <<'EOF'
import os, pty, re, select, subprocess, sys, time

nsh, init, tag = sys.argv[1], sys.argv[2], sys.argv[3]
import signal
signal.alarm(120)  # never hang the run
n = 0
failed = 0

def check(name, ok, detail=""):
    global n, failed
    n += 1
    if ok:
        print("ok %d - %s" % (n, name))
    else:
        failed += 1
        print("not ok %d - %s" % (n, name))
        if detail:
            print("#   " + detail.replace("\n", "\n#   "))

pid, fd = pty.fork()
if pid == 0:
    os.environ["PS1"] = "PROMPT$ "
    os.environ["NSH_HISTFILE"] = "/dev/null"
    os.execv(nsh, ["nsh"])
buf = b""

def read_until(pattern, timeout=5.0):
    """Everything up to and including the first match, or None after timeout."""
    global buf
    end = time.time() + timeout
    while True:
        m = re.search(pattern, buf)
        if m:
            out, buf = buf[: m.end()], buf[m.end():]
            return out.decode(errors="replace")
        if time.time() > end:
            return None
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                buf += os.read(fd, 4096)
            except OSError:
                return None

def send(text):
    os.write(fd, text.encode())

def alive(pattern):
    return subprocess.run(["pgrep", "-f", pattern], capture_output=True).returncode == 0

def wait_alive(pattern, timeout=5.0):
    end = time.time() + timeout
    while time.time() < end:
        if alive(pattern):
            return True
        time.sleep(0.05)
    return False

def status():
    send("echo status=$?\n")
    out = read_until(rb"status=\d+")
    return out and re.search(r"status=(\d+)", out).group(1)

first = read_until(rb"PROMPT\$ ")
check("the prompt comes", first is not None, repr(buf))

# Ctrl-C while the command runs inside the PID namespace
send("nsenter -t %s -a sleep %s1\n" % (init, tag))
check("the command starts inside", wait_alive("^sleep %s1$" % tag))
send("\x03")
check("Ctrl-C: back at the prompt", read_until(rb"PROMPT\$ ") is not None)
check("Ctrl-C: status 130", status() == "130")
check("Ctrl-C: nothing left behind", not alive("sleep %s1" % tag))

# Ctrl-Z stops the pair; fg resumes it
send("nsenter -t %s -a sleep %s2\n" % (init, tag))
check("second command starts", wait_alive("^sleep %s2$" % tag))
send("\x1a")
check("Ctrl-Z: back at the prompt", read_until(rb"PROMPT\$ ") is not None)
send("jobs\n")
out = read_until(rb"PROMPT\$ ")
check("Ctrl-Z: jobs shows the nsenter command line stopped",
      out is not None and re.search(r"Stopped +nsenter -t %s -a sleep %s2" % (init, tag), out) is not None, repr(out))
send("fg\n")
time.sleep(0.3)
check("fg: the command runs again", alive("^sleep %s2$" % tag))
send("\x03")
check("fg, Ctrl-C: back at the prompt", read_until(rb"PROMPT\$ ") is not None)
check("fg, Ctrl-C: status 130", status() == "130")
check("fg, Ctrl-C: nothing left behind", not alive("sleep %s2" % tag))

# Without a command: a nested nsh inside
send("nsenter -t %s -a\n" % init)
time.sleep(0.3)
send("echo inner=$$\n")
out = read_until(rb"inner=\d+")
check("nested nsh: runs inside ($$ is small)", out is not None and int(re.search(r"inner=(\d+)", out).group(1)) < 100, repr(out))
send("sleep %s3\n" % tag)
check("nested nsh: runs a foreground job", wait_alive("^sleep %s3$" % tag))
send("\x03")
time.sleep(0.2)
send("echo still=$$\n")
out = read_until(rb"still=\d+")
check("nested nsh: survives Ctrl-C of its job", out is not None, repr(buf))
send("exit 5\n")
time.sleep(0.3)
check("nested nsh: its exit status is passed on", status() == "5")
send("exit\n")
os.waitpid(pid, 0)
check("nothing of this test left running", not alive("sleep %s[123]" % tag))
print("1..%d" % n)
sys.exit(1 if failed else 0)
EOF
