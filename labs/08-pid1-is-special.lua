-- Lab 8, beyond the article: what makes PID 1 of a namespace special.
-- Signals to an init, orphans, and why unshare -p and setns move only
-- future children (so unshare needs -f and nsenter forks).

local util = lab.util

-- A signal step from the top level to the sleep that is PID 1 of its
-- namespace: `kill -SIG PID`; state(p) says whether the result is right.
local function signal_step(t)
  return {
    title = t.title, say = t.say, predict = t.predict, why = t.why, example = t.example,
    type = function(ctx) return "kill -" .. t.signal .. " " .. ctx.recall("sleep_init") .. (t.suffix or "") end,
    expect = { cmd = "^kill", status = not t.suffix and 0 or nil },
    wait = t.wait or 0.5,
    check = function(ctx)
      local pid = ctx.recall("sleep_init")
      if not util.mentions(ctx.cmd, pid) then return false, "signal the sleep that is PID 1: PID " .. pid end
      if not ctx.cmd:upper():find(t.signal, 1, true) and not ctx.cmd:find("%-" .. t.number .. "%f[%D]") then
        return false, "send SIG" .. t.signal
      end
      return t.state(ctx, ctx.proc(pid))
    end,
    hint = t.hint,
  }
end

return lab {
  id = "pid1-is-special",
  title = "PID 1 is special",
  description = "Signals to a namespace's init, orphans and their new parent, pid_for_children, setns and fork.",
  intro = [[
The init of a PID namespace is not just the first process: the kernel
protects it from signals, hands it every orphan of the namespace, and only
ever puts new children, never the caller, into a PID namespace. Four short
experiments; the second terminal is `nsh lab attach`.]],

  steps = {
    {
      title = "a sleep as PID 1",
      say = "Make a sleep the init of a new namespace, in the background: `unshare -fp --mount-proc sleep 1000 &`.",
      type = "unshare -fp --mount-proc sleep 1000 &",
      expect = { cmd = "unshare" },
      wait = 0.5,
      check = function(ctx)
        for _, p in ipairs(ctx.find("^sleep 1000$")) do
          if util.is_init(p, 1) and p.state ~= "Z" then
            ctx.remember("sleep_init", p.pid)
            ctx.remember("job", p.ppid) -- the unshare process, the shell's job
            return true
          end
        end
        return false, "no `sleep 1000` is PID 1 of a new namespace"
      end,
      hint = { "unshare -fp --mount-proc, then the command, then &." },
      why = [[
sleep sets no signal handler at all, which makes it a good subject: whatever
happens to it next is the kernel's doing, not the program's. See signal(7).]],
    },
    {
      title = "SIGKILL from inside",
      say = [[
From inside its namespace, send PID 1 a SIGKILL:
`nsenter -t PID -p kill -9 1`, with the sleep's PID (`jobs -l` or
`ps -ef | grep sleep` show it).]],
      type = function(ctx) return "nsenter -t " .. ctx.recall("sleep_init") .. " -p kill -9 1" end,
      predict = {
        question = "kill -9 is the signal nothing can catch. Will the sleep die?",
        choices = { "yes, SIGKILL always kills", "no, the kernel drops it" },
        answer = 2,
      },
      expect = { cmd = { "^nsenter", "kill" } },
      wait = 0.3,
      check = function(ctx)
        local pid = ctx.recall("sleep_init")
        if not util.mentions(ctx.cmd, pid) then return false, "enter the sleep's namespace: nsenter -t " .. pid .. " -p ..." end
        if not util.running(ctx, pid) then return false, "the sleep died: was the kill sent from inside (nsenter -p)?" end
        return true
      end,
      hint = { "nsenter -p runs the command in the target's PID namespace; inside, the sleep is PID 1." },
      why = [[
Inside its own namespace, the init receives only the signals it has a
handler for; the others are dropped, SIGKILL and SIGSTOP included, even
from root. So no process of a container can kill its init by accident.
kill(2) still reports success. See pid_namespaces(7), "The namespace init
process".]],
      example = "init-signals",
    },
    signal_step {
      title = "SIGTERM from the parent namespace",
      say = "Now from the top level, the namespace's parent: `kill -TERM PID`.",
      signal = "TERM", number = 15,
      predict = {
        question = "From the parent namespace, will SIGTERM end it?",
        choices = { "yes, the parent is allowed", "no, it has no handler for SIGTERM" },
        answer = 2,
      },
      wait = 0.3,
      state = function(ctx, p)
        if not p or p.state == "Z" then return false, "the sleep died" end
        return true
      end,
      hint = { "kill -TERM and the sleep's PID, in terminal 1's top shell." },
      why = [[
From an ancestor namespace too, an init only gets the signals it handles,
with two exceptions that come next. sleep handles none, so SIGTERM is
dropped. See pid_namespaces(7).]],
      example = "init-signals",
    },
    signal_step {
      title = "SIGSTOP from the parent namespace",
      say = "Stop it from the top level: `kill -STOP PID`.",
      signal = "STOP", number = 19,
      state = function(ctx, p)
        if not p or p.state ~= "T" then return false, "the sleep is not stopped (state T)" end
        return true
      end,
      hint = { "kill -STOP and the same PID." },
      why = [[
SIGKILL and SIGSTOP are forced on an init when they come from an ancestor
namespace: the parent keeps control of the container. The sleep is now in
state T, stopped. See signal(7).]],
      example = "init-signals",
    },
    signal_step {
      title = "and resume it",
      say = "Let it go on: `kill -CONT PID`.",
      signal = "CONT", number = 18,
      state = function(ctx, p)
        if not p or p.state == "T" or p.state == "Z" then return false, "the sleep should run again" end
        return true
      end,
      hint = { "kill -CONT and the same PID." },
      why = "SIGCONT resumes a stopped process whatever its handlers; the kernel acts on it when it is sent. See signal(7).",
    },
    signal_step {
      title = "SIGKILL from the parent namespace",
      say = [[
End it from the top level, and wait for the shell's job (unshare) to
finish: `kill -KILL PID; wait`.]],
      signal = "KILL", number = 9,
      -- wait: unshare reports its child's death ("Killed") as it ends; the
      -- builtin wait lets that happen before the next prompt
      suffix = "; wait",
      predict = {
        question = "SIGKILL from inside was dropped. From the parent?",
        choices = { "dropped too", "it kills the init, and with it the namespace" },
        answer = 2,
      },
      state = function(ctx, p)
        if p and p.state ~= "Z" then return false, "the sleep still runs" end
        -- the job (unshare, which reports its child's death) must be over
        -- too, so that its last words do not land in the next command
        if util.running(ctx, ctx.recall("job")) then return false, "unshare, the sleep's parent, is still running" end
        return true
      end,
      hint = { "kill -KILL (or -9) and the same PID." },
      why = [[
From an ancestor, SIGKILL is forced: the init dies, and the namespace with
it. This is how a container runtime stops a container that ignores
SIGTERM. See pid_namespaces(7).]],
      example = "init-signals",
    },
    {
      title = "a shell as PID 1",
      say = "Start a shell in a new namespace with its own /proc: `unshare -fp --mount-proc`.",
      type = "unshare -fp --mount-proc",
      expect = { cmd = "unshare" },
      wait = 0.1,
      check = function(ctx)
        local p, why = util.init_shell(ctx, 1)
        if not p then return false, why end
        ctx.remember("init", p.pid)
        return true
      end,
      hint = { "As in lab 6." },
      why = "This shell is the init now, and will receive the orphans of its namespace. See pid_namespaces(7).",
    },
    {
      title = "make an orphan",
      say = "Make an orphan: `sh -c 'sleep 3000 &'` starts a sleep and exits at once, leaving it parentless.",
      type = "sh -c 'sleep 3000 &'",
      predict = {
        question = "Who becomes the parent of the orphaned sleep?",
        choices = { "the machine's init (PID 1 at the top)", "this namespace's PID 1, your shell", "nobody: PPID 0" },
        answer = 2,
      },
      expect = { cmd = "sleep 3000" },
      wait = 0.5,
      check = function(ctx)
        for _, p in ipairs(ctx.find("^sleep 3000$")) do
          if p.ppid == ctx.recall("init") and p.state ~= "Z" then
            ctx.remember("orphan", p.pid)
            return true
          end
        end
        return false, "no `sleep 3000` has been adopted by this namespace's init"
      end,
      hint = { "Mind the quotes: the & belongs to sh, not to this shell." },
      why = [[
When a process's parent exits, the kernel re-parents it to the init of the
orphan's own PID namespace (or to a closer "subreaper"), never to an init
outside. The namespace's PID 1 must reap those children when they exit.
See pid_namespaces(7) and prctl(2) (PR_SET_CHILD_SUBREAPER).]],
      example = "orphan-reparent",
    },
    {
      title = "PPID 1, inside",
      say = "See it from inside: `ps -ef`.",
      type = "ps -ef",
      expect = { cmd = "^ps", status = 0 },
      check = function(ctx)
        for _, r in ipairs(util.ps_rows(ctx.output)) do
          if r.cmd:find("^sleep 3000") and r.ppid == 1 then return true end
        end
        return false, "the listing should show sleep 3000 with PPID 1"
      end,
      hint = { "ps -ef." },
      why = "Inside, the orphan's parent is PID 1: this shell. See proc(5).",
    },
    {
      title = "the same orphan, from the top",
      say = "And from the top, in a second terminal (`nsh lab attach`): `ps -ef | grep 'sleep 3000'`.",
      type = { { term2 = "ps -ef | grep 'sleep 3000'" } },
      expect = { term = 2, cmd = { "^ps", "3000" } },
      wait = 0.1,
      check = function(ctx)
        for _, r in ipairs(util.ps_rows(ctx.output)) do
          if r.pid == ctx.recall("orphan") then
            if r.ppid == ctx.recall("init") then return true end
            return false, "the sleep's PPID should be the namespace shell's top-level PID"
          end
        end
        return false, "the sleep 3000 line is missing"
      end,
      hint = { "ps -ef piped into grep, with the pattern in quotes." },
      why = [[
From up here the parent is your namespace shell, under its top-level PID,
not the sandbox's PID 1 (lab-init): the orphan stayed in its namespace.
See pid_namespaces(7).]],
      example = "orphan-reparent",
    },
    {
      title = "setns, then fork",
      say = [[
From terminal 2, run a command inside the namespace and watch the system
calls: `nsenter --trace -t PID -p -m sh -c 'echo $$'`, PID being the
namespace shell's.]],
      type = { { term2 = function(ctx) return "nsenter --trace -t " .. ctx.recall("init") .. " -p -m sh -c 'echo $$'" end } },
      predict = {
        question = "Which PID will sh print?",
        choices = { "a top-level PID, like nsenter's", "a small PID of the namespace" },
        answer = 2,
      },
      expect = { cmd = "^nsenter", output = { "setns%(", "CLONE_NEWPID" }, status = 0 },
      wait = 0.1,
      check = function(ctx)
        local inside = tonumber(ctx.output:match("%(PID (%d+) in the entered"))
        if not inside then return false, "the trace shows no fork into the namespace" end
        if not ctx.output:find("\n%s*" .. inside .. "%s*\n") and not ctx.output:find("^%s*" .. inside .. "%s*\n") then
          return false, "sh should print " .. inside .. ", its PID in the namespace"
        end
        return true
      end,
      hint = { "--trace prints the system calls; -p -m: the PID and mount namespaces." },
      why = [[
setns(2) with a PID namespace, like unshare(2) with CLONE_NEWPID, changes
only where the caller's future children go (its pid_for_children); the
caller's own PID never changes. So nsenter forks after setns, and its child,
the sh, has a PID in the namespace.]],
      example = "setns-pid",
    },
    {
      title = "setns without the fork",
      say = "Now without the fork: `nsenter --trace -F -t PID -p -m sh -c 'echo $$'`.",
      type = { { term2 = function(ctx) return "nsenter --trace -F -t " .. ctx.recall("init") .. " -p -m sh -c 'echo $$'" end } },
      predict = {
        question = "With -F (no fork), which PID will sh print?",
        choices = { "the PID of the nsenter process itself: it never moved", "a small PID of the namespace" },
        answer = 1,
      },
      expect = { cmd = { "^nsenter", "%-F" }, output = "setns%(" },
      wait = 0.1,
      check = function(ctx)
        local tracer = ctx.output:match("%[(%d+)%] setns%(")
        if not tracer then return false, "no traced setns in the output" end
        for n in ctx.output:gmatch("%f[^\n%]](%d+)%s*\n") do
          if n == tracer then return true end
        end
        return false, "sh should print " .. tracer .. ", the PID of nsenter itself"
      end,
      hint = { "-F (--no-fork) makes nsenter exec the command directly after setns." },
      why = [[
Without the fork, nsenter exec'd sh in its own process: same PID, still in
the sandbox's PID namespace, only its children would enter the target one.
That is why nsenter forks by default, and unshare needs -f. See setns(2).]],
      example = "setns-pid",
    },
    {
      title = "end the namespace",
      say = "Leave the namespace shell in terminal 1: `exit`.",
      type = "exit",
      wait = 0.5,
      check = function(ctx)
        return util.cleaned_up(ctx, { "init", "orphan" }, "exit the namespace shell")
      end,
      hint = { "exit." },
      why = "Its init gone, the namespace ends, and the adopted sleep with it. See pid_namespaces(7).",
    },
    {
      title = "unshare -p keeps the caller",
      say = "Make a PID namespace without -f: `unshare -p`, then give it an init: `sleep 5000 &`.",
      type = { "unshare -p", "sleep 5000 &" },
      expect = { cmd = "sleep 5000" },
      wait = 0.2,
      check = function(ctx)
        local p = util.shell_process(ctx)
        if not p or #p.nstgid ~= 1 then return false, "the shell should stay at the top level (-p without -f)" end
        for _, s in ipairs(ctx.find("^sleep 5000$")) do
          if s.ppid == p.pid and util.is_init(s, 1) then
            ctx.remember("caller", p.pid)
            ctx.remember("child_init", s.pid)
            return true
          end
        end
        return false, "no `sleep 5000` from this shell is PID 1 of a new namespace"
      end,
      hint = { "unshare -p (no -f); then sleep 5000 with &." },
      why = [[
The shell stays in the sandbox's namespace; its first child, the sleep, is
PID 1 of the new one (a shell's pid_for_children link reads only once that
namespace has its init). See unshare(2).]],
    },
    {
      title = "pid and pid_for_children differ",
      say = [[
In terminal 2, compare the two links of that shell:
`ls -l /proc/PID/ns/pid /proc/PID/ns/pid_for_children`, PID being the shell
that ran unshare -p (`ps -ef` there shows it).]],
      type = { { term2 = function(ctx)
        local pid = ctx.recall("caller")
        return "ls -l /proc/" .. pid .. "/ns/pid /proc/" .. pid .. "/ns/pid_for_children"
      end } },
      predict = {
        question = "Will the two links name the same namespace?",
        choices = { "yes", "no: pid is the old one, pid_for_children the new one" },
        answer = 2,
      },
      expect = { term = 2, cmd = "pid_for_children" },
      wait = 0.1,
      check = function(ctx)
        local caller = ctx.proc(ctx.recall("caller"))
        if not caller or not util.mentions(ctx.cmd, caller.pid) then
          return false, "look at the links of the shell that ran unshare -p, PID " .. ctx.recall("caller")
        end
        -- (ls quotes the targets: 'pid:[4026532186]')
        local own = ctx.output:match("ns/pid %->%s*'?pid:%[(%d+)%]")
        local kids = ctx.output:match("ns/pid_for_children %->%s*'?pid:%[(%d+)%]")
        if not own or not kids then return false, "the output should show both links" end
        if tonumber(own) == tonumber(kids) then return false, "the two links should differ" end
        if tonumber(own) ~= caller.ns.pid or tonumber(kids) ~= caller.ns.pid_for_children then
          return false, "those are not the links of that shell"
        end
        return true
      end,
      hint = { "ls -l shows where a symbolic link points; both links are in /proc/PID/ns/." },
      why = [[
/proc/PID/ns/pid is the namespace the process is in, for good;
/proc/PID/ns/pid_for_children the one its next children will be in.
unshare(CLONE_NEWPID) and setns(2) change only the second. See
pid_namespaces(7) and namespaces(7).]],
      example = "pid-for-children",
    },
    {
      title = "clean up",
      say = [[
Clean up in terminal 1: `kill -9 %1` (the sleep, init of the new namespace:
a plain kill, SIGTERM, would be dropped, as you saw), then `exit`.]],
      type = { "kill -9 %1", "exit" },
      wait = 0.5,
      check = function(ctx)
        return util.cleaned_up(ctx, { "child_init", "caller" }, "kill -9 %1, then exit")
      end,
      hint = { "%1 names the shell's first job; -9 is SIGKILL, which an ancestor may force on an init." },
      why = [[
The sleep was the namespace's init: killing it from the parent namespace
ended the namespace. exit ends the shell that unshare -p left behind.
See pid_namespaces(7).]],
    },
  },

  outro = [[
An init gets only the signals it handles; only an ancestor can force SIGKILL or SIGSTOP.
Orphans go to the init of their own namespace, which must reap them.
unshare -p and setns move only future children: hence -f, and nsenter's fork.]],
}
