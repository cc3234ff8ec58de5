/* The executor and the line feeder inside one process: syntax errors with
 * line and column (also on later lines of a multi-line input), the shell
 * going on after them, variables and NAME=value, $?, exit, positional
 * parameters, and the save/restore of a builtin's redirections.  Commands
 * here are builtins run in the shell, so every effect is visible in this
 * process; real children are covered by tests/integration/core_*.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "exec.h"
#include "io.h"
#include "jobs.h"
#include "nsh.h"

static struct shell shell;
static char *err_text;
static size_t err_len;

static int setup(void **state)
{
	(void)state;
	memset(&shell, 0, sizeof shell);
	shell.tty_fd = -1;
	shell.pid = getpid();
	shell.arg0 = "nsh";
	shell.opt_hints = 0;
	nsh_shell = &shell;
	jobs_init(&shell);
	shell_set_params(&shell, NULL, 0, NULL, NULL);
	nsh_stderr = open_memstream(&err_text, &err_len);
	return nsh_stderr ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fclose(nsh_stderr);
	nsh_stderr = NULL;
	free(err_text);
	err_text = NULL;
	free(shell.jobs);
	shell_free_params(shell.params);
	nsh_shell = NULL;
	return 0;
}

/* What the shell printed on its error stream since the last call. */
static const char *errors(void)
{
	static char copy[4096];

	fflush(nsh_stderr);
	snprintf(copy, sizeof copy, "%s", err_text ? err_text : "");
	fclose(nsh_stderr);
	free(err_text);
	err_text = NULL;
	nsh_stderr = open_memstream(&err_text, &err_len);
	return copy;
}

static void test_syntax_error_line_and_column(void **state)
{
	(void)state;
	assert_int_equal(shell_run_string(&shell, "echo a | | b", "-c"), 2);
	assert_string_equal(errors(), "nsh: -c: line 1, column 10: syntax error near unexpected token `|'\n");
}

static void test_syntax_error_on_a_later_line(void **state)
{
	(void)state;
	shell_run_string(&shell, "true\n\nexport A=1; echo | | x", "-c");
	assert_string_equal(errors(), "nsh: -c: line 3, column 20: syntax error near unexpected token `|'\n");
}

static void test_syntax_error_inside_a_continued_line(void **state)
{
	(void)state;
	/* The quote opens on line 1 and the error is on line 2 after it. */
	shell_run_string(&shell, "echo 'a\nb' | | c", "f.nsh");
	assert_string_equal(errors(),
			    "nsh: f.nsh: line 2, column 6: syntax error near unexpected token `|'\n");
}

static void test_shell_goes_on_after_a_syntax_error(void **state)
{
	(void)state;
	unsetenv("GOES_ON");
	assert_int_equal(shell_run_string(&shell, "echo |;\nexport GOES_ON=yes", "-c"), 0);
	assert_string_equal(getenv("GOES_ON"), "yes");
	errors();
}

static void test_interactive_error_names_the_column_only(void **state)
{
	(void)state;
	shell.interactive = 1;
	shell_run_string(&shell, "true &&&& x", NULL);
	shell.interactive = 0;
	assert_non_null(strstr(errors(), "nsh: column "));
}

static void test_incomplete_input_at_the_end(void **state)
{
	(void)state;
	assert_int_equal(shell_run_string(&shell, "true &&", "-c"), 2);
	assert_non_null(strstr(errors(), "nsh: -c: line 1, column "));
}

static void test_assignment_alone_sets_and_exports(void **state)
{
	(void)state;
	unsetenv("NSH_T1");
	shell_run_string(&shell, "NSH_T1='a b'", "-c");
	assert_string_equal(getenv("NSH_T1"), "a b");
	assert_string_equal(shell_getvar(&shell, "NSH_T1"), "a b");
}

