-- Lab 2: nested PID namespaces, and why ps inside them still lists the
-- processes outside (the article's "Exploring PID namespaces" section).
-- The sandbox's top level plays the article's host; terminal 2 (nsh lab
-- attach) is "another shell" on that host.

local util = lab.util

return lab {
  id = "nested-pid-namespaces",
  title = "Nested PID namespaces and what ps still shows",
  description = "unshare -fp twice, ps in a nested namespace, kill across namespaces.",
  intro = [[
A PID namespace gives its processes a PID space of their own, starting at 1.
Namespaces nest: a process in a child namespace has one PID per level, from
its own namespace up to the top. In this lab you nest two of them, look at
what ps tells you inside, and at what a shell outside sees.
This sandbox's top level plays the part of the host; a second terminal
(`nsh lab attach`, from another window) opens a shell there.]],

  steps = {
    {
      title = "a shell in a new PID namespace",
      say = [[
Start a shell in a new PID namespace: `unshare -fp` (a nested nsh), or
`unshare -fp /bin/bash` as in the article.]],
      type = "unshare -fp",
      expect = { cmd = "unshare" },
      wait = 0.1, -- the state is complete when the nested prompt shows
      check = function(ctx)
        local p, why = util.init_shell(ctx, 1)
        if not p then return false, why end
        ctx.remember("outer", p.pid)
        ctx.remember("outer_ns", p.ns.pid)
        return true
      end,
      hint = { "unshare runs a command in new namespaces; -p asks for a PID namespace.",
               "Without -f the new shell would stay outside; add -f (fork)." },
      why = [[
unshare(2) with CLONE_NEWPID does not move the caller: only its next child
lands in the new namespace, as PID 1. That is why -f matters: unshare forks,
and the child (your new shell) is PID 1 there. See pid_namespaces(7).]],
      example = "nested-unshare",
    },
    {
      title = "a sleep in the first namespace",
      say = "In this new shell, start `sleep 90000 &`.",
      type = "sleep 90000 &",
      expect = { cmd = "sleep" },
      wait = 0.5,
      check = function(ctx)
        local s = util.find_in(ctx, ctx.recall("outer_ns"), "^sleep 90000$")
        if not s then return false, "no `sleep 90000` runs in the new namespace" end
        ctx.remember("sleep1", s.pid)
        return true
      end,
      hint = { "`&` runs the command in the background." },
      why = [[
The sleep is a child of PID 1 of the new namespace; it got the next PID
there (2 or so), and another, larger one in the namespace above.
See pid_namespaces(7).]],
    },
    {
      title = "ps -ef inside: the outer /proc",
      say = "Now list the processes: `ps -ef`.",
      type = "ps -ef",
      predict = {
        question = "You are in a new PID namespace. What will `ps -ef` list?",
        choices = { "only this namespace: the shell as PID 1, the sleep, ps",
                    "the processes outside too, with the outer namespace's PIDs" },
        answer = 2,
        explain = "ps reads /proc, and /proc is still the one mounted for the outer namespace.",
      },
      expect = { cmd = "^ps" },
      check = function(ctx) return util.outer_listing(ctx.output) end,
      hint = { "ps -ef: every process, full format." },
      why = [[
ps knows nothing of namespaces: it lists the directories of /proc. That
/proc was mounted for the outer PID namespace and is still there (you did
not make a new mount namespace), so it shows the outer PIDs, lab-init as
PID 1. (If ps says "fatal library error, lookup self", same cause: ps
looked for its own PID, a number of the new namespace, in the outer /proc,
and did not find it. `pidtree` reads the same /proc and lists it all.)
See proc(5) and pid_namespaces(7).]],
      example = "proc-contaminated",
    },
    {
      title = "a namespace inside the namespace",
      say = "Nest once more, inside this shell: `unshare -fp` again.",
      type = "unshare -fp",
      expect = { cmd = "unshare" },
      wait = 0.1, -- the state is complete when the nested prompt shows
      check = function(ctx)
        local p, why = util.init_shell(ctx, 2)
        if not p then return false, why end
        -- the inner shell descends from the outer one
        local q, hops = p, 0
        while q and q.pid ~= ctx.recall("outer") and hops < 10 do
          q = q.ppid > 0 and ctx.proc(q.ppid) or nil
          hops = hops + 1
        end
        if not q then return false, "this shell was not started from the first nested shell" end
        ctx.remember("inner", p.pid)
        ctx.remember("inner_ns", p.ns.pid)
        return true
      end,
      hint = { "The same command as in step 1, typed in the nested shell." },
      why = [[
A PID namespace may have children: the new one is a child of the first,
which is a child of the sandbox's. The inner shell is PID 1 of the inner
namespace and has a PID in each namespace above it as well.
See pid_namespaces(7).]],
      example = "nested-unshare",
    },
    {
      title = "a sleep in the inner namespace",
      say = "Start `sleep 8000 &` in the inner shell.",
      type = "sleep 8000 &",
      expect = { cmd = "sleep" },
      wait = 0.5,
      check = function(ctx)
        local s = util.find_in(ctx, ctx.recall("inner_ns"), "^sleep 8000$")
        if not s then return false, "no `sleep 8000` runs in the inner namespace" end
        ctx.remember("sleep2", s.pid)
        return true
      end,
      hint = { "Same as before, with 8000." },
      why = "This sleep has three PIDs: one in the inner namespace, one in the first, one at the top. See proc(5) (NSpid).",
    },
    {
      title = "ps -ef two levels deep",
      say = [[
List the processes again with `ps -ef`, and find the line of
`sleep 90000`, the sleep of the outer namespace. (Should ps give up with
"lookup self", `pidtree` shows the same list, outer PIDs first.)]],
      type = "ps -ef",
      expect = { cmd = { "^p" } },
      check = function(ctx)
        if ctx.cmd:find("^pidtree") then
          -- pidtree reads the same /proc: the outer sleep with its outer PID
          if ctx.output:find("sleep " .. ctx.recall("sleep1") .. "%f[%D]") then return true end
          return false, "pidtree should show sleep 90000 with PID " .. ctx.recall("sleep1")
        end
        if not ctx.cmd:find("^ps") then return false, "run ps -ef (or pidtree)" end
        return util.outer_listing(ctx.output)
      end,
      hint = { "The same ps -ef; the sleep 90000 line is near the top." },
      why = [[
Two namespaces deep, /proc is still the top one: ps lists everything, with
top-level PIDs. The PID it shows for sleep 90000 means nothing in here.
See proc(5).]],
      example = "proc-contaminated",
    },
    {
      title = "kill an ancestor's process",
      say = [[
Try to stop that outer sleep from the inner shell: `kill -9 PID`, with the
PID ps showed for `sleep 90000`.]],
      type = function(ctx) return "kill -9 " .. ctx.recall("sleep1") end,
      predict = {
        question = "ps listed that PID. Will `kill -9` reach it?",
        choices = { "yes, the sleep dies", "no: this namespace cannot see or signal it" },
        answer = 2,
      },
      expect = { cmd = "^kill", fails_with = "No such process" },
      check = function(ctx)
        local sleep1 = ctx.recall("sleep1")
        if not util.mentions(ctx.cmd, sleep1) then return false, "use the PID ps showed for sleep 90000: " .. sleep1 end
        if not util.running(ctx, sleep1) then return false, "the outer sleep died" end
        return true
      end,
      hint = { "kill -9 followed by the number in the PID column of the sleep 90000 line." },
      why = [[
kill(2) looks a PID up in the caller's own namespace. The outer sleep has
no PID here: a namespace sees its own processes and its descendants', never
its ancestors'. The kernel answers ESRCH, "No such process", although ps,
reading the outer /proc, just listed that number. See pid_namespaces(7).]],
      example = "kill-ancestor",
    },
    {
      title = "the top level sees both sleeps",
      say = [[
Open a second terminal: in another window run `nsh lab attach`. There, on
the top level, look for the sleeps: `ps -ef | grep sleep`.]],
      type = { { term2 = "ps -ef | grep sleep" } },
      expect = { term = 2, cmd = { "^ps", "sleep" } },
      check = function(ctx)
        local _, by_pid = util.ps_rows(ctx.output)
        for _, k in ipairs({ "sleep1", "sleep2" }) do
          local row = by_pid[ctx.recall(k)]
          if not (row and row.cmd:find("^sleep")) then
            return false, "the output should list both sleeps, PIDs " .. ctx.recall("sleep1") .. " and " .. ctx.recall("sleep2")
          end
        end
        return true
      end,
      hint = { "In another terminal window: nsh lab attach. Then ps -ef piped into grep sleep." },
      why = [[
The top level is the ancestor of both namespaces, so every process in them
also has a PID up here: both sleeps appear, with top-level PIDs, as does
everything below. A parent namespace sees all of its descendants.
See pid_namespaces(7).]],
      example = "host-sees-all",
    },
    {
      title = "the top level sees both init shells",
      say = [[
Still in the second terminal, list the two namespace shells:
`ps -ef | grep nsh` (or `grep bash` if you started bash).]],
      type = { { term2 = "ps -ef | grep nsh" } },
      expect = { term = 2, cmd = { "^ps", "grep" } },
      check = function(ctx)
        local _, by_pid = util.ps_rows(ctx.output)
        if not (by_pid[ctx.recall("outer")] and by_pid[ctx.recall("inner")]) then
          return false, "the output should list both nested shells, PIDs " .. ctx.recall("outer") .. " and " .. ctx.recall("inner")
        end
        return true
      end,
      hint = { "grep for the name of the shell you started with unshare." },
      why = [[
Each nested shell is PID 1 of its own namespace, yet up here it is just
another process with an ordinary PID, a child of an unshare process.
See pid_namespaces(7).]],
      example = "host-sees-all",
    },
    {
      title = "the top level signals a grandchild",
      say = [[
From the second terminal, stop the inner sleep: `kill -9 PID` with the PID
of `sleep 8000` that you see there.]],
      type = { { term2 = function(ctx) return "kill -9 " .. ctx.recall("sleep2") end } },
      predict = {
        question = "The inner shell could not signal the outer sleep. Can the top level signal the inner sleep?",
        choices = { "yes: an ancestor sees and signals its descendants", "no: namespaces block signals both ways" },
        answer = 1,
      },
      expect = { term = 2, cmd = "^kill", status = 0 },
      wait = 0.5,
      check = function(ctx)
        if util.running(ctx, ctx.recall("sleep2")) then return false, "sleep 8000 is still running" end
        return true
      end,
      hint = { "The PID is the one the second terminal's ps showed for sleep 8000." },
      why = [[
Visibility is one way: the parent sees the PIDs of its children and
grandchildren and may signal them; the child sees none of its ancestors'.
That is what makes a PID namespace usable as a container boundary.
See kill(2) and pid_namespaces(7).]],
      example = "one-way-visibility",
    },
    {
      title = "exit both shells",
      say = [[
Clean up: type `exit` in the inner shell, then `exit` in the outer one
(terminal 1). You can close the second terminal with `exit` too.]],
      type = { "exit", "exit" },
      wait = 0.5,
      check = function(ctx)
        return util.cleaned_up(ctx, { "outer", "inner", "sleep1" }, "exit both nested shells")
      end,
      hint = { "exit leaves a shell; you need two of them." },
      why = [[
When the outer shell, PID 1 of its namespace, exited, the kernel killed
what was left in that namespace, sleep 90000 included: a namespace does not
outlive its init. Lab 6 looks at this closely. See pid_namespaces(7).]],
    },
  },

  outro = [[
unshare -fp makes the forked child PID 1 of a new namespace, and they nest.
ps reads /proc; an old /proc shows the outer PIDs that kill cannot reach.
An ancestor sees and signals every descendant; a child sees no ancestor.]],
}
