-- Lab 6: PID 1 and the end of a namespace.  When the init of a PID
-- namespace dies, the kernel kills every other process in it, and the
-- namespace takes no new process afterwards.

local util = lab.util

return lab {
  id = "init-death",
  title = "PID 1 and the end of a namespace",
  description = "Kill a namespace's init and watch the rest go; a dead namespace refuses new processes.",
  intro = [[
The first process of a PID namespace is its init, PID 1, and the namespace
lives exactly as long as it does. In this lab you kill an init that still
has company, from outside, and then meet a namespace that outlived its
init in name only. The second terminal is `nsh lab attach`.]],

  steps = {
    {
      title = "a namespace with its own /proc",
      say = "Start a shell in a new PID namespace with its own /proc: `unshare -fp --mount-proc`.",
      type = "unshare -fp --mount-proc",
      expect = { cmd = "unshare" },
      wait = 0.1,
      check = function(ctx)
        local p, why = util.init_shell(ctx, 1)
        if not p then return false, why end
        ctx.remember("init", p.pid)
        ctx.remember("pidns", p.ns.pid)
        return true
      end,
      hint = { "unshare with -f, -p and --mount-proc." },
      why = "Your shell is PID 1 of the new namespace, and ps inside will show just that namespace. See unshare(1).",
    },
    {
      title = "company for the init",
      say = "Start two sleeps: `sleep 1000 &`, then `sleep 2000 &`.",
      type = { "sleep 1000 &", "sleep 2000 &" },
      expect = { cmd = "sleep" },
      wait = 0.2,
      check = function(ctx)
        local ns = ctx.recall("pidns")
        local a, b = util.find_in(ctx, ns, "^sleep 1000$"), util.find_in(ctx, ns, "^sleep 2000$")
        if not (a and b) then return false, "start both sleeps in the namespace" end
        ctx.remember("sleeps", { a.pid, b.pid })
        return true
      end,
      hint = { "Two commands, each ending with &." },
      why = "Three processes in the namespace now: the init and two children. See pid_namespaces(7).",
    },
    {
      title = "the view from inside",
      say = "Look at the namespace from inside: `ps -ef`.",
      type = "ps -ef",
      expect = { cmd = "^ps", status = 0 },
      check = function(ctx)
        local init, sleeps = false, 0
        for _, r in ipairs(util.ps_rows(ctx.output)) do
          if r.pid == 1 and r.ppid == 0 then init = true end
          if r.cmd:find("^sleep [12]000") and r.ppid == 1 then sleeps = sleeps + 1 end
        end
        if not init then return false, "PID 1 (this shell, PPID 0) should be listed" end
        if sleeps < 2 then return false, "both sleeps should be listed as children of PID 1" end
        return true
      end,
      hint = { "ps -ef." },
      why = "PID 1 is your shell; the sleeps are its children, PIDs 2 and 3 or so. See proc(5).",
    },
    {
      title = "the init, seen from the top",
      say = "In a second terminal (`nsh lab attach`), find the namespace's init: `pidtree`.",
      type = { { term2 = "pidtree" } },
      expect = { term = 2, cmd = "^pidtree", status = 0 },
      check = function(ctx)
        local init = ctx.recall("init")
        -- pidtree draws "->" in ASCII, "→" on a UTF-8 terminal
        if not (ctx.output:find("%f[%d]" .. init .. " %-> 1%f[%D]")
                or ctx.output:find("%f[%d]" .. init .. " → 1%f[%D]")) then
          return false, "the tree should show the init as " .. init .. " -> 1"
        end
        return true
      end,
      hint = { "pidtree draws every process with its PID in each namespace (outer -> inner)." },
      why = [[
pidtree shows each process with its PID at every level: the init reads
"top PID -> 1", and the sleeps "top PID -> 2", "-> 3". The top PID is the
one to use from up here; `lsns -t pid` would give it too.
See proc(5) (NSpid).]],
    },
    {
      title = "kill the init",
      say = "From the second terminal, kill the init: `kill -9 PID` with its top-level PID.",
      type = { { term2 = function(ctx) return "kill -9 " .. ctx.recall("init") end } },
      predict = {
        question = "What happens to the two sleeps when their namespace's PID 1 dies?",
        choices = { "they live on, adopted by another process", "the kernel kills them too" },
        answer = 2,
      },
      expect = { cmd = "^kill", status = 0 },
      wait = 1,
      check = function(ctx)
        local init = ctx.recall("init")
        if not util.mentions(ctx.cmd, init) then return false, "kill the init, PID " .. init end
        if util.running(ctx, init) then return false, "the init (PID " .. init .. ") still runs" end
        local left = util.members(ctx, ctx.recall("pidns"))
        if #left > 0 then return false, #left .. " process(es) of the namespace still run" end
        return true
      end,
      hint = { "The PID is the one pidtree showed with -> 1." },
      why = [[
When the init of a PID namespace terminates, the kernel sends SIGKILL to
every other process in that namespace (and in namespaces below it): a
namespace cannot live on without its PID 1. The sleeps never had a choice.
See pid_namespaces(7).]],
      example = "init-death",
    },
    {
      title = "nothing survived",
      say = "Check from the second terminal: `ps -ef | grep sleep`.",
      type = { { term2 = "ps -ef | grep sleep" } },
      expect = { term = 2, cmd = { "^ps", "sleep" } },
      wait = 0.1, -- output only: nothing to wait for
      check = function(ctx)
        for _, r in ipairs(util.ps_rows(ctx.output)) do
          if r.cmd:find("^sleep [12]000") then return false, "a sleep of the namespace is still listed" end
        end
        return true
      end,
      hint = { "ps -ef piped into grep sleep; only grep itself should match." },
      why = "Both sleeps are gone with their init; only grep's own line matches. See pid_namespaces(7).",
    },
    {
      title = "a namespace without -f",
      say = [[
Terminal 1 is back at the top. Now make a PID namespace without -f:
`unshare -p`. This shell stays outside; its children go in.]],
      type = "unshare -p",
      expect = { cmd = "unshare" },
      wait = 0.1,
      check = function(ctx)
        local p = util.shell_process(ctx)
        if not p then return false, "no shell at the prompt" end
        if #p.nstgid ~= 1 or p.ns.pid_for_children == p.ns.pid then
          return false, "the shell should stay at the top, with a new PID namespace for its children: -p, no -f"
        end
        ctx.remember("outside", p.pid)
        return true
      end,
      hint = { "Just -p." },
      why = [[
unshare(2) made the namespace, but only the shell's next child will enter
it, as its PID 1.]],
    },
    {
      title = "a sleep as PID 1",
      say = "Start `sleep 3000 &`: the first child, so the init of that namespace.",
      type = "sleep 3000 &",
      expect = { cmd = "sleep" },
      wait = 0.5,
      check = function(ctx)
        -- (the shell's ns/pid_for_children link reads only once that
        -- namespace has an init, so look for the sleep instead)
        local s
        for _, p in ipairs(ctx.find("^sleep 3000$")) do
          if p.ppid == ctx.recall("outside") and util.is_init(p, 1) then s = p end
        end
        if not s then return false, "no `sleep 3000` started by this shell is PID 1 of the new namespace" end
        ctx.remember("sleep_init", s.pid)
        return true
      end,
      hint = { "sleep 3000 with & at the end." },
      why = "A sleep is a poor init, but the kernel does not mind: the first process is PID 1. See pid_namespaces(7).",
    },
    {
      title = "kill that init",
      say = "Kill it: `kill -9 PID` with the PID the shell printed (or `kill -9 %1`).",
      type = function(ctx) return "kill -9 " .. ctx.recall("sleep_init") end,
      expect = { cmd = "^kill" },
      wait = 0.5,
      check = function(ctx)
        if util.running(ctx, ctx.recall("sleep_init")) then return false, "the sleep still runs" end
        return true
      end,
      hint = { "The shell printed [1] and the PID when you started the sleep." },
      why = [[
This shell is in the parent namespace, so it may send SIGKILL to the init
of the child one. The namespace now has no process, but this shell's
children are still bound for it. See kill(2).]],
    },
    {
      title = "a dead namespace takes no one",
      say = "Start anything: `sleep 4000 &` (or `ls`).",
      type = "sleep 4000 &",
      predict = {
        question = "This shell's next child is bound for the namespace whose init you killed. Will it start?",
        choices = { "yes, and it becomes the new PID 1", "no, fork fails" },
        answer = 2,
      },
      expect = { fails_with = "Cannot allocate memory" },
      hint = { "Any command that is not a builtin." },
      why = [[
Once its init has died, a PID namespace is over for good: the kernel
refuses to allocate a PID in it, and fork(2) fails with ENOMEM ("Cannot
allocate memory"). There is no second init. See pid_namespaces(7).]],
      example = "init-death",
    },
    {
      title = "leave that shell",
      say = "Clean up: `exit` this shell (exit is a builtin, it needs no fork); `exit` terminal 2 too.",
      type = "exit",
      wait = 0.5,
      check = function(ctx)
        return util.cleaned_up(ctx, { "outside" }, "exit the shell made by unshare -p")
      end,
      hint = { "exit." },
      why = "With that shell gone, nothing refers to the dead namespace any more; the kernel frees it. See namespaces(7).",
    },
  },

  outro = [[
A PID namespace lives exactly as long as its PID 1.
When PID 1 dies, the kernel SIGKILLs every other process in the namespace.
After that the namespace takes no new process: fork fails with ENOMEM.]],
}
