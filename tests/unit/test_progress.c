/* The progress file (shell/lab/progress.c): round trip, resume point, reset, a
 * corrupt file moved aside, and a writer killed mid-write never leaving
 * a half-written file. */
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "lab/progress.h"

static char dir[64];
static char file[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/nsh-progress.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof file, "%s/state/nsh/progress.json", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Files in the progress directory whose name starts with prefix. */
static int count_files(const char *prefix)
{
	char d[160];
	DIR *dp;
	struct dirent *de;
	int n = 0;

	snprintf(d, sizeof d, "%s/state/nsh", dir);
	dp = opendir(d);
	if (!dp)
		return 0;
	while ((de = readdir(dp)) != NULL)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(dp);
	return n;
}

static void test_path(void **state)
{
	char buf[256];

	(void)state;
	setenv("XDG_STATE_HOME", "/x/state", 1);
	assert_string_equal(progress_path(buf, sizeof buf), "/x/state/nsh/progress.json");
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "/home/student", 1);
	assert_string_equal(progress_path(buf, sizeof buf), "/home/student/.local/state/nsh/progress.json");
	setenv("XDG_STATE_HOME", "relative", 1); /* not absolute: ignored, as the spec says */
	assert_string_equal(progress_path(buf, sizeof buf), "/home/student/.local/state/nsh/progress.json");
	unsetenv("XDG_STATE_HOME");
}

static void test_missing_file_is_empty(void **state)
{
	struct progress p;
	char warn[256];

	(void)state;
	assert_int_equal(progress_load(file, &p, warn, sizeof warn), 0);
	assert_int_equal(p.nlabs, 0);
	assert_string_equal(warn, "");
	progress_free(&p);
}

static void test_round_trip(void **state)
{
	struct progress p = {0}, q;
	struct progress_lab *l;
	char warn[256];
	time_t t0 = 1700000000;

	(void)state;
	l = progress_find(&p, "pid-basics", 1);
	progress_mark(l, 1, 'p', t0);
	progress_mark(l, 2, 's', t0 + 60);
	progress_mark(l, 4, 'p', t0 + 120);
	l = progress_find(&p, "we\"ird\\id", 1);
	progress_mark(l, 1, 'p', t0);
	l->completed = t0 + 5;
	assert_int_equal(progress_save(file, &p), 0); /* creates state/nsh/ */
	assert_int_equal(progress_load(file, &q, warn, sizeof warn), 0);
	assert_string_equal(warn, "");
	assert_int_equal(q.nlabs, 2);
	l = progress_find(&q, "pid-basics", 0);
	assert_non_null(l);
	assert_int_equal(progress_step_result(l, 1), 'p');
	assert_int_equal(progress_step_result(l, 2), 's');
	assert_int_equal(progress_step_result(l, 3), 0);
	assert_int_equal(progress_next_step(l, 5), 3);
	assert_int_equal(l->started, t0);
	assert_int_equal(l->updated, t0 + 120);
	assert_int_equal(l->completed, 0);
	l = progress_find(&q, "we\"ird\\id", 0);
	assert_non_null(l);
	assert_int_equal(l->completed, t0 + 5);
	assert_int_equal(progress_next_step(l, 1), 2); /* all done: nsteps + 1 */
	/* reset one, then all */
	progress_reset(&q, "pid-basics");
	assert_null(progress_find(&q, "pid-basics", 0));
	assert_int_equal(q.nlabs, 1);
	progress_reset(&q, NULL);
	assert_int_equal(q.nlabs, 0);
	progress_free(&p);
	progress_free(&q);
	assert_int_equal(count_files("progress.json.tmp"), 0);
}

static void check_corrupt(const char *text)
{
	struct progress p;
	char warn[1024];

	write_text(file, text);
	assert_int_equal(progress_load(file, &p, warn, sizeof warn), 0);
	assert_int_equal(p.nlabs, 0);
	assert_non_null(strstr(warn, "is corrupt"));
	assert_non_null(strstr(warn, ".corrupt-"));
	assert_int_equal(access(file, F_OK), -1); /* moved aside */
	progress_free(&p);
}

static void test_corrupt_file_moved_aside(void **state)
{
	struct progress p = {0};

	(void)state;
	assert_int_equal(progress_save(file, &p), 0);
	check_corrupt("{\"version\": 1, \"labs\": {\"x\": {\"steps\": {\"1\": {\"res");
	assert_int_equal(count_files("progress.json.corrupt-"), 1);
	check_corrupt("[1, 2, 3]"); /* valid JSON, wrong shape */
	check_corrupt("\x7f"
		      "ELF\x02\x01\x01"); /* not text at all */
	/* and saving afterwards works */
	assert_int_equal(progress_save(file, &p), 0);
	assert_int_equal(access(file, F_OK), 0);
}

/* A child saves two different versions in a loop; it is SIGKILLed at
 * varying moments.  Whatever is on disk must load cleanly as one of the
 * two versions: the rename is atomic. */
static void test_kill_during_write(void **state)
{
	struct progress a = {0}, b = {0};
	char name[32];

	(void)state;
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "lab-%03d", i);
		progress_mark(progress_find(&a, name, 1), 1, 'p', 1700000000);
	}
	for (int i = 0; i < 7; i++) {
		snprintf(name, sizeof name, "other-%d", i);
		progress_mark(progress_find(&b, name, 1), 2, 's', 1700000000);
	}
	assert_int_equal(progress_save(file, &b), 0);
	for (int round = 0; round < 25; round++) {
		pid_t pid = fork();
		struct timespec delay = {0, (round % 5) * 300000L + 50000L};
		struct progress got;
		char warn[1024];
		int status;

		assert_true(pid >= 0);
		if (pid == 0) {
			for (int k = 0;; k++)
				progress_save(file, k % 2 ? &a : &b);
		}
		nanosleep(&delay, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(progress_load(file, &got, warn, sizeof warn), 0);
		if (warn[0])
			fail_msg("round %d: %s", round, warn);
		assert_true(got.nlabs == 300 || got.nlabs == 7);
		progress_free(&got);
	}
	assert_int_equal(count_files("progress.json.corrupt-"), 0);
	progress_free(&a);
	progress_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_path),
	    cmocka_unit_test_setup_teardown(test_missing_file_is_empty, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_corrupt_file_moved_aside, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kill_during_write, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
