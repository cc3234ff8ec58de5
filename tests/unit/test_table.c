/* The builtin table (shell/builtins/table.c, from list.h) and what is made
 * from each builtin's option declaration: the table is sorted (lookups use
 * bsearch), every declaration is well formed (unique letters and names, a
 * help line each, fits getopt's tables), and the usage lines, help lines
 * and option lookups come out as a reader expects. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "builtin.h"
#include "builtins/options.h"
#include "io.h"

static char *out_text;
static size_t out_len;

static int setup(void **state)
{
	nsh_stdout = open_memstream(&out_text, &out_len);
	return nsh_stdout ? 0 : -1;
}

static int teardown(void **state)
{
	fclose(nsh_stdout);
	nsh_stdout = NULL;
	free(out_text);
	out_text = NULL;
	return 0;
}

static const char *output(void)
{
	fflush(nsh_stdout);
	return out_text ? out_text : "";
}

/* Sorted by strcmp, hence no name twice; each found by builtin_find. */
static void test_sorted(void **state)
{
	for (size_t i = 0; i < builtin_count; i++) {
		if (i > 0 && strcmp(builtin_table[i - 1].name, builtin_table[i].name) >= 0)
			fail_msg("list.h: \"%s\" must come before \"%s\" (sorted by strcmp)",
				 builtin_table[i].name, builtin_table[i - 1].name);
		assert_ptr_equal(builtin_find(builtin_table[i].name), &builtin_table[i]);
	}
	assert_null(builtin_find("no-such-builtin"));
}

static int is_option(const struct builtin_option *o)
{
	return o->kind == OPTION_FLAG || o->kind == OPTION_VALUE || o->kind == OPTION_MAYBE ||
	       o->kind == OPTION_MAYBE_LONG;
}

/* One builtin's declaration: keys and names unique, letters printable and
 * not '?' or ':' (getopt's own answers), long-only keys from
 * OPTION_LONG_ONLY, a help line for each option and word, a value name for
 * each option with a value, and getopt's tables big enough. */
static void check_declaration(const struct builtin *b)
{
	char shortopts[512];
	struct option longopts[128];

	for (const struct builtin_option *o = b->options; o->kind != OPTION_END; o++) {
		if (o->kind == OPTION_TEXT) {
			if (!o->help || !*o->help)
				fail_msg("%s: an empty paragraph", b->name);
			continue;
		}
		if (!o->help || !*o->help)
			fail_msg("%s: option %s has no help line", b->name, o->name ? o->name : "(letter)");
		if (o->kind == OPTION_WORD) {
			if (!o->name || o->key)
				fail_msg("%s: a subcommand word needs a name and no key", b->name);
			continue;
		}
		int letter = o->key & ~OPTION_PLUS;

		if (letter < OPTION_LONG_ONLY && (!isalnum(letter) || letter == '?' || letter == ':'))
			fail_msg("%s: key %d is neither a letter nor from OPTION_LONG_ONLY", b->name, o->key);
		if (letter >= OPTION_LONG_ONLY && !o->name)
			fail_msg("%s: a long-only key without a long name", b->name);
		if (o->kind != OPTION_FLAG && !o->value_name)
			fail_msg("%s: --%s takes a value but the help does not name it", b->name, o->name);
		for (const struct builtin_option *p = b->options; p != o; p++) {
			if (!is_option(p))
				continue;
			if (p->key == o->key)
				fail_msg("%s: key %d declared twice", b->name, o->key);
			if (p->name && o->name && strcmp(p->name, o->name) == 0)
				fail_msg("%s: --%s declared twice", b->name, o->name);
		}
	}
	assert_true(builtin_getopt_tables(b->options, shortopts, sizeof shortopts, longopts, 97) >= 0);
}

static void test_declarations(void **state)
{
	for (size_t i = 0; i < builtin_count; i++)
		check_declaration(&builtin_table[i]);
}

/* Few options are written out (letters grouped, then each with a value),
 * many are "[options]"; --help is left out; words become [a|b]. */
