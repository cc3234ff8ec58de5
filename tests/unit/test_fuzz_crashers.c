/* Every input a fuzz target (tests/fuzz/) found to crash or trip a
 * sanitizer, replayed as a unit test once fixed.  Under `make asan` these
 * run with ASan and UBSan, which is where the original reports came from.
 * The crashing inputs themselves are also kept in the fuzz seed corpora
 * (tests/fuzz/corpus/<target>/crash-*), so the fuzzers re-run them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "builtin.h"
#include "io.h"
#include "sys/proc.h"

/* fuzz_builtins, input "---p\0/" (pidtree/lsns with --proc /): a proc root
 * without a single numeric entry made list_numeric_entries call
 * qsort(NULL, 0, ...), which UBSan reports (the argument is nonnull). */
static void test_proc_list_pids_of_a_directory_without_pids(void **state)
{
	char dir[] = "/tmp/nsh-crasher.XXXXXX";
	pid_t *pids = (pid_t *)1;
	size_t n = 99;
	(void)state;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(proc_list_pids(dir, &pids, &n), 0);
	assert_int_equal(n, 0);
	free(pids);
	assert_int_equal(proc_list_pids("/", &pids, &n), 0);
	assert_int_equal(n, 0);
	free(pids);
	rmdir(dir);
}

/* The same path for threads: a PID directory whose task/ is empty. */
static void test_proc_list_tasks_of_an_empty_task_dir(void **state)
{
	char root[] = "/tmp/nsh-crasher.XXXXXX", path[128];
	pid_t *tids = (pid_t *)1;
	size_t n = 99;
	(void)state;

	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof path, "%s/7", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/7/task", root);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(proc_list_tasks(root, 7, &tids, &n), 0);
	assert_int_equal(n, 0);
	free(tids);
	rmdir(path);
	snprintf(path, sizeof path, "%s/7", root);
	rmdir(path);
	rmdir(root);
}

/* fuzz_builtins, the same input after the fix above: `pidtree --proc DIR`
 * on a proc root without processes built an empty tree and called
 * bsearch(NULL, 0, ...) (UBSan).  lsns takes the same path. */
static void test_pidtree_and_lsns_on_a_proc_root_without_processes(void **state)
{
	char dir[] = "/tmp/nsh-crasher.XXXXXX";
	char *pidtree_argv[] = {"pidtree", "--proc", dir, NULL};
	char *pidtree_pid_argv[] = {"pidtree", "--proc", dir, "1", NULL};
	char *lsns_argv[] = {"lsns", "--proc", dir, NULL};
	FILE *out = fopen("/dev/null", "w"), *err = fopen("/dev/null", "w");
	(void)state;

	assert_non_null(mkdtemp(dir));
	assert_non_null(out);
	assert_non_null(err);
	nsh_stdout = out;
	nsh_stderr = err;
	assert_in_range(builtin_pidtree(NULL, 3, pidtree_argv), 0, 2);
	assert_in_range(builtin_pidtree(NULL, 4, pidtree_pid_argv), 1, 2);
	assert_in_range(builtin_lsns(NULL, 3, lsns_argv), 0, 2);
	nsh_stdout = NULL;
	nsh_stderr = NULL;
	fclose(out);
	fclose(err);
	rmdir(dir);
}

/* fuzz_builtins: `kill -l RTMAX+55000...0` overflowed a long while adding
 * the offset to SIGRTMAX (UBSan: signed integer overflow).  Only -l here:
 * it parses the signal and sends nothing. */
static void test_kill_rt_signal_with_a_huge_offset(void **state)
{
	char *argv1[] = {"kill", "-l", "RTMAX+9223372036854775807", NULL};
	char *argv2[] = {"kill", "-l", "RTMIN+-9223372036854775807", NULL};
	char *argv3[] = {"kill", "-l", "SIGRTMAX+99999999999999999999999", NULL};
	char *argv4[] = {"kill", "-l", "RTMIN+1", NULL};
	FILE *out = fopen("/dev/null", "w");
	(void)state;

	assert_non_null(out);
	nsh_stdout = out;
	nsh_stderr = out;
	assert_int_equal(builtin_kill(NULL, 3, argv1), 1);
	assert_int_equal(builtin_kill(NULL, 3, argv2), 1);
	assert_int_equal(builtin_kill(NULL, 3, argv3), 1);
	assert_int_equal(builtin_kill(NULL, 3, argv4), 0);
	nsh_stdout = NULL;
	nsh_stderr = NULL;
	fclose(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_proc_list_pids_of_a_directory_without_pids),
	    cmocka_unit_test(test_proc_list_tasks_of_an_empty_task_dir),
	    cmocka_unit_test(test_pidtree_and_lsns_on_a_proc_root_without_processes),
	    cmocka_unit_test(test_kill_rt_signal_with_a_huge_offset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
