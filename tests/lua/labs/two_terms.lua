-- Two terminals: a sleep on terminal 1, seen from terminal 2; a nested shell.
return lab {
  id = "two-terms",
  title = "Two terminals and a nested shell",
  steps = {
    {
      say = "Start a sleep.",
      type = "sleep 4242 &",
      check = function(ctx)
        local s = ctx.find("^sleep 4242$")
        if #s == 0 then return false, "no sleep" end
        ctx.remember("pid", s[1].pid)
        return true
      end,
    },
    {
      say = "In the second terminal, find it.",
      type = { { term2 = "ps -ef" } },
      expect = { output = "sleep 4242" },
      check = function(ctx) return ctx.term == 2 and ctx.output:find(tostring(ctx.recall("pid"))) ~= nil end,
    },
    {
      say = "Start a nested shell in new PID and mount namespaces, with its own /proc.",
      type = "unshare -fpm --mount-proc",
      check = function(ctx)
        return ctx.status == nil and ctx.shell ~= nil and ctx.ns.depth(ctx.shell) == 1
      end,
    },
    {
      say = "In it, list processes.",
      type = "ps -ef",
      expect = { output = "PID", depth = 1 },
      check = function(ctx)
        local lines = select(2, ctx.output:gsub("\n", ""))
        return lines <= 4, "too many lines: " .. lines
      end,
    },
    {
      say = "Leave it.",
      type = "exit",
      expect = { cmd = "^exit" },
    },
    {
      say = "Back at the top: echo.",
      type = "echo top",
      expect = { output = "top", depth = 0, status = 0 },
    },
  },
}
