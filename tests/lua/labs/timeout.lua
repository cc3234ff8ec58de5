-- A step whose command does not come back in time: it fails, Ctrl-C brings
-- the prompt back, and the next step still runs.
return lab {
  id = "timeout",
  title = "A command that takes too long",
  steps = {
    { say = "Wait too long.", type = "sleep 30", timeout = 1, expect = { status = 0 } },
    { say = "Then echo.", type = "echo after", expect = { output = "after", status = 0 } },
  },
}
