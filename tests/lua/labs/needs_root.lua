-- Skipped (with the reason) when the student is not root.
return lab {
  id = "needs-root",
  title = "Needs root",
  needs = { "root" },
  steps = { { say = "Run true.", type = "true", expect = { status = 0, cmd = "^true$" } } },
}
