-- The restricted environment of lab scripts: what a lab may and may not
-- reach.  Run by tests/unit/test_lab_dsl.c from the repo top.
local M = dofile("lua/lab.lua")

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. dir))
local data = assert(io.open(dir .. "/data.txt", "w"))
data:write("fixture text\n")
data:close()

local function load_lab(body)
  local name = dir .. "/lab.lua"
  local f = assert(io.open(name, "w"))
  f:write(body)
  f:close()
  return M.load(name, { processes = function() return {} end }, function() end)
end

-- Each probe is an expression evaluated inside a lab; the lab stores the
-- result in its title so the test can read it.
local function probe(expr)
  local lab, err = load_lab("local ok, v = pcall(function() return " .. expr .. " end)\n" ..
    "return lab { id = 'p', title = tostring(ok) .. ':' .. tostring(v), steps = { { say = 's', type = 't', expect = { status = 0 } } } }")
  assert(lab, err)
  return lab.title
end

local denied = {
  "os.execute", "os.exit", "os.remove", "os.getenv", "io.popen", "io.lines", "dofile", "loadfile",
  "debug", "package", "string.dump", "collectgarbage",
}
for _, name in ipairs(denied) do
  local t = probe(name)
  assert(t == "true:nil", name .. " is reachable: " .. t)
end
assert(probe("type(string.format)") == "true:function")
assert(probe("type(table.sort)") == "true:function")
assert(probe("math.floor(2.5)") == "true:2")
assert(probe("type(os.time())") == "true:number")
assert(probe("type(ns)") == "true:table")
-- io.open: only files of the lab's own directory, only for reading
assert(probe("io.open('data.txt'):read('l')") == "true:fixture text")
assert(probe("select(2, io.open('/etc/passwd'))"):find("own directory"))
assert(probe("select(2, io.open('../etc/passwd'))"):find("own directory"))
assert(probe("select(2, io.open('data.txt', 'w'))"):find("only read"))
-- require: the lab API only
assert(probe("require('lab') == lab") == "true:true")
assert(probe("require('os')"):find("^false:.*may only require"))
-- load: text only, inside the lab's environment
assert(probe("load('return os.execute')()") == "true:nil")
assert(probe("load(string.dump and '' or '\\27Lua')"):find("^true:nil"), "binary chunks refused")
assert(probe("load(function() return nil end)"):find("^false:.*only load strings"))
-- globals do not leak from one lab to the next
assert(load_lab("leaked = 42\nreturn lab { id = 'a', title = 't', steps = { { say = 's', type = 't', expect = { status = 0 } } } }"))
assert(probe("leaked") == "true:nil", "a global leaked between labs")
-- a lab that calls os.execute fails to load with file:line
local lab, err = load_lab("os.execute('true')\nreturn lab {}")
assert(lab == nil and err:find("lab%.lua:1:") and err:find("execute"), err)
os.execute("rm -rf " .. dir)
return 1
