-- A check that never returns: stopped by the time limit.
return lab {
  id = "endless",
  title = "An endless check",
  steps = {
    { say = "Run true.", type = "true", check = function(ctx) while true do end end },
  },
}
