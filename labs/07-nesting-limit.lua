-- Lab 7: how deep PID namespaces nest.  The kernel allows 32 levels below
-- the initial namespace; creating a 33rd fails with ENOSPC.  The deep dive
-- is done by a pipeline that feeds one `unshare -fp` line to each nested
-- nsh, so nobody has to type thirty commands.

local util = lab.util

return lab {
  id = "nesting-limit",
  title = "How deep PID namespaces nest",
  description = "NSpid grows one field per level; at 32 levels the kernel says ENOSPC.",
  intro = [[
Namespaces nest, but not forever: the kernel keeps, for every process, one
PID per level, and it caps the depth. In this lab you watch the NSpid line
grow one level at a time, then dive until the kernel refuses.
The sandbox is itself a PID namespace, one level below the machine's
initial one (when you started nsh lab at the top of the machine).]],

  steps = {
    {
      title = "one level down",
      say = "Go one level down: `unshare -fp`.",
      type = "unshare -fp",
      expect = { cmd = "unshare" },
      wait = 0.1,
      check = function(ctx)
        local p, why = util.init_shell(ctx, 1)
        if not p then return false, why end
        ctx.remember("level1", p.pid)
        return true
      end,
      hint = { "As in lab 2." },
      why = "Your shell is PID 1 one level below the sandbox. See pid_namespaces(7).",
    },
    {
      title = "NSpid at one level",
      say = "Read your PIDs: `grep NSpid /proc/self/status` (/proc/self is grep itself).",
      type = "grep NSpid /proc/self/status",
      predict = {
        question = "How many numbers will grep's NSpid line hold?",
        choices = { "one", "two", "three" },
        answer = 2,
      },
      expect = { cmd = "NSpid", status = 0 },
      check = function(ctx)
        local f = util.nspid(ctx.output)
        if not f then return false, "no NSpid line in the output" end
        if #f ~= 2 then return false, "expected two fields, got " .. #f end
        return true
      end,
      hint = { "grep NSpid, in the file /proc/self/status." },
      why = [[
Two fields: grep's PID in the namespace this /proc belongs to (the
sandbox's, since you mounted no new one) and in its own. NSpid counts from
the /proc you read, down to the process's own namespace. See proc(5).]],
    },
    {
      title = "two levels down",
      say = "Another level: `unshare -fp`, then `grep NSpid /proc/self/status` again.",
      type = { "unshare -fp", "grep NSpid /proc/self/status" },
      expect = { cmd = "NSpid", status = 0 },
      wait = 0.1,
      check = function(ctx)
        local p = util.shell_process(ctx)
        if not p or #p.nstgid ~= 3 then return false, "go one more level down first (unshare -fp)" end
        ctx.remember("level2", p.pid)
        local f = util.nspid(ctx.output)
        if not f or #f ~= 3 then return false, "expected three NSpid fields" end
        return true
      end,
      hint = { "The same two commands as before." },
      why = "One more level, one more field: each ancestor namespace numbers the process too. See proc(5).",
    },
    {
      title = "dive to the limit",
      say = [[
Now dive as deep as the kernel lets you, with one command:
  yes 'unshare -fp || exit' | head -n 40 | unshare -fp
yes repeats the quoted line, head keeps 40 copies, and every nested nsh
reads one line from that pipe: one more `unshare -fp`. When one fails,
`|| exit` ends that level, and the levels above end in turn.]],
      type = "yes 'unshare -fp || exit' | head -n 40 | unshare -fp",
      predict = {
        question = "How many levels below the machine's initial PID namespace will the kernel allow?",
        choices = { "8", "32", "as many as memory allows" },
        answer = 2,
      },
      expect = { cmd = "unshare", fails_with = "No space left on device" },
      hint = { "Type the line exactly as shown, quotes included." },
      why = [[
The kernel nests PID namespaces at most 32 levels below the initial one
(MAX_PID_NS_LEVEL): every process carries one PID per level, so the depth
is bounded. Creating one more fails with ENOSPC, "No space left on device",
an odd text for "too deep". The same errno comes when a per-user count in
/proc/sys/user/max_pid_namespaces runs out; nsh's hint tells which, and how
deep the failing process was, counted from the /proc it reads (the
sandbox's, itself one level down). User namespaces have the same 32-level
limit. See pid_namespaces(7) and namespaces(7).]],
      example = "nesting-limit",
    },
    {
      title = "climb back up",
      say = "The dive left nothing behind. Clean up your two levels: `exit`, then `exit`.",
      type = { "exit", "exit" },
      wait = 0.5,
      check = function(ctx)
        local done, why = util.cleaned_up(ctx, { "level1", "level2" }, "exit both nested shells")
        if not done then return false, why end
        local p = util.nested_left(ctx)
        if p then return false, "PID " .. p.pid .. " still runs in a nested namespace" end
        return true
      end,
      hint = { "exit, twice." },
      why = "Each exit ends an init and its namespace; you are back at the sandbox's top. See pid_namespaces(7).",
    },
  },

  outro = [[
Every process has one PID per PID namespace level above and including its own.
The kernel allows 32 levels below the initial namespace.
The 33rd fails with ENOSPC, "No space left on device".]],
}
