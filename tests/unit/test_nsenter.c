/* nsenter's command line (nsenter_parse_args): util-linux's options, short
 * and long, with and without =FILE; the checks that make a usage error
 * (status 2) before anything is forked.  The behaviour on the kernel is in
 * tests/integration/nsenter*.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <cmocka.h>

#include "builtins/nsenter.h"
#include "io.h"
#include "sys/ns.h"

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

/* Parse a NULL-terminated list of words; the error text is in err_text. */
static int parse(struct nsenter_request *req, ...)
{
	static char *argv[32]; /* the request points into it */
	int argc = 0;
	va_list ap;

	va_start(ap, req);
	argv[argc++] = "nsenter";
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	/* A fresh stream for each parse: a rewound one keeps the tail of a
	 * longer earlier message, which a strstr() below could match. */
	teardown(NULL);
	setup(NULL);
	int rc = nsenter_parse_args(argc, argv, req);
	fflush(nsh_stderr);
	return rc;
}

static size_t kind_index(const char *name)
{
	return (size_t)(ns_kind_by_name(name) - ns_kinds);
}

static void test_all_with_target(void **state)
{
	struct nsenter_request r;

	assert_int_equal(parse(&r, "-t", "42", "-a", "ps", "-ef", NULL), 0);
	assert_int_equal(r.target, 42);
	assert_true(r.all);
	assert_int_equal(r.from_target, 0);
	assert_string_equal(r.command[0], "ps");
	assert_string_equal(r.command[1], "-ef");
	assert_null(r.command[2]);
	assert_false(r.no_fork);
	assert_false(r.trace);

	assert_int_equal(parse(&r, "--target=42", "--all", NULL), 0);
	assert_int_equal(r.target, 42);
	assert_true(r.all);
	assert_null(r.command[0]);
	assert_int_equal(parse(&r, "-at42", NULL), 0); /* bundled, as getopt allows */
	assert_int_equal(r.target, 42);
	assert_true(r.all);
}

static void test_every_namespace_letter_and_long_name(void **state)
{
	struct nsenter_request r;

	assert_int_equal(parse(&r, "-t", "1", "-m", "-u", "-i", "-n", "-p", "-U", "-C", "-T", NULL), 0);
	assert_int_equal(r.from_target,
			 (unsigned long)(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET |
					 CLONE_NEWPID | CLONE_NEWUSER | CLONE_NEWCGROUP | 0x80));
	assert_int_equal(parse(&r, "-t", "1", "--mount", "--uts", "--ipc", "--net", "--pid", "--user",
			       "--cgroup", "--time", NULL),
			 0);
	assert_int_equal(r.from_target,
			 (unsigned long)(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET |
					 CLONE_NEWPID | CLONE_NEWUSER | CLONE_NEWCGROUP | 0x80));
	/* "-mp" is -m with the file "p" (an optional argument sticks), as in util-linux */
	assert_int_equal(parse(&r, "-t", "1", "-mp", NULL), 0);
	assert_string_equal(r.ns_file[kind_index("mnt")], "p");
	assert_int_equal(r.from_target, 0);
}

static void test_files(void **state)
{
	struct nsenter_request r;

	assert_int_equal(parse(&r, "--pid=/proc/7/ns/pid", "--mount=/proc/7/ns/mnt", "true", NULL), 0);
	assert_string_equal(r.ns_file[kind_index("pid")], "/proc/7/ns/pid");
	assert_string_equal(r.ns_file[kind_index("mnt")], "/proc/7/ns/mnt");
	assert_null(r.ns_file[kind_index("net")]);
	assert_int_equal(r.from_target, 0);
	assert_int_equal(r.target, 0);

	/* short forms take the file attached, as getopt's optional arguments */
	assert_int_equal(parse(&r, "-p/x/pid", "-U/x/user", NULL), 0);
	assert_string_equal(r.ns_file[kind_index("pid")], "/x/pid");
	assert_string_equal(r.ns_file[kind_index("user")], "/x/user");

	/* "--pid FILE" (a space): FILE is the command, as in util-linux */
	assert_int_equal(parse(&r, "-t", "3", "--pid", "/bin/true", NULL), 0);
	assert_int_equal(r.from_target, (unsigned long)CLONE_NEWPID);
	assert_string_equal(r.command[0], "/bin/true");

	/* --all with one namespace from a file */
	assert_int_equal(parse(&r, "-t", "3", "-a", "--mount=/m", NULL), 0);
	assert_true(r.all);
	assert_string_equal(r.ns_file[kind_index("mnt")], "/m");
}

