-- A check that never passes on a nested shell's `exit`: the end of the
-- outer `unshare`, reported while that exit is re-checked, fails `expect`
-- and leaves the re-check alone, so the failed step reports the exit and
-- the check's reason (check mode must fail step 2).
return lab {
  id = "retry-report",
  title = "The re-checked command is the one reported",
  steps = {
    {
      say = "Start a nested shell.",
      type = "unshare -fp",
      expect = { cmd = "^unshare" },
      check = function(ctx) return ctx.status == nil end,
    },
    {
      say = "Leave it.",
      type = "exit",
      expect = { cmd = "^exit$" },
      wait = 0.5,
      check = function(ctx) return false, "never passes (re-checked: " .. ctx.cmd .. ")" end,
    },
  },
}
