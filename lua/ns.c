/* The `ns` Lua module: processes, namespaces, mounts of one /proc tree.
 *
 * As in the Lua standard library: misuse (a wrong argument type, a path
 * with "..") raises through luaL_check... and luaL_error; an operating-system
 * error returns nil, message, errno.  The proc root is an upvalue of every
 * function, so a lab cannot point the module elsewhere. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "ns.h"
#include "sys/ns.h"
#include "sys/proc.h"

/* The links of /proc/PID/ns/ that a process table carries. */
static const char *const ns_links[] = {
    "mnt", "net", "pid", "uts", "ipc", "user", "cgroup", "time", "pid_for_children", "time_for_children",
};
#define NS_LINKS (sizeof ns_links / sizeof ns_links[0])

static const char *root_of(lua_State *L)
{
	return lua_tostring(L, lua_upvalueindex(1));
}

/* nil, strerror(err), err: the standard OS-error return. */
static int push_oserror(lua_State *L, int err, const char *what)
{
	lua_pushnil(L);
	if (what)
		lua_pushfstring(L, "%s: %s", what, strerror(err));
	else
		lua_pushstring(L, strerror(err));
	lua_pushinteger(L, err);
	return 3;
}

static pid_t check_pid(lua_State *L, int arg)
{
	lua_Integer pid = luaL_checkinteger(L, arg);

	luaL_argcheck(L, pid > 0 && pid <= 0x7fffffff, arg, "a PID is a positive integer");
	return (pid_t)pid;
}

static void push_int_list(lua_State *L, const pid_t *v, int n)
{
	lua_createtable(L, n, 0);
	for (int i = 0; i < n; i++) {
		lua_pushinteger(L, v[i]);
		lua_rawseti(L, -2, i + 1);
	}
}

/* The namespace inodes of a process as a table; links that cannot be read
 * are absent.  Returns 0, or -errno when not even one link could be read. */
static int push_namespaces(lua_State *L, const char *root, pid_t pid)
{
	int found = 0, first_err = 0;

	lua_createtable(L, 0, NS_LINKS);
	for (size_t i = 0; i < NS_LINKS; i++) {
		ino_t ino;
		int rc = proc_ns_inode(root, pid, ns_links[i], &ino);

		if (rc == 0) {
			lua_pushinteger(L, (lua_Integer)ino);
			lua_setfield(L, -2, ns_links[i]);
			found++;
		} else if (!first_err) {
			first_err = rc;
		}
	}
	if (!found) {
		lua_pop(L, 1);
		return first_err ? first_err : -ENOENT;
	}
	return 0;
}

/* One process table (see docs/LABS.md).  Returns 0 with the table pushed,
 * or -errno with nothing pushed. */
static int push_process(lua_State *L, const char *root, pid_t pid)
{
	struct proc_status st;
	struct proc_stat sa;
	char args[4096];
	char state[2] = {'?', 0};
	int rc;

	if ((rc = proc_read_status(root, pid, &st)) < 0)
		return rc;
	if (proc_read_stat(root, pid, &sa) == 0)
		state[0] = sa.state;
	if (proc_read_cmdline(root, pid, args, sizeof args) < 0)
		args[0] = '\0';
	lua_createtable(L, 0, 14);
	lua_pushinteger(L, pid);
	lua_setfield(L, -2, "pid");
	lua_pushinteger(L, st.ppid);
	lua_setfield(L, -2, "ppid");
	lua_pushstring(L, st.name);
	lua_setfield(L, -2, "name");
	lua_pushstring(L, args);
	lua_setfield(L, -2, "args");
	lua_pushinteger(L, st.uid[0]);
	lua_setfield(L, -2, "uid");
	lua_pushinteger(L, st.uid[1]);
	lua_setfield(L, -2, "euid");
	lua_pushinteger(L, st.gid[0]);
	lua_setfield(L, -2, "gid");
	lua_pushstring(L, state);
	lua_setfield(L, -2, "state");
	push_int_list(L, st.nstgid, st.nstgid_len);
	lua_setfield(L, -2, "nstgid");
	push_int_list(L, st.nspid, st.nspid_len);
	lua_setfield(L, -2, "nspid");
	if (push_namespaces(L, root, pid) < 0)
		lua_newtable(L);
	lua_setfield(L, -2, "ns");
	return 0;
}

