"""Recordings of lab runs and `nsh lab replay` (see lab_record.sh).

A check-mode run of labs/example.lua recorded with --record: the file is
validated as asciicast v2 (header, event types, times never going back,
UTF-8, a marker for each passed step), its result file read back, and the
recording replayed into a pseudo-terminal at high speed and compared byte
for byte with the recorded output.  Then: --from-step, --pause-at-markers,
broken and cut-short files, the per-step output cap (a step printing
megabytes), 0600 files in a 0700 directory, and a guided run in a pty
(recorded by default beside the progress file, with hint and prediction
markers)."""

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import termios
import time
import tty

TOP = os.getcwd()
sys.path.insert(0, os.path.join(TOP, "tests", "pty"))
from harness import Session, Timeout  # noqa: E402

NSH = os.environ["NSH"]
tmp = tempfile.mkdtemp(prefix="nsh-labrec.")
ENV = dict(os.environ, NSH_DATADIR=TOP, XDG_STATE_HOME=tmp + "/state", XDG_RUNTIME_DIR=tmp,
           HOME=tmp, NSH_HISTFILE="/dev/null")

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
    sys.stdout.flush()
    return cond


def eq(name, expected, actual):
    return ok(name, expected == actual, "expected: %r\nactual:   %r" % (expected, actual))


def nsh(*args, env=None, timeout=60):
    return subprocess.run([NSH] + list(args), env=env or ENV, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)


def validate_cast(path):
    """(header, events) of an asciicast v2 file; raises ValueError with
    what is wrong."""
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")  # strict: invalid UTF-8 raises
    lines = text.split("\n")
    if lines[-1] != "":
        raise ValueError("the file does not end with a newline")
    header = json.loads(lines[0])
    for key, kind in (("version", int), ("width", int), ("height", int), ("timestamp", int),
                      ("title", str), ("env", dict)):
        if not isinstance(header.get(key), kind):
            raise ValueError("header: %s is not a %s: %r" % (key, kind.__name__, header))
    if header["version"] != 2 or header["width"] < 1 or header["height"] < 1:
        raise ValueError("header: %r" % header)
    events, last = [], 0.0
    for k, line in enumerate(lines[1:-1], 2):
        ev = json.loads(line)
        if not (isinstance(ev, list) and len(ev) == 3 and isinstance(ev[0], (int, float))
                and ev[1] in ("o", "m", "r") and isinstance(ev[2], str)):
            raise ValueError("line %d: not an [time, o|m|r, data] event: %r" % (k, ev))
        if ev[0] < last:
            raise ValueError("line %d: time goes back: %r < %r" % (k, ev[0], last))
        last = ev[0]
        events.append(ev)
    return header, events


def output_of(events, start=0):
    return "".join(e[2] for e in events[start:] if e[1] == "o").encode("utf-8")


def replay_in_pty(args, timeout=30):
    """Runs nsh lab replay with its output on a raw pty; returns (status,
    bytes written, seconds)."""
    master, slave = pty.openpty()
    tty.setraw(slave)
    t0 = time.monotonic()
    p = subprocess.Popen([NSH, "lab", "replay"] + args, env=ENV, stdin=subprocess.DEVNULL, stdout=slave,
                         stderr=subprocess.PIPE)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif p.poll() is not None:
            # drain what is left
            while select.select([master], [], [], 0.05)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                out += chunk
            break
    p.wait(timeout=5)
    os.close(master)
    return p.returncode, out, time.monotonic() - t0, p.stderr.read().decode()


