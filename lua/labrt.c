/* The Lua side of a lab run: see labrt.h.
 *
 * The engine's own Lua (lua/lab.lua) runs with the full standard library;
 * lab files run in the restricted environment lab.lua builds for them.
 * Every call that may reach lab code (loading a lab, a check, a `type`
 * function) runs under lua_pcall with a count hook that stops it after
 * time_limit seconds, so an endless loop in a check is an error message,
 * not a hung supervisor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "labrt.h"
#include "ns.h"

static double call_deadline;
static double call_limit;

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void limit_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	if (now_seconds() > call_deadline)
		luaL_error(L, "check took longer than %d s (endless loop?)", (int)call_limit);
}

/* lua_pcall with the time limit; on error the message is left on the stack
 * (as a string) and the status returned. */
static int limited_pcall(struct labrt *rt, int nargs, int nres)
{
	int rc;

	call_limit = rt->time_limit;
	call_deadline = now_seconds() + rt->time_limit;
	lua_sethook(rt->L, limit_hook, LUA_MASKCOUNT, 10000);
	rc = lua_pcall(rt->L, nargs, nres, 0);
	lua_sethook(rt->L, NULL, 0, 0);
	if (rc != LUA_OK && !lua_isstring(rt->L, -1)) {
		lua_pop(rt->L, 1);
		lua_pushliteral(rt->L, "(error object is not a string)");
	}
	return rc;
}

static void push_engine_fn(struct labrt *rt, const char *name)
{
	lua_rawgeti(rt->L, LUA_REGISTRYINDEX, rt->engine_ref);
	lua_getfield(rt->L, -1, name);
	lua_remove(rt->L, -2);
}

static void push_ref(struct labrt *rt, int ref)
{
	lua_rawgeti(rt->L, LUA_REGISTRYINDEX, ref);
}

static char *dup_top_string(lua_State *L, int idx)
{
	const char *s = lua_tostring(L, idx);
	return s ? strdup(s) : NULL;
}

static int print_enabled;

void labrt_set_print(int on)
{
	print_enabled = on;
}

/* print() of a lab: one line on stderr, marked as the lab's, in check and
 * verify modes; dropped where stderr is the student's (raw) terminal. */
static int lab_log(lua_State *L)
{
	const char *text = luaL_checkstring(L, 1);

	if (print_enabled)
		fprintf(stderr, "lab: %s\n", text);
	return 0;
}

int labrt_open(struct labrt *rt, const char *datadir, char *err, size_t errlen)
{
	char path[4096];

	memset(rt, 0, sizeof *rt);
	rt->engine_ref = rt->lab_ref = rt->run_ref = rt->ns_ref = LUA_NOREF;
	rt->time_limit = 2;
	rt->L = luaL_newstate();
	if (!rt->L) {
		snprintf(err, errlen, "cannot create a Lua state (out of memory)");
		return -1;
	}
	luaL_openlibs(rt->L);
	snprintf(path, sizeof path, "%s/lua/lab.lua", datadir);
	if (luaL_loadfile(rt->L, path) != LUA_OK || lua_pcall(rt->L, 0, 1, 0) != LUA_OK) {
		snprintf(err, errlen, "%s", lua_tostring(rt->L, -1));
		labrt_close(rt);
		return -1;
	}
	if (!lua_istable(rt->L, -1)) {
		snprintf(err, errlen, "%s: does not return the engine table", path);
		labrt_close(rt);
		return -1;
	}
	rt->engine_ref = luaL_ref(rt->L, LUA_REGISTRYINDEX);
	return 0;
}

void labrt_close(struct labrt *rt)
{
	if (rt->L)
		lua_close(rt->L);
	rt->L = NULL;
}

void labrt_new_run(struct labrt *rt)
{
	luaL_unref(rt->L, LUA_REGISTRYINDEX, rt->run_ref);
	push_engine_fn(rt, "new_run");
	push_ref(rt, rt->lab_ref);
	lua_call(rt->L, 1, 1);
	rt->run_ref = luaL_ref(rt->L, LUA_REGISTRYINDEX);
}

