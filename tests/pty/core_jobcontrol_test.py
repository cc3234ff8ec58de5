"""Job control of nsh in a pseudo-terminal.  Run by tests/pty/core_jobcontrol.sh."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Session, Tap, descendants, parent_of, run_checks, wait_for  # noqa: E402

NSH = os.environ["NSH"]
WORK = tempfile.mkdtemp(prefix="nsh-pty-jobs.")
PROMPT = r"[#$] $"
sessions = []


def start(argv=None):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": WORK,
        "TERM": "xterm",
        "LANG": "C",
        "INPUTRC": "/dev/null",
        "NSH_HISTFILE": "/dev/null",
    }
    os.chdir(WORK)
    s = Session(argv or [NSH], env)
    sessions.append(s)
    s.expect(PROMPT)
    return s


def run(s, line, until=PROMPT, timeout=5.0):
    """Type a line; return the text it produced up to the next prompt."""
    s.mark()
    s.send(line + "\r")
    s.expect(until, timeout=timeout)
    return s.text()


def stat_fields(pid):
    """(state, ppid, pgrp, session, tty, tpgid) from /proc/PID/stat."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return None
    rest = stat[stat.rindex(")") + 2:].split()
    return rest[0], int(rest[1]), int(rest[2]), int(rest[3]), int(rest[4]), int(rest[5])


def procs_named(root, name):
    out = []
    for pid in descendants(root):
        try:
            with open("/proc/%d/comm" % pid) as f:
                if f.read().strip() == name:
                    out.append(pid)
        except OSError:
            pass
    return out


def t_foreground_group(tap):
    s = start()
    shell = stat_fields(s.pid)
    tap.check("nsh leads its own process group and owns the terminal", shell and shell[2] == s.pid and shell[5] == s.pid, shell)
    s.mark()
    s.send("sleep 100 | sleep 100\r")
    sleeps = wait_for(lambda: len(procs_named(s.pid, "sleep")) == 2 and procs_named(s.pid, "sleep"))
    tap.check("a pipeline's commands start", sleeps, descendants(s.pid))
    fields = [stat_fields(p) for p in sleeps]
    groups = set(f[2] for f in fields)
    tap.check("a pipeline is one process group of its own", len(groups) == 1 and s.pid not in groups, fields)
    tap.check("the terminal belongs to the foreground job", all(f[5] == f[2] for f in fields), fields)
    s.send("\x03")
    s.expect(PROMPT)
    tap.check("Ctrl-C ends the foreground pipeline", wait_for(lambda: not procs_named(s.pid, "sleep")), descendants(s.pid))
    tap.check("the terminal is back with nsh", stat_fields(s.pid)[5] == s.pid, stat_fields(s.pid))
    out = run(s, "echo $?")
    tap.check("$? after Ctrl-C is 130", re.search(r"^130$", out, re.M), out)
    out = run(s, "kill $$; kill -TERM 0; echo alive")
    tap.check("an interactive nsh ignores SIGTERM (kill 0), as bash", "alive" in out, out)
    out = run(s, "sh -c 'kill -TERM $$'; echo $?")
    tap.check("... but its children do not", re.search(r"Terminated\n143", out), out)


def t_stop_fg_bg(tap):
    s = start()
    s.mark()
    s.send("sleep 100\r")
    sleep = wait_for(lambda: procs_named(s.pid, "sleep"))
    s.send("\x1a")
    s.expect(r"\[1\]\+  Stopped +sleep 100\n.*" + PROMPT)
    tap.ok("Ctrl-Z stops the job: [1]+  Stopped  sleep 100")
    tap.check("the process is stopped", wait_for(lambda: stat_fields(sleep[0])[0] == "T"), stat_fields(sleep[0]))
    tap.check("the terminal is back with nsh after Ctrl-Z", stat_fields(s.pid)[5] == s.pid)
    out = run(s, "echo $?")
    tap.check("$? of a stopped job is 148", re.search(r"^148$", out, re.M), out)
    out = run(s, "jobs")
    tap.check("jobs shows it stopped", re.search(r"^\[1\]\+  Stopped +sleep 100$", out, re.M), out)
    out = run(s, "bg")
    tap.check("bg continues it in the background", re.search(r"^\[1\]\+ sleep 100 &$", out, re.M), out)
    tap.check("... it runs", wait_for(lambda: stat_fields(sleep[0])[0] == "S"), stat_fields(sleep[0]))
    out = run(s, "jobs -l")
    tap.check("jobs -l shows it running, with its pid", re.search(r"^\[1\]\+ +%d Running +sleep 100 &$" % sleep[0], out, re.M), out)
    s.mark()
    s.send("fg\r")
    s.expect(r"fg\nsleep 100\n")
    tap.ok("fg prints the command")
    tap.check("fg hands it the terminal", wait_for(lambda: stat_fields(s.pid)[5] == sleep[0]), stat_fields(s.pid))
    s.send("\x1a")
    s.expect(r"Stopped +sleep 100\n.*" + PROMPT)
    out = run(s, "kill %1")
    tap.check("kill %1 ends a stopped job (TERM, then CONT)", wait_for(lambda: stat_fields(sleep[0]) is None or stat_fields(sleep[0])[0] == "Z"), stat_fields(sleep[0]))
    out = run(s, "")
    tap.check("its end is reported", re.search(r"\[1\]\+  Terminated +sleep 100", out) or "Terminated" in s.text(since_mark=False), s.text(since_mark=False)[-400:])
    out = run(s, "jobs")
    tap.check("and the table is empty", not re.search(r"\[\d\]", out), out)


