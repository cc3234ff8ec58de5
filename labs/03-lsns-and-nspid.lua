-- Lab 3: telling PID namespaces apart with lsns, and reading a process's
-- PID in every namespace from the NSpid line of /proc/PID/status.  The
-- article's commands, with bash as the nested shell (nsh works too).

local util = lab.util

return lab {
  id = "lsns-and-nspid",
  title = "lsns and the NSpid chain",
  description = "Two nested PID namespaces seen from the top: lsns rows and NSpid fields.",
  intro = [[
You will build the two nested namespaces of the previous lab again, this
time with bash as in the article, then prove from the top level that they
are two different namespaces (lsns) and read the inner shell's PID at every
level (the NSpid line). The second terminal is `nsh lab attach`.]],

  steps = {
    {
      title = "a bash in a new PID namespace",
      say = [[
Start bash in a new PID namespace, as the article does:
`unshare -fp /bin/bash` (plain `unshare -fp` gives a nested nsh instead;
then grep for nsh below, where the article greps for bash).]],
      type = "unshare -fp /bin/bash",
      expect = { cmd = "unshare" },
      wait = 0.1, -- the state is complete when the nested prompt shows
      check = function(ctx)
        local p, why = util.init_shell(ctx, 1)
        if not p then return false, why end
        ctx.remember("outer", p.pid)
        ctx.remember("outer_ns", p.ns.pid)
        return true
      end,
      hint = { "unshare with -f and -p, and the program to run: /bin/bash." },
      why = [[
bash is PID 1 of the new namespace: it is the process the namespace's
identity hangs on, the one lsns will name for it. See pid_namespaces(7).]],
    },
    {
      title = "a sleep in the first namespace",
      say = "Start `sleep 90000 &` there.",
      type = "sleep 90000 &",
      expect = { cmd = "sleep" },
      wait = 0.5,
      check = function(ctx)
        if not util.find_in(ctx, ctx.recall("outer_ns"), "^sleep 90000$") then return false, "no `sleep 90000` runs in the new namespace" end
        return true
      end,
      hint = { "`&` runs it in the background." },
      why = [[
The sleep is a child of the namespace's init: it has a small PID in there
and a larger one at the top, like every process inside. See
pid_namespaces(7).]],
    },
    {
      title = "a bash in a nested namespace",
      say = "Inside that bash, nest again: `unshare -fp /bin/bash`.",
      type = "unshare -fp /bin/bash",
      expect = { cmd = "unshare" },
      wait = 0.1, -- the state is complete when the nested prompt shows
      check = function(ctx)
        local p, why = util.init_shell(ctx, 2)
        if not p then return false, why end
        ctx.remember("inner", p.pid)
        ctx.remember("inner_ns", p.ns.pid)
        return true
      end,
      hint = { "The same command, typed in the nested bash." },
      why = "The second bash is PID 1 of a namespace that is a child of the first. See unshare(1).",
    },
    {
      title = "a sleep in the inner namespace",
      say = "Start `sleep 8000 &` in the inner bash.",
      type = "sleep 8000 &",
      expect = { cmd = "sleep" },
      wait = 0.5,
      check = function(ctx)
        if not util.find_in(ctx, ctx.recall("inner_ns"), "^sleep 8000$") then
          return false, "no `sleep 8000` runs in the inner namespace"
        end
        return true
      end,
      hint = { "As before, with 8000." },
      why = [[
Each namespace now holds a shell as PID 1 and a sleep; the inner sleep has
three PIDs, one per level. See pid_namespaces(7).]],
    },
    {
      title = "the init shells' PIDs from the top",
      say = [[
In a second terminal (`nsh lab attach` in another window), find the PIDs
of the two shells: `ps -ef | grep bash`. The ones whose parent is an
unshare process are the inits.]],
      type = { { term2 = "ps -ef | grep bash" } },
      expect = { term = 2, cmd = { "^ps", "grep" } },
      check = function(ctx)
        local _, by_pid = util.ps_rows(ctx.output)
        if not (by_pid[ctx.recall("outer")] and by_pid[ctx.recall("inner")]) then
          return false, "the output should list both init shells (grep for the shell you started)"
        end
        return true
      end,
      hint = { "In the second terminal, ps -ef piped into grep for the shell's name." },
      why = [[
Each bash you started with unshare -f is the PID 1 of its namespace, so its
top-level PID is the one that stands for the namespace: lsns shows, for each
namespace, the lowest PID in it, which is its init. See lsns(8).]],
    },
    {
      title = "lsns: two PID namespaces",
      say = "Now ask lsns, in the second terminal: `lsns | grep bash` (or `lsns -t pid`).",
      type = { { term2 = "lsns | grep bash" } },
      predict = {
        question = "How many `pid` rows will name the two bash shells, and with which NS numbers?",
        choices = { "one row: both shells share the namespace",
                    "two rows, with two different NS numbers" },
        answer = 2,
      },
      expect = { term = 2, cmd = "^lsns" },
      check = function(ctx)
        local found = 0
        for _, r in ipairs(util.lsns_rows(ctx.output)) do
          if r.type == "pid" then
            if r.ns == ctx.recall("outer_ns") and r.pid == ctx.recall("outer") then found = found + 1 end
            if r.ns == ctx.recall("inner_ns") and r.pid == ctx.recall("inner") then found = found + 1 end
          end
        end
        if found < 2 then
          return false, "the output should show a pid row for each shell: its namespace's NS number and its PID"
        end
        ctx.remember("lsns_inner_pid", ctx.recall("inner"))
        return true
      end,
      hint = { "lsns lists namespaces; its PID column is the lowest PID of each, here the init shell." },
      why = [[
lsns reads the ns/pid link of every process in /proc and groups processes
by the inode number of their namespace (the NS column). Two different
numbers: two different namespaces, each with its init shell in the PID
column. The link itself is /proc/PID/ns/pid; see namespaces(7) and lsns(8).]],
      example = "lsns-two-pidns",
    },
    {
      title = "NSpid: one PID per level",
      say = [[
Read the inner shell's PIDs in every namespace, in the second terminal:
`cat /proc/PID/status | grep NSpid`, with the PID lsns showed for the inner
namespace.]],
      type = { { term2 = function(ctx) return "cat /proc/" .. ctx.recall("inner") .. "/status | grep NSpid" end } },
      predict = {
        question = "How many numbers will the NSpid line hold, and what is the last one?",
        choices = { "one: the top-level PID", "two, ending with 1", "three, ending with 1" },
        answer = 3,
      },
      expect = { term = 2, output = "NSpid:" },
      check = function(ctx)
        local fields = util.nspid(ctx.output)
        local inner = ctx.proc(ctx.recall("inner"))
        if fields[1] ~= ctx.recall("inner") then
          return false, "read the status of the inner shell, PID " .. ctx.recall("inner")
        end
        if #fields ~= 3 then return false, "expected three NSpid fields, got " .. #fields end
        if fields[3] ~= 1 then return false, "the last field should be 1" end
        if not inner or fields[2] ~= inner.nstgid[2] then
          return false, "the middle field should be the shell's PID in the first namespace"
        end
        return true
      end,
      hint = { "The inner shell's PID is the one lsns printed on the second pid row.",
               "cat the file /proc/THAT-PID/status and keep the NSpid line with grep." },
      why = [[
NSpid lists the process's PID in each PID namespace it belongs to, from the
one the reading /proc belongs to (here the top) down to its own: the top
PID, its PID in the first namespace, and 1, since it is the init of the
inner one. Every ancestor namespace holds a PID for it. See proc(5).]],
      example = "nspid-chain",
    },
    {
      title = "exit both shells",
      say = "Clean up: `exit` the inner bash, then the outer one (terminal 1).",
      type = { "exit", "exit" },
      wait = 0.5,
      check = function(ctx)
        return util.cleaned_up(ctx, { "outer", "inner" }, "exit both nested shells")
      end,
      hint = { "exit, twice, in terminal 1." },
      why = "Each exit ends an init, and with it the rest of its namespace (the sleeps). See pid_namespaces(7).",
    },
  },

  outro = [[
lsns groups processes by namespace inode: two NS numbers, two namespaces.
Its PID column names each namespace's lowest PID, here the init shell.
NSpid lists one PID per namespace level, from the top down to 1 for an init.]],
}
