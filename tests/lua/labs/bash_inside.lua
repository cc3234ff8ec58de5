-- A /bin/bash started inside the lab still reports its commands.
return lab {
  id = "bash-inside",
  title = "bash in the lab",
  steps = {
    { say = "Start bash in new PID and mount namespaces.", type = "unshare -fpm --mount-proc /bin/bash",
      check = function(ctx) return ctx.status == nil end },
    { say = "List processes in it.", type = "ps -ef",
      expect = { depth = 1, cmd = "^ps %-ef$", status = 0 },
      check = function(ctx) return ctx.output:find("bash") ~= nil end },
    { say = "A failing command in bash.", type = "false",
      expect = { status = 1, depth = 1 } },
    { say = "Leave bash.", type = "exit", expect = { cmd = "^exit" } },
    { say = "Back at the top.", type = "echo back", expect = { depth = 0, output = "back", status = 0 } },
  },
}
