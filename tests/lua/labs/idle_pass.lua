-- verify must reject this lab: step 1 passes without the student doing anything.
return lab {
  id = "idle-pass",
  title = "A step that passes by accident",
  steps = {
    { say = "Anything.", type = "true", check = function(ctx) return #ctx.ns.processes() > 0 end },
  },
}
