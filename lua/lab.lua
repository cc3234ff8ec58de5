-- lab.lua: the lab DSL of nsh, and the small engine-side API the supervisor
-- (shell/lab/supervisor.c) calls.  docs/LABS.md is the reference for lab authors;
-- keep the two in step.
--
-- Two audiences use this file:
--   * lab scripts see only the constructor `lab{...}` and its helpers
--     `lab.util` (and `ns`, and the safe standard library) through the
--     restricted environment built by M.environment();
--   * the engine (C) calls M.load, M.steps, M.new_run, M.evaluate, M.hint,
--     M.answer, M.examples.  Those functions are never visible to a lab.
--
-- A lab is plain data plus check functions: lab{} validates it, normalises
-- it (every step gets a `commands` list, a `hints` list, a title) and
-- returns it.  Unknown keys are errors, so a typo such as `hints =` or
-- `exepct =` is reported at load time with the file and line, not silently
-- ignored.

local M = {}

local LAB_KEYS = {
  id = "string", title = "string", needs = "table", user = "string",
  intro = "string", steps = "table", outro = "string", description = "string",
  timeout = "number",
}
local STEP_KEYS = {
  say = "string", title = "string", type = "any", check = "function",
  expect = "table", hint = "any", why = "string", predict = "table",
  example = "string", wait = "number", timeout = "number", id = "string",
}
local EXPECT_KEYS = {
  cmd = "any", output = "any", no_output = "any", status = "number",
  fails_with = "string", depth = "number", term = "number",
}
local KNOWN_NEEDS = { root = true, userns = true }
local KNOWN_USERS = { nobody = true }

-- A type mismatch message in the author's terms.
local function check_type(where, key, value, want)
  if want == "any" then return end
  if type(value) ~= want then
    error(string.format("%s: '%s' must be a %s, not a %s", where, key, want, type(value)), 0)
  end
end

-- A list of strings from a string or a list of strings (patterns, hints).
local function string_list(where, key, value)
  if type(value) == "string" then return { value } end
  if type(value) ~= "table" then
    error(string.format("%s: '%s' must be a string or a list of strings", where, key), 0)
  end
  local out = {}
  for i, v in ipairs(value) do
    if type(v) ~= "string" then
      error(string.format("%s: '%s'[%d] must be a string", where, key, i), 0)
    end
    out[i] = v
  end
  return out
end

-- step.type → { {term = 1|2, cmd = "..." or function(ctx)}, ... }.  A string
-- (or a function returning one) is one command on terminal 1; a list holds
-- such entries and {term2 = ...} or {term1 = ...} tables, typed in order.  A
-- function is called when the command is needed (typed by check/demo, or
-- shown by the last hint), so it can use values remembered by earlier steps.
local function is_command(v)
  return type(v) == "string" or type(v) == "function"
end

