-- Lab 5: entering a running PID namespace with nsenter (the article's
-- "Entering a namespace").  Terminal 1 is unprivileged and makes the
-- namespace; terminal 2 (nsh lab attach) is the sandbox's root and enters it.

local util = lab.util

return lab {
  id = "nsenter",
  title = "Entering a PID namespace with nsenter",
  description = "lsns to find a namespace's init, nsenter -t PID -a, and ps from inside.",
  needs = { "userns" },
  user = "nobody",
  intro = [[
A namespace is not only for the process that made it: another process may
join it with setns(2), which is what nsenter does. Terminal 1 (an ordinary
user) makes a small container; terminal 2 (`nsh lab attach`, as root, as
with the article's sudo) finds it and steps in.]],

  steps = {
    {
      title = "a small container",
      say = "In terminal 1, make user, PID and mount namespaces with a fresh /proc: `unshare -Urfp --mount-proc`.",
      type = "unshare -Urfp --mount-proc",
      expect = { cmd = "unshare" },
      wait = 0.1,
      check = function(ctx)
        local p, why = util.init_shell(ctx, 1)
        if not p then return false, why end
        local top = ctx.ns.namespaces(1)
        if p.ns.user == top.user or p.ns.mnt == top.mnt then
          return false, "add a user namespace (-U -r) and --mount-proc"
        end
        ctx.remember("init", p.pid)
        ctx.remember("init_ns", p.ns)
        return true
      end,
      hint = { "The last command of the previous lab." },
      why = [[
The recipe of the previous lab: a PID namespace whose PID 1 is your shell,
with its own /proc, owned by a user namespace you made. See unshare(1).]],
    },
    {
      title = "a sleep to recognise it by",
      say = "Start `sleep 99999 &` in it.",
      type = "sleep 99999 &",
      expect = { cmd = "sleep" },
      wait = 0.5,
      check = function(ctx)
        local p = util.find_in(ctx, ctx.recall("init_ns").pid, "^sleep 99999$")
        if not p then return false, "no `sleep 99999` runs in the new namespace" end
        ctx.remember("sleep", p.pid)
        return true
      end,
      hint = { "`&` runs it in the background." },
      why = "Inside, the sleep is PID 2 or so: the shell is 1. See pid_namespaces(7).",
    },
    {
      title = "find the init with lsns",
      say = [[
In a second terminal (`nsh lab attach` in another window), find the
namespace and its init: `lsns -t pid` (the article greps: `lsns | grep nsh`,
or bash if that is your shell).]],
      type = { { term2 = "lsns -t pid" } },
      expect = { term = 2, cmd = "^lsns" },
      check = function(ctx)
        for _, r in ipairs(util.lsns_rows(ctx.output)) do
          if r.type == "pid" and r.ns == ctx.recall("init_ns").pid and r.pid == ctx.recall("init") then
            return true
          end
        end
        return false, "the output should show the new pid namespace with its init's PID"
      end,
      hint = { "lsns -t pid lists only PID namespaces; the PID column is each one's init." },
      why = [[
The PID column of lsns is the lowest PID in each namespace, which is its
init when that is still alive: a handle on the namespace, since every
process's namespaces are at /proc/PID/ns/. See namespaces(7).]],
    },
    {
      title = "nsenter into every namespace",
      say = "Enter all of its namespaces, in terminal 2: `nsenter -t PID -a`, with the PID lsns showed.",
      type = { { term2 = function(ctx) return "nsenter -t " .. ctx.recall("init") .. " -a" end } },
      expect = { term = 2, cmd = "^nsenter" },
      wait = 0.1,
      check = function(ctx)
        local p = util.shell_process(ctx)
        local want = ctx.recall("init_ns")
        if not p then return false, "no shell at the prompt of terminal 2" end
        for _, t in ipairs({ "pid", "mnt", "user" }) do
          if p.ns[t] ~= want[t] then
            return false, "terminal 2's shell is not in the container's " .. t .. " namespace (use -a, or -p -m -U)"
          end
        end
        ctx.remember("entered", p.pid)
        return true
      end,
      hint = { "-t names the target process, -a asks for all its namespaces." },
      why = [[
nsenter opens /proc/PID/ns/* of the target and calls setns(2) for each,
then forks, because joining a PID namespace only moves future children;
the shell it starts is the child. Joining a user namespace takes
CAP_SYS_ADMIN in it, which a process privileged in an ancestor user
namespace has and an ordinary user outside has not: hence the article's
sudo for -a. See setns(2), user_namespaces(7) and nsenter(1).]],
      example = "nsenter-all",
    },
    {
      title = "ps from inside",
      say = "Still in terminal 2, now inside: `ps -ef`.",
      type = { { term2 = "ps -ef" } },
      predict = {
        question = "What PPID will ps show for the shell you entered with?",
        choices = { "1, the init of the namespace", "0", "the PID of nsenter in terminal 2" },
        answer = 2,
      },
      expect = { term = 2, cmd = "^ps", status = 0 },
      check = function(ctx)
        local entered = ctx.proc(ctx.recall("entered"))
        local sleep = ctx.proc(ctx.recall("sleep"))
        if not entered or not sleep then return false, "the entered shell or the sleep is gone" end
        local rows, by_pid = util.ps_rows(ctx.output)
        for _, r in ipairs(rows) do
          if r.cmd:find("lab%-init") then return false, "ps lists lab-init: this /proc is not the container's" end
        end
        local init = by_pid[1]
        if not init or init.ppid ~= 0 then return false, "PID 1 with PPID 0 (the first shell) is missing" end
        local s = by_pid[sleep.nstgid[#sleep.nstgid]]
        if not s or not s.cmd:find("sleep 99999") then return false, "the sleep should appear with its small PID" end
        local e = by_pid[entered.nstgid[#entered.nstgid]]
        if not e or e.ppid ~= 0 then return false, "your entered shell should appear with PPID 0" end
        return true
      end,
      hint = { "ps -ef, typed in the shell nsenter started." },
      why = [[
You joined the mount namespace too, so /proc is the container's: PID 1 is
the first shell, the sleep has its small PID, and your shell shows PPID 0,
since its parent, nsenter, stayed outside, where it has no PID in here.
Nothing of the sandbox outside is listed. See pid_namespaces(7).]],
      example = "nsenter-all",
    },
    {
      title = "the newcomer, seen from terminal 1",
      say = "Back in terminal 1 (the container's first shell), run `ps -ef` too.",
      type = "ps -ef",
      expect = { term = 1, cmd = "^ps", status = 0 },
      check = function(ctx)
        local entered = ctx.proc(ctx.recall("entered"))
        if not entered then return false, "the shell of terminal 2 is gone" end
        for _, r in ipairs(util.ps_rows(ctx.output)) do
          if r.pid == entered.nstgid[#entered.nstgid] and r.ppid == 0 then return true end
        end
        return false, "the listing should show terminal 2's shell, with PPID 0"
      end,
      hint = { "ps -ef in the first terminal." },
      why = [[
Both shells are in the same namespaces now and read the same /proc: the
container's first shell sees the newcomer as one more process, whose parent
is nowhere in its namespace. See proc(5).]],
    },
    {
      title = "leave, and end the container",
      say = "Clean up: `exit` in terminal 2, then `exit` in terminal 1.",
      type = { { term2 = "exit" }, "exit" },
      wait = 0.5,
      check = function(ctx)
        local done, why = util.cleaned_up(ctx, { "init", "entered" }, "exit in both terminals")
        if not done then return false, why end
        local p = util.nested_left(ctx)
        if p then return false, "PID " .. p.pid .. " (" .. p.name .. ") still runs in a nested namespace" end
        return true
      end,
      hint = { "One exit in each terminal." },
      why = [[
Leaving the entered shell does not end the namespace; its init exiting
does, and takes the sleep with it. See pid_namespaces(7).]],
    },
  },

  outro = [[
lsns names a namespace by its init's PID; /proc/PID/ns/* is the handle.
nsenter -t PID -a joins every namespace with setns(2), then forks.
Inside, the joined shell is a PID like any other, with PPID 0.]],
}
