-- A check re-run while a background job floods the terminal: the job can
-- only finish if the engine keeps reading the terminal during the re-runs
-- (a pty holds some kilobytes; the job writes about 700).  The step passes
-- once the job was seen running (it sleeps first, so it is) and is gone.
return lab {
  id = "retry-relay",
  title = "The terminal is relayed while a check is re-run",
  steps = {
    {
      say = "Flood the terminal from the background.",
      type = "sh -c 'sleep 0.3; yes flood-flood-flood | head -n 40000' &",
      wait = 8,
      check = function(ctx)
        if not ctx.cmd:find("^sh ") then return false, "start the job" end
        if #ctx.find("flood%-flood") > 0 then
          ctx.remember("seen", true)
          return false, "the job still runs"
        end
        return ctx.recall("seen") == true, "the job has not been seen yet"
      end,
    },
    { say = "Then echo.", type = "echo done", expect = { output = "done" } },
  },
}
