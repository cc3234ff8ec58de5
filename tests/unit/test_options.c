/* The argument helpers every builtin shares (shell/builtins/options.c):
 * how a getopt error names the option the user typed, and which words are
 * a uid/gid or a PID.  Run through the real getopt_long, with unshare's
 * kinds of options (a long option whose value is no letter, one without
 * argument, an unknown letter inside a group). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include <cmocka.h>

#include "builtins/options.h"
#include "io.h"

static char *err_text;
static size_t err_len;

static int setup(void **state)
{
	nsh_stderr = open_memstream(&err_text, &err_len);
	return nsh_stderr ? 0 : -1;
}

static int teardown(void **state)
{
	fclose(nsh_stderr);
	nsh_stderr = NULL;
	free(err_text);
	err_text = NULL;
	return 0;
}

enum { OPT_MAP_USER = 256 };

static const struct option options[] = {
    {"all", no_argument, NULL, 'a'},
    {"root", required_argument, NULL, 'R'},
    {"map-user", required_argument, NULL, OPT_MAP_USER},
    {NULL, 0, NULL, 0},
};

/* Run getopt over the words until its first error; the message it gives. */
static const char *first_error(const char *first, ...)
{
	char *argv[16] = {"unshare", (char *)first};
	int argc = 2, c;
	va_list ap;

	va_start(ap, first);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	teardown(NULL); /* a fresh stream: rewinding one would keep a longer tail */
	setup(NULL);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:afR:", options, NULL)) != -1)
		if (c == '?' || c == ':') {
			builtin_report_option_error("unshare", c, argv);
			break;
		}
	fflush(nsh_stderr);
	return err_text ? err_text : "";
}

static void test_option_errors(void **state)
{
	assert_string_equal(first_error("--frok", NULL), "nsh: unshare: unrecognized option '--frok'\n");
	assert_string_equal(first_error("-x", NULL), "nsh: unshare: invalid option -- 'x'\n");
	assert_string_equal(first_error("-R", NULL), "nsh: unshare: option requires an argument -- 'R'\n");
	/* the long spelling, not the letter or the value behind it */
	assert_string_equal(first_error("--root", NULL),
			    "nsh: unshare: option '--root' requires an argument\n");
	assert_string_equal(first_error("--map-user", NULL),
			    "nsh: unshare: option '--map-user' requires an argument\n");
	assert_string_equal(first_error("--all=yes", NULL),
			    "nsh: unshare: option '--all' takes no argument\n");
	/* an unknown letter inside a group after a long option */
	assert_string_equal(first_error("--all", "-xf", NULL), "nsh: unshare: invalid option -- 'x'\n");
}

static void test_usage_errorf(void **state)
{
	fflush(nsh_stderr);
	rewind(nsh_stderr);
	assert_int_equal(builtin_usage_errorf("mountproc", "too many arguments: '%s'", "b"), 2);
	fflush(nsh_stderr);
	assert_non_null(strstr(err_text, "nsh: mountproc: too many arguments: 'b'\nusage: mountproc"));
}

static void test_parse_id(void **state)
{
	assert_int_equal(builtin_parse_id("0"), 0);
	assert_int_equal(builtin_parse_id("65534"), 65534);
	assert_int_equal(builtin_parse_id("4294967294"), 4294967294L); /* the highest uid */
	assert_int_equal(builtin_parse_id("4294967295"), -1);	       /* (uid_t)-1: no id */
	assert_int_equal(builtin_parse_id("99999999999999999999"), -1);
	assert_int_equal(builtin_parse_id("-1"), -1);
	assert_int_equal(builtin_parse_id("+1"), -1);
	assert_int_equal(builtin_parse_id(" 1"), -1);
	assert_int_equal(builtin_parse_id("1x"), -1);
	assert_int_equal(builtin_parse_id(""), -1);
	assert_int_equal(builtin_parse_id(NULL), -1);
}

static void test_parse_pid(void **state)
{
	assert_int_equal(builtin_parse_pid("1"), 1);
	assert_int_equal(builtin_parse_pid("2147483647"), 2147483647);
	assert_int_equal(builtin_parse_pid("2147483648"), 0);
	assert_int_equal(builtin_parse_pid("0"), 0);
	assert_int_equal(builtin_parse_pid("-5"), 0);
	assert_int_equal(builtin_parse_pid("abc"), 0);
	assert_int_equal(builtin_parse_pid("12x"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_option_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_usage_errorf, setup, teardown),
	    cmocka_unit_test(test_parse_id),
	    cmocka_unit_test(test_parse_pid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