def t_background_done(tap):
    s = start()
    out = run(s, "sleep 0.3 &")
    m = re.search(r"^\[1\] (\d+)$", out, re.M)
    tap.check("a background job prints [1] PID", m, out)
    s.mark()
    found = None
    for _ in range(30):
        s.mark()
        s.send("\r")
        s.expect(PROMPT)
        if "Done" in s.text():
            found = s.text()
            break
        wait_for(lambda: False, timeout=0.1)
    tap.check("its end is reported before a prompt", found and re.search(r"^\[1\]\+  Done +sleep 0\.3$", found, re.M), found)
    out = run(s, "echo $!")
    tap.check("$! is its pid", m and re.search(r"^%s$" % m.group(1), out, re.M), out)
    started = run(s, "sh -c 'exit 3' &")

    job = re.search(r"\[1\] (\d+)", started)

    def exited():
        # the job has ended: its process is gone or a zombie the shell reaps next
        try:
            with open("/proc/%s/stat" % job.group(1)) as f:
                return f.read().rsplit(")", 1)[1].split()[0] == "Z"
        except OSError:
            return True

    tap.check("a failed background job: [1] PID", job, started)
    if job:
        wait_for(exited, timeout=10)
    # The end is reported before the next prompt: the one right after "[1]
    # PID" when the job was already gone by then (a loaded machine may run it
    # first), else the one after the empty line.
    out = started + run(s, "")
    tap.check("a failed background job: Exit 3", re.search(r"\[1\]\+  Exit 3 +sh -c 'exit 3'", out), out)


def t_wait_interrupted(tap):
    s = start()
    run(s, "sleep 100 &")
    sleep = wait_for(lambda: procs_named(s.pid, "sleep"))
    s.mark()
    s.send("wait\r")
    s.expect(r"wait\n")
    wait_for(lambda: False, timeout=0.3)
    s.send("\x03")
    s.expect(PROMPT)
    tap.ok("Ctrl-C interrupts wait")
    out = run(s, "echo $?")
    tap.check("wait interrupted: status 130", re.search(r"^130$", out, re.M), out)
    tap.check("the background job is not touched", sleep and stat_fields(sleep[0])[0] == "S", sleep and stat_fields(sleep[0]))
    out = run(s, "kill %1; wait %1; echo $?")
    tap.check("then wait %1 collects it: 143", re.search(r"^143$", out, re.M), out)


def t_background_reads_terminal(tap):
    s = start()
    run(s, "cat &")
    cat = wait_for(lambda: procs_named(s.pid, "cat"))
    tap.check("a background job that reads the terminal is stopped (SIGTTIN)",
              cat and wait_for(lambda: stat_fields(cat[0])[0] == "T"), cat and stat_fields(cat[0]))
    out = run(s, "")
    tap.check("... and reported before the next prompt", re.search(r"^\[1\]\+  Stopped +cat$", out, re.M), out)
    s.mark()
    s.send("fg\r")
    s.expect(r"fg\ncat\n")
    s.send("typed-line\r")
    s.expect(r"typed-line\n.*typed-line\n")
    tap.ok("fg gives it the terminal: it reads what is typed")
    s.send("\x04")
    s.expect(PROMPT)
    out = run(s, "echo $?")
    tap.check("it ends at Ctrl-D with status 0", re.search(r"^0$", out, re.M), out)


