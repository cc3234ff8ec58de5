-- A check that can only pass a moment after the prompt is back: the
-- background job must have finished.  Guided mode announces it late, at
-- the prompt; check mode waits for it.
return lab {
  id = "late",
  title = "A state that settles after the prompt",
  steps = {
    {
      say = "Start a short background job.",
      type = "sh -c 'sleep 0.4' &",
      wait = 3,
      check = function(ctx)
        if not ctx.cmd:find("^sh ") then return false, "start the job" end
        -- passes once the job was seen running and is gone
        if #ctx.find("sleep 0%.4") > 0 then
          ctx.remember("seen", true)
          return false, "the job still runs"
        end
        return ctx.recall("seen") == true, "the job has not been seen yet"
      end,
    },
    { say = "Then echo.", type = "echo done", expect = { output = "done" } },
  },
}
