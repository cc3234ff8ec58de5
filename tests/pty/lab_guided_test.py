"""Guided lab mode through real pseudo-terminals (see lab_guided.sh)."""

import fcntl
import json
import os
import re
import struct
import termios
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Session, Timeout, wait_for  # noqa: E402

NSH = os.environ["NSH"]
TOP = os.getcwd()
tmp = tempfile.mkdtemp(prefix="nsh-labpty.")
ENV = dict(os.environ, NSH_DATADIR=TOP, XDG_STATE_HOME=tmp + "/state", XDG_RUNTIME_DIR=tmp,
           TERM="xterm", HOME=tmp, NSH_HISTFILE="/dev/null")
ENV.pop("NO_COLOR", None)
PROMPT = r"lab:[^\n]*# $"

n = 0
failed = 0


def ok(name, cond, detail=""):
    global n, failed
    n += 1
    if cond:
        print("ok %d - %s" % (n, name))
    else:
        failed += 1
        print("not ok %d - %s" % (n, name))
        for line in str(detail).splitlines()[-30:]:
            print("#   " + line)


def step(s, name, send, *patterns, timeout=10):
    """Type send, then wait for each pattern in turn (and the prompt)."""
    s.mark()
    if send is not None:
        s.send(send)
    try:
        for p in patterns:
            s.expect(p, timeout=timeout)
        ok(name, True)
        return True
    except Timeout as e:
        ok(name, False, e)
        return False


def progress():
    try:
        with open(tmp + "/state/nsh/progress.json") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        return {"error": str(e)}


# ---- a guided run of the example lab -------------------------------------
s = Session(["/bin/sh", "-c", '"$0" lab start example --restart; echo "lab exited $?"; stty -a', NSH], ENV)
try:
    step(s, "the intro and step 1 are shown before the first prompt",
         None, r"Your lab sandbox", r"Step 1 of 4\n  List every process", PROMPT)
    step(s, "lab hint: the first hint", "lab hint\r", r"Hint 1 of 2:\n  `ps` lists processes", PROMPT)
    step(s, "lab hint again: the last one gives the command", "lab hint\r", r"Hint 2 of 2:\n  Type: ps -ef", PROMPT)
    step(s, "a command that does not pass: no confirmation", "echo hello\r", r"hello\n", PROMPT)
    ok("... and the step is not passed", "passed" not in s.text())
    step(s, "typing the step's command: output, then the confirmation and the why",
         "ps -ef\r", r"PID +PPID.*lab-init.*ps -ef\n", r"Step 1 passed\.\n  The sandbox is a new PID namespace",
         r"Step 2 of 4\n  Start `sleep 1000`", r"Predict: What PID", PROMPT)
    text = s.text()
    ok("the confirmation comes after the command's output, before the prompt",
       text.find("ps -ef\n") < text.find("Step 1 passed") < text.rfind("# "), text)
    step(s, "lab answer records the prediction", "lab answer 1\r", r"Answer noted", PROMPT)
    step(s, "the prediction's outcome is shown when the step passes",
         "sleep 1000 &\r", r"Step 2 passed\.\n  Your prediction held: a small one", r"Step 3 of 4", PROMPT)
    step(s, "lab status: the current step", "lab status\r", r"example: Your lab sandbox\n  Step 3 of 4:", PROMPT)
    step(s, "lab skip: the next step", "lab skip\r", r"Step 3 skipped", r"Step 4 of 4\n  Try to signal", PROMPT)
    step(s, "lab start inside a lab is refused", "lab start example\r", r"already in lab 'example'", PROMPT)
    step(s, "lab why: the last passed step's explanation", "lab why\r", r"Why \(step 2\):\n  PIDs are handed out", PROMPT)
    step(s, "lab quit leaves the lab; the terminal is back in its normal mode (stty -a after it)",
         "lab quit\r", r"progress is saved", r"lab exited 0", r"[^-]\bicanon\b", r"[^-]\becho\b")
    p = progress().get("labs", {}).get("example", {})
    steps = {k: v.get("result") for k, v in p.get("steps", {}).items()}
    ok("progress: steps 1 and 2 passed, 3 skipped, with timestamps",
       steps == {"1": "pass", "2": "pass", "3": "skip"} and p.get("started", "").endswith("Z"), progress())
