-- A lab with a syntax error on line 5.
return lab {
  id = "syntax-error",
  title = "Broken",
  steps = { { say = "x", type = "true" expect = { status = 0 } } },
}