static void test_assignment_before_a_builtin_is_temporary(void **state)
{
	(void)state;
	setenv("NSH_T2", "outer", 1);
	unsetenv("NSH_T3");
	shell_run_string(&shell, "NSH_T2=inner NSH_T3=x true", "-c");
	assert_string_equal(getenv("NSH_T2"), "outer");
	assert_null(getenv("NSH_T3"));
}

static void test_status_and_and_or(void **state)
{
	(void)state;
	shell_run_string(
	    &shell, "false; export S1=$?; true && export S2=ok || export S2=no; false || export S3=$?", "-c");
	assert_string_equal(getenv("S1"), "1");
	assert_string_equal(getenv("S2"), "ok");
	assert_string_equal(getenv("S3"), "1");
}

static void test_exit_stops_the_input(void **state)
{
	(void)state;
	unsetenv("AFTER_EXIT");
	shell_run_string(&shell, "exit 7\nexport AFTER_EXIT=1", "-c");
	assert_int_equal(shell.exiting, 1);
	assert_int_equal(shell.exit_status, 7);
	assert_null(getenv("AFTER_EXIT"));
	shell.exiting = 0;
}

static void test_positional_parameters(void **state)
{
	char *args[] = {"one", "two words"};
	(void)state;
	shell_set_params(&shell, args, 2, NULL, NULL);
	shell_run_string(&shell, "export P=\"$# $1 $2\"", "-c");
	assert_string_equal(getenv("P"), "2 one two words");
	shell_run_string(&shell, "set -- x; export P=\"$# $1\"", "-c");
	assert_string_equal(getenv("P"), "1 x");
}

static void test_builtin_redirection_is_restored(void **state)
{
	char path[] = "/tmp/nsh-test-exec.XXXXXX", cmd[128], buf[64] = "";
	struct stat before, after;
	FILE *f;
	int fd = mkstemp(path);
	(void)state;

	assert_true(fd >= 0);
	close(fd);
	fflush(stdout);
	assert_int_equal(fstat(1, &before), 0);
	snprintf(cmd, sizeof cmd, "echo into-file > %s; echo more >> %s", path, path);
	shell_run_string(&shell, cmd, "-c");
	assert_int_equal(fstat(1, &after), 0);
	assert_true(before.st_ino == after.st_ino && before.st_dev == after.st_dev);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof buf - 1, f) > 0, 1);
	fclose(f);
	unlink(path);
	assert_string_equal(buf, "into-file\nmore\n");
}

static void test_failed_redirection_runs_nothing(void **state)
{
	(void)state;
	errors();
	unsetenv("NOT_SET");
	assert_int_equal(shell_run_string(&shell, "export NOT_SET=1 < /nonexistent-nsh", "-c"), 1);
	assert_null(getenv("NOT_SET"));
	assert_string_equal(errors(), "nsh: /nonexistent-nsh: No such file or directory\n");
}

static void test_valid_names(void **state)
{
	(void)state;
	assert_true(shell_valid_name("_a1", 3));
	assert_true(shell_valid_name("A", 1));
	assert_false(shell_valid_name("1a", 2));
	assert_false(shell_valid_name("a-b", 3));
	assert_false(shell_valid_name("", 0));
	assert_int_equal(shell_setvar(&shell, "bad-name", "x"), -22);
}

static void test_special_parameters(void **state)
{
	const struct expand_env *env = shell_expand_env(&shell);
	char pid[16];
	(void)state;

	shell.status = 42;
	shell.last_bg = 0;
	assert_string_equal(env->lookup(env->ctx, "?"), "42");
	snprintf(pid, sizeof pid, "%d", (int)getpid());
	assert_string_equal(env->lookup(env->ctx, "$"), pid);
	assert_null(env->lookup(env->ctx, "!"));
	shell.last_bg = 4711;
	assert_string_equal(env->lookup(env->ctx, "!"), "4711");
	assert_string_equal(env->lookup(env->ctx, "0"), "nsh");
	shell.status = 0;
}