finally:
    s.close()

# ---- resume -------------------------------------------------------------
s = Session([NSH, "lab", "start", "example"], ENV)
try:
    step(s, "starting again resumes at the first step not done", None,
         r"Resuming at step 4", r"Step 4 of 4", PROMPT)
    fcntl.ioctl(s.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    ok("the lab's terminal follows the real terminal's size",
       wait_for(lambda: (s.mark(), s.send("stty size\r"), s.settle(0.2, 2), "30 100" in s.text())[-1], 5), s.text())
    step(s, "the last step passes; the lab is complete", "kill 99999\r",
         r"No such process", r"Step 4 passed", r"Lab complete\.\n  You saw a PID namespace", PROMPT)
    step(s, "exit at the top leaves the lab", "exit\r", r"exit")
    try:
        status = s.wait_exit(10)
    except Timeout as e:
        status = str(e)
    ok("... with status 0", status == 0, status)
    ok("progress: the lab is completed", progress()["labs"]["example"].get("completed") is not None, progress())
finally:
    s.close()

# ---- a second terminal with nsh lab attach -----------------------------
s = Session([NSH, "lab", "start", TOP + "/tests/lua/labs/two_terms.lua", "--restart"], ENV)
t2 = None
try:
    step(s, "two terminals: step 1 on terminal 1", None, r"Step 1 of 6", PROMPT)
    step(s, "two terminals: the sleep passes step 1", "sleep 4242 &\r", r"Step 1 passed", r"Step 2 of 6", PROMPT)
    t2 = Session([NSH, "lab", "attach"], ENV)
    step(t2, "nsh lab attach: a shell at the sandbox's top level", None, PROMPT)
    step(t2, "a command in the second terminal is checked there", "ps -ef\r",
         r"lab-init", r"sleep 4242", r"Step 2 passed", r"Step 3 of 6", PROMPT)
    step(s, "terminal 1 is told too, and its prompt is drawn again", None, r"Step 2 passed", r"Step 3 of 6", PROMPT)
    step(t2, "lab status works in the second terminal", "lab status\r", r"Step 3 of 6", PROMPT)
    step(t2, "the second terminal has the attach window's size", "stty size\r", r"\b40 120\b", PROMPT)
    fcntl.ioctl(t2.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 33, 99, 0, 0))
    ok("... and follows it when it changes",
       wait_for(lambda: (t2.mark(), t2.send("stty size\r"), t2.settle(0.2, 2), "33 99" in t2.text())[-1], 5), t2.text())
    t2.close()
    t2 = None
    step(s, "the nested shell passes step 3", "unshare -fpm --mount-proc\r", r"Step 3 passed", r"Step 4 of 6",
         r"\]?[^\n]*# $")
    step(s, "lab quit from the nested shell ends the lab", "lab quit\r", r"progress is saved")
    try:
        status = s.wait_exit(10)
    except Timeout as e:
        status = str(e)
    ok("... and the supervisor exits 0", status == 0, status)
finally:
    if t2:
        t2.close()
    s.close()

# ---- a check that passes after the prompt is back ------------------------
s = Session([NSH, "lab", "start", TOP + "/tests/lua/labs/late.lua", "--restart"], ENV)
try:
    step(s, "late: step 1 shown", None, r"Step 1 of 2", PROMPT)
    s.mark()
    s.send("sh -c 'sleep 0.4' &\r")
    try:
        s.expect(PROMPT, timeout=5)
        early = "Step 1 passed" not in s.text()
        s.expect(r"Step 1 passed.*Step 2 of 2.*" + PROMPT, timeout=5)
        ok("guided: the prompt comes back at once; a check that passes later is announced, "
           "then the prompt is drawn again", early, s.text())
    except Timeout as e:
        ok("guided: a check that passes after the prompt is announced", False, e)
    step(s, "late: the next step works as usual", "echo done\r", r"Step 2 passed", PROMPT)
    s.send("lab quit\r")
    s.wait_exit(10)