local function normalise_commands(where, value)
  if value == nil then return {} end
  if is_command(value) then return { { term = 1, cmd = value } } end
  if type(value) ~= "table" then
    error(where .. ": 'type' must be a string, a function or a list", 0)
  end
  if value.term1 or value.term2 then value = { value } end
  local out = {}
  for i, v in ipairs(value) do
    if is_command(v) then
      out[#out + 1] = { term = 1, cmd = v }
    elseif type(v) == "table" and (v.term1 or v.term2) then
      for k in pairs(v) do
        if k ~= "term1" and k ~= "term2" then
          error(string.format("%s: 'type'[%d] has unknown key '%s'", where, i, tostring(k)), 0)
        end
      end
      if v.term1 and not is_command(v.term1) or v.term2 and not is_command(v.term2) then
        error(string.format("%s: 'type'[%d]: a command is a string or a function", where, i), 0)
      end
      if v.term1 then out[#out + 1] = { term = 1, cmd = v.term1 } end
      if v.term2 then out[#out + 1] = { term = 2, cmd = v.term2 } end
    else
      error(string.format("%s: 'type'[%d] must be a string, a function or {term2 = ...}", where, i), 0)
    end
  end
  return out
end

local function first_line(s, max)
  s = (s or ""):gsub("^%s+", "")
  s = s:match("^[^\n]*") or ""
  if #s > max then s = s:sub(1, max - 3):gsub("%s+%S*$", "") .. "..." end
  return s
end

local function normalise_step(lab_id, i, step)
  local where = string.format("lab '%s', step %d", lab_id, i)
  if type(step) ~= "table" then error(where .. ": a step must be a table", 0) end
  for k, v in pairs(step) do
    local want = STEP_KEYS[k]
    if not want then error(string.format("%s: unknown key '%s'", where, tostring(k)), 0) end
    check_type(where, k, v, want)
  end
  if not step.say then error(where .. ": 'say' (what the student should do) is required", 0) end
  local s = {
    index = i, id = step.id or tostring(i), say = step.say, why = step.why,
    example = step.example, check = step.check, wait = step.wait,
    timeout = step.timeout,
    title = step.title or first_line(step.say, 60),
    commands = normalise_commands(where, step.type),
  }
  if #s.commands == 0 then
    error(where .. ": 'type' (the reference command) is required: check and verify type it", 0)
  end
  local expect = {}
  if step.expect then
    for k, v in pairs(step.expect) do
      local want = EXPECT_KEYS[k]
      if not want then error(string.format("%s: expect: unknown key '%s'", where, tostring(k)), 0) end
      check_type(where .. ": expect", k, v, want)
    end
    local e = step.expect
    if e.cmd ~= nil then expect.cmd = string_list(where, "expect.cmd", e.cmd) end
    if e.output ~= nil then expect.output = string_list(where, "expect.output", e.output) end
    if e.no_output ~= nil then expect.no_output = string_list(where, "expect.no_output", e.no_output) end
    expect.status, expect.fails_with, expect.depth = e.status, e.fails_with, e.depth
    if e.term ~= nil and e.term ~= 1 and e.term ~= 2 then
      error(where .. ": expect.term must be 1 or 2 (the terminal)", 0)
    end
    expect.term = e.term
  end
  s.expect = expect
  if not s.check and next(expect) == nil then
    error(where .. ": a step needs 'check' or 'expect' (or both)", 0)
  end
  if step.hint ~= nil then
    s.hints = string_list(where, "hint", step.hint)
  else
    s.hints = {}
  end
  -- The last hint always gives the command: when the author's last hint
  -- does not quote the first reference command, the engine adds
  -- "Type: ..." (false here; M.hint fills it in, since a command may be a
  -- function of remembered values).
  local last = s.hints[#s.hints]
  local first = s.commands[1].cmd
  if not (last and type(first) == "string" and last:find(first, 1, true)) then
    s.hints[#s.hints + 1] = false
  end
  if step.predict then
    local p = step.predict
    local pw = where .. ": predict"
    for k in pairs(p) do
      if k ~= "question" and k ~= "choices" and k ~= "answer" and k ~= "explain" then
        error(string.format("%s: unknown key '%s'", pw, tostring(k)), 0)
      end
    end
    check_type(pw, "question", p.question, "string")
    if p.choices ~= nil then
      local choices = string_list(pw, "choices", p.choices)
      if #choices < 2 then error(pw .. ": 'choices' needs at least two entries", 0) end
      if math.type(p.answer) ~= "integer" or p.answer < 1 or p.answer > #choices then
        error(pw .. ": 'answer' must be the number of the right choice (1.." .. #choices .. ")", 0)
      end
      s.predict = { question = p.question, choices = choices, answer = p.answer, explain = p.explain }
    else
      check_type(pw, "answer", p.answer, "string")
      s.predict = { question = p.question, answer = p.answer, explain = p.explain }
    end
    if p.explain ~= nil then check_type(pw, "explain", p.explain, "string") end
  end
  return s
end

-- The constructor lab scripts call.  Validates, normalises, remembers the
-- lab so that a file may either `return lab{...}` or just call `lab{...}`.
local defined = nil
local function lab_constructor(def)
  if type(def) ~= "table" then error("lab{...}: expects a table", 2) end
  local ok, result = pcall(function()
    for k, v in pairs(def) do
      local want = LAB_KEYS[k]
      if not want then error(string.format("lab: unknown key '%s'", tostring(k)), 0) end
      check_type("lab", k, v, want)
    end
    if not def.id or not def.id:match("^[%w][%w_.-]*$") then
      error("lab: 'id' is required: letters, digits, '-', '_' or '.'", 0)
    end
    if not def.title then error("lab '" .. def.id .. "': 'title' is required", 0) end
    if not def.steps or #def.steps == 0 then error("lab '" .. def.id .. "': 'steps' must hold at least one step", 0) end
    local needs = {}
    for i, n in ipairs(def.needs or {}) do
      if not KNOWN_NEEDS[n] then
        error(string.format("lab '%s': needs[%d]: unknown need '%s' (known: root, userns)", def.id, i, tostring(n)), 0)
      end
      needs[#needs + 1] = n
    end
    if def.user and not KNOWN_USERS[def.user] then
      error(string.format("lab '%s': user: unknown user '%s' (known: nobody)", def.id, def.user), 0)
    end
    local steps = {}
    for i, step in ipairs(def.steps) do steps[i] = normalise_step(def.id, i, step) end
    return {
      id = def.id, title = def.title, needs = needs, user = def.user,
      intro = def.intro, outro = def.outro, description = def.description,
      timeout = def.timeout, steps = steps,
    }
  end)
  if not ok then error(result, 2) end
  defined = result
  return result
end

------------------------------------------------------------------------------
-- lab.util: the helpers the labs share (docs/LABS.md, "Helpers: lab.util").
-- Each one is plain Lua over a string (a command's output or line) or over
-- the check context: the live state is read through ctx.proc, ctx.find and
-- ctx.ns only, so a helper reaches nothing a lab could not reach itself.
-- Every environment gets its own copy of this table (see M.environment).

local util = {}

-- The rows of `ps -ef` output, { uid, pid, ppid, cmd } (cmd: the CMD
-- column), skipping the header and any line that is not a process, and the
-- same rows by PID.
function util.ps_rows(text)
  local rows, by_pid = {}, {}
  for line in text:gmatch("[^\n]+") do
    local uid, pid, ppid, rest = line:match("^(%S+)%s+(%d+)%s+(%d+)%s+(.*)$")
    if pid then
      local r = { uid = uid, pid = tonumber(pid), ppid = tonumber(ppid),
                  cmd = rest:match("%d+:%d%d:%d%d%s+(.*)$") or rest }
      rows[#rows + 1] = r
      by_pid[r.pid] = r
    end
  end
  return rows, by_pid
end

-- The rows of `lsns` output (NS TYPE NPROCS PID USER COMMAND):
-- { ns, type, nprocs, pid }.
function util.lsns_rows(text)
  local rows = {}
  for line in text:gmatch("[^\n]+") do
    local ns, typ, nprocs, pid = line:match("^%s*(%d+)%s+(%a+)%s+(%d+)%s+(%d+)%s")
    if ns then
      rows[#rows + 1] = { ns = tonumber(ns), type = typ, nprocs = tonumber(nprocs), pid = tonumber(pid) }
    end
  end
  return rows
end

-- The PIDs of the first "NSpid:" line in text (a /proc/PID/status), as
-- numbers, or nil when there is no such line.
function util.nspid(text)
  local line = text:match("NSpid:([^\n]*)")
  if not line then return nil end
  local fields = {}
  for n in line:gmatch("%d+") do fields[#fields + 1] = tonumber(n) end
  return fields
end

-- Whether the number n stands as a word of its own in text: "kill -9 42"
-- mentions 42 (and 9), not 4 or 2.  For "did the student name this PID".
function util.mentions(text, n)
  for m in text:gmatch("%f[%w]%d+%f[%W]") do
    if tonumber(m) == n then return true end
  end
  return false
end

-- Whether PID pid is a live process: it exists and is not a zombie.  false
-- for nil, so that a value not remembered yet is "not running".
function util.running(ctx, pid)
  local p = pid and ctx.proc(pid)
  if not p then return false end
  return p.state ~= "Z"
end

-- The process table of the shell at the prompt of the command's terminal
-- (ctx.shell), or nil.
function util.shell_process(ctx)
  return ctx.shell and ctx.proc(ctx.shell) or nil
end

-- Whether process p is PID 1 of a PID namespace `level` levels below the
-- sandbox's (any level when level is nil): its NStgid chain has level + 1
-- entries and ends with 1.
function util.is_init(p, level)
  if not p then return false end
  local n = #p.nstgid
  return n > 1 and p.nstgid[n] == 1 and (level == nil or n - 1 == level)
end

-- The shell at the prompt, if it is PID 1 of a PID namespace `level`
-- levels below the sandbox's (what `unshare -fp` typed `level` times
-- makes); else nil and why, in the student's terms.
function util.init_shell(ctx, level)
  local p = util.shell_process(ctx)
  if not p then return nil, "no shell at the prompt" end
  local depth = #p.nstgid - 1
  if depth ~= level then
    return nil, string.format("this shell is %d PID namespace level(s) below the start, not %d", depth, level)
  end
  if p.nstgid[#p.nstgid] ~= 1 then
    return nil, "this shell is not PID 1 of its namespace (did you forget -f?)"
  end
  return p
end

-- The live processes of the PID namespace pidns (an inode, as p.ns.pid),
-- by ascending PID.
function util.members(ctx, pidns)
  local out = {}
  for _, p in ipairs(ctx.ns.processes() or {}) do
    if p.ns.pid == pidns and p.state ~= "Z" then out[#out + 1] = p end
  end
  return out
end

-- The first live process of the PID namespace pidns whose command line (or
-- name) matches pattern, as ctx.find: util.find_in(ctx, ns, "^sleep 90000$").
function util.find_in(ctx, pidns, pattern)
  for _, p in ipairs(ctx.find(pattern)) do
    if p.ns.pid == pidns and p.state ~= "Z" then return p end
  end
end

-- A live process in a PID namespace below the sandbox's, or nil: what a
-- cleanup step wants gone once every nested shell has exited.
function util.nested_left(ctx)
  for _, p in ipairs(ctx.ns.processes() or {}) do
    if #p.nstgid > 1 and p.state ~= "Z" then return p end
  end
end

-- Whether a `ps` listing was read from the sandbox's top-level /proc: it
-- shows lab-init, the sandbox's PID 1, as PID 1.  A procps ps that gives
-- up with "lookup self" (its own PID, a number of a deeper namespace, is
-- missing from that /proc) counts too: it is the same cause.  Returns true,
-- or false and why.
function util.outer_listing(text)
  if text:find("lookup self", 1, true) then return true end
  for _, r in ipairs((util.ps_rows(text))) do
    if r.pid == 1 and r.cmd:find("lab%-init") then return true end
  end
  return false, "the listing should show the sandbox's processes, lab-init as PID 1"
end

-- The check of a cleanup step: true once every process remembered under
-- the names (a list of remember() names holding PIDs) has ended.  Before
-- the first name is remembered the lab has made nothing to clean up, and
-- the step must not pass (an idle sandbox, or a student who skipped ahead).
-- Otherwise false and "PID N (name) still runs", followed by ": " and todo
-- when given.  The check may pass on any command, `exit` itself included:
-- give the step a `wait` (the retry semantics re-run it while the shell is
-- exiting), no test of the command line is needed.
function util.cleaned_up(ctx, names, todo)
  if ctx.recall(names[1]) == nil then return false, "nothing to clean up yet" end
  for _, name in ipairs(names) do
    local pid = ctx.recall(name)
    local p = pid and ctx.proc(pid)
    if p and p.state ~= "Z" then
      local why = string.format("PID %d (%s) still runs", pid, p.name)
      if todo then why = why .. ": " .. todo end
      return false, why
    end
  end
  return true
end

------------------------------------------------------------------------------
-- The restricted environment of a lab script.

local function copy(t, keys)
  local out = {}
  for _, k in ipairs(keys) do out[k] = t[k] end
  return out
end

-- Builds a fresh environment for one lab file.  ns is the `ns` module (bound
-- by the engine to the sandbox's /proc); dir is the lab file's directory,
-- the only place io.open may read from; log receives print()'s text.
function M.environment(ns, dir, log)
  local env = {
    assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs,
    pcall = pcall, xpcall = xpcall, select = select, tonumber = tonumber,
    tostring = tostring, type = type, rawequal = rawequal, rawget = rawget,
    rawset = rawset, rawlen = rawlen, setmetatable = setmetatable,
    getmetatable = getmetatable, _VERSION = _VERSION,
    string = copy(string, { "byte", "char", "find", "format", "gmatch", "gsub", "len",
      "lower", "match", "rep", "reverse", "sub", "upper", "pack", "packsize", "unpack" }),
    table = copy(table, { "concat", "insert", "move", "pack", "remove", "sort", "unpack" }),
    math = copy(math, { "abs", "ceil", "floor", "fmod", "huge", "max", "maxinteger", "min",
      "mininteger", "modf", "pi", "sqrt", "tointeger", "type", "ult", "random", "exp", "log" }),
    utf8 = copy(utf8, { "char", "charpattern", "codes", "codepoint", "len", "offset" }),
    os = copy(os, { "clock", "date", "difftime", "time" }),
    ns = ns,
  }
  -- `lab`: the constructor (lab{...}), holding this lab's own copy of the
  -- shared helpers as lab.util.
  local helpers = {}
  for k, f in pairs(util) do helpers[k] = f end
  local lab_api = setmetatable({ util = helpers }, {
    __call = function(_, def) return lab_constructor(def) end,
    __metatable = "lab",
  })
  env.lab = lab_api
  env.print = function(...)
    local parts = {}
    for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
    if log then log(table.concat(parts, "\t")) end
  end
  -- Read-only files of the lab's own directory (fixtures a lab ships).
  env.io = {
    open = function(name, mode)
      if type(name) ~= "string" then error("io.open: file name must be a string", 2) end
      if mode ~= nil and mode ~= "r" and mode ~= "rb" then
        return nil, "io.open: labs may only read files", 13
      end
      if name:find("^/") or name:find("%.%.") then
        return nil, name .. ": labs may only open files of their own directory", 13
      end
      return io.open(dir .. "/" .. name, "r")
    end,
  }
  -- load() of text only, always inside this environment.
  env.load = function(chunk, name, mode, e)
    if type(chunk) ~= "string" then error("load: labs may only load strings", 2) end
    return load(chunk, name, "t", e or env)
  end
  env.require = function(name)
    if name == "lab" then return lab_api end
    if name == "ns" then return ns end
    error("require: labs may only require 'lab' and 'ns'", 2)
  end
  env._G = env
  return env
end

-- Errors raised by lab{} carry no position when the file ends in
-- `return lab {...}` (a tail call: the file's frame is gone by then).  Give
-- them "file:line:" anyway: the line of the offending key when the message
-- names one, else the line where lab{ starts.
function M.locate(path, text, msg)
  if msg:find("^[^\n]*:%d+: ") then return msg end
  local line
  local key = msg:match("unknown key '([%w_]+)'")
  if key then
    local n = 0
    for l in (text .. "\n"):gmatch("([^\n]*)\n") do
      n = n + 1
      if l:find("%f[%w_]" .. key .. "%s*=") then line = n; break end
    end
  end
  if not line then
    local n = 0
    for l in (text .. "\n"):gmatch("([^\n]*)\n") do
      n = n + 1
      if l:find("%f[%w_]lab%s*[{(]") then line = n; break end
    end
  end
  return string.format("%s:%d: %s", path, line or 1, msg)
end

-- Loads a lab file in a fresh restricted environment.  Returns the lab, or
-- nil and "file:line: message".
function M.load(path, ns, log)
  local dir = path:match("^(.*)/[^/]*$") or "."
  local env = M.environment(ns, dir, log)
  local f, err = io.open(path, "r")
  if not f then return nil, err end
  local text = f:read("a")
  f:close()
  local chunk, cerr = load(text, "@" .. path, "t", env)
  if not chunk then return nil, cerr end
  defined = nil
  local ok, result = pcall(chunk)
  if not ok then return nil, M.locate(path, text, tostring(result)) end
  local lab = (type(result) == "table" and result.steps and result.id) and result or defined
  if not lab then return nil, path .. ": the file defines no lab (call lab{...})" end
  lab.path = path
  lab.env = env
  return lab
end

------------------------------------------------------------------------------
-- Runs: the state of one pass through a lab.

-- A run keeps what persists between steps: remembered values, how many
-- hints each step has shown, predictions, the last passed step.
function M.new_run(lab)
  return { lab = lab, memory = {}, hints_shown = {}, answers = {}, last_passed = nil, commands = {} }
end

local function plain_find(haystack, needle)
  return haystack:find(needle, 1, true) ~= nil
end

-- The expect shorthands, in the order a student would want to hear about
-- them.  Returns true, or false and the reason.
local function check_expect(e, ctx)
  if e.term and ctx.term ~= e.term then
    if e.term == 2 then return false, "run it in the second terminal (nsh lab attach)" end
    return false, "run it in terminal 1, not in the second terminal"
  end
  if e.cmd then
    for _, p in ipairs(e.cmd) do
      if not ctx.cmd:find(p) then return false, "the command does not match " .. p end
    end
  end
  if e.depth and ctx.depth ~= e.depth then
    return false, string.format("the command ran at nesting depth %s, not %d", tostring(ctx.depth), e.depth)
  end
  if e.status and ctx.status ~= e.status then
    return false, string.format("exit status %s, expected %d", tostring(ctx.status), e.status)
  end
  if e.fails_with then
    if not plain_find(ctx.output, e.fails_with) then
      return false, "the output does not say \"" .. e.fails_with .. "\""
    end
    if ctx.status == 0 then return false, "the command succeeded; it was expected to fail" end
  end
  if e.output then
    for _, p in ipairs(e.output) do
      if not ctx.output:find(p) then return false, "the output does not match " .. p end
    end
  end
  if e.no_output then
    for _, p in ipairs(e.no_output) do
      if ctx.output:find(p) then return false, "the output should not match " .. p end
    end
  end
  return true
end

-- Processes of the sandbox whose command line (or name) matches a Lua
-- pattern, by ascending PID.
local function find_processes(ns, pattern)
  local out = {}
  local list = ns and ns.processes() or {}
  for _, p in ipairs(list) do
    if (p.args ~= "" and p.args:find(pattern)) or p.name:find(pattern) then out[#out + 1] = p end
  end
  return out
end

-- The context a check function receives.  rec is the command just finished:
-- { cmd, output, status, term, depth, shell }.
function M.context(run, index, rec, ns)
  local ctx = {
    lab = run.lab.id, step = index,
    cmd = rec.cmd or "", output = rec.output or "", status = rec.status,
    term = rec.term or 1, depth = rec.depth or 0, shell = rec.shell,
    commands = run.commands, ns = ns,
  }
  ctx.remember = function(name, value) run.memory[name] = value; return value end
  ctx.recall = function(name) return run.memory[name] end
  ctx.find = function(pattern) return find_processes(ns, pattern) end
  ctx.proc = function(pid) return ns.process(pid) end
  return ctx
end

-- Evaluates step `index` against the command record `rec`.  The record is
-- appended to the step's command list first (ctx.commands).  Returns
-- passed (boolean) and a message (why not, or the check's error).
-- Errors raised by the check are returned as (false, message, true).
-- A failed `expect` returns (false, message, false, true): it is settled,
-- since the command line, its output and its status never change, so the
-- engine does not re-run it; only a failed `check` (the live state may
-- still settle) is re-run for the step's `wait`.
-- retry: re-evaluating the same command (step.wait): not appended again.
function M.evaluate(run, index, rec, ns, retry)
  local step = run.lab.steps[index]
  if rec and not retry then run.commands[#run.commands + 1] = rec end
  local ctx = M.context(run, index, rec or {}, ns)
  local ok, why = check_expect(step.expect, ctx)
  if not ok then return false, why, false, true end
  if step.check then
    local cok, res, msg = pcall(step.check, ctx)
    if not cok then return false, tostring(res), true end
    if not res then return false, msg or "the check did not pass" end
  end
  return true
end

-- Called by the engine when a step passes or is skipped: the next step
-- starts with an empty command list.
function M.advance(run, index, passed)
  run.commands = {}
  if passed then run.last_passed = index end
end

-- The reference command k of a step as text: a function is called with
-- the step context (remembered values are there).  Returns the text and the
-- terminal (1 or 2), or nil and an error message.
function M.command(run, index, k, ns)
  local c = run.lab.steps[index].commands[k]
  if not c then return nil end
  if type(c.cmd) == "string" then return c.cmd, c.term end
  local ok, text = pcall(c.cmd, M.context(run, index, {}, ns))
  if not ok then return nil, tostring(text) end
  if type(text) ~= "string" then
    return nil, string.format("step %d: the function in 'type' returned a %s, not a string", index, type(text))
  end
  return text, c.term
end

-- "Type: CMD   then   in the second terminal: CMD2".
local function gives_command(run, index, ns)
  local all = {}
  for k, c in ipairs(run.lab.steps[index].commands) do
    local text = M.command(run, index, k, ns) or "(not available yet)"
    all[#all + 1] = (c.term == 2 and "in the second terminal (nsh lab attach): " or "") .. text
  end
  return "Type: " .. table.concat(all, "   then   ")
end

-- The next hint of a step: returns the text, its number, and how many there
-- are.  Hints escalate; once the last (the command) is reached it repeats.
function M.hint(run, index, ns)
  local hints = run.lab.steps[index].hints
  local n = (run.hints_shown[index] or 0) + 1
  if n > #hints then n = #hints end
  run.hints_shown[index] = n
  local text = hints[n] or gives_command(run, index, ns)
  return text, n, #hints
end

-- A prediction: records the student's answer (a choice number or text) and
-- returns right (boolean) and the feedback line.  nil if the step has no
-- predict.
function M.answer(run, index, text)
  local p = run.lab.steps[index].predict
  if not p then return nil, "this step asks for no prediction" end
  text = tostring(text or ""):gsub("^%s+", ""):gsub("%s+$", "")
  local right
  if p.choices then
    local n = math.tointeger(tonumber(text))
    if not n or n < 1 or n > #p.choices then
      return nil, string.format("answer with a number from 1 to %d", #p.choices)
    end
    right = (n == p.answer)
    run.answers[index] = { given = n, right = right }
  else
    right = text:lower():find(p.answer:lower()) ~= nil
    run.answers[index] = { given = text, right = right }
  end
  return right, right and "Your prediction was right." or "Not quite: watch what happens."
end

-- What the engine shows for a prediction once the step passes.
function M.prediction_outcome(run, index)
  local p = run.lab.steps[index].predict
  if not p then return nil end
  local a = run.answers[index]
  local right = p.choices and p.choices[p.answer] or p.answer
  local line
  if not a then
    line = "Prediction: the answer was: " .. right
  elseif a.right then
    line = "Your prediction held: " .. right
  else
    line = "Your prediction did not hold; the answer was: " .. right
  end
  if p.explain then line = line .. "\n" .. p.explain end
  return line
end

-- The prediction question as text (numbered choices).
function M.prediction_text(run, index)
  local p = run.lab.steps[index].predict
  if not p then return nil end
  local lines = { "Predict: " .. p.question }
  if p.choices then
    for i, c in ipairs(p.choices) do lines[#lines + 1] = string.format("  %d) %s", i, c) end
    lines[#lines + 1] = "Answer with: lab answer N"
  else
    lines[#lines + 1] = "Answer with: lab answer YOUR ANSWER"
  end
  return table.concat(lines, "\n")
end

-- Every step's example slug: { {slug, lab, step, title}, ... }.
function M.examples(lab)
  local out = {}
  for i, s in ipairs(lab.steps) do
    if s.example then out[#out + 1] = { slug = s.example, lab = lab.id, step = i, title = s.title } end
  end
  return out
end

M.constructor = lab_constructor
-- The helpers of lab.util, for tests (a lab gets its own copy).
M.util = util
return M
