-- For the SIGKILL test: step 1 leaves a background sleep, step 2 hangs in
-- a foreground sleep until the supervisor is killed.
return lab {
  id = "hang",
  title = "A lab that hangs on purpose",
  timeout = 60,
  steps = {
    { say = "Start a background sleep.", type = "sleep 4343 &",
      check = function(ctx) return #ctx.find("^sleep 4343$") > 0 end },
    { say = "Wait.", type = "sleep 4344", expect = { status = 0 } },
  },
}
