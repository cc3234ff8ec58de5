-- `nsh lab report`: a class's lab results side by side.
--
-- classreport.c reads the result files (JSON) and calls run(results, opts)
-- with them as Lua tables; each carries _path (the file) and _dir (its
-- directory, where its recording is looked for).  Two kinds are taken:
--   * the result record.c writes beside each recording ("format":
--     "nsh-lab-result"): the student, the machine, per step the result,
--     attempts, hints, time and commands;
--   * the JSON report of `nsh lab check --format json` (labs[].steps[]),
--     where the student is the file's name.
-- A student who ran a lab more than once counts with the latest run.
--
-- run() returns the text report (for the terminal), or, with opts.html,
-- writes the page there and returns a one-line summary.

local M = {}

local html_template = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report_html.lua")

-- ---- reading the results ---------------------------------------------------

local function basename(path)
  return (path:match("([^/]+)$") or path)
end

local function join(dir, file)
  if file:sub(1, 1) == "/" then return file end
  if dir == "." or dir == "" then return file end
  return dir .. "/" .. file
end

local function file_exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

-- One run in the shape the report uses, from a result of record.c.
local function from_result(r)
  local run = {
    student = r.student or basename(r._path):gsub("%.json$", ""),
    lab = r.lab.id or "?",
    lab_title = r.lab.title,
    mode = r.mode,
    started = r.started or "",
    duration = r.duration,
    machine = r.machine or {},
    source = r._path,
    steps = {},
  }
  if r.recording then
    local path = join(r._dir, r.recording)
    run.recording = path
    run.recording_exists = file_exists(path)
  end
  for _, s in ipairs(r.steps) do
    local i = math.tointeger(s.index) or (#run.steps + 1)
    run.steps[i] = {
      title = s.title,
      result = s.result or "none",
      passed = s.passed and true or false,
      attempts = math.tointeger(s.attempts) or 0,
      hints = math.tointeger(s.hints) or 0,
      seconds = tonumber(s.seconds) or 0,
      commands = s.commands or {},
      prediction = s.prediction,
    }
  end
  return run
end

-- Runs from a `nsh lab check --format json` report: one per lab.
local function from_check_report(r)
  local runs = {}
  local student = basename(r._path):gsub("%.json$", "")
  for _, l in ipairs(r.labs) do
    local run = {student = student, lab = l.id or "?", lab_title = l.title, mode = "check",
                 started = "", duration = l.duration, machine = {}, source = r._path, steps = {}}
    for _, s in ipairs(l.steps or {}) do
      local i = math.tointeger(s.index) or (#run.steps + 1)
      run.steps[i] = {
        title = s.title, result = s.result or "none", passed = s.result == "pass",
        attempts = s.command and 1 or 0, hints = 0, seconds = tonumber(s.duration) or 0,
        commands = s.command and {s.command} or {},
      }
    end
    runs[#runs + 1] = run
  end
  return runs
end

-- The class: labs (in id order, with their steps' titles), students (in
-- name order), and the latest run of each student in each lab.
local function gather(results)
  local runs = {}
  for _, r in ipairs(results) do
    if r.format == "nsh-lab-result" then
      runs[#runs + 1] = from_result(r)
    else
      for _, run in ipairs(from_check_report(r)) do runs[#runs + 1] = run end
    end
  end
  local class = {labs = {}, lab_index = {}, students = {}, student_index = {}, runs = {}, nresults = #results}
  for _, run in ipairs(runs) do
    local lab = class.lab_index[run.lab]
    if not lab then
      lab = {id = run.lab, title = run.lab_title, steps = {}}
      class.lab_index[run.lab] = lab
      class.labs[#class.labs + 1] = lab
    end
    lab.title = lab.title or run.lab_title
    for i, s in pairs(run.steps) do
      lab.steps[i] = lab.steps[i] or s.title
    end
    if not class.student_index[run.student] then
      class.student_index[run.student] = true
      class.students[#class.students + 1] = run.student
    end
    class.runs[run.student] = class.runs[run.student] or {}
    local prev = class.runs[run.student][run.lab]
    run.nruns = (prev and prev.nruns or 0) + 1
    if not prev or run.started >= prev.started then
      class.runs[run.student][run.lab] = run
    else
      prev.nruns = run.nruns
    end
  end
  table.sort(class.labs, function(a, b) return a.id < b.id end)
  table.sort(class.students)
  for _, lab in ipairs(class.labs) do
    local n = 0
    for i in pairs(lab.steps) do if i > n then n = i end end
    lab.nsteps = n
  end
  return class
end

-- Per step of a lab: how many students took it, passed, failed or did not
-- get there, asked for hints; the time they took.
local function step_figures(class, lab)
  local figs = {}
  for i = 1, lab.nsteps do
    local f = {lab = lab, index = i, title = lab.steps[i] or ("step " .. i), students = 0,
               passed = 0, not_passed = 0, unreached = 0, hinted = 0, hints = 0, times = {}, attempts = 0}
    for _, st in ipairs(class.students) do
      local run = class.runs[st][lab.id]
      if run then
        local s = run.steps[i] or {result = "none", hints = 0, attempts = 0, seconds = 0}
        f.students = f.students + 1
        if s.passed then
          f.passed = f.passed + 1
          f.times[#f.times + 1] = s.seconds
        elseif s.attempts > 0 or s.result == "fail" or s.result == "skip" then
          f.not_passed = f.not_passed + 1
        else
          f.unreached = f.unreached + 1
        end
        if s.hints > 0 then f.hinted = f.hinted + 1 end
        f.hints = f.hints + s.hints
        f.attempts = f.attempts + s.attempts
      end
    end
    table.sort(f.times)
    f.median = #f.times > 0 and f.times[(#f.times + 1) // 2] or nil
    f.struggle = f.students > 0 and (f.not_passed + f.hinted) / (2 * f.students) or 0
    figs[i] = f
  end
  return figs
end

local function struggles(class)
  local all = {}
  for _, lab in ipairs(class.labs) do
    for _, f in ipairs(step_figures(class, lab)) do
      if f.not_passed + f.hinted > 0 then all[#all + 1] = f end
    end
  end
  table.sort(all, function(a, b)
    if a.struggle ~= b.struggle then return a.struggle > b.struggle end
    if a.lab.id ~= b.lab.id then return a.lab.id < b.lab.id end
    return a.index < b.index
  end)
  return all
end

-- ---- text ------------------------------------------------------------------

local function duration(secs)
  if not secs then return "-" end
  secs = math.floor(secs + 0.5)
  if secs < 60 then return secs .. "s" end
  if secs < 3600 then return string.format("%dm%02ds", secs // 60, secs % 60) end
  return string.format("%dh%02dm", secs // 3600, (secs % 3600) // 60)
end

local result_word = {pass = "ok", fail = "FAIL", skip = "skip", earlier = "ok*", none = "-"}

local function cell_text(s)
  if not s then return "-" end
  local word = result_word[s.result] or s.result
  if s.result == "none" and s.attempts > 0 then word = "tried" end
  local t = word
  if s.passed or s.attempts > 0 then t = t .. " " .. duration(s.seconds) end
  if s.hints > 0 then t = t .. " h:" .. s.hints end
  return t
end

local function pad(s, n)
  -- count characters, not bytes
  local len = utf8.len(s) or #s
  if len >= n then return s end
  return s .. string.rep(" ", n - len)
end

local function text_report(class)
  local out = {}
  local function say(...) out[#out + 1] = string.format(...) end
  say("Class report: %d result%s, %d student%s, %d lab%s", class.nresults, class.nresults == 1 and "" or "s",
      #class.students, #class.students == 1 and "" or "s", #class.labs, #class.labs == 1 and "" or "s")
  local namew = 7
  for _, st in ipairs(class.students) do
    namew = math.max(namew, math.min(utf8.len(st) or #st, 24))
  end
  for _, lab in ipairs(class.labs) do
    say("")
    say("Lab %s: %s (%d step%s)", lab.id, lab.title or "", lab.nsteps, lab.nsteps == 1 and "" or "s")
    local head = pad("STUDENT", namew + 2)
    for i = 1, lab.nsteps do head = head .. pad("STEP " .. i, 13) end
    say("%s%s", head, "DONE   HINTS  TIME")
    for _, st in ipairs(class.students) do
      local run = class.runs[st][lab.id]
      local line = pad(st, namew + 2)
      if not run then
        line = line .. "(no result)"
      else
        local done, hints, secs = 0, 0, 0
        for i = 1, lab.nsteps do
          local s = run.steps[i]
          line = line .. pad(cell_text(s), 13)
          if s then
            if s.passed then done = done + 1 end
            hints = hints + s.hints
            secs = secs + s.seconds
          end
        end
        line = line .. pad(done .. "/" .. lab.nsteps, 7) .. pad(tostring(hints), 7) .. duration(secs)
        if run.nruns > 1 then line = line .. string.format("  (latest of %d runs)", run.nruns) end
      end
      say("%s", line)
    end
    local figs = step_figures(class, lab)
    local line = pad("passed", namew + 2)
    for i = 1, lab.nsteps do
      line = line .. pad(string.format("%d/%d", figs[i].passed, figs[i].students), 13)
    end
    say("%s", line)
    line = pad("hints", namew + 2)
    for i = 1, lab.nsteps do
      line = line .. pad(string.format("%d by %d", figs[i].hints, figs[i].hinted), 13)
    end
    say("%s", line)
    line = pad("median", namew + 2)
    for i = 1, lab.nsteps do line = line .. pad(duration(figs[i].median), 13) end
    say("%s", line)
  end
  say("")
  say("Legend: ok passed, ok* passed in an earlier session, FAIL checked and failed, skip skipped,")
  say("tried attempted but not passed, - not reached; then the time on the step and h:N, the hints asked.")
  say("")
  local hard = struggles(class)
  if #hard == 0 then
    say("Where the class struggled: nowhere: every student passed every step without a hint.")
  else
    say("Where the class struggled (not passed, or passed with hints):")
    for k, f in ipairs(hard) do
      if k > 10 then break end
      say("  %-20s step %-2d %d/%d not passed, %d/%d asked for hints (%d in all), median time %s: %s",
          f.lab.id, f.index, f.not_passed, f.students, f.hinted, f.students, f.hints,
          duration(f.median), f.title)
      if f.unreached > 0 then say("  %-20s         (%d did not get to it)", "", f.unreached) end
    end
  end
  say("")
  say("Recordings (nsh lab replay FILE):")
  local any = false
  for _, st in ipairs(class.students) do
    for _, lab in ipairs(class.labs) do
      local run = class.runs[st][lab.id]
      if run and run.recording then
        any = true
        say("  %s %s %s%s", pad(st, namew), pad(lab.id, 20), run.recording,
            run.recording_exists and "" or "  (missing)")
      end
    end
  end
  if not any then say("  (none)") end
  for k, l in ipairs(out) do out[k] = l:gsub("%s+$", "") end
  return table.concat(out, "\n") .. "\n"
end

-- ---- HTML ------------------------------------------------------------------

local function esc(s)
  return (tostring(s or ""):gsub("[&<>\"']", {["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;",
                                              ['"'] = "&quot;", ["'"] = "&#39;"}))
end

-- A JS/JSON string literal that is safe inside <script>: no "</", no
-- U+2028/2029 surprises.
local function js_string(s)
  s = s:gsub('[%c"\\<>&]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    if c == "\n" then return "\\n" end
    return string.format("\\u%04x", c:byte())
  end)
  s = s:gsub("\226\128\168", "\\u2028"):gsub("\226\128\169", "\\u2029")
  return '"' .. s .. '"'
end

local function read_all(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local data = f:read("a")
  f:close()
  return data
end

local function file_url(path)
  if path:sub(1, 1) ~= "/" then
    local cwd = os.getenv("PWD")
    if cwd then path = cwd .. "/" .. path end
  end
  return "file://" .. path:gsub("[^%w/%._%-~]", function(c) return string.format("%%%02X", c:byte()) end)
end

local function html_report(class, opts)
  local embed_max = tonumber(os.getenv("NSH_REPORT_EMBED_MAX") or "") or 24 * 1024 * 1024
  local embedded, casts, total = {}, {}, 0
  local parts = {}
  local function add(...) parts[#parts + 1] = string.format(...) end
  local title = opts.title or "nsh lab: class report"

  -- recordings first: which are embedded (size permitting)
  for _, st in ipairs(class.students) do
    for _, lab in ipairs(class.labs) do
      local run = class.runs[st][lab.id]
      if run and run.recording and run.recording_exists then
        local data = read_all(run.recording)
        if data and total + #data <= embed_max then
          total = total + #data
          casts[#casts + 1] = {id = "cast-" .. (#casts + 1), data = data, student = st, lab = lab.id}
          embedded[run] = casts[#casts].id
        end
      end
    end
  end

  add('<h1>%s</h1>\n', esc(title))
  add('<p class="summary" id="summary">%d result%s, %d student%s, %d lab%s, %d recording%s in this page.</p>\n',
      class.nresults, class.nresults == 1 and "" or "s", #class.students, #class.students == 1 and "" or "s",
      #class.labs, #class.labs == 1 and "" or "s", #casts, #casts == 1 and "" or "s")
  add('<p class="legend"><span class="c pass">&#10003;</span> passed <span class="c earlier">&#10003;</span> passed earlier '
      .. '<span class="c fail">&#10007;</span> failed <span class="c skip">&#8631;</span> skipped '
      .. '<span class="c tried">&#8230;</span> tried <span class="c none">&ndash;</span> not reached; '
      .. 'then the time taken and the hints asked. Hover a cell for the attempts, the prediction and the commands typed.</p>\n')

  local hard = struggles(class)
  add('<section><h2>Where the class struggled</h2>\n')
  if #hard == 0 then
    add('<p id="struggles-none">Every student passed every step without a hint.</p>\n')
  else
    add('<table id="struggles"><thead><tr><th>Lab</th><th>Step</th><th>Tried, not passed</th><th>Did not get there</th>'
        .. '<th>Asked for hints</th><th>Hints in all</th><th>Median time</th><th></th></tr></thead><tbody>\n')
    for k, f in ipairs(hard) do
      if k > 15 then break end
      local pct = f.students > 0 and math.floor(100 * (f.not_passed + f.hinted) / (2 * f.students) + 0.5) or 0
      add('<tr data-lab="%s" data-step="%d" data-not-passed="%d" data-hinted="%d"><td><code>%s</code></td><td>%d. %s</td>'
          .. '<td>%d/%d</td><td>%d</td><td>%d/%d</td><td>%d</td><td>%s</td><td><span class="bar" style="width:%dpx"></span></td></tr>\n',
          esc(f.lab.id), f.index, f.not_passed, f.hinted, esc(f.lab.id), f.index, esc(f.title), f.not_passed,
          f.students, f.unreached, f.hinted, f.students, f.hints, duration(f.median), pct)
    end
    add('</tbody></table>\n')
  end
  add('</section>\n')

  for _, lab in ipairs(class.labs) do
    local figs = step_figures(class, lab)
    add('<section class="lab"><h2>Lab <code>%s</code>: %s</h2>\n', esc(lab.id), esc(lab.title))
    add('<table class="class-table" id="table-%s" data-lab="%s"><thead><tr><th>Student</th>', esc(lab.id), esc(lab.id))
    for i = 1, lab.nsteps do
      add('<th title="%s">Step %d</th>', esc(lab.steps[i]), i)
    end
    add('<th>Done</th><th>Hints</th><th>Time</th><th>Recording</th></tr></thead><tbody>\n')
    for _, st in ipairs(class.students) do
      local run = class.runs[st][lab.id]
      local m = run and run.machine or {}
      local who = run and string.format("%s: %s run%s, %s, kernel %s, %s", st, run.mode or "?",
                                        run.started ~= "" and (" of " .. run.started) or "", m.hostname or "?",
                                        m.kernel or "?", m.root and "as root" or "unprivileged") or st
      add('<tr data-student="%s"><th class="student" title="%s">%s</th>', esc(st), esc(who), esc(st))
      if not run then
        add('<td colspan="%d" class="c none">no result</td></tr>\n', lab.nsteps + 4)
      else
        local done, hints, secs = 0, 0, 0
        for i = 1, lab.nsteps do
          local s = run.steps[i] or {result = "none", passed = false, hints = 0, attempts = 0, seconds = 0, commands = {}}
          local kind = s.result
          if kind == "none" and s.attempts > 0 then kind = "tried" end
          local sym = ({pass = "&#10003;", earlier = "&#10003;", fail = "&#10007;", skip = "&#8631;",
                        tried = "&#8230;", none = "&ndash;"})[kind] or esc(kind)
          local tip = {string.format("%s, step %d: %s", st, i, s.result)}
          if s.attempts > 0 then tip[#tip + 1] = s.attempts .. " attempt" .. (s.attempts == 1 and "" or "s") end
          if s.prediction then
            tip[#tip + 1] = "prediction: " .. tostring(s.prediction.answer) .. (s.prediction.right and " (right)" or " (wrong)")
          end
          for k, c in ipairs(s.commands) do
            if k > 12 then tip[#tip + 1] = "..." break end
            tip[#tip + 1] = "$ " .. c
          end
          add('<td class="c %s" data-step="%d" data-passed="%s" data-hints="%d" data-seconds="%.1f" title="%s">%s',
              esc(kind), i, s.passed and "true" or "false", s.hints, s.seconds, esc(table.concat(tip, "\n")), sym)
          if s.passed or s.attempts > 0 then add(' <span class="t">%s</span>', duration(s.seconds)) end
          if s.hints > 0 then add(' <span class="h">%d hint%s</span>', s.hints, s.hints == 1 and "" or "s") end
          add('</td>')
          if s.passed then done = done + 1 end
          hints = hints + s.hints
          secs = secs + s.seconds
        end
        add('<td class="done">%d/%d</td><td>%d</td><td>%s</td>', done, lab.nsteps, hints, duration(secs))
        if embedded[run] then
          add('<td><button class="play" data-cast="%s" data-title="%s">&#9654; play</button></td>',
              embedded[run], esc(st .. " / " .. lab.id))
        elseif run.recording then
          add('<td><a href="%s">%s</a>%s</td>', esc(file_url(run.recording)), esc(basename(run.recording)),
              run.recording_exists and "" or " (missing)")
        else
          add('<td>&ndash;</td>')
        end
        add('</tr>\n')
      end
    end
    add('</tbody><tfoot>')
    add('<tr class="figures passed-row"><th>passed</th>')
    for i = 1, lab.nsteps do
      add('<td class="fig" data-step="%d" data-passed="%d" data-students="%d">%d/%d</td>', i, figs[i].passed,
          figs[i].students, figs[i].passed, figs[i].students)
    end
    add('<td colspan="4"></td></tr>\n<tr class="figures hints-row"><th>hints</th>')
    for i = 1, lab.nsteps do
      add('<td class="fig" data-step="%d" data-hints="%d" data-hinted="%d">%d by %d</td>', i, figs[i].hints,
          figs[i].hinted, figs[i].hints, figs[i].hinted)
    end
    add('<td colspan="4"></td></tr>\n<tr class="figures time-row"><th>median time</th>')
    for i = 1, lab.nsteps do add('<td class="fig" data-step="%d">%s</td>', i, duration(figs[i].median)) end
    add('<td colspan="4"></td></tr></tfoot></table></section>\n')
  end

  local body = table.concat(parts)
  local data = {}
  for _, c in ipairs(casts) do
    data[#data + 1] = string.format('<script type="application/json" id="%s" data-student="%s" data-lab="%s">%s</script>\n',
                                    c.id, esc(c.student), esc(c.lab), js_string(c.data))
  end
  local page = html_template
    :gsub("@@TITLE@@", function() return esc(title) end)
    :gsub("@@BODY@@", function() return body end)
    :gsub("@@CASTS@@", function() return table.concat(data) end)
  return page, #casts
end

function M.run(results, opts)
  local class = gather(results)
  if #class.labs == 0 then return nil, "the results name no lab" end
  if opts.html then
    local page, ncasts = html_report(class, opts)
    local f, err = io.open(opts.html, "wb")
    if not f then return nil, err end
    f:write(page)
    f:close()
    return string.format("nsh: lab report: %s: %d students, %d labs, %d recordings embedded\n", opts.html,
                         #class.students, #class.labs, ncasts)
  end
  return text_report(class)
end

M.gather = gather
M.step_figures = step_figures
return M
