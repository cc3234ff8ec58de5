/* The argument helpers every builtin shares (shell/builtins/options.c):
 * the getopt tables made from a declaration, how a getopt error names the
 * option the user typed, and which words are a uid/gid or a PID.  Run
 * through the real getopt_long (builtin_getopt), with unshare's kinds of
 * options (a long option whose value is no letter, one without argument,
 * an optional value, an unknown letter inside a group). */
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

enum { OPT_MAP_USER = OPTION_LONG_ONLY, OPT_KILL_CHILD };

static const struct builtin_option options[] = {
    OPTION_PARAGRAPH("not an option"),
    {'a', "all", OPTION_FLAG, ARG_NONE, NULL, "all"},
    {'f', NULL, OPTION_FLAG, ARG_NONE, NULL, "fork"},
    {'R', "root", OPTION_VALUE, ARG_DIR, "DIR", "root"},
    {'m', "mount", OPTION_MAYBE, ARG_FILE, "FILE", "mount"},
    {'u', "uts", OPTION_MAYBE_LONG, ARG_FILE, "FILE", "uts: -u takes no value"},
    {OPT_MAP_USER, "map-user", OPTION_VALUE, ARG_NONE, "UID", "map"},
    {OPT_KILL_CHILD, "kill-child", OPTION_MAYBE, ARG_SIGNAL, "SIGNAL", "kill"},
    {'o' | OPTION_PLUS, NULL, OPTION_VALUE, ARG_SETOPT, "OPTION", "not for getopt"},
    {0, "list", OPTION_WORD, ARG_NONE, NULL, "not for getopt"},
    {0},
};

/* The tables getopt_long gets: every option with a letter in the short
 * string (':' for a value, '::' for an optional one), every option with a
 * name in the long table, with its key; paragraphs, words and "+x"
 * options in neither. */
static void test_getopt_tables(void **state)
{
	char shortopts[64];
	struct option longopts[16];
	int n = builtin_getopt_tables(options, shortopts, sizeof shortopts, longopts, 16);

	assert_int_equal(n, 6);
	assert_string_equal(shortopts, "+:afR:m::u");
	assert_string_equal(longopts[0].name, "all");
	assert_int_equal(longopts[0].has_arg, no_argument);
	assert_int_equal(longopts[0].val, 'a');
	assert_string_equal(longopts[1].name, "root");
	assert_int_equal(longopts[1].has_arg, required_argument);
	assert_string_equal(longopts[2].name, "mount");
	assert_int_equal(longopts[2].has_arg, optional_argument);
	assert_string_equal(longopts[3].name, "uts");
	assert_int_equal(longopts[3].has_arg, optional_argument);
	assert_int_equal(longopts[4].val, OPT_MAP_USER);
	assert_string_equal(longopts[5].name, "kill-child");
	assert_int_equal(longopts[5].has_arg, optional_argument);
	assert_null(longopts[6].name);
	/* too small: said so, not overrun */
	assert_int_equal(builtin_getopt_tables(options, shortopts, 5, longopts, 16), -1);
	assert_int_equal(builtin_getopt_tables(options, shortopts, sizeof shortopts, longopts, 3), -1);
}

/* What builtin_getopt returns for the words: keys and values in order. */
static const char *parsed(char *const *words)
{
	static char out[256];
	char *argv[16] = {"unshare"};
	int argc = 1, c;
	size_t used = 0;

	while (words[argc - 1])
		argv[argc] = words[argc - 1], argc++;
	optind = 0;
	out[0] = '\0';
	while ((c = builtin_getopt(argc, argv, options)) != -1)
		used += (size_t)snprintf(out + used, sizeof out - used, "%s%d=%s", used ? " " : "", c,
					 optarg ? optarg : "-");
	snprintf(out + used, sizeof out - used, " rest=%s", optind < argc ? argv[optind] : "-");
	return out;
}

static void test_getopt(void **state)
{
	char buf[128];

	snprintf(buf, sizeof buf, "%d=- %d=/x %d=- %d=FILE %d=7 %d=- %d=KILL rest=cmd", 'a', 'R', 'f', 'm',
		 OPT_MAP_USER, OPT_KILL_CHILD, OPT_KILL_CHILD);
	assert_string_equal(parsed((char *[]){"-a", "--root", "/x", "-f", "-mFILE", "--map-user=7",
					      "--kill-child", "--kill-child=KILL", "cmd", "-a", NULL}),
			    buf);
	/* "+": the first operand ends the options */
	snprintf(buf, sizeof buf, "%d=- rest=x", 'f');
	assert_string_equal(parsed((char *[]){"-f", "x", "-a", NULL}), buf);
	/* a value only in the long form: "-ua" is -u -a */
	snprintf(buf, sizeof buf, "%d=- %d=- %d=F rest=-", 'u', 'a', 'u');
	assert_string_equal(parsed((char *[]){"-ua", "--uts=F", NULL}), buf);
	/* ":" first: a missing value is ':', not '?' */
	assert_string_equal(parsed((char *[]){"-R", NULL}), "58=- rest=-");
}

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
	while ((c = builtin_getopt(argc, argv, options)) != -1)
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
	    cmocka_unit_test(test_getopt_tables),
	    cmocka_unit_test(test_getopt),
	    cmocka_unit_test_setup_teardown(test_option_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_usage_errorf, setup, teardown),
	    cmocka_unit_test(test_parse_id),
	    cmocka_unit_test(test_parse_pid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
