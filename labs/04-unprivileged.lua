-- Lab 4: PID namespaces as an unprivileged user (the article's "/proc, PID,
-- and unprivileged users").  Terminal 1 runs without privilege: as nobody
-- when the student is root, as the student's own uid otherwise.

local util = lab.util

local function top_ns(ctx) return ctx.ns.namespaces(1) end

-- The shell at the prompt is PID 1 of a new PID namespace one level down,
-- in a user namespace of its own.
local function unpriv_init(ctx)
  local p = util.shell_process(ctx)
  if not p then return nil, "no shell at the prompt" end
  if p.ns.user == top_ns(ctx).user then return nil, "no new user namespace: add -U (or -r, which implies it)" end
  if not util.is_init(p, 1) then
    return nil, "this shell is not PID 1 of a new PID namespace (-p and -f)"
  end
  return p
end

-- ps output from a /proc of the shell's own namespace: PID 1 with PPID 0,
-- and nothing that lives outside the namespace.
local function clean_view(ctx, out)
  local p = util.shell_process(ctx)
  if not p then return false, "no shell at the prompt" end
  local inside = {}
  for _, q in ipairs(ctx.ns.processes()) do
    if q.ns.pid == p.ns.pid then inside[q.nstgid[#q.nstgid]] = true end
  end
  local rows = util.ps_rows(out)
  if #rows == 0 then return false, "no process listing in the output" end
  local has_init = false
  for _, r in ipairs(rows) do
    if r.pid == 1 and r.ppid == 0 then has_init = true end
    if r.cmd:find("lab%-init") then return false, "ps still lists the sandbox's lab-init: /proc is the outer one" end
    if not inside[r.pid] and not r.cmd:find("^ps") then
      return false, "PID " .. r.pid .. " in the listing is not a process of this namespace"
    end
  end
  if not has_init then return false, "the listing should start with PID 1, PPID 0: this shell" end
  return true
end

-- A procfs mounted on /proc in the shell's own mount namespace, over the
-- inherited one.
local function own_proc(ctx)
  local p = util.shell_process(ctx)
  if not p then return false, "no shell at the prompt" end
  local mounts = ctx.ns.mounts(p.pid)
  if not mounts then return false, "cannot read the shell's mounts" end
  local n = 0
  for _, m in ipairs(mounts) do
    if m.mountpoint == "/proc" and m.fstype == "proc" then n = n + 1 end
  end
  if n < 2 then return false, "no new proc file system is mounted on /proc in this shell's mount namespace" end
  return true
end

local function exit_step(title, say, why)
  return {
    title = title,
    say = say,
    type = "exit",
    wait = 0.5,
    check = function(ctx)
      local done, why = util.cleaned_up(ctx, { "nested" }, "exit the nested shell")
      if not done then return false, why end
      local p = util.shell_process(ctx)
      if p and #p.nstgid > 1 then return false, "you are still in a nested namespace: exit again" end
      return true
    end,
    hint = { "exit leaves the nested shell." },
    why = why,
  }
end

return lab {
  id = "unprivileged",
  title = "PID namespaces as an unprivileged user",
  description = "unshare -Urm and the refused /proc; -Urp without and with -f; mount -t proc; --mount-proc.",
  needs = { "userns" },
  user = "nobody",
  intro = [[
So far the shell was root. Here terminal 1 runs as an ordinary user, with
no privilege at all. An ordinary user may create a user namespace, and be
root inside it; with it come the other namespaces, PID included. You will
meet the article's three surprises: a /proc that root may not mount, a
shell whose every command fails, and ps still showing the outside.]],

  steps = {
    {
      title = "who you are",
      say = "Check who you are: `whoami`.",
      type = "whoami",
      expect = { cmd = "^whoami", status = 0, no_output = "^root" },
      check = function(ctx)
        local p = util.shell_process(ctx)
        if not p or p.euid == 0 then return false, "this shell should not be root" end
        return true
      end,
      hint = { "whoami prints your user name." },
      why = [[
Terminal 1 runs without privilege in this lab: no capability, not root.
Creating a PID namespace needs CAP_SYS_ADMIN, which you do not have here.
See capabilities(7).]],
    },
    {
      title = "new user and mount namespaces",
      say = "Make a user namespace and a mount namespace, no PID namespace: `unshare -Urm`.",
      type = "unshare -Urm",
      expect = { cmd = "unshare" },
      wait = 0.1, -- the state is complete when the nested prompt shows
      check = function(ctx)
        local p = util.shell_process(ctx)
        if not p then return false, "no shell at the prompt" end
        local top = top_ns(ctx)
        if p.ns.user == top.user then return false, "no new user namespace (-U, or -r)" end
        if p.ns.mnt == top.mnt then return false, "no new mount namespace (-m)" end
        if p.ns.pid ~= top.pid then return false, "this step wants no new PID namespace (leave out -p)" end
        ctx.remember("nested", p.pid)
        return true
      end,
      hint = { "-U: user namespace, -r: map your user to root in it, -m: mount namespace." },
      why = [[
Any user may create a user namespace (user_namespaces(7)) and, with -r,
map their own uid to root inside. Owning that user namespace gives every
capability over the namespaces created with it, here the new mount
namespace.]],
    },
    {
      title = "root, in a way",
      say = "Ask again: `whoami`.",
      type = "whoami",
      expect = { cmd = "^whoami", output = "root" },
      hint = { "Just whoami." },
      why = [[
Inside the user namespace your uid reads 0: root there, with all
capabilities over what that user namespace owns, and none outside it.
See user_namespaces(7).]],
    },
    {
      title = "mounting /proc is refused",
      say = "Mount a fresh procfs on /proc: `mount -t proc proc /proc`.",
      type = "mount -t proc proc /proc",
      predict = {
        question = "whoami says root. Will the mount work?",
        choices = { "yes, root may mount anything", "no, it is refused" },
        answer = 2,
      },
      expect = { cmd = "proc" },
      check = function(ctx)
        if ctx.status == 0 then return false, "the mount should fail here" end
        local out = ctx.output:lower()
        if out:find("permission denied", 1, true) or out:find("not permitted", 1, true) then return true end
        return false, "the output should say permission denied / Operation not permitted"
      end,
      hint = { "mount -t TYPE SOURCE TARGET; the type and source are both proc." },
      why = [[
A procfs shows the processes of one PID namespace: the one of the process
that mounts it. The kernel lets you mount it only with CAP_SYS_ADMIN in the
user namespace that owns that PID namespace. Your PID namespace is still
the outer one, owned by the outer user namespace, where you have no
capability: EPERM, although whoami says root. See user_namespaces(7).]],
      example = "proc-mount-denied",
    },
    {
      title = "mountproc explains the refusal",
      say = "Try nsh's builtin for the same thing: `mountproc`.",
      type = "mountproc",
      expect = { cmd = "^mountproc", fails_with = "Operation not permitted" },
      hint = { "mountproc takes no argument: it mounts on /proc." },
      why = [[
Same system call, same EPERM; nsh adds the reason in its hints. The fix is
to mount a procfs from inside a PID namespace that your user namespace
owns: create it together with the user namespace. See mount(2).]],
      example = "proc-mount-denied",
    },
    exit_step("leave the user namespace", "Leave this shell: `exit`.",
      "The user and mount namespaces end with their last process, this shell. See namespaces(7)."),
    {
      title = "unshare -Urp, without -f",
      say = [[
Now a PID namespace too, but without -f, as the article first tries:
`unshare -Urp`.]],
      type = "unshare -Urp",
      expect = { cmd = "unshare" },
      wait = 0.1, -- the state is complete when the nested prompt shows
      check = function(ctx)
        local p = util.shell_process(ctx)
        if not p then return false, "no shell at the prompt" end
        local top = top_ns(ctx)
        if p.ns.user == top.user then return false, "no new user namespace (-U, or -r)" end
        if p.ns.pid ~= top.pid or p.ns.pid_for_children == p.ns.pid then
          return false, "the shell should stay in the old PID namespace, with a new one for its children: -p without -f"
        end
        ctx.remember("nested", p.pid)
        return true
      end,
      hint = { "-U -r -p, and no -f." },
      why = [[
unshare(2) with CLONE_NEWPID leaves the caller where it is; only its future
children go to the new namespace. Without -f, unshare then runs the shell
itself, in the old namespace. See unshare(2) and pid_namespaces(7).]],
    },
    {
      title = "the first child is PID 1",
      say = "Run a command that prints its own PID: `sh -c 'echo $$'`.",
      type = "sh -c 'echo $$'",
      predict = {
        question = "What PID will that sh report?",
        choices = { "a PID like the shell's", "1", "it will not start" },
        answer = 2,
      },
      expect = { cmd = "sh" },
      check = function(ctx)
        if ctx.output:match("^%s*1%s*$") then return true end
        if ctx.output:find("Cannot allocate memory", 1, true) then return true end
        return false, "expected the number 1"
      end,
      hint = { "Mind the single quotes, so that sh, not this shell, expands $$." },
      why = [[
The shell's first child was the first process of the new namespace, so it
became its PID 1, its init. It has now exited. (A bash started here may
already have spent its first child on its own, and then this fails too,
as the next step explains.) See pid_namespaces(7).]],
    },
    {
      title = "every command fails",
      say = "Now list the processes: `ps -ef` (and try `ls` too).",
      type = "ps -ef",
      predict = {
        question = "What will `ps -ef` do now?",
        choices = { "list the processes", "fail: fork: Cannot allocate memory" },
        answer = 2,
      },
      expect = { fails_with = "Cannot allocate memory" },
      hint = { "Any external command will do; ps -ef is the article's." },
      why = [[
A PID namespace lives as long as its init. The init was that first child,
and it exited: the namespace is dead, and the kernel refuses any new
process in it. fork(2) fails with ENOMEM, "Cannot allocate memory", for
every command this shell starts, since its children must go there. The
cure is -f: fork first, so that the long-lived shell is PID 1.]],
      example = "unpriv-no-fork",
    },
    exit_step("leave the broken shell", "Leave this shell: `exit` (a builtin, it needs no fork).",
      "exit runs inside the shell itself, so it works even when fork cannot. See fork(2)."),
    {
      title = "unshare -Urfp",
      say = "Now with -f: `unshare -Urfp`.",
      type = "unshare -Urfp",
      expect = { cmd = "unshare" },
      wait = 0.1, -- the state is complete when the nested prompt shows
      check = function(ctx)
        local p, why = unpriv_init(ctx)
        if not p then return false, why end
        ctx.remember("nested", p.pid)
        return true
      end,
      hint = { "The same as before, plus -f." },
      why = [[
unshare forked; the child, the new shell, is PID 1 of the new namespace and
lives as long as you use it. Its commands are PIDs 2, 3, ... there.
See unshare(1).]],
    },
    {
      title = "ps still shows the outside",
      say = "List the processes: `ps -ef`.",
      type = "ps -ef",
      predict = {
        question = "You have a working PID namespace now. What will ps list?",
        choices = { "only this shell and ps", "the outer processes, as before" },
        answer = 2,
      },
      expect = { cmd = "^ps" },
      check = function(ctx) return util.outer_listing(ctx.output) end,
      hint = { "ps -ef." },
      why = [[
Same cause as in lab 2: /proc is still the procfs of the outer namespace,
inherited through the mount table, and ps only reads /proc. (A "fatal
library error, lookup self" is that cause too.) See proc(5).]],
      example = "unpriv-fork",
    },
    exit_step("leave it", "Leave this shell: `exit`.",
      "The namespace ends with its init, this shell. See pid_namespaces(7)."),
    {
      title = "unshare -Urpmf",
      say = "Add a mount namespace of your own: `unshare -Urpmf`.",
      type = "unshare -Urpmf",
      expect = { cmd = "unshare" },
      wait = 0.1, -- the state is complete when the nested prompt shows
      check = function(ctx)
        local p, why = unpriv_init(ctx)
        if not p then return false, why end
        if p.ns.mnt == top_ns(ctx).mnt then return false, "no new mount namespace (-m)" end
        ctx.remember("nested", p.pid)
        return true
      end,
      hint = { "-U -r -p -m -f, in any order." },
      why = [[
Now the user namespace you own also owns the new PID namespace and the new
mount namespace: you hold CAP_SYS_ADMIN over both. See user_namespaces(7).]],
    },
    {
      title = "mount /proc yourself",
      say = "Mount a procfs for this namespace: `mount -t proc proc /proc` (or `mountproc`).",
      type = "mount -t proc proc /proc",
      predict = {
        question = "The same mount that failed at the start. Now?",
        choices = { "refused again", "it works" },
        answer = 2,
      },
      expect = { cmd = "proc", status = 0 },
      check = own_proc,
      hint = { "The same mount command as at the start of the lab." },
      why = [[
This time the mounting process is in a PID namespace owned by your user
namespace, where you have CAP_SYS_ADMIN: the kernel agrees, and the new
procfs shows the processes of this namespace. The mount happens in your
own mount namespace, so nothing changes for the rest of the machine.
See proc(5) and user_namespaces(7).]],
    },
    {
      title = "a clean process list",
      say = "List the processes: `ps -ef`.",
      type = "ps -ef",
      expect = { cmd = "^ps", status = 0 },
      check = function(ctx) return clean_view(ctx, ctx.output) end,
      hint = { "ps -ef." },
      why = [[
The new /proc shows this namespace only: your shell as PID 1 with PPID 0
(its parent is outside, so it has no PID here), and ps itself. Nothing else
of the machine is visible. See proc(5).]],
      example = "manual-mount-proc",
    },
    exit_step("leave it", "Leave this shell: `exit`.",
      "The procfs you mounted lived in that mount namespace and is gone with it. See mount_namespaces(7)."),
    {
      title = "unshare --mount-proc",
      say = "All of it in one command: `unshare -Urpf --mount-proc`.",
      type = "unshare -Urpf --mount-proc",
      expect = { cmd = "unshare" },
      wait = 0.1, -- the state is complete when the nested prompt shows
      check = function(ctx)
        local p, why = unpriv_init(ctx)
        if not p then return false, why end
        ctx.remember("nested", p.pid)
        return own_proc(ctx)
      end,
      hint = { "The flags of the previous unshare, with --mount-proc instead of -m." },
      why = [[
--mount-proc implies a new mount namespace, makes its mounts private (so
the new /proc cannot propagate back out) and mounts a procfs on /proc just
before starting the shell. See unshare(1).]],
    },
    {
      title = "the same clean view",
      say = "Check: `ps -ef`.",
      type = "ps -ef",
      expect = { cmd = "^ps", status = 0 },
      check = function(ctx) return clean_view(ctx, ctx.output) end,
      hint = { "ps -ef." },
      why = [[
The same view as with the manual mount, in one step: this is how
unprivileged sandboxes (browsers, rootless containers) start.
See unshare(1).]],
      example = "mount-proc-flag",
    },
    exit_step("clean up", "Clean up: `exit`.",
      "Shell, namespaces and their /proc are gone; nothing reached the machine outside. See namespaces(7)."),
  },

  outro = [[
Mounting /proc needs privilege over the PID namespace it shows, not root.
unshare -p without -f spends the init on one command; the namespace dies.
unshare -Urpf --mount-proc: user, PID and mount namespace, and a clean /proc.]],
}