finally:
    s.close()

# ---- re-runs see the live state: the exit of a nested shell --------------
s = Session([NSH, "lab", "start", TOP + "/tests/lua/labs/retry_shell.lua", "--restart"], ENV)
try:
    step(s, "retry-shell: step 1 shown", None, r"Step 1 of 3", PROMPT)
    step(s, "retry-shell: a nested shell passes step 1", "unshare -fp\r", r"Step 1 passed", r"Step 2 of 3",
         r"\][^\n]*# $")
    step(s, "guided: `exit` of the nested shell passes a check on the shell now at the prompt "
         "(ctx.shell taken again at each re-run)", "exit\r", r"Step 2 passed", r"Step 3 of 3", PROMPT)
    s.send("lab quit\r")
    s.wait_exit(10)
finally:
    s.close()

# ---- the writer side: job notices come between D and A, never in a mark ----
s = Session([NSH], dict(ENV, NSH_SHELL_INTEGRATION="1", PS1="$ "))
try:
    s.expect(r"\$ $", timeout=10)
    s.send("sleep 0.1 & sleep 1000 &\r")
    s.expect(r"\[2\] \d+\n\$ $", timeout=10)
    s.mark()
    s.send("kill -9 %2; sleep 0.3\r")
    s.expect(r"Killed +sleep 1000\n\$ $", timeout=10)
    raw = s.raw.decode("utf-8", "replace")
    marks = re.findall(r"\x1b\]133;[^\x07\x1b]*(?:\x07|\x1b\\)", raw)
    ok("nsh's OSC 133 marks are whole: kind letter, parameters, terminator, nothing else inside",
       marks and all(re.fullmatch(r"\x1b\]133;(?:[AB]|C(?:;cmdline_url=[^\x00-\x1f]*)?|D;\d+)(?:\x07|\x1b\\)", m)
                     for m in marks), marks)
    tail = raw[raw.rfind("kill -9 %2"):]
    d, notice, a = tail.find("\x1b]133;D;"), tail.find("Killed"), tail.rfind("\x1b]133;A")
    ok("the job notices are printed after the command's D mark and before the next prompt's A mark",
       -1 < d < notice < a, repr(tail))
    s.send("exit\r")
    s.wait_exit(10)
finally:
    s.close()

# ---- demo ---------------------------------------------------------------
s = Session([NSH, "lab", "demo", "example", "--speed", "20"], ENV)
try:
    try:
        status = s.wait_exit(60)
    except Timeout as e:
        status = str(e)
    ok("demo: runs the whole lab by itself and exits 0", status == 0, status)
    text = s.text(False)
    order = [text.find(x) for x in ("Step 1 of 4", "# ps -ef", "lab-init", "Step 1 passed", "Step 2 of 4",
                                    "# sleep 1000 &", "Step 4 passed", "Lab complete")]
    ok("demo: narration, then the command and its output, then the why", -1 not in order and order == sorted(order),
       "%r\n%s" % (order, text))
    ok("demo: no hint line about lab hint (nobody types)", "lab hint:" not in text, text)
finally:
    s.close()

# ---- a broken lab -------------------------------------------------------
s = Session([NSH, "lab", "start", TOP + "/tests/lua/labs/syntax_error.lua"], ENV)
try:
    step(s, "a lab with a syntax error: file:line and the message", None,
         r"syntax_error\.lua:5: '\}' expected near 'expect'")
    try:
        status = s.wait_exit(10)
    except Timeout as e:
        status = str(e)
    ok("... and exit status 1", status == 1, status)
finally:
    s.close()

shutil.rmtree(tmp, ignore_errors=True)
print("1..%d" % n)
sys.exit(1 if failed else 0)
