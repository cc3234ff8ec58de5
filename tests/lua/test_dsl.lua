-- Lua tests of the lab DSL (lua/lab.lua): loading, validation, step
-- evaluation in order, remembered values, hint escalation, predictions.
-- Run by tests/unit/test_lab_dsl.c from the repo top; any failed assert
-- fails the test with its message.
local M = dofile("lua/lab.lua")

-- A fake `ns`: a fixed process list the checks can see.
local procs = {
  { pid = 1, ppid = 0, name = "lab-init", args = "lab-init", state = "S", nstgid = { 1 } },
  { pid = 2, ppid = 0, name = "nsh", args = "nsh", state = "S", nstgid = { 2 } },
  { pid = 5, ppid = 2, name = "sleep", args = "sleep 1000", state = "S", nstgid = { 5 } },
}
local fakens = {
  processes = function() return procs end,
  process = function(pid)
    for _, p in ipairs(procs) do if p.pid == pid then return p end end
    return nil, "No such file or directory", 2
  end,
}
local logged = {}
local function log(s) logged[#logged + 1] = s end

local function tmpfile(text)
  local name = os.tmpname() .. ".lua"
  local f = assert(io.open(name, "w"))
  f:write(text)
  f:close()
  return name
end

local function load_text(text)
  local name = tmpfile(text)
  local lab, err = M.load(name, fakens, log)
  os.remove(name)
  return lab, err, name
end

local function rec(cmd, output, status, extra)
  local r = { cmd = cmd, output = output or "", status = status, term = 1, depth = 0 }
  for k, v in pairs(extra or {}) do r[k] = v end
  return r
end

local tests = {}

function tests.example_loads_and_normalises()
  local lab = assert(M.load("labs/example.lua", fakens, log))
  assert(lab.id == "example" and #lab.steps == 4)
  assert(lab.steps[1].commands[1].cmd == "ps -ef" and lab.steps[1].commands[1].term == 1)
  assert(type(lab.steps[3].commands[1].cmd) == "function")
  assert(lab.steps[1].title:find("^List every process"))
  assert(lab.steps[1].example == "mount-proc-flag")
  local ex = M.examples(lab)
  assert(#ex == 1 and ex[1].slug == "mount-proc-flag" and ex[1].step == 1)
end

function tests.steps_in_order_with_remembered_values()
  local lab = assert(M.load("labs/example.lua", fakens, log))
  local run = M.new_run(lab)
  -- step 1: a wrong command fails with a reason naming the pattern
  local ok, why, lab_error, settled = M.evaluate(run, 1, rec("ls", "", 0), fakens)
  assert(ok == false and why:find("does not match"), why)
  assert(not lab_error and settled == true, "a failed expect is settled: no re-runs")
  ok = M.evaluate(run, 1, rec("ps -ef", "UID PID   PPID C", 0), fakens)
  assert(ok == true)
  assert(#run.commands == 2, "both commands kept for the step")
  M.advance(run, 1, true)
  assert(#run.commands == 0 and run.last_passed == 1)
  -- step 2 remembers the sleep's PID, step 3's command uses it
  assert(M.evaluate(run, 2, rec("sleep 1000 &", "", 0), fakens))
  assert(run.memory.sleep_pid == 5)
  M.advance(run, 2, true)
  local cmd, term = M.command(run, 3, 1, fakens)
  assert(cmd == "kill 5" and term == 1, cmd)
  -- step 3: the killed PID must be named, and the process gone
  ok, why = M.evaluate(run, 3, rec("kill 6", "", 0), fakens)
  assert(not ok and why:find("PID 5"), why)
  ok, why, lab_error, settled = M.evaluate(run, 3, rec("kill 5", "", 0), fakens)
  assert(not ok and why:find("still running"), why)
  assert(not lab_error and not settled, "a failed check (expect held) may pass when re-run")
  procs[3].state = "Z"
  ok = M.evaluate(run, 3, rec("kill 5", "", 0), fakens)
  assert(ok)
  procs[3].state = "S"
end

function tests.remembered_values_are_per_run()
  local lab = assert(M.load("labs/example.lua", fakens, log))
  local a, b = M.new_run(lab), M.new_run(lab)
  assert(M.evaluate(a, 2, rec("sleep 1000 &"), fakens))
  assert(a.memory.sleep_pid == 5 and b.memory.sleep_pid == nil)
  local cmd, err = M.command(b, 3, 1, fakens)
  assert(cmd == nil and err:find("example.lua:%d+:"), "a failing type function reports file:line: " .. tostring(err))
end

function tests.hints_escalate_and_end_with_the_command()
  local lab = assert(M.load("labs/example.lua", fakens, log))
  local run = M.new_run(lab)
  local h, n, total = M.hint(run, 1, fakens)
  assert(n == 1 and total == 2 and h:find("lists processes"), h)
  h, n = M.hint(run, 1, fakens)
  assert(n == 2 and h == "Type: ps -ef", h)
  h, n = M.hint(run, 1, fakens)
  assert(n == 2 and h == "Type: ps -ef", "the last hint repeats")
  -- step 4 has no hint: the engine's own, giving the command
  h, n, total = M.hint(run, 4, fakens)
  assert(n == 1 and total == 1 and h == "Type: kill 99999", h)
  -- an author's last hint that quotes the command is not doubled
  local lab2 = assert(load_text([[
    return lab { id = "h", title = "t", steps = {
      { say = "s", type = "echo a", expect = { status = 0 }, hint = { "nudge", "type echo a" } } } }]]))
  assert(#lab2.steps[1].hints == 2)
  -- term2 commands are named in the generated hint
  local lab3 = assert(load_text([[
    return lab { id = "t2", title = "t", steps = {
      { say = "s", type = { "sleep 9 &", { term2 = "ps -ef" } }, expect = { status = 0 } } } }]]))
  local r3 = M.new_run(lab3)
  h = M.hint(r3, 1, fakens)
  assert(h == "Type: sleep 9 &   then   in the second terminal (nsh lab attach): ps -ef", h)
  assert(lab3.steps[1].commands[2].term == 2)
end

function tests.predictions()
  local lab = assert(M.load("labs/example.lua", fakens, log))
  local run = M.new_run(lab)
  assert(M.prediction_text(run, 1) == nil)
  local text = M.prediction_text(run, 2)
  assert(text:find("Predict: What PID") and text:find("  1%) a small one") and text:find("lab answer N"), text)
  local right, msg = M.answer(run, 2, "7")
  assert(right == nil and msg:find("1 to 2"), msg)
  right = M.answer(run, 2, "2")
  assert(right == false)
  assert(M.prediction_outcome(run, 2):find("did not hold"))
  right = M.answer(run, 2, " 1 ")
  assert(right == true)
  assert(M.prediction_outcome(run, 2):find("^Your prediction held: a small one"))
  local r2 = M.new_run(lab)
  assert(M.prediction_outcome(r2, 2):find("^Prediction: the answer was"), "no answer given")
  -- free answers match a pattern, case-insensitively
  local lab2 = assert(load_text([[
    return lab { id = "p", title = "t", steps = {
      { say = "s", type = "true", expect = { status = 0 },
        predict = { question = "What error?", answer = "cannot allocate", explain = "ENOMEM." } } } }]]))
  local r3 = M.new_run(lab2)
  assert(M.answer(r3, 1, "fork: Cannot allocate memory") == true)
  assert(M.prediction_outcome(r3, 1):find("ENOMEM"))
  assert(M.answer(r3, 1, "permission denied") == false)
end

function tests.expect_shorthands()
  local lab = assert(load_text([[
    return lab { id = "e", title = "t", steps = {
      { say = "a", type = "ls", expect = { fails_with = "Cannot allocate memory" } },
      { say = "b", type = "ps", expect = { output = { "PID", "CMD" }, no_output = "sleep" } },
      { say = "c", type = "ps", expect = { depth = 1, cmd = "^ps" } },
    } }]]))
  local run = M.new_run(lab)
  local ok, why = M.evaluate(run, 1, rec("ls", "nsh: fork: Cannot allocate memory", 0), fakens)
  assert(not ok and why:find("succeeded"), why)
  assert(M.evaluate(run, 1, rec("ls", "nsh: fork: Cannot allocate memory", 1), fakens))
  assert(M.evaluate(run, 1, rec("ls", "nsh: fork: Cannot allocate memory", nil), fakens), "nil status is not success")
  ok, why = M.evaluate(run, 2, rec("ps", "PID TTY"), fakens)
  assert(not ok and why:find("CMD"), why)
  ok, why = M.evaluate(run, 2, rec("ps", "PID CMD\n5 sleep"), fakens)
  assert(not ok and why:find("should not match"), why)
  assert(M.evaluate(run, 2, rec("ps", "PID CMD"), fakens))
  ok, why = M.evaluate(run, 3, rec("ps", "", 0), fakens)
  assert(not ok and why:find("depth"), why)
  assert(M.evaluate(run, 3, rec("ps", "", 0, { depth = 1 }), fakens))
end

function tests.check_errors_are_reported_not_raised()
  local lab = assert(load_text([[
    return lab { id = "c", title = "t", steps = {
      { say = "a", type = "x", check = function(ctx) return ctx.nope.x end },
      { say = "b", type = "x", check = function(ctx) return false, "not yet" end },
    } }]]))
  local run = M.new_run(lab)
  local ok, why, is_error = M.evaluate(run, 1, rec("x"), fakens)
  assert(not ok and is_error and why:find("%.lua:2: attempt to index"), why)
  ok, why, is_error = M.evaluate(run, 2, rec("x"), fakens)
  assert(not ok and why == "not yet" and not is_error)
end

function tests.validation_errors_name_file_and_line()
  local cases = {
    { "return lab { id = 'x', title = 't', steps = { { say = 's', type = 'a', hints = {} } } }", "unknown key 'hints'" },
    { "return lab { id = 'x', title = 't', steps = { { type = 'a', expect = { status = 0 } } } }", "'say'" },
    { "return lab { id = 'x', title = 't', steps = { { say = 's', expect = { status = 0 } } } }", "'type'" },
    { "return lab { id = 'x', title = 't', steps = { { say = 's', type = 'a' } } }", "needs 'check' or 'expect'" },
    { "return lab { title = 't', steps = { { say = 's', type = 'a', expect = {} } } }", "'id' is required" },
    { "return lab { id = 'x', title = 't', needs = { 'rot' }, steps = { { say = 's', type = 'a', expect = { status = 0 } } } }", "unknown need 'rot'" },
    { "return lab { id = 'x', title = 't', steps = { { say = 's', type = 'a', expect = { status = 0 },\n predict = { question = 'q', choices = { 'a', 'b' }, answer = 3 } } } }", "number of the right choice" },
    { "return lab { id = 'x', title = 't', steps = { { say = 's', type = 'a', expect = { stauts = 0 } } } }", "expect: unknown key 'stauts'" },
    { "return lab { id = 'x', title = 't', steps = {} }", "at least one step" },
    { "return 42", "defines no lab" },
    { "return lab { id = 'x', title = 't', steps = { { say = 's', type = 'a', expect = { status = '0' } } } }", "must be a number" },
  }
  for i, c in ipairs(cases) do
    local lab, err = load_text(c[1])
    assert(lab == nil, "case " .. i .. " loaded")
    assert(err:find(c[2], 1, true), "case " .. i .. ": " .. err)
    if c[2] ~= "defines no lab" then
      assert(err:find("%.lua:%d+:"), "case " .. i .. " has no file:line: " .. err)
    end
  end
  local lab, err = load_text("return lab { id = 'x',\n title = 't'\n steps = {} }")
  assert(lab == nil and err:find("%.lua:3:"), "syntax error at line 3: " .. tostring(err))
end

local names = {}
for name in pairs(tests) do names[#names + 1] = name end
table.sort(names)
for _, name in ipairs(names) do
  local ok, err = pcall(tests[name])
  if not ok then error(name .. ": " .. tostring(err), 0) end
end
return #names
