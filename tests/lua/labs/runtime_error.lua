-- A lab whose check raises: the step fails with file:line, nothing crashes.
return lab {
  id = "runtime-error",
  title = "A check with a bug",
  steps = {
    { say = "Run true.", type = "true", check = function(ctx) return ctx.nothing.here end },
  },
}
