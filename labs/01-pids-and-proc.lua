-- Lab 1 of the PID namespace series: what a PID is and where the system
-- keeps the list of processes (/proc).  No namespace is created here; the
-- lab only looks around the sandbox, whose /proc is its own.

local util = lab.util

return lab {
  id = "pids-and-proc",
  title = "What PIDs and /proc are",
  description = "Process IDs, the /proc file system, and how ps reads it.",
  intro = [[
Before any namespace: every process on Linux has a number, its PID, and the
kernel describes each process in a directory of /proc. This lab looks at
both. You are in a sandbox whose process list is short, so everything you
see fits on the screen; PID 1 there is the sandbox's own init, lab-init.]],

  steps = {
    {
      title = "the shell's own PID",
      say = "Ask your shell for its own PID: `echo $$`.",
      type = "echo $$",
      expect = { cmd = "^echo", status = 0 },
      check = function(ctx)
        local n = tonumber(ctx.output:match("^%s*(%d+)%s*$"))
        if not n then return false, "the output should be a single number" end
        local p = ctx.proc(n)
        if not p then return false, "no process has PID " .. n end
        if n ~= ctx.shell then return false, "PID " .. n .. " is not the shell you typed into" end
        ctx.remember("shell", n)
        return true
      end,
      hint = { "The special parameter $$ expands to the shell's own PID." },
      why = [[
The kernel hands every new process the next free number of its PID space
and keeps it for the process's whole life; two processes alive at the same
time never share it. getpid(2) returns it, and shells expose it as $$.]],
    },
    {
      title = "one directory per process in /proc",
      say = "List /proc: `ls /proc`. Find your shell's PID among the names.",
      type = "ls /proc",
      predict = {
        question = "Besides files such as cpuinfo and meminfo, what will /proc hold?",
        choices = { "one directory per running process, named by its PID",
                    "one file per user logged in",
                    "nothing else: process data lives in /var/run" },
        answer = 1,
      },
      expect = { cmd = { "^ls", "/proc" }, status = 0, output = "self" },
      check = function(ctx)
        local shell = ctx.recall("shell")
        if not ctx.output:find("%f[%w]" .. shell .. "%f[%W]") then
          return false, "the listing should show a directory named " .. shell .. " (your shell)"
        end
        return true
      end,
      hint = { "ls takes a directory name; the one to list is /proc." },
      why = [[
/proc is procfs, a file system the kernel generates on the fly: one
directory per process, named after its PID, plus files about the whole
system. /proc/self is a link to the directory of whoever looks. See proc(5).]],
    },
    {
      title = "a process's status file",
      say = "Read what the kernel says about your shell: `cat /proc/$$/status`.",
      type = "cat /proc/$$/status",
      expect = { cmd = "status", status = 0, output = { "Name:", "PPid:" } },
      check = function(ctx)
        local pid = tonumber(ctx.output:match("\nPid:%s+(%d+)"))
        if pid ~= ctx.recall("shell") then
          return false, "read the status file of your shell, /proc/" .. ctx.recall("shell") .. "/status"
        end
        return true
      end,
      hint = { "Each PID directory has a file named status.",
               "$$ works inside a path too: /proc/$$/status." },
      why = [[
Each /proc/PID directory holds text files about that process: status (name,
state, parent PID, user IDs, and the NSpid line you will meet later),
cmdline, the ns/ directory of namespace links, and more. See proc(5).]],
    },
    {
      title = "a background sleep",
      say = "Start a process in the background: `sleep 1000 &`.",
      type = "sleep 1000 &",
      expect = { cmd = "sleep" },
      wait = 0.5,
      check = function(ctx)
        local sleeps = ctx.find("^sleep 1000$")
        if #sleeps < 1 then return false, "no `sleep 1000` is running" end
        return true
      end,
      hint = { "`&` at the end of a command line runs it in the background." },
      why = [[
The shell forked a child, the child became sleep, and the shell printed the
job number and the child's PID. The sleep keeps that PID until it exits.
See fork(2).]],
    },
    {
      title = "a second process with the same name",
      say = "Start a second one with the same name: `sleep 1000 &` again.",
      type = "sleep 1000 &",
      expect = { cmd = "sleep" },
      wait = 0.5,
      check = function(ctx)
        local sleeps = ctx.find("^sleep 1000$")
        if #sleeps < 2 then return false, #sleeps .. " `sleep 1000` running, start a second one" end
        ctx.remember("sleeps", { sleeps[1].pid, sleeps[2].pid })
        return true
      end,
      hint = { "Run the same command line once more." },
      why = [[
Names are not unique: any number of processes may be called sleep, bash or
sshd. The PID is what tells them apart, which is why kill(2) takes a PID.]],
    },
    {
      title = "ps reads /proc",
      say = "Find both sleeps with `ps -ef | grep sleep`.",
      type = "ps -ef | grep sleep",
      expect = { cmd = { "^ps", "sleep" }, output = "sleep 1000" },
      check = function(ctx)
        local _, by_pid = util.ps_rows(ctx.output)
        for _, pid in ipairs(ctx.recall("sleeps")) do
          if not by_pid[pid] then return false, "the output should list PID " .. pid end
        end
        return true
      end,
      hint = { "ps -ef lists every process; grep keeps the lines that mention sleep." },
      why = [[
ps has no secret source: it opens /proc, reads each PID directory's stat,
status and cmdline files, and prints one line per directory. Whatever /proc
shows, ps shows. Keep this in mind for the next labs. See proc(5) and ps(1).]],
    },
    {
      title = "kill one PID, not a name",
      say = [[
Stop only the first sleep: `kill PID` with its PID from the listing
(the smaller one).]],
      type = function(ctx) return "kill " .. ctx.recall("sleeps")[1] end,
      predict = {
        question = "After `kill` of one PID, how many `sleep 1000` are left?",
        choices = { "none: kill stops every process with that name", "one: only that PID got the signal" },
        answer = 2,
      },
      expect = { cmd = "^kill", status = 0 },
      wait = 0.5,
      check = function(ctx)
        local s = ctx.recall("sleeps")
        local target
        if util.mentions(ctx.cmd, s[1]) then target = s[1] elseif util.mentions(ctx.cmd, s[2]) then target = s[2] end
        if not target then return false, "kill one of the sleeps: PID " .. s[1] .. " or " .. s[2] end
        local other = target == s[1] and s[2] or s[1]
        if util.running(ctx, target) then return false, "PID " .. target .. " is still running" end
        if not util.running(ctx, other) then return false, "the other sleep (PID " .. other .. ") should still run" end
        ctx.remember("left", other)
        return true
      end,
      hint = { "The PID is the second column of ps -ef." },
      why = [[
kill(2) sends a signal to exactly the process with that PID (SIGTERM by
default, which ends a sleep). The other sleep, same name, different PID,
never heard of it.]],
    },
    {
      title = "clean up the other sleep",
      say = "Clean up: stop the other sleep too (`kill PID`, or `kill %2` for the job).",
      type = function(ctx) return "kill " .. ctx.recall("left") end,
      expect = { cmd = "^kill" },
      wait = 0.5,
      check = function(ctx)
        if #ctx.find("^sleep 1000$") > 0 then return false, "a `sleep 1000` is still running" end
        return true
      end,
      hint = { "`jobs` shows the shell's background jobs; `ps -ef | grep sleep` shows the PID." },
      why = [[
Cleaning up by PID works because the number is unique while the process
lives. After it exits, the kernel may hand the number to a new process.
See kill(1).]],
    },
  },

  outro = [[
A PID names one process, uniquely, while it lives; names can repeat.
/proc holds one directory per process, and tools such as ps only read it.
Next: a PID namespace gives a set of processes a PID space of its own.]],
}
