"""A small pseudo-terminal harness for the REPL tests (python3 standard
library only).

    s = Session([nsh], env)        # nsh on a new pty, 120x40, as a session leader
    s.send("echo hi\\r")
    s.expect(r"hi\\r?\\n")          # waits (with a timeout) on the output so far
    s.mark()                       # later expects only look after this point
    s.close()                      # kills whatever is left, descendants too

Output is kept raw (s.raw, for the OSC 133 checks) and as text with the
escape sequences and carriage returns taken out (s.text()).  Every wait
polls the pty with a deadline: no fixed sleeps.

Tests print TAP through Tap: ok()/fail() lines, done() prints the plan.
"""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

ESCAPES = re.compile(
    rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC ... BEL or ST
    rb"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    rb"|\x1b[@-Z\\-_=>]"  # two-byte escapes
)


def strip(raw):
    """The visible text of raw terminal output (roughly: no cursor logic)."""
    text = ESCAPES.sub(b"", raw)
    text = text.replace(b"\r", b"").replace(b"\x07", b"").replace(b"\x08", b"")
    return text.decode("utf-8", "replace")


class Timeout(Exception):
    pass


class Session:
    def __init__(self, argv, env, cols=120, rows=40):
        self.argv = argv
        self.raw = b""
        self.start = 0  # expect() looks at raw[start:]
        self.status = None  # exit status once reaped
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    # ---- input and output ----
    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        os.write(self.fd, data)

    def _read(self, timeout):
        """Read what is there within timeout; False at EOF."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the other side is closed
            return False
        if not chunk:
            return False
        self.raw += chunk
        return True

    def text(self, since_mark=True):
        return strip(self.raw[self.start:] if since_mark else self.raw)

    def mark(self):
        """Later expectations only look at output from here on."""
        self.start = len(self.raw)

    def expect(self, pattern, timeout=5.0, raw=False):
        """Wait until pattern (a regex) is in the output since the mark;
        return the match, or raise Timeout with what was seen."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern.encode() if raw else pattern, re.S)
        while True:
            subject = self.raw[self.start:] if raw else self.text()
            found = regex.search(subject)
            if found:
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Timeout("no %r within %.1fs; output since mark: %r" % (pattern, timeout, subject[-600:]))
            if not self._read(min(remaining, 0.2)):
                subject = self.raw[self.start:] if raw else self.text()
                found = regex.search(subject)
                if found:
                    return found
                raise Timeout("no %r: the terminal closed; output since mark: %r" % (pattern, subject[-600:]))

    def settle(self, quiet=0.3, timeout=3.0):
        """Read until nothing arrives for `quiet` seconds (for negative checks)."""
        deadline = time.monotonic() + timeout
        last = len(self.raw)
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            if not self._read(0.05):
                return
            if len(self.raw) != last:
                last = len(self.raw)
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= quiet:
                return

    # ---- the process ----
    def wait_exit(self, timeout=5.0):
        """Wait for the process to end; its exit status, or raise Timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.status is None:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.status = os.waitstatus_to_exitcode(status)
            if self.status is not None:
                while self._read(0.05):  # whatever is left in the pty
                    if not select.select([self.fd], [], [], 0)[0]:
                        break
                return self.status
            self._read(0.05)
        raise Timeout("process %d still running after %.1fs" % (self.pid, timeout))

    def close(self):
        """Kill everything started from this session that is still there."""
        for pid in [self.pid] + descendants(self.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.status is None:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
        try:
            os.close(self.fd)
        except OSError:
            pass


def parent_of(pid):
    """The PPID of pid from /proc/PID/stat (parsed after the last ')')."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return None
    return int(stat[stat.rindex(")") + 2:].split()[1])


def command_of(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except OSError:
        return None


def descendants(root):
    """Every process below root, from /proc (the host's view)."""
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            ppid = parent_of(int(name))
            if ppid is not None:
                children.setdefault(ppid, []).append(int(name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def wait_for(predicate, timeout=5.0, interval=0.02):
    """Poll predicate until it returns something true; that value, or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, name):
        self.n += 1
        print("ok %d - %s" % (self.n, name), flush=True)

    def fail(self, name, *why):
        self.n += 1
        self.failed += 1
        print("not ok %d - %s" % (self.n, name), flush=True)
        for line in why:
            for part in str(line).splitlines() or [""]:
                print("#   " + part[:2000], flush=True)

    def check(self, name, condition, *why):
        if condition:
            self.ok(name)
        else:
            self.fail(name, *why)
        return condition

    def skip(self, name, why):
        if os.environ.get("CI"):
            self.fail(name, "skipped under CI, which must run it: " + why)
        else:
            self.n += 1
            print("ok %d - %s # SKIP %s" % (self.n, name, why), flush=True)

    def done(self):
        print("1..%d" % self.n, flush=True)
        return 1 if self.failed else 0


def run_checks(tap, checks):
    """Run each (name, function) check; a Timeout or an exception is a
    failure of that check only."""
    for name, function in checks:
        try:
            function(tap)
        except Timeout as e:
            tap.fail(name, str(e))
        except Exception as e:  # a broken check must show, not stop the others
            tap.fail(name, "%s: %s" % (type(e).__name__, e))
    sys.exit(tap.done())