/* ns.process(pid) */
static int l_process(lua_State *L)
{
	pid_t pid = check_pid(L, 1);
	int rc = push_process(L, root_of(L), pid);

	if (rc < 0)
		return push_oserror(L, -rc, lua_pushfstring(L, "process %d", (int)pid));
	return 1;
}

/* ns.processes(): every process, ascending PID; processes that vanish
 * while we read are left out. */
static int l_processes(lua_State *L)
{
	pid_t *pids = NULL;
	size_t n = 0;
	int rc = proc_list_pids(root_of(L), &pids, &n), k = 0;

	if (rc < 0)
		return push_oserror(L, -rc, root_of(L));
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		if (push_process(L, root_of(L), pids[i]) == 0)
			lua_rawseti(L, -2, ++k);
	}
	free(pids);
	return 1;
}

/* ns.namespaces(pid) */
static int l_namespaces(lua_State *L)
{
	pid_t pid = check_pid(L, 1);
	int rc = push_namespaces(L, root_of(L), pid);

	if (rc < 0)
		return push_oserror(L, -rc, lua_pushfstring(L, "process %d", (int)pid));
	return 1;
}

/* ns.depth(pid): PID namespaces below the tree's own (NStgid fields - 1). */
static int l_depth(lua_State *L)
{
	pid_t pid = check_pid(L, 1);
	struct proc_status st;
	int rc = proc_read_status(root_of(L), pid, &st);

	if (rc < 0)
		return push_oserror(L, -rc, lua_pushfstring(L, "process %d", (int)pid));
	lua_pushinteger(L, st.nstgid_len > 0 ? st.nstgid_len - 1 : 0);
	return 1;
}

/* A path under the proc root, checked: relative, no "..". */
static const char *check_relpath(lua_State *L, int arg)
{
	const char *path = luaL_checkstring(L, arg);

	if (strncmp(path, "/proc/", 6) == 0)
		path += 6;
	while (*path == '/')
		path++;
	for (const char *p = path; (p = strstr(p, "..")) != NULL; p += 2) {
		if ((p == path || p[-1] == '/') && (p[2] == '/' || p[2] == '\0'))
			luaL_argerror(L, arg, "'..' is not allowed: paths stay under the sandbox's /proc");
	}
	luaL_argcheck(L, *path != '\0', arg, "a path under /proc, such as \"1/status\"");
	return path;
}

/* ns.read(path) */
static int l_read(lua_State *L)
{
	const char *path = check_relpath(L, 1);
	char *buf = NULL;
	size_t len = 0;
	int rc = proc_read_file(root_of(L), path, &buf, &len);

	if (rc < 0)
		return push_oserror(L, -rc, path);
	lua_pushlstring(L, buf, len);
	free(buf);
	return 1;
}

/* mountinfo's fields: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS
 * [OPTIONAL...] - FSTYPE SOURCE SUPER_OPTIONS" (proc(5)).  Octal escapes
 * (\040 for a space) are decoded. */
static void push_unescaped(lua_State *L, const char *s, size_t len)
{
	luaL_Buffer b;

	luaL_buffinit(L, &b);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len + 0 && s[i + 1] >= '0' && s[i + 1] <= '3') {
			luaL_addchar(&b,
				     (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
			i += 3;
		} else {
			luaL_addchar(&b, s[i]);
		}
	}
	luaL_pushresult(&b);
}