try:
    # ---- a recorded check-mode run -------------------------------------------
    rec = tmp + "/rec"
    r = nsh("lab", "check", "example", "--record", rec, "--student", "alice")
    eq("lab check --record: status 0", 0, r.returncode)
    names = sorted(os.listdir(rec)) if os.path.isdir(rec) else []
    casts = [x for x in names if x.endswith(".cast")]
    results = [x for x in names if x.endswith(".json")]
    ok("one recording and one result, named LAB-TIMESTAMP", len(casts) == 1 and len(results) == 1
       and casts[0].startswith("example-") and results[0] == casts[0][:-5] + ".json", names)
    cast = os.path.join(rec, casts[0])
    result_path = os.path.join(rec, results[0])
    eq("the recording is 0600", "0o600", oct(os.stat(cast).st_mode & 0o777))
    eq("the result is 0600", "0o600", oct(os.stat(result_path).st_mode & 0o777))
    eq("the recordings directory is 0700", "0o700", oct(os.stat(rec).st_mode & 0o777))
    header, events = None, []
    try:
        header, events = validate_cast(cast)
        ok("the recording is valid asciicast v2 (header, event types, monotonic times, UTF-8)", True)
    except (ValueError, UnicodeDecodeError) as e:
        ok("the recording is valid asciicast v2 (header, event types, monotonic times, UTF-8)", False, e)
    markers = [e[2] for e in events if e[1] == "m"]
    with open(result_path) as f:
        result = json.load(f)
    passed = [s["index"] for s in result["steps"] if s["passed"]]
    eq("every step passed in check mode", [1, 2, 3, 4], passed)
    ok("a marker for each passed step, in order",
       [m.split(":")[0] for m in markers if m.startswith("step ")] == ["step %d passed" % i for i in passed],
       markers)
    out = output_of(events).decode()
    ok("the recording holds the session's output (the prompt, ps -ef's header)",
       "lab:" in out and "PID" in out and "PPID" in out, out[:400])
    ok("markers sit after the output of their step's command",
       events.index(next(e for e in events if e[1] == "m")) >
       events.index(next(e for e in events if e[1] == "o" and "PPID" in e[2])), markers)
    eq("result: the student from --student", "alice", result["student"])
    eq("result: the kernel version", os.uname().release, result["machine"]["kernel"])
    eq("result: root or not", os.geteuid() == 0, result["machine"]["root"])
    eq("result: the lab", "example", result["lab"]["id"])
    eq("result: the recording's file name", casts[0], result["recording"])
    st1 = result["steps"][0]
    ok("result: per step attempts, hints, seconds, commands",
       st1["attempts"] == 1 and st1["hints"] == 0 and st1["seconds"] >= 0 and st1["commands"] == ["ps -ef"], st1)
    ok("result: the run is finished", result["finished"] is True, result)
    r = nsh("lab", "check", "example", "--record", rec)
    second = [x for x in os.listdir(rec) if x.endswith(".json") and x != results[0]]
    with open(os.path.join(rec, second[0])) as f:
        login = json.load(f)["student"]
    import pwd
    eq("without --student: the login name", pwd.getpwuid(os.getuid()).pw_name, login)
    eq("a second run in the same second gets a file of its own", 4, len(os.listdir(rec)))

    open(tmp + "/afile", "w").close()
    r = nsh("lab", "check", "example", "--record", tmp + "/afile/rec")
    ok("--record into a directory that cannot be made: status 2, says why",
       r.returncode == 2 and "--record " + tmp + "/afile/rec: Not a directory" in r.stderr.decode(), r.stderr.decode())
    r = nsh("lab", "check", "example", "--student")
    ok("--student without a name: status 2", r.returncode == 2 and "needs an argument" in r.stderr.decode(),
       r.stderr.decode())

    # ---- replay into a pseudo-terminal -----------------------------------------
    status, got, secs, err = replay_in_pty(["--speed", "1000", cast])
    eq("replay: status 0", 0, status)
    ok("replay: the terminal receives exactly the recorded output", got == output_of(events),
       "got %d bytes, recorded %d\n%r\n%r" % (len(got), len(output_of(events)), got[:300], output_of(events)[:300]))
    ok("replay --speed 1000 takes under 5 s", secs < 5, secs)
    status, got, secs, err = replay_in_pty(["--from-step", "3", "--speed", "1000", cast])
    ok("replay --from-step 3: the screen before it, then the rest (all the output)",
       status == 0 and got == output_of(events), (status, err))
    status, got, secs, err = replay_in_pty(["--from-step", "9", cast])
    ok("replay --from-step 9 on a 4-step recording: status 1, says why",
       status == 1 and "no step 9" in err and "4 step markers" in err, (status, err))
    r = nsh("lab", "replay", "--info", cast)
    ok("replay --info lists the markers", r.returncode == 0 and r.stdout.decode().count("step ") >= 4
       and "asciicast v2" in r.stdout.decode(), r.stdout.decode() + r.stderr.decode())

    # the reference player, asciinema (Debian's package, installed when missing), plays it too
    if not shutil.which("asciinema") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "asciinema"], env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    if shutil.which("asciinema"):
        a = Session(["/usr/bin/env", "asciinema", "play", "-s", "50", cast], ENV)
        try:
            astatus = a.wait_exit(20)
        except Timeout:
            astatus = None
        a.close()
        played = a.raw.replace(b"\r\r\n", b"\r\n")
        ok("asciinema play accepts the recording and plays its output",
           astatus == 0 and output_of(events).replace(b"\r\r\n", b"\r\n") in played, (astatus, a.raw[-300:]))
    elif os.environ.get("CI"):
        ok("asciinema play accepts the recording", False, "asciinema is not installed and could not be installed")
    else:
        print("ok %d - asciinema play accepts the recording # SKIP asciinema is not installed" % (n + 1))
        n += 1

    # --pause-at-markers: waits for Enter on the terminal at each marker
    s = Session([NSH, "lab", "replay", "--pause-at-markers", "--speed", "1000", cast], ENV)
    pauses = 0
    try:
        for _ in range(len(markers)):
            s.mark()
            s.expect(r"\[marker: [^\]]*\] Enter: go on", timeout=10)
            pauses += 1
            s.send("\r")
        status = s.wait_exit(10)
    except Timeout as e:
        print("#   " + str(e)[-300:])
        status = None
    s.close()
    eq("--pause-at-markers: a pause at each marker, each ended by Enter", len(markers), pauses)
    eq("--pause-at-markers: the replay then ends with status 0", 0, status)

    # ---- bad files ----------------------------------------------------------------
    def bad(name, content, pattern):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(content)
        r = nsh("lab", "replay", path)
        e = r.stderr.decode()
        ok("replay of %s: status 1, %r" % (name, pattern), r.returncode == 1 and pattern in e, e)

    hdr = b'{"version": 2, "width": 80, "height": 24}\n'
    bad("empty.cast", b"", "empty file")
    bad("v1.cast", b'{"version": 1, "width": 80, "height": 24}\n', "not asciicast version 2")
    bad("nowidth.cast", b'{"version": 2}\n', "positive \"width\"")
    bad("notjson.cast", b"hello\n", "line 1: not an asciicast header")
    bad("back.cast", hdr + b'[1.0, "o", "a"]\n[0.5, "o", "b"]\n[2, "o", "c"]\n', "line 3: the time 0.500000 goes back")
    bad("type.cast", hdr + b'[1.0, "x", "a"]\n[2, "o", "c"]\n', "line 2: the event type")
    bad("shape.cast", hdr + b'[1.0, "o"]\n[2, "o", "c"]\n', "line 2: an event is an array")
    r = nsh("lab", "replay", tmp + "/missing.cast")
    ok("replay of a missing file: status 1, No such file", r.returncode == 1 and "No such file" in r.stderr.decode(),
       r.stderr.decode())
    with open(cast, "rb") as f:
        whole = f.read()
    cut = os.path.join(tmp, "cut.cast")
    with open(cut, "wb") as f:
        f.write(whole[:-7])  # a crash in the middle of the last line
    r = nsh("lab", "replay", "--speed", "1000", cut)
    ok("a recording cut short by a crash: played, with a warning",
       r.returncode == 0 and "cut short" in r.stderr.decode(), r.stderr.decode())
    r = nsh("lab", "replay", "--speed", "0", cast)
    ok("replay --speed 0: usage error, status 2", r.returncode == 2 and "--speed" in r.stderr.decode(), r.stderr)

    # ---- the per-step cap ------------------------------------------------------------
    labdir = tmp + "/labs"
    os.makedirs(labdir)
    with open(labdir + "/flood.lua", "w") as f:
        f.write('''return lab {
  id = "flood", title = "A runaway command", needs = {},
  steps = {
    { say = "print a lot", type = "yes | head -c 3000000", expect = { output = "y" } },
    { say = "then something small", type = "echo after-the-flood", expect = { output = "after%-the%-flood" } },
  },
}
''')
    env = dict(ENV, NSH_RECORD_STEP_CAP="64K")
    r = nsh("lab", "check", labdir + "/flood.lua", "--record", tmp + "/flood", env=env, timeout=120)
    eq("a lab printing 3 MB in a step: check passes", 0, r.returncode)
    fc = [os.path.join(tmp + "/flood", x) for x in os.listdir(tmp + "/flood") if x.endswith(".cast")]
    size = os.path.getsize(fc[0]) if fc else -1
    ok("the recording stays bounded (64 KiB cap: under 400 KB on disk)", 0 < size < 400000, size)
    try:
        _, fev = validate_cast(fc[0])
        fout = output_of(fev).decode()
        ok("a capped recording is still valid asciicast v2", True)
    except (ValueError, UnicodeDecodeError, IndexError) as e:
        fout = ""
        ok("a capped recording is still valid asciicast v2", False, e)
    import re
    m = re.search(r"output capped: (\d+) bytes not recorded", fout)
    ok("the recording notes what was not recorded", m and int(m.group(1)) > 2000000, fout[-300:])
    ok("the next step is recorded again", "after-the-flood" in fout[fout.find("not recorded"):], fout[-300:])
    ok("a marker for both steps", [e[2][:13] for e in fev if e[1] == "m"] == ["step 1 passed", "step 2 passed"],
       [e[2] for e in fev if e[1] == "m"])
    with open(fc[0][:-5] + ".json") as f:
        ok("the result counts the bytes not recorded", json.load(f)["output_not_recorded"] > 2000000)

    # ---- a guided run: recorded by default, with hint and prediction markers -------
    g = Session(["/bin/sh", "-c", '"$0" lab start example --restart --student bob', NSH],
                dict(ENV, TERM="xterm"))
    PROMPT = r"lab:[^\n]*# $"
    try:
        g.expect(r"Step 1 of 4", timeout=15)
        g.expect(PROMPT)
        # the window changes size: an "r" event
        import fcntl, struct
        fcntl.ioctl(g.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        for send, pattern in (("lab hint\r", r"Hint 1 of"), ("ps -ef\r", r"Step 2 of 4"),
                              ("lab answer 1\r", r"Answer noted"), ("sleep 1000 &\r", r"Step 3 of 4"),
                              ("lab quit\r", r"Leaving the lab")):
            g.mark()
            g.send(send)
            g.expect(pattern, timeout=10)
            if not send.startswith("lab quit"):
                g.expect(PROMPT, timeout=10)
        g.settle()
        ok("guided run driven through a pty", True)
    except Timeout as e:
        ok("guided run driven through a pty", False, e)
    g.close()
    gdir = tmp + "/state/nsh/recordings"
    gcasts = sorted(x for x in os.listdir(gdir) if x.endswith(".cast")) if os.path.isdir(gdir) else []
    ok("guided: recorded beside the progress file ($XDG_STATE_HOME/nsh/recordings/example-*.cast)",
       len(gcasts) == 1 and gcasts[0].startswith("example-"), gcasts)
    if gcasts:
        gpath = os.path.join(gdir, gcasts[0])
        eq("guided: the recording is 0600", "0o600", oct(os.stat(gpath).st_mode & 0o777))
        try:
            gh, gev = validate_cast(gpath)
            gm = [e[2] for e in gev if e[1] == "m"]
            ok("guided: valid asciicast v2 with the terminal's size", gh["width"] == 120 and gh["height"] == 40, gh)
        except (ValueError, UnicodeDecodeError) as e:
            gm, gev = [], []
            ok("guided: valid asciicast v2", False, e)
        eq("guided: markers for the hint, step 1, the prediction, step 2",
           ["hint 1 of", "step 1 passed", "prediction for step 2: 1 (right)", "step 2 passed"],
           [m[:len(x)] for m, x in zip(gm, ["hint 1 of", "step 1 passed", "prediction for step 2: 1 (right)",
                                             "step 2 passed"])])
        eq("guided: a window size change is an \"r\" event", ["100x30"], [e[2] for e in gev if e[1] == "r"])
        gout = output_of(gev).decode()
        ok("guided: the student is told the session is recorded, and where",
           "This session is recorded for you and your teacher: " + gpath in g.text(since_mark=False).replace("\n", ""),
           g.text(since_mark=False)[:800])
        ok("guided: the lab's messages are in the recording too", "Step 1 passed." in gout and "Hint 1 of" in gout,
           gout[-500:])
        with open(gpath[:-5] + ".json") as f:
            gr = json.load(f)
        s1, s2, s3 = gr["steps"][0], gr["steps"][1], gr["steps"][2]
        ok("guided result: student bob, step 1 with its hint and command",
           gr["student"] == "bob" and s1["passed"] and s1["hints"] == 1 and s1["commands"] == ["ps -ef"], gr)
        ok("guided result: step 2's prediction, step 3 not passed",
           s2["prediction"] == {"answer": "1", "right": True} and not s3["passed"] and s3["result"] == "none",
           (s2, s3))
        eq("guided result: mode", "guided", gr["mode"])
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("1..%d" % n)
sys.exit(1 if failed else 0)
