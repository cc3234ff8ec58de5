/* The `ns` Lua module: the sys/ layer's /proc readers for lab checks.
 * docs/LABS.md ("The ns module") is its reference. */
#ifndef NSH_LAB_NS_H
#define NSH_LAB_NS_H

#include <lua.h>

/* Pushes a new `ns` module table whose functions read the /proc tree at
 * proc_root (the sandbox's /proc, or a fixture tree in tests). */
int ns_lua_push(lua_State *L, const char *proc_root);

/* luaL_requiref-style opener bound to "/proc" (proc_default_root()). */
int luaopen_ns(lua_State *L);

#endif
