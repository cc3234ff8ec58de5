-- user = "nobody": terminal 1 has no privilege, even for a root student;
-- the article's "unprivileged user" examples depend on it.
return lab {
  id = "unprivileged",
  title = "An unprivileged terminal",
  user = "nobody",
  needs = { "userns" },
  steps = {
    { say = "Who are you?", type = "id -u",
      check = function(ctx) return ctx.output:match("^(%d+)") ~= "0", "uid 0" end },
    { say = "New user and mount namespaces, no PID namespace.", type = "unshare -Urm",
      check = function(ctx) return ctx.status == nil and ctx.depth == 0 end },
    { say = "Mount a proc.", type = "mount -t proc proc /proc",
      expect = { depth = 1 },
      check = function(ctx)
        return ctx.status ~= 0 and (ctx.output:find("ermission denied") or ctx.output:find("not permitted")) ~= nil,
          "the mount did not fail with EPERM"
      end },
    { say = "Leave.", type = "exit", expect = { cmd = "^exit" } },
  },
}