static void test_other_options(void **state)
{
	struct nsenter_request r;

	assert_int_equal(
	    parse(&r, "-t", "9", "-U", "--preserve-credentials", "-F", "--trace", "-S", "5", "-G", "6", NULL),
	    0);
	assert_true(r.preserve_credentials);
	assert_true(r.no_fork);
	assert_true(r.trace);
	assert_true(r.uid_set);
	assert_true(r.gid_set);
	assert_int_equal(r.uid, 5);
	assert_int_equal(r.gid, 6);

	assert_int_equal(parse(&r, "-t", "9", "-r", "-w", NULL), 0);
	assert_int_equal(r.root_source, NSENTER_DIR_TARGET);
	assert_int_equal(r.wd_source, NSENTER_DIR_TARGET);
	assert_int_equal(parse(&r, "--root=/srv", "--wd=/tmp", NULL), 0);
	assert_int_equal(r.root_source, NSENTER_DIR_PATH);
	assert_string_equal(r.root_dir, "/srv");
	assert_int_equal(r.wd_source, NSENTER_DIR_PATH);
	assert_string_equal(r.wd_dir, "/tmp");

	assert_int_equal(parse(&r, "--setuid", "0", "--setgid", "0", "--no-fork", "id", NULL), 0);
	assert_true(r.uid_set);
	assert_int_equal(r.uid, 0);

	assert_int_equal(parse(&r, "-h", NULL), 0);
	assert_true(r.help);
}

static void test_command_keeps_its_options(void **state)
{
	struct nsenter_request r;

	assert_int_equal(parse(&r, "-t", "5", "-n", "ip", "-a", "-n", "link", NULL), 0);
	assert_int_equal(r.from_target, (unsigned long)CLONE_NEWNET);
	assert_false(r.all);
	assert_string_equal(r.command[0], "ip");
	assert_string_equal(r.command[1], "-a");
	assert_int_equal(parse(&r, "-t", "5", "-n", "--", "-weird", NULL), 0);
	assert_string_equal(r.command[0], "-weird");
}

static void test_usage_errors(void **state)
{
	struct nsenter_request r;

	assert_int_equal(parse(&r, "true", NULL), 2);
	assert_non_null(
	    strstr(err_text, "nsh: nsenter: no namespace specified: use -a or a namespace option\n"));
	assert_non_null(strstr(err_text, "usage: nsenter"));
	assert_int_equal(parse(&r, "-a", "true", NULL), 2);
	assert_non_null(strstr(err_text, "nsh: nsenter: --all: whose namespaces? give -t PID\n"));
	assert_int_equal(parse(&r, "-m", "true", NULL), 2);
	assert_non_null(strstr(err_text, "--mount needs a target: give -t PID or --mount=FILE"));
	assert_int_equal(parse(&r, "-w", "true", NULL), 2);
	assert_int_equal(parse(&r, "--frok", NULL), 2);
	assert_non_null(strstr(err_text, "nsh: nsenter: unrecognized option '--frok'"));
	assert_int_equal(parse(&r, "-x", NULL), 2);
	assert_non_null(strstr(err_text, "nsh: nsenter: invalid option -- 'x'"));
	assert_int_equal(parse(&r, "-t", NULL), 2);
	assert_non_null(strstr(err_text, "option requires an argument -- 't'"));
	assert_int_equal(parse(&r, "--target", NULL), 2);
	assert_non_null(strstr(err_text, "option '--target' requires an argument"));
	assert_int_equal(parse(&r, "-t", "abc", "-a", NULL), 2);
	assert_non_null(strstr(err_text, "nsh: nsenter: -t abc: not a PID (a whole number above 0)\n"));
	assert_int_equal(parse(&r, "-t", "0", "-a", NULL), 2);
	assert_int_equal(parse(&r, "-t", "-5", "-a", NULL), 2);
	assert_int_equal(parse(&r, "-t", "99999999999", "-a", NULL), 2);
	assert_int_equal(parse(&r, "-t", "1", "-a", "-S", "x", NULL), 2);
	assert_non_null(strstr(err_text, "invalid user ID: 'x'"));
	assert_int_equal(parse(&r, "-t", "1", "-a", "-G", "-1", NULL), 2);
	assert_non_null(strstr(err_text, "invalid group ID: '-1'"));
}

/* getopt state is reset on every call: a builtin runs many times in one
 * process. */
static void test_parse_twice(void **state)
{
	struct nsenter_request r;

	assert_int_equal(parse(&r, "-t", "1", "-a", "x", NULL), 0);
	assert_int_equal(parse(&r, "-t", "2", "-u", "y", NULL), 0);
	assert_int_equal(r.target, 2);
	assert_false(r.all);
	assert_string_equal(r.command[0], "y");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_all_with_target, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_every_namespace_letter_and_long_name, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_other_options, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_command_keeps_its_options, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parse_twice, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