int labrt_load(struct labrt *rt, const char *path, const char *proc_root, char *err, size_t errlen)
{
	lua_State *L = rt->L;

	luaL_unref(L, LUA_REGISTRYINDEX, rt->ns_ref);
	ns_lua_push(L, proc_root);
	rt->ns_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	push_engine_fn(rt, "load");
	lua_pushstring(L, path);
	push_ref(rt, rt->ns_ref);
	lua_pushcfunction(L, lab_log);
	if (limited_pcall(rt, 3, 2) != LUA_OK) {
		snprintf(err, errlen, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	if (lua_isnil(L, -2)) {
		snprintf(err, errlen, "%s",
			 lua_tostring(L, -1) ? lua_tostring(L, -1) : "cannot load the lab");
		lua_pop(L, 2);
		return -1;
	}
	lua_pop(L, 1);
	luaL_unref(L, LUA_REGISTRYINDEX, rt->lab_ref);
	lua_getfield(L, -1, "steps");
	rt->nsteps = (int)lua_rawlen(L, -1);
	lua_pop(L, 1);
	rt->lab_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	labrt_new_run(rt);
	return 0;
}

void labrt_bind_ns(struct labrt *rt, const char *proc_root)
{
	lua_State *L = rt->L;

	luaL_unref(L, LUA_REGISTRYINDEX, rt->ns_ref);
	ns_lua_push(L, proc_root);
	rt->ns_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	push_ref(rt, rt->lab_ref);
	if (lua_getfield(L, -1, "env") == LUA_TTABLE) {
		push_ref(rt, rt->ns_ref);
		lua_setfield(L, -2, "ns");
	}
	lua_pop(L, 2);
}

char *labrt_lab_string(struct labrt *rt, const char *field)
{
	char *s;

	push_ref(rt, rt->lab_ref);
	lua_getfield(rt->L, -1, field);
	s = lua_type(rt->L, -1) == LUA_TSTRING ? dup_top_string(rt->L, -1) : NULL;
	lua_pop(rt->L, 2);
	return s;
}

double labrt_lab_number(struct labrt *rt, const char *field, double dflt)
{
	double v = dflt;

	push_ref(rt, rt->lab_ref);
	lua_getfield(rt->L, -1, field);
	if (lua_type(rt->L, -1) == LUA_TNUMBER)
		v = lua_tonumber(rt->L, -1);
	lua_pop(rt->L, 2);
	return v;
}

/* Pushes lab.steps[i] (or nil). */
static void push_step(struct labrt *rt, int i)
{
	push_ref(rt, rt->lab_ref);
	lua_getfield(rt->L, -1, "steps");
	lua_rawgeti(rt->L, -1, i);
	lua_remove(rt->L, -2);
	lua_remove(rt->L, -2);
}

char *labrt_step_string(struct labrt *rt, int i, const char *field)
{
	char *s = NULL;

	push_step(rt, i);
	if (lua_istable(rt->L, -1)) {
		lua_getfield(rt->L, -1, field);
		if (lua_type(rt->L, -1) == LUA_TSTRING)
			s = dup_top_string(rt->L, -1);
		lua_pop(rt->L, 1);
	}
	lua_pop(rt->L, 1);
	return s;
}

double labrt_step_number(struct labrt *rt, int i, const char *field, double dflt)
{
	double v = dflt;

	push_step(rt, i);
	if (lua_istable(rt->L, -1)) {
		lua_getfield(rt->L, -1, field);
		if (lua_type(rt->L, -1) == LUA_TNUMBER)
			v = lua_tonumber(rt->L, -1);
		lua_pop(rt->L, 1);
	}
	lua_pop(rt->L, 1);
	return v;
}

int labrt_step_ncommands(struct labrt *rt, int i)
{
	int n = 0;

	push_step(rt, i);
	if (lua_istable(rt->L, -1)) {
		lua_getfield(rt->L, -1, "commands");
		n = (int)lua_rawlen(rt->L, -1);
		lua_pop(rt->L, 1);
	}
	lua_pop(rt->L, 1);
	return n;
}

char **labrt_needs(struct labrt *rt)
{
	char **v;
	int n;

	push_ref(rt, rt->lab_ref);
	lua_getfield(rt->L, -1, "needs");
	n = lua_istable(rt->L, -1) ? (int)lua_rawlen(rt->L, -1) : 0;
	v = calloc((size_t)n + 1, sizeof *v);
	for (int i = 0; v && i < n; i++) {
		lua_rawgeti(rt->L, -1, i + 1);
		v[i] = dup_top_string(rt->L, -1);
		lua_pop(rt->L, 1);
	}
	lua_pop(rt->L, 2);
	return v;
}

void labrt_free_strings(char **v)
{
	for (int i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

char *labrt_command(struct labrt *rt, int i, int k, int *term, char *err, size_t errlen)
{
	lua_State *L = rt->L;
	char *text = NULL;

	push_engine_fn(rt, "command");
	push_ref(rt, rt->run_ref);
	lua_pushinteger(L, i);
	lua_pushinteger(L, k);
	push_ref(rt, rt->ns_ref);
	if (limited_pcall(rt, 4, 2) != LUA_OK) {
		snprintf(err, errlen, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return NULL;
	}
	if (lua_type(L, -2) == LUA_TSTRING) {
		text = dup_top_string(L, -2);
		*term = (int)lua_tointeger(L, -1);
	} else {
		snprintf(err, errlen, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "no such command");
	}
	lua_pop(L, 2);
	return text;
}

static void push_record(lua_State *L, const struct labrt_record *rec)
{
	lua_createtable(L, 0, 7);
	lua_pushstring(L, rec->cmd ? rec->cmd : "");
	lua_setfield(L, -2, "cmd");
	lua_pushstring(L, rec->output ? rec->output : "");
	lua_setfield(L, -2, "output");
	if (rec->has_status) {
		lua_pushinteger(L, rec->status);
		lua_setfield(L, -2, "status");
	}
	lua_pushinteger(L, rec->term ? rec->term : 1);
	lua_setfield(L, -2, "term");
	lua_pushinteger(L, rec->depth);
	lua_setfield(L, -2, "depth");
	if (rec->shell > 0) {
		lua_pushinteger(L, rec->shell);
		lua_setfield(L, -2, "shell");
	}
}

int labrt_evaluate(struct labrt *rt, int i, const struct labrt_record *rec, int retry, char **message,
		   int *lab_error)
{
	lua_State *L = rt->L;
	int passed;

	*message = NULL;
	*lab_error = 0;
	rt->settled = 0;
	push_engine_fn(rt, "evaluate");
	push_ref(rt, rt->run_ref);
	lua_pushinteger(L, i);
	push_record(L, rec);
	push_ref(rt, rt->ns_ref);
	lua_pushboolean(L, retry);
	if (limited_pcall(rt, 5, 4) != LUA_OK) {
		*message = dup_top_string(L, -1);
		*lab_error = 1;
		lua_pop(L, 1);
		return 0;
	}
	passed = lua_toboolean(L, -4);
	if (lua_isstring(L, -3))
		*message = dup_top_string(L, -3);
	*lab_error = lua_toboolean(L, -2);
	rt->settled = !passed && lua_toboolean(L, -1);
	lua_pop(L, 4);
	return passed;
}

void labrt_advance(struct labrt *rt, int i, int passed)
{
	push_engine_fn(rt, "advance");
	push_ref(rt, rt->run_ref);
	lua_pushinteger(rt->L, i);
	lua_pushboolean(rt->L, passed);
	if (limited_pcall(rt, 3, 0) != LUA_OK)
		lua_pop(rt->L, 1);
}

char *labrt_hint(struct labrt *rt, int i, int *n, int *total)
{
	lua_State *L = rt->L;
	char *text = NULL;

	push_engine_fn(rt, "hint");
	push_ref(rt, rt->run_ref);
	lua_pushinteger(L, i);
	push_ref(rt, rt->ns_ref);
	if (limited_pcall(rt, 3, 3) != LUA_OK) {
		text = dup_top_string(L, -1);
		lua_pop(L, 1);
		*n = *total = 0;
		return text;
	}
	text = dup_top_string(L, -3);
	*n = (int)lua_tointeger(L, -2);
	*total = (int)lua_tointeger(L, -1);
	lua_pop(L, 3);
	return text;
}

char *labrt_answer(struct labrt *rt, int i, const char *answer, int *right)
{
	lua_State *L = rt->L;
	char *text;

	push_engine_fn(rt, "answer");
	push_ref(rt, rt->run_ref);
	lua_pushinteger(L, i);
	lua_pushstring(L, answer);
	if (limited_pcall(rt, 3, 2) != LUA_OK) {
		text = dup_top_string(L, -1);
		lua_pop(L, 1);
		*right = -1;
		return text;
	}
	*right = lua_isnil(L, -2) ? -1 : lua_toboolean(L, -2);
	text = dup_top_string(L, -1);
	lua_pop(L, 2);
	return text;
}

static char *call_text(struct labrt *rt, const char *fn, int i)
{
	lua_State *L = rt->L;
	char *text = NULL;

	push_engine_fn(rt, fn);
	push_ref(rt, rt->run_ref);
	lua_pushinteger(L, i);
	if (limited_pcall(rt, 2, 1) != LUA_OK) {
		lua_pop(L, 1);
		return NULL;
	}
	if (lua_type(L, -1) == LUA_TSTRING)
		text = dup_top_string(L, -1);
	lua_pop(L, 1);
	return text;
}

char *labrt_prediction_text(struct labrt *rt, int i)
{
	return call_text(rt, "prediction_text", i);
}

char *labrt_prediction_outcome(struct labrt *rt, int i)
{
	return call_text(rt, "prediction_outcome", i);
}