def t_signal_names(tap):
    s = start()
    out = run(s, "sh -c 'kill -9 $$'; echo status=$?")
    tap.check("a killed foreground job: Killed, 137", re.search(r"^Killed\nstatus=137$", out, re.M), out)
    out = run(s, "sh -c 'kill -TERM $$'")
    tap.check("SIGTERM: Terminated", re.search(r"^Terminated$", out, re.M), out)
    out = run(s, "sh -c 'kill -SEGV $$'")
    tap.check("SIGSEGV: Segmentation fault", re.search(r"^Segmentation fault", out, re.M), out)


def t_exit_with_stopped(tap):
    s = start()
    s.mark()
    s.send("sleep 100\r")
    sleep = wait_for(lambda: procs_named(s.pid, "sleep"))
    s.send("\x1a")
    s.expect(r"Stopped.*" + PROMPT)
    out = run(s, "exit")
    tap.check("exit with a stopped job warns first", "There are stopped jobs." in out, out)
    s.mark()
    s.send("exit\r")
    status = s.wait_exit()
    tap.check("a second exit leaves", status is not None, status)
    tap.check("the stopped job does not stay behind", wait_for(lambda: stat_fields(sleep[0]) is None or stat_fields(sleep[0])[0] == "Z"), stat_fields(sleep[0]))


def t_hangup(tap):
    s = start()
    run(s, "sleep 100 &")
    s.mark()
    s.send("sleep 101\r")
    running = wait_for(lambda: len(procs_named(s.pid, "sleep")) == 2 and procs_named(s.pid, "sleep"))
    s.send("\x1a")
    s.expect(r"Stopped.*" + PROMPT)
    tap.check("a running and a stopped job", running, descendants(s.pid))
    os.close(s.fd)  # the terminal hangs up: nsh gets SIGHUP
    s.fd = os.open("/dev/null", os.O_RDONLY)
    gone = wait_for(lambda: all(stat_fields(p) is None or stat_fields(p)[0] == "Z" for p in running or []))
    tap.check("a hang-up passes SIGHUP on to every job, as bash", gone, [(p, stat_fields(p)) for p in running or []])
    status = s.wait_exit()
    tap.check("nsh itself ends on the hang-up", status is not None, status)


def t_pid1_interactive(tap):
    unshare = shutil.which("unshare")
    if not unshare or subprocess.run([unshare, "-fp", "--mount-proc", "true"]).returncode != 0:
        tap.skip("interactive nsh as PID 1", "unshare -fp --mount-proc is not permitted here")
        return
    s = start([unshare, "-fp", "--mount-proc", NSH])
    nsh = wait_for(lambda: [p for p in descendants(s.pid) if parent_of(p) == s.pid])
    nsh = nsh[0]
    out = run(s, "echo $$")
    tap.check("nsh is PID 1 in the new namespace", re.search(r"^1$", out, re.M), out)
    run(s, "sh -c 'sleep 0.5 & exit'")
    orphan = wait_for(lambda: procs_named(nsh, "sleep"))
    tap.check("the orphan is re-parented to nsh", orphan and parent_of(orphan[0]) == nsh, descendants(nsh))
    # nsh now waits at the prompt: the orphan's death must be reaped there
    gone = wait_for(lambda: not [p for p in descendants(nsh)], timeout=5)
    tap.check("no zombie while nsh waits at the prompt", gone, [(p, stat_fields(p)) for p in descendants(nsh)])
    out = run(s, "echo still-here")
    tap.check("the prompt still works after SIGCHLD", "still-here" in out, out)
    s.mark()
    s.send("exit\r")
    tap.check("exit", s.wait_exit() is not None)


tap = Tap()
try:
    run_checks(tap, [
        ("foreground process groups", t_foreground_group),
        ("Ctrl-Z, fg, bg", t_stop_fg_bg),
        ("background job notices", t_background_done),
        ("wait and Ctrl-C", t_wait_interrupted),
        ("background read from the terminal", t_background_reads_terminal),
        ("signal names", t_signal_names),
        ("exit with stopped jobs", t_exit_with_stopped),
        ("terminal hang-up", t_hangup),
        ("interactive PID 1", t_pid1_interactive),
    ])
finally:
    for s in sessions:
        s.close()
    shutil.rmtree(WORK, ignore_errors=True)