static int push_mount_line(lua_State *L, char *line)
{
	char *fields[64];
	int n = 0, dash = -1;

	for (char *tok = strtok(line, " "); tok && n < 64; tok = strtok(NULL, " ")) {
		if (strcmp(tok, "-") == 0 && dash < 0)
			dash = n;
		fields[n++] = tok;
	}
	if (n < 7 || dash < 6 || dash + 3 > n)
		return 0;
	lua_createtable(L, 0, 10);
	lua_pushinteger(L, atoi(fields[0]));
	lua_setfield(L, -2, "id");
	lua_pushinteger(L, atoi(fields[1]));
	lua_setfield(L, -2, "parent");
	push_unescaped(L, fields[3], strlen(fields[3]));
	lua_setfield(L, -2, "root");
	push_unescaped(L, fields[4], strlen(fields[4]));
	lua_setfield(L, -2, "mountpoint");
	lua_pushstring(L, fields[5]);
	lua_setfield(L, -2, "options");
	/* optional fields: shared:N, master:N, propagate_from:N, unbindable */
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (int i = 6; i < dash; i++) {
		if (i > 6)
			luaL_addchar(&b, ' ');
		luaL_addstring(&b, fields[i]);
	}
	luaL_pushresult(&b);
	if (lua_rawlen(L, -1) == 0) {
		lua_pop(L, 1);
		lua_pushliteral(L, "private");
	}
	lua_setfield(L, -2, "propagation");
	lua_pushstring(L, fields[dash + 1]);
	lua_setfield(L, -2, "fstype");
	push_unescaped(L, fields[dash + 2], strlen(fields[dash + 2]));
	lua_setfield(L, -2, "source");
	lua_pushstring(L, dash + 3 < n ? fields[dash + 3] : "");
	lua_setfield(L, -2, "super_options");
	return 1;
}

/* ns.mounts([pid]) */
static int l_mounts(lua_State *L)
{
	pid_t pid = lua_isnoneornil(L, 1) ? 1 : check_pid(L, 1);
	char rel[32], *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	int rc, k = 0;

	snprintf(rel, sizeof rel, "%d/mountinfo", (int)pid);
	if ((rc = proc_read_file(root_of(L), rel, &buf, &len)) < 0)
		return push_oserror(L, -rc, lua_pushfstring(L, "process %d", (int)pid));
	lua_newtable(L);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (push_mount_line(L, line))
			lua_rawseti(L, -2, ++k);
	}
	free(buf);
	return 1;
}

/* Row a < row b: by inode, then type name. */
static int row_less(lua_State *L, int a, int b)
{
	lua_Integer ia, ib;
	int less;

	a = lua_absindex(L, a);
	b = lua_absindex(L, b);
	lua_getfield(L, a, "ns");
	lua_getfield(L, b, "ns");
	ia = lua_tointeger(L, -2);
	ib = lua_tointeger(L, -1);
	lua_pop(L, 2);
	if (ia != ib)
		return ia < ib;
	lua_getfield(L, a, "type");
	lua_getfield(L, b, "type");
	less = strcmp(lua_tostring(L, -2), lua_tostring(L, -1)) < 0;
	lua_pop(L, 2);
	return less;
}

/* ns.lsns([type]): one row per namespace, as lsns shows them: the lowest
 * PID in it, that process's uid and command line, and how many processes
 * are in it; ordered by inode. */
