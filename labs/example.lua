-- The example lab of docs/LABS.md: short, complete, and checked in CI like
-- every other lab (nsh lab check example, nsh lab verify example).  It uses
-- each part of the lab API once: say/type/expect/check/hint/why, a
-- prediction, a remembered value, a command built from it, fails_with.

return lab {
  id = "example",
  title = "Your lab sandbox",
  needs = {},
  intro = [[
Every lab runs in a sandbox: a new PID namespace with its own /proc, a new
mount namespace and a new hostname. This short lab looks around it.]],

  steps = {
    {
      say = "List every process you can see, with `ps -ef`.",
      type = "ps -ef",
      expect = { cmd = "^ps", output = "PID%s+PPID", status = 0 },
      check = function(ctx)
        -- Relations, not numbers: PID 1 exists and every PID is small.
        local procs = ctx.ns.processes()
        local has_init = false
        for _, p in ipairs(procs) do
          if p.pid == 1 then has_init = true end
          if p.pid > 1000 then
            return false, "PID " .. p.pid .. " is not from a fresh PID namespace"
          end
        end
        if not has_init then return false, "no PID 1 in this namespace" end
        return true
      end,
      hint = { "`ps` lists processes; `-ef` means every process, full format." },
      why = [[
The sandbox is a new PID namespace: its first process got PID 1 and the
numbering starts again. /proc was mounted for this namespace, so ps, which
only reads /proc, sees just the processes inside. See pid_namespaces(7).]],
      example = "mount-proc-flag",
    },
    {
      say = "Start `sleep 1000` in the background.",
      type = "sleep 1000 &",
      predict = {
        question = "What PID will the sleep get?",
        choices = { "a small one, below 10", "a large one, like the host's PIDs" },
        answer = 1,
      },
      check = function(ctx)
        local sleeps = ctx.find("^sleep 1000$")
        if #sleeps == 0 then return false, "no `sleep 1000` is running" end
        ctx.remember("sleep_pid", sleeps[#sleeps].pid)
        return true
      end,
      hint = { "Put `&` after a command to run it in the background." },
      why = [[
PIDs are handed out per namespace: the sleep's PID is small here, while the
host knows the same process under a larger number.]],
    },
    {
      say = "Stop the sleep with `kill` and its PID (`ps -ef` shows it).",
      type = function(ctx) return "kill " .. ctx.recall("sleep_pid") end,
      expect = { cmd = "^kill", status = 0 },
      wait = 2, -- the process dies just after kill returns: re-check a while
      check = function(ctx)
        local pid = ctx.recall("sleep_pid")
        if not ctx.cmd:find("%f[%d]" .. pid .. "%f[%D]") then
          return false, "kill the sleep: PID " .. pid
        end
        local p = ctx.proc(pid)
        if p and p.state ~= "Z" then return false, "PID " .. pid .. " is still running" end
        return true
      end,
      hint = { "The PID is in the second column of `ps -ef`, on the sleep's line." },
      why = "kill(2) takes a PID of the caller's own namespace: the small one.",
    },
    {
      say = "Try to signal a PID that does not exist here: `kill 99999`.",
      type = "kill 99999",
      expect = { cmd = "^kill", fails_with = "No such process" },
      why = [[
No process of this namespace has that PID, so the kernel answers ESRCH
("No such process"), even if some process outside has it.]],
    },
  },

  outro = [[
You saw a PID namespace from the inside: small PIDs, its own /proc, and
PIDs that only mean something in the namespace that gave them.]],
}
