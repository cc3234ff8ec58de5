"""The REPL in a real pseudo-terminal: prompt, output, history (recall and
persistence), tab completion, Ctrl-C, Ctrl-D, continuation prompts, OSC 133
marks, colour, PS1, the namespace badge.  Run by tests/pty/repl.sh."""

import os
import pwd
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Session, Tap, command_of, descendants, run_checks, wait_for  # noqa: E402

NSH = os.environ["NSH"]
TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = tempfile.mkdtemp(prefix="nsh-pty.")
os.mkdir(os.path.join(WORK, "home"))
USER = pwd.getpwuid(os.geteuid()).pw_name
ROOT = os.geteuid() == 0
# the default prompt: user@host:dir# (or $), ready for input
PROMPT = r"%s@[^\n]*:[^\n]*[#$] $" % re.escape(USER)
ANY_PROMPT = r"[^\n@]+@[^\n]*:[^\n]*[#$] $"  # in a user namespace the user is root
sessions = []


def start(argv=None, **extra):
    """nsh on a new pty, in WORK, with a clean environment."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.path.join(WORK, "home"),
        "TERM": "xterm",
        "LANG": "C",
        "INPUTRC": "/dev/null",
        "NSH_HISTFILE": os.path.join(WORK, "history-default"),
        "NSH_DATADIR": os.environ.get("NSH_DATADIR", TOP),
    }
    for key, value in extra.items():  # None: leave the variable out
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    os.chdir(WORK)
    s = Session(argv or [NSH], env)
    sessions.append(s)
    return s


def alive(s):
    return s.status is None and os.waitpid(s.pid, os.WNOHANG)[0] == 0


def t_prompt_and_output(tap):
    s = start()
    s.expect(PROMPT)
    tap.check("the prompt shows user, host and directory", os.path.basename(WORK) in s.text(), s.text())
    s.mark()
    s.send("echo hello-pty\r")
    s.expect(r"echo hello-pty\nhello-pty\n" + PROMPT)
    tap.ok("a command's output, then a new prompt")


def t_history(tap):
    hist = os.path.join(WORK, "history-persist")
    s = start(NSH_HISTFILE=hist)
    s.expect(PROMPT)
    for word in ("persisted-1", "second-2"):
        s.mark()
        s.send("echo %s\r" % word)
        s.expect(r"\n%s\n%s" % (word, PROMPT))
    s.mark()
    s.send("\x1b[A\r")
    s.expect(r"\nsecond-2\n" + PROMPT)
    tap.ok("Up recalls the last command in the same session")
    s.send("\x04")
    s.expect(r"exit\n")
    tap.check("Ctrl-D leaves with status 0", s.wait_exit() == 0, "status %r" % s.status)
    with open(hist) as f:
        saved = f.read()
    tap.check("the history file holds the commands", "echo persisted-1\n" in saved, saved)
    tap.check("the history file is private", (os.stat(hist).st_mode & 0o077) == 0, oct(os.stat(hist).st_mode))

    s2 = start(NSH_HISTFILE=hist)
    s2.expect(PROMPT)
    s2.mark()
    s2.send("\x1b[A\x1b[A\x1b[A\r")  # three Ups go past the duplicate to the first
    s2.expect(r"\npersisted-1\n" + PROMPT)
    tap.ok("Up recalls a command of an earlier session (NSH_HISTFILE)")

    s3 = start(NSH_HISTFILE="/dev/null")
    s3.expect(PROMPT)
    s3.send("echo not-saved\r\x04")
    s3.wait_exit()
    with open(hist) as f:
        tap.check("NSH_HISTFILE=/dev/null saves nothing", "not-saved" not in f.read())


def t_history_bounded(tap):
    hist = os.path.join(WORK, "history-bounded")
    s = start(NSH_HISTFILE=hist, NSH_HISTSIZE="3")
    s.expect(PROMPT)
    for i in range(1, 6):
        s.send("echo c%d\r" % i)
        s.expect(r"\nc%d\n%s" % (i, PROMPT))
    s.send('echo "two\r')
    s.expect(r"\n> $")
    s.send('lines"\r')
    s.expect(r"\ntwo\nlines\n" + PROMPT)
    s.send("\x04")
    s.wait_exit()
    with open(hist) as f:
        saved = f.read()
    entries = re.split(r"^#\d+\n", saved, flags=re.M)
    entries = [e for e in entries if e]
    tap.check("the history file keeps the last NSH_HISTSIZE entries, whole",
              entries == ["echo c4\n", "echo c5\n", 'echo "two\nlines"\n'], saved)
    s = start(NSH_HISTFILE=hist)
    s.expect(PROMPT)
    s.mark()
    s.send("\x1b[A\r")
    s.expect(r"\ntwo\nlines\n" + PROMPT)
    tap.ok("an entry of two lines comes back as one")


def t_inputrc(tap):
    inputrc = os.path.join(WORK, "inputrc")
    with open(inputrc, "w") as f:
        f.write('$if nsh\n"\\C-xq": "echo from-inputrc"\n$endif\n')
    s = start(INPUTRC=inputrc)
    s.expect(PROMPT)
    s.mark()
    s.send("\x18q\r")
    s.expect(r"\nfrom-inputrc\n" + PROMPT)
    tap.ok("readline's application name is nsh ($if nsh in an inputrc)")


def t_history_default_location(tap):
    state = os.path.join(WORK, "state")
    s = start(NSH_HISTFILE=None, XDG_STATE_HOME=state)
    s.expect(PROMPT)
    s.send("echo in-state-dir\r")
    s.expect(r"\nin-state-dir\n" + PROMPT)
    s.send("\x04")
    s.wait_exit()
    path = os.path.join(state, "nsh", "history")
    ok = os.path.exists(path) and "echo in-state-dir" in open(path).read()
    tap.check("history goes to $XDG_STATE_HOME/nsh/history", ok, "missing or empty: " + path)
    tap.check("the nsh state directory is 0700", ok and (os.stat(os.path.dirname(path)).st_mode & 0o777) == 0o700)


def t_history_builtin(tap):
    s = start(NSH_HISTFILE="/dev/null")
    s.expect(PROMPT)
    s.send("echo one\r")
    s.expect(r"\none\n" + PROMPT)
    s.mark()
    s.send("history\r")
    s.expect(r"\n +1  echo one\n +2  history\n" + PROMPT)
    tap.ok("history lists the commands with numbers")
    s.mark()
    s.send("history 1\r")
    s.expect(r"history 1\n +3  history 1\n" + PROMPT)
    tap.ok("history N shows the last N")
    s.mark()
    s.send("history -c\r")
    s.expect(PROMPT)
    s.mark()
    s.send("history\r")
    found = s.expect(r"history\n((?: +\d+  .*\n)*)" + PROMPT)
    tap.check("history -c clears the list", "echo one" not in found.group(1), found.group(1))


def t_completion(tap):
    s = start()
    s.expect(PROMPT)
    s.mark()
    s.send("unsh\t")
    s.expect(r"unshare $")
    tap.ok("Tab completes a builtin name (unsh -> unshare)")
    s.send("\x03")
    s.expect(r"\^C\n" + PROMPT)
    s.mark()
    s.send("help hist\t")
    s.expect(r"help history $")
    s.send("\r")
    s.expect(r"usage: history.*" + PROMPT)
    tap.ok("Tab completes a builtin name as an argument, and the line runs")
    s.mark()
    s.send("lsns --nohead\t")
    s.expect(r"lsns --noheadings $")
    tap.ok("Tab completes a builtin's option (--nohead -> --noheadings)")
    s.send("\x03")
    s.expect(r"\^C\n" + PROMPT)
    s.mark()
    s.send("lsns -t ne\t")
    s.expect(r"lsns -t net $")
    tap.ok("Tab completes a namespace type after -t")
    s.send("\x03")
    s.expect(r"\^C\n" + PROMPT)
    os.makedirs(os.path.join(WORK, "subdir-xyz"), exist_ok=True)
    open(os.path.join(WORK, "subfile-xyz"), "w").close()
    open(os.path.join(WORK, "unique-file-name"), "w").close()
    s.mark()
    s.send("cd sub\t")
    s.expect(r"cd subdir-xyz/$")
    tap.ok("cd completes directories only")
    s.send("\x03")
    s.expect(r"\^C\n" + PROMPT)
    s.mark()
    s.send("cat uniq\t")
    s.expect(r"cat unique-file-name $")
    tap.ok("a program's argument completes file names")
    s.send("\x03")
    s.expect(r"\^C\n" + PROMPT)
    s.mark()
    s.send("unshare --mount-p\t")
    s.expect(r"unshare --mount-proc $")
    tap.ok("Tab completes a long option (--mount-p -> --mount-proc)")
    s.send("\x03")
    s.expect(PROMPT)


def t_pid_completion(tap):
    """In a PID namespace of our own (util-linux unshare as the harness)
    the PID list is short and known: nsh is 1, the sleep is another."""
    unshare = shutil.which("unshare")
    if not unshare:
        tap.skip("Tab lists PIDs with their command names", "util-linux unshare is not installed")
        return
    argv = [unshare] + ([] if ROOT else ["-r"]) + ["-fp", "--mount-proc", "--kill-child", NSH]
    inputrc = os.path.join(WORK, "inputrc-query")
    with open(inputrc, "w") as f:
        f.write("set completion-query-items 2\n")  # ask even for this short list
    s = start(argv, INPUTRC=inputrc)
    s.expect(r"[#$] $")
    s.send("sleep 100 &\r")
    s.expect(r"\[1\] \d+\n.*[#$] $")
    wait_for(lambda: sleep_child(s))  # forked, but has it run sleep yet?
    s.mark()
    s.send("kill \t\t")
    s.expect(r"Display all 2 possibilities\? \(y or n\)$")
    s.send("y")
    listing = s.expect(r"1 \(nsh\).*[#$] kill $")
    tap.check("Tab lists PIDs with their command names", re.search(r"\d+ \(sleep\)", listing.group(0)),
              listing.group(0))
    s.send("\x03")
    s.expect(r"\^C\n.*[#$] $")
    s.mark()
    s.send("kill \t\t")
    s.expect(r"Display all 2 possibilities\? \(y or n\)$")
    s.send("\x03")
    s.expect(r"\(y or n\)\n.*[#$] kill $")
    tap.check("Ctrl-C at the Display all? question: no list, the line stays", "(sleep)" not in s.text(), s.text())
    s.send("\x03")
    s.expect(r"\^C\n.*[#$] $")
    s.mark()
    s.send("kill 1\t")
    s.expect(r"kill 1 $")
    tap.ok("a unique PID prefix completes to the PID alone")
    s.send("\x03")
    s.expect(r"[#$] $")
    s.send("kill %1; exit\r")
    tap.check("the namespace's nsh exits cleanly", s.wait_exit() == 0, "status %r" % s.status)


def t_ctrl_c_at_prompt(tap):
    s = start()
    s.expect(PROMPT)
    s.mark()
    s.send("echo abandoned-line")
    s.expect(r"abandoned-line$")
    s.send("\x03")
    s.expect(r"abandoned-line\^C\n" + PROMPT)
    tap.check("Ctrl-C at the prompt gives a fresh prompt, nsh survives", alive(s))
    s.send("echo status=$?\r")
    s.expect(r"\nstatus=130\n" + PROMPT)
    tap.check("the abandoned line did not run", "\nabandoned-line\n" not in s.text(), s.text())


def wchan(pid):
    """Where in the kernel pid sleeps ("do_wait" in wait4)."""
    try:
        with open("/proc/%d/wchan" % pid) as f:
            return f.read()
    except OSError:
        return None


def sleep_child(s):
    for pid in descendants(s.pid):
        if command_of(pid) == "sleep":
            return pid
    return None


def t_ctrl_c_job(tap):
    s = start()
    s.expect(PROMPT)
    s.mark()
    s.send("sleep 10\r")
    pid = wait_for(lambda: sleep_child(s))
    if not tap.check("sleep 10 runs in the foreground", pid, s.text()):
        return
    began = time.monotonic()
    s.send("\x03")
    s.expect(PROMPT, timeout=3)
    took = time.monotonic() - began
    tap.check("Ctrl-C during sleep 10 returns to the prompt quickly", took < 2, "took %.2fs" % took)
    gone = wait_for(lambda: not os.path.exists("/proc/%d" % pid), timeout=2)
    tap.check("the sleep is gone", gone, "PID %d still there" % pid)
    tap.check("nsh survives the Ctrl-C of its job", alive(s))
    s.mark()
    s.send("echo status=$?\r")
    s.expect(r"\nstatus=130\n" + PROMPT)
    tap.ok("$? is 130 after the interrupted job")
    # Ctrl-C while a builtin runs in nsh itself (wait): nsh gets the SIGINT
    s.send("sleep 10 &\r")
    s.expect(r"\[1\] \d+\n" + PROMPT)
    s.mark()
    s.send("wait\r")
    s.expect(r"wait\n$")
    # a SIGINT before the builtin blocks in wait4 would find nothing to stop
    wait_for(lambda: wchan(s.pid) == "do_wait")
    s.send("\x03")
    s.expect(r"\n" + PROMPT, timeout=3)
    tap.check("Ctrl-C during the wait builtin: nsh survives, prompt on a new line", alive(s))
    s.mark()
    s.send("echo status=$?; kill %1\r")
    s.expect(r"\nstatus=130\n")
    tap.ok("$? is 130 after an interrupted wait")


def t_ctrl_d(tap):
    s = start()
    s.expect(PROMPT)
    s.mark()
    s.send("false\r")
    s.expect(r"false\n" + PROMPT)
    s.mark()
    s.send("\x04")
    s.expect(r"exit\n")
    tap.check("Ctrl-D on an empty line exits with the last status", s.wait_exit() == 1, "status %r" % s.status)
    s = start()
    s.expect(PROMPT)
    s.send("exit 7\r")
    tap.check("exit N ends the loop with N", s.wait_exit() == 7, "status %r" % s.status)


def t_continuation(tap):
    s = start()
    s.expect(PROMPT)
    s.mark()
    s.send('echo "open\r')
    s.expect(r'echo "open\n> $')
    s.send('quote"\r')
    s.expect(r"\nopen\nquote\n" + PROMPT)
    tap.ok("an open quote asks for more with > and joins the lines")
    s.mark()
    s.send("echo piped |\r")
    s.expect(r"\n> $")
    s.send("tr a-z A-Z\r")
    s.expect(r"\nPIPED\n" + PROMPT)
    tap.ok("a trailing | asks for the rest of the pipeline")
    s.mark()
    s.send("echo back\\\r")
    s.expect(r"\n> $")
    s.send("slash\r")
    s.expect(r"\nbackslash\n" + PROMPT)
    tap.ok("a trailing backslash continues the line")
    s.mark()
    s.send("echo a | | b\r")
    s.expect(r"column \d+.*syntax error.*" + PROMPT)
    tap.check("a syntax error names the column and the loop goes on", alive(s))
    s.mark()
    s.send('echo "never\r')
    s.expect(r"\n> $")
    s.send("\x04")
    s.expect(r"unexpected end of file\n" + PROMPT)
    tap.check("Ctrl-D inside an open quote reports it and keeps the shell", alive(s))
    s.mark()
    s.send('echo "half\r')
    s.expect(r"\n> $")
    s.send("\x03")
    s.expect(r"\^C\n" + PROMPT)
    s.mark()
    s.send("echo fresh\r")
    s.expect(r"\nfresh\n" + PROMPT)
    tap.ok("Ctrl-C at the continuation prompt drops the unfinished input")


def t_osc133(tap):
    s = start(NSH_SHELL_INTEGRATION="1")
    s.expect(r"\x1b\]133;A\x07.*\x1b\]133;B\x07", raw=True)
    tap.ok("NSH_SHELL_INTEGRATION=1: the prompt is between 133;A and 133;B")
    s.mark()
    s.send("echo marked\r")
    csi = r"(?:\x1b\[[0-9;?]*[a-zA-Z]|\r)*"  # readline's bracketed-paste switches
    s.expect(r"echo marked\r\n{0}\x1b\]133;C;cmdline_url=echo%20marked\x07marked\r\n\x1b\]133;D;0\x07{0}\x1b\]133;A\x07".format(csi), raw=True)
    tap.ok("133;C (with the command line) before the output, 133;D;0 after it, then 133;A")
    s.mark()
    s.send("false\r")
    s.expect(r"\x1b\]133;C;cmdline_url=false\x07\x1b\]133;D;1\x07", raw=True)
    tap.ok("133;D carries the exit status")
    s.mark()
    s.send("\r")
    s.expect(r"\x1b\]133;A\x07", raw=True)
    tap.check("an empty line has no C and no D", b"133;C" not in s.raw[s.start:], s.raw[s.start:])

    s = start(NSH_SHELL_INTEGRATION=None)
    s.expect(PROMPT)
    s.send("echo unmarked\r")
    s.expect(r"\nunmarked\n" + PROMPT)
    tap.check("no marks when not asked for on an unknown terminal", b"\x1b]133;" not in s.raw, s.raw[-300:])
    s = start(NSH_SHELL_INTEGRATION=None, TERM_PROGRAM="WezTerm")
    s.expect(r"\x1b\]133;A\x07", raw=True)
    tap.ok("marks on a terminal known to support them (TERM_PROGRAM=WezTerm)")


def t_colour(tap):
    s = start()
    s.expect(PROMPT)
    tap.check("the prompt is coloured on a terminal", b"\x1b[1;3" in s.raw, s.raw[-200:])
    s = start(NO_COLOR="1")
    s.expect(PROMPT)
    tap.check("no colour when NO_COLOR is set", b"\x1b[1;3" not in s.raw, s.raw[-200:])


def t_ps1(tap):
    s = start(PS1="[\\u|\\W]\\$ ")
    s.expect(r"\[%s\|%s\][#$] $" % (re.escape(USER), re.escape(os.path.basename(WORK))))
    tap.ok("PS1 is honoured with bash escapes")


def t_badge(tap):
    s = start()
    s.expect(PROMPT)
    tap.check("no badge at the session's start", "[pid" not in s.text(), s.text())
    s.mark()
    s.send("unshare -fp\r" if ROOT else "unshare -Urfp\r")
    s.expect(r"\[pid\+1[^\]]*\] " + ANY_PROMPT)
    tap.ok("a nested nsh in a new PID namespace shows [pid+1] in its prompt")
    s.mark()
    s.send("unshare -fpu\r" if ROOT else "unshare -Urfpu\r")
    s.expect(r"\[pid\+2 [^\]]*\buts\b[^\]]*\] " + ANY_PROMPT)
    tap.ok("two levels down with a new UTS namespace: [pid+2 ... uts]")
    s.send("exit\r")
    s.expect(r"\[pid\+1[^\]]*\] " + ANY_PROMPT)
    s.mark()
    s.send("exit\r")
    s.expect(r"\n" + PROMPT)
    tap.check("back at the start: no badge", "[pid" not in s.text(), s.text())


try:
    run_checks(Tap(), [
        ("prompt and output", t_prompt_and_output),
        ("history", t_history),
        ("history bounded", t_history_bounded),
        ("inputrc", t_inputrc),
        ("history location", t_history_default_location),
        ("history builtin", t_history_builtin),
        ("completion", t_completion),
        ("PID completion", t_pid_completion),
        ("Ctrl-C at the prompt", t_ctrl_c_at_prompt),
        ("Ctrl-C during a job", t_ctrl_c_job),
        ("Ctrl-D", t_ctrl_d),
        ("continuation", t_continuation),
        ("OSC 133", t_osc133),
        ("colour", t_colour),
        ("PS1", t_ps1),
        ("namespace badge", t_badge),
    ])
finally:
    for session in sessions:
        session.close()
    os.chdir("/")
    shutil.rmtree(WORK, ignore_errors=True)
