-- ctx.shell follows the live state while a check is re-run: the `exit`
-- of a nested shell is reported while that shell is still the terminal's
-- foreground; a moment later the outer shell has the terminal back, and
-- the re-run sees it.
return lab {
  id = "retry-shell",
  title = "ctx.shell is fresh at every re-run",
  steps = {
    {
      say = "Start a nested shell in a new PID namespace.",
      type = "unshare -fp",
      wait = 3,
      check = function(ctx)
        if ctx.status ~= nil or not ctx.shell or ctx.ns.depth(ctx.shell) ~= 1 then
          return false, "no nested shell at the prompt yet"
        end
        ctx.remember("nested", ctx.shell)
        return true
      end,
    },
    {
      say = "Leave it with exit.",
      type = "exit",
      expect = { cmd = "^exit$" },
      wait = 3,
      check = function(ctx)
        local nested = ctx.recall("nested")
        local p = ctx.proc(nested)
        if p and p.state ~= "Z" then return false, "the nested shell " .. nested .. " still runs" end
        if not ctx.shell or ctx.shell == nested then
          return false, "the shell at the prompt is still " .. tostring(ctx.shell)
        end
        if ctx.ns.depth(ctx.shell) ~= 0 then return false, "the shell at the prompt is not the top one" end
        return true
      end,
    },
    { say = "Back at the top: echo.", type = "echo top", expect = { output = "top", depth = 0 } },
  },
}
