-- Tests of lab.util, the helpers every lab gets (run by tests/unit/test_lab_dsl.c).
local M = dofile("lua/lab.lua")
local u = M.util
local ps = [[
UID          PID    PPID  C STIME TTY          TIME CMD
root           1       0  0 02:00 ?        00:00:00 lab-init
root           2       0  0 02:00 pts/0    00:00:00 nsh
root          15       2  0 02:00 pts/0    00:00:00 sleep 1000
]]
local rows, by = u.ps_rows(ps)
assert(#rows == 3 and rows[1].pid == 1 and rows[1].cmd == "lab-init" and by[15].cmd == "sleep 1000" and by[15].ppid == 2)
assert(u.outer_listing(ps) == true)
assert(u.outer_listing("nsh: ps: fatal library error, lookup self\n") == true)
local ok, why = u.outer_listing("UID PID PPID\nroot 1 0 0 02:00 ? 00:00:00 nsh\n")
assert(ok == false and why:find("lab%-init"))
local l = u.lsns_rows("        NS TYPE   NPROCS   PID USER COMMAND\n4026531836 pid        3     1 root lab-init\n4026532200 pid 2 7 root nsh\n")
assert(#l == 2 and l[2].ns == 4026532200 and l[2].pid == 7 and l[1].type == "pid")
local f = u.nspid("Name: x\nNSpid:\t12\t4\t1\n")
assert(#f == 3 and f[3] == 1)
assert(u.nspid("nothing") == nil)
assert(u.mentions("kill -9 42", 42) and u.mentions("kill -9 42", 9) and not u.mentions("kill -9 42", 4))
assert(u.mentions("ls /proc/42/ns/pid", 42) and not u.mentions("kill 142", 42) and not u.mentions("x", nil))
local procs = {
  { pid = 1, ppid = 0, name = "lab-init", args = "lab-init", state = "S", nstgid = { 1 }, ns = { pid = 10 } },
  { pid = 2, ppid = 0, name = "nsh", args = "nsh", state = "S", nstgid = { 2 }, ns = { pid = 10 } },
  { pid = 4, ppid = 2, name = "nsh", args = "nsh", state = "S", nstgid = { 4, 1 }, ns = { pid = 11 } },
  { pid = 5, ppid = 4, name = "sleep", args = "sleep 90000", state = "S", nstgid = { 5, 2 }, ns = { pid = 11 } },
  { pid = 6, ppid = 4, name = "sleep", args = "sleep 90000", state = "Z", nstgid = { 6, 3 }, ns = { pid = 11 } },
}
local ns = { processes = function() return procs end,
  process = function(pid) for _, p in ipairs(procs) do if p.pid == pid then return p end end return nil, "No such process", 3 end }
local run = M.new_run({ id = "t", steps = {} })
local ctx = M.context(run, 1, { shell = 4 }, ns)
assert(u.running(ctx, 5) and not u.running(ctx, 6) and not u.running(ctx, 99) and not u.running(ctx, nil))
assert(u.shell_process(ctx).pid == 4)
assert(u.is_init(procs[3], 1) and u.is_init(procs[3]) and not u.is_init(procs[3], 2) and not u.is_init(procs[1]) and not u.is_init(procs[4]))
assert(u.init_shell(ctx, 1).pid == 4)
local p, w = u.init_shell(ctx, 2); assert(p == nil and w:find("1 PID namespace level"))
local ctx2 = M.context(run, 1, { shell = 5 }, ns)
p, w = u.init_shell(ctx2, 1); assert(p == nil and w:find("forget %-f"))
p, w = u.init_shell(M.context(run, 1, {}, ns), 1); assert(p == nil and w == "no shell at the prompt")
assert(#u.members(ctx, 11) == 2 and #u.members(ctx, 10) == 2)
assert(u.find_in(ctx, 11, "^sleep 90000$").pid == 5 and u.find_in(ctx, 10, "^sleep 90000$") == nil)
assert(u.nested_left(ctx).pid == 4)
ok, w = u.cleaned_up(ctx, { "outer" }); assert(not ok and w == "nothing to clean up yet")
ctx.remember("outer", 4); ctx.remember("gone", 6)
ok, w = u.cleaned_up(ctx, { "gone", "outer" }, "exit"); assert(not ok and w == "PID 4 (nsh) still runs: exit", w)
ok = u.cleaned_up(ctx, { "gone" }); assert(ok == true)
-- the environment: lab is callable, lab.util is a per-environment copy
local e1, e2 = M.environment(ns, ".", nil), M.environment(ns, ".", nil)
assert(e1.lab.util.ps_rows == u.ps_rows and e1.lab.util ~= e2.lab.util and e1.require("lab") == e1.lab)
e1.lab.util.running = nil
assert(e2.lab.util.running == u.running)
assert(getmetatable(e1.lab) == "lab")
-- expect.term
local name = os.tmpname() .. ".lua"
local fh = io.open(name, "w")
fh:write([[return lab { id = "t", title = "t", steps = { { say = "s", type = { { term2 = "ps" } }, expect = { term = 2, cmd = "^ps" } } } }]])
fh:close()
local lab = assert(M.load(name, ns, print))
local r = M.new_run(lab)
ok, w, _, settled = M.evaluate(r, 1, { cmd = "ps", output = "", status = 0, term = 1, depth = 0 }, ns)
assert(not ok and w:find("second terminal") and settled)
assert(M.evaluate(r, 1, { cmd = "ps", output = "", status = 0, term = 2, depth = 0 }, ns))
fh = io.open(name, "w")
fh:write([[return lab { id = "t", title = "t", steps = { { say = "s", type = "ps", expect = { term = 3 } } } }]])
fh:close()
lab, w = M.load(name, ns, print)
assert(lab == nil and w:find("term must be 1 or 2") and w:find("%.lua:%d+:"), w)
fh = io.open(name, "w")
fh:write([[return lab { id = "t", title = "t", steps = { { say = "s", type = "ps", expect = { status = 0 }, bogus = 1 } } }]])
fh:close()
lab, w = M.load(name, ns, print)
assert(lab == nil and w:find("%.lua:1: .*unknown key 'bogus'"), w)
fh = io.open(name, "w")
fh:write("local x = 1\nreturn lab(42)\n")
fh:close()
lab, w = M.load(name, ns, print)
assert(lab == nil and w:find("expects a table"), w)
os.remove(name)
os.remove((name:gsub("%.lua$", "")))
print("util tests ok")
