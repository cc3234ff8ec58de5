-- A step whose `expect` fails on the first command of its list: that
-- cannot change by waiting, so the engine does not re-run it for the
-- step's long `wait` (check mode types the second command at once).  A
-- failing `check` with `expect` holding is re-run: step 2 passes once the
-- sleep started in the background is seen.
return lab {
  id = "retry-expect",
  title = "Only a failed check is re-run, never a failed expect",
  steps = {
    {
      say = "Echo one, then two.",
      type = { "echo one", "echo two" },
      expect = { output = "^two" },
      wait = 6,
      check = function(ctx) return true end,
    },
    {
      say = "Start a sleep in the background.",
      type = "sh -c 'sleep 0.2; exec sleep 4747' &",
      expect = { cmd = "^sh " },
      wait = 6,
      check = function(ctx)
        if #ctx.find("^sleep 4747$") == 0 then return false, "no sleep 4747 yet" end
        return true
      end,
    },
  },
}