static void test_job_specs(void **state)
{
	struct job *a, *b;
	(void)state;

	errors();
	a = job_new(&shell, "sleep 10", 1);
	job_add_proc(a, 999991);
	b = job_new(&shell, "cat file", 1);
	job_add_proc(b, 999992);
	assert_ptr_equal(job_from_spec(&shell, "t", "%1"), a);
	assert_ptr_equal(job_from_spec(&shell, "t", "%%"), b);
	assert_ptr_equal(job_from_spec(&shell, "t", "%-"), a);
	assert_ptr_equal(job_from_spec(&shell, "t", "%cat"), b);
	assert_ptr_equal(job_from_spec(&shell, "t", "999991"), a);
	assert_null(job_from_spec(&shell, "t", "%7"));
	assert_string_equal(errors(), "nsh: t: %7: no such job\n");
	/* a stopped job becomes the current one */
	a->procs[0].state = JOB_STOPPED;
	assert_ptr_equal(job_current(&shell), a);
	assert_ptr_equal(job_previous(&shell), b);
	assert_int_equal(job_state(a), JOB_STOPPED);
	job_remove(&shell, a);
	job_remove(&shell, b);
	assert_null(shell.jobs->head);
}

static void test_wait_status_to_exit(void **state)
{
	(void)state;
	assert_int_equal(wait_status_to_exit(3 << 8), 3);
	assert_int_equal(wait_status_to_exit(9), 137);
	assert_int_equal(wait_status_to_exit(0x7f | (19 << 8)), 128 + 19);
	assert_string_equal(signal_description(9), "Killed");
	assert_string_equal(signal_description(15), "Terminated");
}

/* The PATH search shared by the executor, --trace and explain: a directory
 * or a file we may not run, earlier on the path, is passed over; a file
 * that is there but not executable is 126 when nothing else is found. */
static void test_search_path(void **state)
{
	char dir[] = "/tmp/nsh-test-exec.XXXXXX", sub[64], file[96], dirs[256];
	char *path;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/true", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(file, sizeof file, "%s/nsh-test-noexec", dir);
	assert_non_null(f = fopen(file, "w"));
	fclose(f);
	snprintf(dirs, sizeof dirs, "%s:/usr/bin:/bin", dir);

	assert_int_equal(exec_search_path("true", dirs, &path), 0);
	assert_string_equal(path, "/usr/bin/true");
	free(path);
	assert_int_equal(exec_search_path("nsh-test-noexec", dirs, &path), 126);
	assert_string_equal(path, file);
	free(path);
	assert_int_equal(exec_search_path("nsh-test-nothing", dirs, &path), 127);
	assert_null(path);
	assert_int_equal(exec_search_path("./x/y", dirs, &path), 0);
	assert_string_equal(path, "./x/y");
	free(path);
	assert_int_equal(exec_search_path("", dirs, &path), 127);

	unlink(file);
	rmdir(sub);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_syntax_error_line_and_column),
	    cmocka_unit_test(test_syntax_error_on_a_later_line),
	    cmocka_unit_test(test_syntax_error_inside_a_continued_line),
	    cmocka_unit_test(test_shell_goes_on_after_a_syntax_error),
	    cmocka_unit_test(test_interactive_error_names_the_column_only),
	    cmocka_unit_test(test_incomplete_input_at_the_end),
	    cmocka_unit_test(test_assignment_alone_sets_and_exports),
	    cmocka_unit_test(test_assignment_before_a_builtin_is_temporary),
	    cmocka_unit_test(test_status_and_and_or),
	    cmocka_unit_test(test_exit_stops_the_input),
	    cmocka_unit_test(test_positional_parameters),
	    cmocka_unit_test(test_builtin_redirection_is_restored),
	    cmocka_unit_test(test_failed_redirection_runs_nothing),
	    cmocka_unit_test(test_valid_names),
	    cmocka_unit_test(test_special_parameters),
	    cmocka_unit_test(test_job_specs),
	    cmocka_unit_test(test_wait_status_to_exit),
	    cmocka_unit_test(test_search_path),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