static int l_lsns(lua_State *L)
{
	const char *only = luaL_optstring(L, 1, NULL);
	const char *names[NS_KIND_COUNT];
	struct proc_ns_scan scan;
	int rc, k = 0;

	if (only)
		luaL_argcheck(L, ns_kind_by_name(only) != NULL, 1,
			      "a namespace type (mnt, net, pid, uts, ipc, user, cgroup, time)");
	for (int i = 0; i < NS_KIND_COUNT; i++)
		names[i] = (!only || strcmp(ns_kinds[i].name, ns_kind_by_name(only)->name) == 0)
			       ? ns_kinds[i].proc_name
			       : NULL;
	memset(&scan, 0, sizeof scan);
	if ((rc = proc_scan_ns(root_of(L), names, NS_KIND_COUNT, &scan)) < 0)
		return push_oserror(L, -rc, root_of(L));
	/* rows: a Lua table keyed by "type:inode", then sorted */
	lua_newtable(L); /* result */
	lua_newtable(L); /* index: key -> row */
	for (size_t p = 0; p < scan.n; p++) {
		for (int i = 0; i < NS_KIND_COUNT; i++) {
			ino_t ino = scan.procs[p].ns[i];

			if (!names[i] || ino == 0)
				continue;
			lua_pushfstring(L, "%s:%I", ns_kinds[i].name, (lua_Integer)ino);
			lua_pushvalue(L, -1);
			if (lua_rawget(L, -3) == LUA_TTABLE) {
				lua_getfield(L, -1, "nprocs");
				lua_Integer np = lua_tointeger(L, -1);
				lua_pop(L, 1);
				lua_pushinteger(L, np + 1);
				lua_setfield(L, -2, "nprocs");
				lua_pop(L, 2);
				continue;
			}
			lua_pop(L, 1);
			/* a new row: the first process seen has the lowest PID */
			struct proc_status st;
			char args[1024];
			pid_t pid = scan.procs[p].pid;

			lua_createtable(L, 0, 6);
			lua_pushinteger(L, (lua_Integer)ino);
			lua_setfield(L, -2, "ns");
			lua_pushstring(L, ns_kinds[i].name);
			lua_setfield(L, -2, "type");
			lua_pushinteger(L, 1);
			lua_setfield(L, -2, "nprocs");
			lua_pushinteger(L, pid);
			lua_setfield(L, -2, "pid");
			if (proc_read_status(root_of(L), pid, &st) == 0) {
				lua_pushinteger(L, st.uid[0]);
				lua_setfield(L, -2, "uid");
				lua_pushinteger(L, st.ppid);
				lua_setfield(L, -2, "ppid");
			}
			if (proc_read_cmdline(root_of(L), pid, args, sizeof args) <= 0) {
				if (proc_read_status(root_of(L), pid, &st) == 0)
					snprintf(args, sizeof args, "%s", st.name);
				else
					args[0] = '\0';
			}
			lua_pushstring(L, args);
			lua_setfield(L, -2, "command");
			lua_pushvalue(L, -1);
			lua_rawseti(L, -5, ++k); /* result */
			lua_rawset(L, -3);	 /* index[key] = row */
		}
	}
	lua_pop(L, 1);
	proc_ns_scan_free(&scan);
	/* sort by inode, then type (insertion sort: a few dozen rows) */
	for (int i = 2; i <= k; i++) {
		for (int j = i; j > 1; j--) {
			lua_rawgeti(L, -1, j - 1);
			lua_rawgeti(L, -2, j);
			if (!row_less(L, -1, -2)) {
				lua_pop(L, 2);
				break;
			}
			lua_rawseti(L, -3, j - 1);
			lua_rawseti(L, -2, j);
		}
	}
	return 1;
}

/* ns.root() */
static int l_root(lua_State *L)
{
	lua_pushstring(L, root_of(L));
	return 1;
}

static const luaL_Reg ns_functions[] = {
    {"depth", l_depth},	    {"lsns", l_lsns},		{"mounts", l_mounts}, {"namespaces", l_namespaces},
    {"process", l_process}, {"processes", l_processes}, {"read", l_read},     {"root", l_root},
    {NULL, NULL},
};

int ns_lua_push(lua_State *L, const char *proc_root)
{
	luaL_newlibtable(L, ns_functions);
	lua_pushstring(L, proc_root);
	luaL_setfuncs(L, ns_functions, 1);
	return 1;
}

int luaopen_ns(lua_State *L)
{
	return ns_lua_push(L, proc_default_root());
}
