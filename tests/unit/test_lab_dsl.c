/* The lab DSL: the Lua tests in tests/lua/ (lua/lab.lua's loading,
 * validation, step order, remembered values, hints, predictions, the
 * restricted environment), and the C bridge (lua/labrt.c): errors with
 * file:line and the time limit on checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "labrt.h"

static void run_lua_file(const char *path)
{
	lua_State *L = luaL_newstate();

	luaL_openlibs(L);
	if (luaL_dofile(L, path) != LUA_OK)
		fail_msg("%s: %s", path, lua_tostring(L, -1));
	lua_close(L);
}

static void test_dsl(void **state)
{
	(void)state;
	run_lua_file("tests/lua/test_dsl.lua");
}

static void test_util(void **state)
{
	(void)state;
	run_lua_file("tests/lua/test_util.lua");
}

static void test_restricted_environment(void **state)
{
	(void)state;
	run_lua_file("tests/lua/test_env.lua");
}

static void test_labrt_syntax_error(void **state)
{
	struct labrt rt;
	char err[1024];

	(void)state;
	assert_int_equal(labrt_open(&rt, ".", err, sizeof err), 0);
	assert_int_equal(labrt_load(&rt, "tests/lua/labs/syntax_error.lua", "/proc", err, sizeof err), -1);
	if (!strstr(err, "tests/lua/labs/syntax_error.lua:5:"))
		fail_msg("no file:line: %s", err);
	labrt_close(&rt);
}

static void test_labrt_endless_check_is_stopped(void **state)
{
	struct labrt rt;
	char err[1024], *message = NULL;
	struct labrt_record rec = {.cmd = "true", .output = "", .has_status = 1, .term = 1};
	int lab_error = 0;
	struct timespec a, b;

	(void)state;
	assert_int_equal(labrt_open(&rt, ".", err, sizeof err), 0);
	assert_int_equal(labrt_load(&rt, "tests/lua/labs/endless.lua", "/proc", err, sizeof err), 0);
	rt.time_limit = 0.3;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_false(labrt_evaluate(&rt, 1, &rec, 0, &message, &lab_error));
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_true(lab_error);
	assert_non_null(message);
	assert_non_null(strstr(message, "endless loop"));
	assert_true((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < 2000);
	free(message);
	/* the state still works afterwards */
	rec.cmd = "anything";
	assert_false(labrt_evaluate(&rt, 1, &rec, 0, &message, &lab_error));
	free(message);
	labrt_close(&rt);
}

static void test_labrt_fields_and_evaluate(void **state)
{
	struct labrt rt;
	char err[1024], *s, *message = NULL, **needs;
	struct labrt_record rec = {.cmd = "kill 99999",
				   .output = "nsh: kill: (99999) - No such process",
				   .has_status = 1,
				   .status = 1,
				   .term = 1};
	int lab_error, term = 0, n, total;

	(void)state;
	assert_int_equal(labrt_open(&rt, ".", err, sizeof err), 0);
	assert_int_equal(labrt_load(&rt, "labs/example.lua", "/proc", err, sizeof err), 0);
	assert_int_equal(rt.nsteps, 4);
	s = labrt_lab_string(&rt, "id");
	assert_string_equal(s, "example");
	free(s);
	s = labrt_step_string(&rt, 1, "example");
	assert_string_equal(s, "mount-proc-flag");
	free(s);
	assert_null(labrt_step_string(&rt, 2, "example"));
	assert_int_equal(labrt_step_ncommands(&rt, 1), 1);
	needs = labrt_needs(&rt);
	assert_non_null(needs);
	assert_null(needs[0]);
	labrt_free_strings(needs);
	s = labrt_command(&rt, 1, 1, &term, err, sizeof err);
	assert_string_equal(s, "ps -ef");
	assert_int_equal(term, 1);
	free(s);
	/* step 3's command needs step 2's remembered PID: a clear error */
	assert_null(labrt_command(&rt, 3, 1, &term, err, sizeof err));
	assert_non_null(strstr(err, "example.lua:"));
	assert_true(labrt_evaluate(&rt, 4, &rec, 0, &message, &lab_error));
	free(message);
	rec.status = 0;
	assert_false(labrt_evaluate(&rt, 4, &rec, 0, &message, &lab_error));
	assert_non_null(strstr(message, "expected to fail"));
	free(message);
	s = labrt_hint(&rt, 1, &n, &total);
	assert_int_equal(n, 1);
	assert_int_equal(total, 2);
	free(s);
	s = labrt_prediction_text(&rt, 2);
	assert_non_null(strstr(s, "What PID"));
	free(s);
	s = labrt_answer(&rt, 2, "1", &n);
	assert_int_equal(n, 1);
	free(s);
	labrt_close(&rt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dsl),
	    cmocka_unit_test(test_util),
	    cmocka_unit_test(test_restricted_environment),
	    cmocka_unit_test(test_labrt_syntax_error),
	    cmocka_unit_test(test_labrt_endless_check_is_stopped),
	    cmocka_unit_test(test_labrt_fields_and_evaluate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
