"""The article's labs taken in guided mode through real pseudo-terminals, as
a student would (see labs_guided.sh): typed commands, predictions, hints,
a bash started inside, the second terminal through nsh lab attach, and the
unprivileged lab's terminal that runs as nobody."""

import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Session, Timeout  # noqa: E402

NSH = os.environ["NSH"]
TOP = os.getcwd()
tmp = tempfile.mkdtemp(prefix="nsh-labsguided.")
os.chmod(tmp, 0o755)
ENV = dict(os.environ, NSH_DATADIR=TOP, XDG_STATE_HOME=tmp + "/state", XDG_RUNTIME_DIR=tmp,
           TERM="xterm", HOME=tmp, NSH_HISTFILE="/dev/null")
ENV.pop("NO_COLOR", None)
PROMPT = r"lab:[^\n]*[#$] $"

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
    """Type send, then wait for each pattern in turn."""
    s.mark()
    if send is not None:
        s.send(send)
    try:
        found = None
        for p in patterns:
            found = s.expect(p, timeout=timeout)
        ok(name, True)
        return found
    except Timeout as e:
        ok(name, False, e)
        return None


def progress(lab):
    try:
        with open(tmp + "/state/nsh/progress.json") as f:
            return json.load(f).get("labs", {}).get(lab, {})
    except (OSError, ValueError) as e:
        return {"error": str(e)}


def ps_pid(text, args):
    """The PID column of the `ps -ef` line whose command is args."""
    m = re.search(r"^\S+\s+(\d+)\s+\d+\s.*\d:\d\d:\d\d " + re.escape(args) + r"\s*$", text, re.M)
    return m.group(1) if m else None


# ---- lab 2, nested namespaces, with bash as the inner shell ----------------
s = Session([NSH, "lab", "start", "nested-pid-namespaces", "--restart"], ENV)
t2 = None
try:
    step(s, "nested: the intro and step 1", None, r"Nested PID namespaces", r"Step 1 of 11", PROMPT)
    step(s, "nested: lab hint gives a nudge first", "lab hint\r", r"Hint 1 of 3:\n  unshare runs a command", PROMPT)
    step(s, "nested: the last hint gives the command", "lab hint\rlab hint\r", r"Hint 3 of 3:\n  Type: unshare -fp", PROMPT)
    step(s, "nested: a wrong try does not pass (unshare -p without -f stays outside)", "unshare -p\r", PROMPT)
    s.settle(0.3)
    ok("... no confirmation", "Step 1 passed" not in s.text(), s.text())
    step(s, "nested: leave it", "exit\r", PROMPT)
    step(s, "nested: unshare -fp passes step 1", "unshare -fp\r", r"Step 1 passed", r"Step 2 of 11", PROMPT)
    step(s, "nested: the sleep passes step 2", "sleep 90000 &\r", r"Step 2 passed", r"Predict:", PROMPT)
    step(s, "nested: the prediction is noted", "lab answer 2\r", r"Answer noted", PROMPT)
    found = step(s, "nested: ps -ef inside passes step 3, the prediction held", "ps -ef\r",
                 r"Step 3 passed\.\n  Your prediction held", r"Step 4 of 11", PROMPT)
    outer_sleep = ps_pid(s.text(), "sleep 90000")  # None if ps gave up ("lookup self")
    step(s, "nested: a bash, as in the article, passes step 4", "unshare -fp /bin/bash\r",
         r"Step 4 passed", r"Step 5 of 11", r"# $")
    step(s, "nested: the sleep in bash passes step 5", "sleep 8000 &\r", r"Step 5 passed", r"# $")
    step(s, "nested: ps -ef in bash passes step 6 (a listing or lookup self)", "ps -ef\r",
         r"Step 6 passed", r"Step 7 of 11", r"# $")
    t2 = Session([NSH, "lab", "attach"], ENV)
    step(t2, "nested: nsh lab attach opens the second terminal", None, PROMPT)
    if outer_sleep is None:
        # what a student does when ps gave up inside: look from the top
        step(t2, "nested: the outer sleep's PID from the second terminal", "ps -ef | grep 90000\r", PROMPT)
        outer_sleep = ps_pid(t2.text(), "sleep 90000")
    step(s, "nested: kill -9 of the outer sleep from bash: No such process, step 7",
         "kill -9 %s\r" % outer_sleep, r"No such process", r"Step 7 passed", r"# $")
    step(t2, "nested: ps -ef | grep sleep there passes step 8", "ps -ef | grep sleep\r",
         r"sleep 8000", r"Step 8 passed", PROMPT)
    inner_sleep = ps_pid(t2.text(), "sleep 8000")
    step(t2, "nested: both shells, nsh and bash, pass step 9", "ps -ef | grep -E 'nsh|bash'\r",
         r"Step 9 passed", PROMPT)
    step(t2, "nested: kill -9 of the inner sleep from the top passes step 10",
         "kill -9 %s\r" % inner_sleep, r"Step 10 passed", r"Step 11 of 11", PROMPT)
    t2.send("exit\r")
    step(s, "nested: exit bash, then nsh: the lab is complete", "exit\rexit\r",
         r"Step 11 passed", r"Lab complete", PROMPT, timeout=15)
    p = progress("nested-pid-namespaces")
    ok("nested: progress says completed", p.get("completed") is not None, p)
    step(s, "nested: exit at the top leaves the lab", "exit\r", r"exit")
    try:
        status = s.wait_exit(10)
    except Timeout as e:
        status = str(e)
    ok("nested: the supervisor exits 0", status == 0, status)
