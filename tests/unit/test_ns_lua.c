/* The `ns` Lua module (lua/ns.c), driven through luaL_dostring: on the
 * fixture tree tests/fixtures/proc-basic (known PIDs, names, NStgid chains,
 * namespace inodes) and on the real /proc (this process, its mounts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "ns.h"

#define FIXTURE "tests/fixtures/proc-basic"

static lua_State *state_on(const char *root)
{
	lua_State *L = luaL_newstate();

	assert_non_null(L);
	luaL_openlibs(L);
	ns_lua_push(L, root);
	lua_setglobal(L, "ns");
	return L;
}

/* Runs Lua code that asserts; a failure fails the test with its message. */
static void run(lua_State *L, const char *code)
{
	if (luaL_dostring(L, code) != LUA_OK)
		fail_msg("%s\n--- in:\n%s", lua_tostring(L, -1), code);
}

/* Runs code that must raise; its message must contain `want`. */
static void raises(lua_State *L, const char *code, const char *want)
{
	if (luaL_dostring(L, code) == LUA_OK)
		fail_msg("did not raise: %s", code);
	if (!strstr(lua_tostring(L, -1), want))
		fail_msg("raised '%s', wanted '%s'", lua_tostring(L, -1), want);
	lua_pop(L, 1);
}

static void test_processes_fixture(void **state)
{
	lua_State *L = state_on(FIXTURE);

	(void)state;
	run(L, "local ps = ns.processes()\n"
	       "local pids = {}\n"
	       "for i, p in ipairs(ps) do pids[i] = p.pid end\n"
	       "assert(table.concat(pids, ' ') == '1 2 100 101 102 300', table.concat(pids, ' '))\n"
	       "assert(ps[1].name == 'systemd' or ps[1].name ~= '', ps[1].name)\n"
	       "assert(ps[1].args == '/sbin/init splash', ps[1].args)\n"
	       "assert(ps[3].args == 'a) b (c --flag', ps[3].args)\n"
	       "assert(ps[2].args == '')\n");
	lua_close(L);
}

static void test_process_fields(void **state)
{
	lua_State *L = state_on(FIXTURE);

	(void)state;
	run(L, "local p = ns.process(102)\n"
	       "assert(p.pid == 102 and p.ppid == 101, 'pids')\n"
	       "assert(p.args == 'sleep 1000')\n"
	       "assert(#p.nstgid == 2 and p.nstgid[1] == 102 and p.nstgid[2] == 2, 'nstgid')\n"
	       "assert(type(p.uid) == 'number' and type(p.euid) == 'number' and type(p.gid) == 'number')\n"
	       "assert(type(p.state) == 'string' and #p.state == 1, 'state')\n"
	       "assert(p.ns.pid == 4026532300 and p.ns.mnt == 4026532301, 'ns inodes')\n"
	       "assert(ns.process(101).ns.pid == p.ns.pid, 'same pid namespace')\n"
	       "assert(ns.process(1).ns.pid ~= p.ns.pid)\n");
	lua_close(L);
}

static void test_depth_and_namespaces(void **state)
{
	lua_State *L = state_on(FIXTURE);

	(void)state;
	run(L, "assert(ns.depth(1) == 0)\n"
	       "assert(ns.depth(101) == 1)\n"
	       "assert(ns.depth(300) == 32, ns.depth(300))\n"
	       "local n = ns.namespaces(100)\n"
	       "assert(n.uts == 4026532200 and n.pid == 4026531836)\n"
	       "assert(ns.namespaces(300).cgroup == 4026531835, 'the plain-file form')\n"
	       "assert(ns.namespaces(300).pid_for_children == nil, 'a missing link is absent')\n");
	lua_close(L);
}