static void test_usage_lines(void **state)
{
	assert_string_equal(builtin_usage(builtin_find("unshare")), "unshare [options] [COMMAND [ARGS...]]");
	assert_string_equal(builtin_usage(builtin_find("mountproc")), "mountproc [--force] [DIR]");
	assert_string_equal(builtin_usage(builtin_find("echo")), "echo [-neE] [ARG...]");
	assert_string_equal(builtin_usage(builtin_find("set")), "set [-o OPTION] [+o OPTION] [ARGS...]");
	assert_string_equal(builtin_usage(builtin_find("kill")),
			    "kill [-lL] [-s SIG] [-n N] [-SIG | -N] PID|%JOB...");
	assert_string_equal(builtin_usage(builtin_find("true")), "true");
	assert_string_equal(builtin_usage(builtin_find("cd")), "cd [DIR|-]");
	assert_non_null(strstr(builtin_usage(builtin_find("lab")), "lab [list|start|hint|"));
	/* made once */
	assert_ptr_equal(builtin_usage(builtin_find("cd")), builtin_usage(builtin_find("cd")));
}

/* The help: usage, summary, the paragraphs and option lines in their
 * order, each option's help in one column, its further lines under it. */
static void test_help(void **state)
{
	static const struct builtin_option opts[] = {
	    OPTION_PARAGRAPH("About it."),
	    {'f', "fork", OPTION_FLAG, ARG_NONE, NULL, "fork first"},
	    {'R', "root", OPTION_VALUE, ARG_DIR, "DIR", "chroot to DIR\nthen run"},
	    {300, "kill-child", OPTION_MAYBE, ARG_SIGNAL, "SIG", "a signal"},
	    {'s', NULL, OPTION_VALUE, ARG_SIGNAL, "SIG", "short only"},
	    OPTION_PARAGRAPH("After.\n"),
	    {0},
	};
	static const struct builtin b = {"demo", NULL, opts, "[ARG]", "a demo", ARG_NONE};

	builtin_print_help(&b);
	assert_string_equal(output(), "usage: demo [-f] [-R DIR] [--kill-child[=SIG]] [-s SIG] [ARG]\n"
				      "a demo\n"
				      "\n"
				      "About it.\n"
				      "\n"
				      "Options:\n"
				      " -f, --fork              fork first\n"
				      " -R, --root DIR          chroot to DIR\n"
				      "                         then run\n"
				      "     --kill-child[=SIG]  a signal\n"
				      " -s SIG                  short only\n"
				      "\n"
				      "After.\n");
}

static void test_help_of_table(void **state)
{
	builtin_print_help(builtin_find("mountproc"));
	assert_non_null(strstr(output(), "usage: mountproc [--force] [DIR]\nmount a fresh /proc"));
	assert_non_null(strstr(output(), "\nOptions:\n     --force  mount even"));
	assert_non_null(strstr(output(), " -h, --help   show this help\n"));
}

static void test_option_named(void **state)
{
	const struct builtin *unshare = builtin_find("unshare"), *set = builtin_find("set");
	const struct builtin_option *o;

	o = builtin_option_named(unshare, "-R");
	assert_non_null(o);
	assert_string_equal(o->name, "root");
	assert_ptr_equal(builtin_option_named(unshare, "--root"), o);
	assert_ptr_equal(builtin_option_named(unshare, "--root=/x"), o);
	assert_null(builtin_option_named(unshare, "--roo"));
	assert_null(builtin_option_named(unshare, "-Rx"));
	assert_null(builtin_option_named(unshare, "root"));
	assert_null(builtin_option_named(unshare, "-"));
	o = builtin_option_named(unshare, "--kill-child=TERM");
	assert_non_null(o);
	assert_int_equal(o->kind, OPTION_MAYBE);
	o = builtin_option_named(set, "+o");
	assert_non_null(o);
	assert_int_equal(o->key, 'o' | OPTION_PLUS);
	assert_int_equal(builtin_option_named(set, "-o")->key, 'o');
	assert_null(builtin_option_named(set, "+x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sorted),
	    cmocka_unit_test(test_declarations),
	    cmocka_unit_test(test_usage_lines),
	    cmocka_unit_test_setup_teardown(test_help, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_help_of_table, setup, teardown),
	    cmocka_unit_test(test_option_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