finally:
    if t2:
        t2.close()
    s.close()

# ---- lab 4, the unprivileged user: terminal 1 runs as nobody --------------
s = Session([NSH, "lab", "start", "unprivileged", "--restart"], ENV)
try:
    step(s, "unprivileged: step 1, a $ prompt", None, r"Step 1 of 20", r"\$ $")
    step(s, "unprivileged: whoami is not root", "whoami\r", r"Step 1 passed", r"\$ $")
    step(s, "unprivileged: unshare -Urm", "unshare -Urm\r", r"Step 2 passed", r"# $")
    step(s, "unprivileged: whoami says root", "whoami\r", r"root", r"Step 3 passed", r"# $")
    step(s, "unprivileged: mount -t proc is refused", "mount -t proc proc /proc\r",
         r"(?i)permission denied|not permitted", r"Step 4 passed", r"# $")
    step(s, "unprivileged: mountproc is refused with a hint", "mountproc\r",
         r"Operation not permitted", r"hint:", r"Step 5 passed", r"# $")
    step(s, "unprivileged: exit", "exit\r", r"Step 6 passed", r"\$ $")
    step(s, "unprivileged: unshare -Urp without -f", "unshare -Urp\r", r"Step 7 passed", r"# $")
    step(s, "unprivileged: the first child is PID 1", "sh -c 'echo $$'\r", r"\n1\n", r"Step 8 passed", r"# $")
    step(s, "unprivileged: then fork fails with ENOMEM", "ps -ef\r",
         r"Cannot allocate memory", r"Step 9 passed", r"# $")
    step(s, "unprivileged: lab status in the middle", "lab status\r", r"Step 10 of 20", r"# $")
    step(s, "unprivileged: lab quit", "lab quit\r", r"progress is saved")
    try:
        status = s.wait_exit(10)
    except Timeout as e:
        status = str(e)
    ok("unprivileged: the supervisor exits 0", status == 0, status)
    p = progress("unprivileged")
    ok("unprivileged: nine steps recorded as passed",
       sum(1 for v in p.get("steps", {}).values() if v.get("result") == "pass") == 9, p)
finally:
    s.close()

shutil.rmtree(tmp, ignore_errors=True)
print("1..%d" % n)
sys.exit(1 if failed else 0)