static void test_lsns_rows(void **state)
{
	lua_State *L = state_on(FIXTURE);

	(void)state;
	run(L, "local rows = ns.lsns('pid')\n"
	       "assert(#rows == 3, #rows)\n"
	       "for i = 2, #rows do assert(rows[i - 1].ns < rows[i].ns, 'sorted by inode') end\n"
	       "local by = {}\n"
	       "for _, r in ipairs(rows) do assert(r.type == 'pid'); by[r.ns] = r end\n"
	       "local child = by[4026532300]\n"
	       "assert(child.pid == 101 and child.nprocs == 2, 'lowest PID, count')\n"
	       "assert(child.command == 'sh -c sleep 1000 & wait', child.command)\n"
	       "assert(by[4026531836].nprocs == 3)\n"
	       "local all = ns.lsns()\n"
	       "assert(#all > #rows)\n"
	       "local types = {}\n"
	       "for _, r in ipairs(all) do types[r.type] = true end\n"
	       "assert(types.mnt and types.uts and types.user and types.pid)\n");
	lua_close(L);
}

static void test_read(void **state)
{
	lua_State *L = state_on(FIXTURE);

	(void)state;
	run(L, "local s = ns.read('102/status')\n"
	       "assert(s:match('NStgid:%s+102%s+2'), s)\n"
	       "assert(ns.read('/proc/102/status') == s, 'a leading /proc/ is accepted')\n");
	lua_close(L);
}

static void test_misuse_raises(void **state)
{
	lua_State *L = state_on(FIXTURE);

	(void)state;
	raises(L, "ns.process('one')", "number expected");
	raises(L, "ns.process(0)", "positive");
	raises(L, "ns.depth()", "number expected");
	raises(L, "ns.read('../etc/passwd')", "'..' is not allowed");
	raises(L, "ns.read('1/../../etc/passwd')", "'..' is not allowed");
	raises(L, "ns.read('')", "a path under /proc");
	raises(L, "ns.lsns('pidd')", "namespace type");
	raises(L, "ns.mounts('x')", "number expected");
	lua_close(L);
}

static void test_os_errors_return_nil(void **state)
{
	lua_State *L = state_on(FIXTURE);

	(void)state;
	run(L, "local p, msg, errno = ns.process(4243)\n"
	       "assert(p == nil and type(msg) == 'string' and errno == 2, tostring(msg) .. ' ' .. "
	       "tostring(errno))\n"
	       "local d, m2, e2 = ns.depth(99999)\n"
	       "assert(d == nil and e2 == 2)\n"
	       "local t, m3, e3 = ns.read('1/nothing-here')\n"
	       "assert(t == nil and m3:find('nothing%-here') and e3 == 2, m3)\n");
	lua_close(L);
	L = state_on("/nonexistent-proc");
	run(L, "local ps, msg, e = ns.processes()\n"
	       "assert(ps == nil and e == 2, tostring(msg))\n");
	lua_close(L);
}

static void test_real_proc(void **state)
{
	lua_State *L = state_on("/proc");
	char code[1024];

	(void)state;
	snprintf(code, sizeof code,
		 "local me = ns.process(%d)\n"
		 "assert(me and me.pid == %d and me.name:find('test_ns_lua'), 'this process')\n"
		 "assert(me.ns.pid and me.ns.pid_for_children, 'pid and pid_for_children links')\n"
		 "local found = false\n"
		 "for _, p in ipairs(ns.processes()) do if p.pid == %d then found = true end end\n"
		 "assert(found, 'listed')\n"
		 "local ms = ns.mounts(%d)\n"
		 "local root, proc = false, false\n"
		 "for _, m in ipairs(ms) do\n"
		 "  if m.mountpoint == '/' then root = true end\n"
		 "  if m.fstype == 'proc' and m.mountpoint == '/proc' then proc = true end\n"
		 "  assert(type(m.id) == 'number' and type(m.propagation) == 'string')\n"
		 "end\n"
		 "assert(root and proc, 'the root and /proc mounts')\n"
		 "assert(#ns.mounts() > 0, 'PID 1 by default')\n"
		 "assert(ns.root() == '/proc')\n",
		 (int)getpid(), (int)getpid(), (int)getpid(), (int)getpid());
	run(L, code);
	lua_close(L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_processes_fixture),
	    cmocka_unit_test(test_process_fields),
	    cmocka_unit_test(test_depth_and_namespaces),
	    cmocka_unit_test(test_lsns_rows),
	    cmocka_unit_test(test_read),
	    cmocka_unit_test(test_misuse_raises),
	    cmocka_unit_test(test_os_errors_return_nil),
	    cmocka_unit_test(test_real_proc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
