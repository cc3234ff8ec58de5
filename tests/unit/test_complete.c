/* Tab completion as pure functions of the line and the cursor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "builtin.h"
#include "complete.h"

static char tmpdir[] = "/tmp/nsh-complete.XXXXXX";

static void make_file(const char *rel, mode_t mode)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	chmod(path, mode);
}

/* A PATH with known programs and a data directory with known labs. */
static int setup(void **state)
{
	char path[512];

	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(path, sizeof path, "%s/bin", tmpdir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/labs", tmpdir);
	mkdir(path, 0755);
	make_file("bin/bash", 0755);
	make_file("bin/unshare", 0755); /* also a builtin: listed once */
	make_file("bin/unsplit", 0755);
	make_file("bin/unsafe-not-executable", 0644);
	make_file("labs/pid-basics.lua", 0644);
	make_file("labs/pid-nesting.lua", 0644);
	make_file("labs/notes.txt", 0644);
	snprintf(path, sizeof path, "%s/bin", tmpdir);
	setenv("PATH", path, 1);
	setenv("NSH_DATADIR", tmpdir, 1);
	unsetenv("NSH_PROC");
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "/bin/rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The candidates for line with the cursor at its end, joined by spaces,
 * "<files>" / "<dirs>" appended when readline's file names are wanted. */
static char result[8192];

static const char *complete(const char *line)
{
	struct completion c;
	size_t used = 0;

	assert_int_equal(complete_line(line, strlen(line), &c), 0);
	result[0] = '\0';
	for (size_t i = 0; i < c.n; i++)
		used +=
		    snprintf(result + used, sizeof result - used, "%s%s", used ? " " : "", c.items[i].word);
	if (c.files == COMPLETE_FILES)
		snprintf(result + used, sizeof result - used, "%s<files>", used ? " " : "");
	if (c.files == COMPLETE_DIRECTORIES)
		snprintf(result + used, sizeof result - used, "%s<dirs>", used ? " " : "");
	completion_free(&c);
	return result;
}

static void test_command_names(void **state)
{
	assert_string_equal(complete("unsh"), "unshare");
	assert_string_equal(complete("uns"), "unset unshare unsplit");
	assert_string_equal(complete("b"), "bash bg");
	assert_string_equal(complete("ba"), "bash");
	assert_string_equal(complete("hist"), "history");
	assert_string_equal(complete("./scr"), "<files>");
	assert_string_equal(complete("zzz"), "");
}

static void test_command_position_after_operators(void **state)
{
	assert_string_equal(complete("echo hi | unsh"), "unshare");
	assert_string_equal(complete("true && unsh"), "unshare");
	assert_string_equal(complete("false || unsh"), "unshare");
	assert_string_equal(complete("sleep 1 & unsh"), "unshare");
	assert_string_equal(complete("cd /; unsh"), "unshare");
	assert_string_equal(complete("FOO=1 BAR=2 unsh"), "unshare");
	/* separators inside quotes do not start a command */
	assert_string_equal(complete("echo 'a|b' unsh"), "<files>");
}

static void test_options(void **state)
{
	/* other options may join the list: check membership, not the whole */
	assert_non_null(strstr(complete("unshare --mo"), "--mount --mount-proc"));
	assert_string_equal(complete("unshare --mount-p"), "--mount-proc");
	assert_string_equal(complete("unshare -f --map-r"), "--map-root-user");
	assert_string_equal(complete("lsns --ty"), "--type");
	assert_string_equal(complete("echo -"), "-E -e -n");
	assert_string_equal(complete("set +"), "+o");
	/* after --, a word starting with '-' is not an option */
	assert_string_equal(complete("unshare -- -"), "");
}

static void test_namespace_types(void **state)
{
	assert_string_equal(complete("lsns -t "), "cgroup ipc mnt net pid time user uts");
	assert_string_equal(complete("lsns -t u"), "user uts");
	assert_string_equal(complete("lsns --type p"), "pid");
	assert_string_equal(complete("lsns --type=p"), "--type=pid");
	/* lsns's argument kind */
	assert_string_equal(complete("lsns -n ne"), "net");
}

/* The PID candidates include this process, shown with its command name. */
static void test_pids(void **state)
{
	const char *lines[] = {"kill ",	   "nsenter -t ",     "nsenter --target ",
			       "lsns -p ", "pidtree --from ", "wait "};
	char me[32], display[128];

	snprintf(me, sizeof me, "%d", (int)getpid());
	snprintf(display, sizeof display, "%d (test_complete)", (int)getpid());
	for (size_t l = 0; l < sizeof lines / sizeof lines[0]; l++) {
		struct completion c;
		int found = 0;
		char line[64];

		snprintf(line, sizeof line, "%s%.3s", lines[l], me);
		assert_int_equal(complete_line(line, strlen(line), &c), 0);
		assert_true(c.numeric_order);
		for (size_t i = 0; i < c.n; i++) {
			assert_int_equal(strncmp(c.items[i].word, me, 3), 0);
			if (i > 0)
				assert_true(atoi(c.items[i - 1].word) < atoi(c.items[i].word));
			if (strcmp(c.items[i].word, me) == 0) {
				found = 1;
				assert_non_null(c.items[i].display);
				assert_string_equal(c.items[i].display, display);
			}
		}
		assert_true(found);
		completion_free(&c);
	}
	/* not a number: no PID can match */
	assert_string_equal(complete("kill abc"), "");
	/* nsenter's PID is the value of -t; after the options comes a command */
	assert_string_equal(complete("nsenter -t 1 -a unsh"), "unshare");
	assert_string_equal(complete("nsenter --target=1 unsh"), "unshare");
}

static void test_commands_after_unshare(void **state)
{
	assert_string_equal(complete("unshare -fp unsh"), "unshare");
	assert_string_equal(complete("unshare --propagation priv"), "private");
	assert_string_equal(complete("unshare --propagation private b"), "bash bg");
	assert_string_equal(complete("unshare --setgroups "), "allow deny");
	assert_string_equal(complete("unshare -R "), "<dirs>");
	assert_string_equal(complete("unshare -fp nsenter --tar"), "--target");
	assert_string_equal(complete("unshare -fp lsns -t m"), "mnt");
	assert_string_equal(complete("unshare -r bash "), "<files>");
	assert_string_equal(complete("exec unsh"), "unshare");
}

static void test_argument_kinds(void **state)
{
	assert_string_equal(complete("help uns"), "unset unshare");
	assert_string_equal(complete("type hist"), "history");
	assert_string_equal(complete("cd "), "<dirs>");
	assert_string_equal(complete("mountproc "), "<dirs>");
	assert_string_equal(complete("source "), "<files>");
	assert_string_equal(complete("cat "), "<files>");
	assert_string_equal(complete("echo hello "), "<files>");
}

static void test_labs(void **state)
{
	assert_string_equal(complete("lab pid-"), "pid-basics pid-nesting");
	assert_string_equal(complete("lab st"), "start status");
	assert_string_equal(complete("lab start pid-b"), "pid-basics");
	assert_string_equal(complete("lab start notes"), "");
}

static void test_values(void **state)
{
	assert_string_equal(complete("kill -s TE"), "TERM");
	assert_string_equal(complete("kill -s SIGK"), "SIGKILL");
	assert_string_equal(complete("lsns -o NS,TY"), "NS,TYPE");
	assert_string_equal(complete("lsns --output=NS,P"),
			    "--output=NS,PATH --output=NS,PID --output=NS,PNS --output=NS,PPID");
	assert_string_equal(complete("set -o t"), "trace");
	assert_string_equal(complete("nsenter -S "), "");
	/* every option's value is known from its declaration: -S's value is
	 * not the command, an optional value is never the next word */
	assert_string_equal(complete("unshare -S 0 unsh"), "unshare");
	assert_string_equal(complete("unshare --monotonic 5 unsh"), "unshare");
	assert_string_equal(complete("unshare --kill-child unsh"), "unshare");
	assert_string_equal(complete("unshare --kill-child=TE"), "--kill-child=TERM");
	{
		char *pids = strdup(complete("kill "));

		assert_string_equal(complete("pidtree --from "), pids);
		assert_non_null(strstr(pids, "1 "));
		free(pids);
	}
	assert_non_null(strstr(complete("unshare --user=x -"), "--map-root-user"));
}

static void test_redirections_and_variables(void **state)
{
	assert_string_equal(complete("echo hi > "), "<files>");
	assert_string_equal(complete("lsns 2>"), "<files>");
	assert_string_equal(complete("lsns 2>&1 -t m"), "mnt");
	assert_string_equal(complete("echo >&2 -"), "-E -e -n");
	setenv("NSH_TEST_VARIABLE", "1", 1);
	assert_string_equal(complete("echo $NSH_TEST_V"), "$NSH_TEST_VARIABLE");
	assert_string_equal(complete("echo ${NSH_TEST_V"), "${NSH_TEST_VARIABLE}");
}

static void test_word_start(void **state)
{
	struct completion c;

	assert_int_equal(complete_line("echo abc", 8, &c), 0);
	assert_int_equal(c.start, 5);
	completion_free(&c);
	assert_int_equal(complete_line("unsh rest", 4, &c), 0); /* the cursor inside the line */
	assert_int_equal(c.start, 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.items[0].word, "unshare");
	completion_free(&c);
	assert_int_equal(complete_line("ls|unsh", 7, &c), 0);
	assert_int_equal(c.start, 3);
	completion_free(&c);
	assert_int_equal(complete_line("", 0, &c), 0);
	assert_int_equal(c.start, 0);
	assert_int_equal(c.n, builtin_count + 2); /* every builtin, bash, unsplit */
	completion_free(&c);
}

/* Odd input must not crash or read past the cursor. */
static void test_malformed_and_huge(void **state)
{
	size_t big = 100000;
	char *line = malloc(big + 16);
	struct completion c;

	assert_string_equal(complete("echo \"unterminated unsh"), "<files>"); /* one word */
	assert_string_equal(complete("echo 'x\\"), "<files>");
	assert_string_equal(complete("\\"), "");
	assert_string_equal(complete(";;;|||&&& unsh"), "unshare");
	memset(line, 'a', big);
	strcpy(line + big, " unsh");
	assert_int_equal(complete_line(line, strlen(line), &c), 0);
	assert_int_equal(c.start, big + 1);
	completion_free(&c);
	for (size_t i = 0; i < big; i += 2)
		line[i] = ' ';
	assert_int_equal(complete_line(line, big, &c), 0); /* 50000 words: only MAX_WORDS kept */
	completion_free(&c);
	free(line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_command_names),  cmocka_unit_test(test_command_position_after_operators),
	    cmocka_unit_test(test_options),	   cmocka_unit_test(test_namespace_types),
	    cmocka_unit_test(test_pids),	   cmocka_unit_test(test_commands_after_unshare),
	    cmocka_unit_test(test_argument_kinds), cmocka_unit_test(test_labs),
	    cmocka_unit_test(test_values),	   cmocka_unit_test(test_redirections_and_variables),
	    cmocka_unit_test(test_word_start),	   cmocka_unit_test(test_malformed_and_huge),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
