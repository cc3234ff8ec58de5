/* The prompt: PS1 escapes, the namespace badge, the depth rule. */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "prompt.h"
#include "session.h"
#include "sys/ns.h"

static const struct prompt_facts user_facts = {.user = "alice",
					       .host = "lab.example.org",
					       .cwd = "/home/alice/src/nsh",
					       .home = "/home/alice",
					       .is_root = 0,
					       .badge = ""};

static void expect_expansion(const char *template, const struct prompt_facts *f, const char *expected)
{
	char *got = prompt_expand(template, f);

	assert_non_null(got);
	assert_string_equal(got, expected);
	free(got);
}

static void test_bash_escapes(void **state)
{
	struct prompt_facts root = user_facts;

	expect_expansion("\\u@\\h:\\w\\$ ", &user_facts, "alice@lab:~/src/nsh$ ");
	expect_expansion("\\H", &user_facts, "lab.example.org");
	expect_expansion("\\W", &user_facts, "nsh");
	expect_expansion("a\\nb\\\\c", &user_facts, "a\nb\\c");
	expect_expansion("\\[\\e[1m\\]x\\a", &user_facts, "\001\033[1m\002x\007");
	root.is_root = 1;
	root.user = "root";
	expect_expansion("\\u\\$", &root, "root#");
}

static void test_unknown_and_trailing_backslash(void **state)
{
	expect_expansion("\\q\\", &user_facts, "\\q\\");
	expect_expansion("", &user_facts, "");
	expect_expansion("plain % text", &user_facts, "plain % text");
}

static void test_home_as_tilde(void **state)
{
	struct prompt_facts f = user_facts;

	f.cwd = "/home/alice";
	expect_expansion("\\w|\\W", &f, "~|~");
	f.cwd = "/home/alicex/y"; /* not under HOME: only whole components count */
	expect_expansion("\\w|\\W", &f, "/home/alicex/y|y");
	f.cwd = "/";
	expect_expansion("\\w|\\W", &f, "/|/");
	f.home = "/home/alice/"; /* trailing slash in HOME */
	f.cwd = "/home/alice/x";
	expect_expansion("\\w", &f, "~/x");
	f.home = "/"; /* HOME=/ never becomes ~ */
	expect_expansion("\\w", &f, "/home/alice/x");
	f.home = NULL;
	expect_expansion("\\w", &f, "/home/alice/x");
}

static void test_badge_escape(void **state)
{
	struct prompt_facts f = user_facts;

	f.badge = "pid+2 mnt";
	expect_expansion("\\N\\u$ ", &f, "[pid+2 mnt] alice$ ");
	f.badge = "";
	expect_expansion("\\N\\u$ ", &f, "alice$ ");
}

static unsigned bit_of(const char *name)
{
	for (size_t i = 0; i < NS_KIND_COUNT; i++)
		if (strcmp(ns_kinds[i].name, name) == 0)
			return 1u << i;
	fail_msg("no namespace kind %s", name);
	return 0;
}

static void test_badge_text(void **state)
{
	struct session_position pos = {0};
	char buf[128];

	assert_string_equal(prompt_badge(&pos, buf, sizeof buf), "");
	pos.pid_depth = 2;
	pos.differs = bit_of("pid") | bit_of("uts") | bit_of("mnt");
	assert_string_equal(prompt_badge(&pos, buf, sizeof buf), "pid+2 mnt uts");
	pos.pid_depth = 0;
	pos.differs = bit_of("pid"); /* differs, depth not known to be > 0 */
	assert_string_equal(prompt_badge(&pos, buf, sizeof buf), "pid");
	pos.differs = bit_of("user") | bit_of("net");
	assert_string_equal(prompt_badge(&pos, buf, sizeof buf), "net user");
	pos.pid_depth = -1; /* unknown depth, nothing differs */
	pos.differs = 0;
	assert_string_equal(prompt_badge(&pos, buf, sizeof buf), "");
	pos.differs = ~0u & ((1u << NS_KIND_COUNT) - 1);
	pos.pid_depth = 32;
	assert_string_equal(prompt_badge(&pos, buf, sizeof buf), "pid+32 mnt net uts ipc user cgroup time");
	assert_string_equal(prompt_badge(&pos, buf, 8), "pid+32 ");
}

static void test_default_template(void **state)
{
	struct prompt_facts f = user_facts;
	char *got;

	f.badge = "pid+1";
	expect_expansion(prompt_default_template(0, 0), &f, "[pid+1] alice@lab:~/src/nsh$ ");
	got = prompt_expand(prompt_default_template(1, 0), &f);
	/* colours are wrapped for readline and the visible text is the same */
	assert_non_null(strstr(got, "\001\033[1;33m\002[pid+1] "));
	assert_non_null(strstr(got, "alice@lab"));
	free(got);
}

static void test_depth_rule(void **state)
{
	struct session_depth_record parent = {.depth = 1, .pidns = 500, .nstgid_len = 2};

	/* back in the start's PID namespace */
	assert_int_equal(session_depth_from(&parent, 100, 1, 100), 0);
	/* no record, not the start: one level as a floor */
	assert_int_equal(session_depth_from(NULL, 600, 1, 100), 1);
	assert_int_equal(session_depth_from(NULL, 600, 1, 0), 0);
	/* same PID namespace as the record (nsh -c, or a second shell there) */
	assert_int_equal(session_depth_from(&parent, 500, 2, 100), 1);
	/* contaminated /proc: the parent's view shows every level in between */
	assert_int_equal(session_depth_from(&parent, 600, 3, 100), 2);
	assert_int_equal(session_depth_from(&parent, 600, 5, 100), 4);
	/* a fresh /proc of its own: one more than the record */
	assert_int_equal(session_depth_from(&parent, 600, 1, 100), 2);
}

static void test_color_allowed(void **state)
{
	setenv("TERM", "xterm", 1);
	unsetenv("NO_COLOR");
	/* the test's stdin is not a terminal under make test */
	assert_int_equal(prompt_color_allowed(-1), 0);
	setenv("NO_COLOR", "1", 1);
	assert_int_equal(prompt_color_allowed(0), 0);
	unsetenv("NO_COLOR");
}

static void test_render_uses_ps1(void **state)
{
	char *got;

	setenv("PS1", "[\\$]", 1);
	got = prompt_render(0);
	assert_string_equal(got, geteuid() == 0 ? "[#]" : "[$]");
	free(got);
	unsetenv("PS1");
	setenv("PS2", "more\\$ ", 1);
	got = prompt_render_continuation();
	assert_string_equal(got, geteuid() == 0 ? "more# " : "more$ ");
	free(got);
	unsetenv("PS2");
	got = prompt_render_continuation();
	assert_string_equal(got, "> ");
	free(got);
}

/* In a child: go `levels` PID namespaces down (unshare + fork each time),
 * exporting the depth record at the levels listed in export_at (a nested
 * nsh would), mounting a fresh /proc at the last level if fresh_proc; exit
 * with session_pid_depth() there.  Returns that exit code, or -1. */
static int depth_after(int levels, unsigned export_at, int fresh_proc)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		unsigned long userns = geteuid() == 0 ? 0 : CLONE_NEWUSER;

		for (int i = 1; i <= levels; i++) {
			unsigned long extra = (i == levels && fresh_proc) ? CLONE_NEWNS : 0;
			pid_t child;

			if (unshare(CLONE_NEWPID | extra | (i == 1 ? userns : 0)) < 0)
				_exit(100);
			if ((child = fork()) < 0)
				_exit(101);
			if (child > 0) {
				if (waitpid(child, &status, 0) < 0 || !WIFEXITED(status))
					_exit(102);
				_exit(WEXITSTATUS(status));
			}
			if (i == levels && fresh_proc &&
			    (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
			     mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0))
				_exit(103);
			if (export_at & (1u << i))
				session_export_depth();
		}
		_exit(session_pid_depth());
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void test_depth_on_the_kernel(void **state)
{
	unsetenv("NSH_SESSION");
	unsetenv("NSH_DEPTH");
	session_init();
	assert_non_null(getenv("NSH_SESSION"));
	assert_string_equal(getenv("NSH_DEPTH"), "0");
	assert_int_equal(depth_after(0, 0, 0), 0);
	/* the parent's /proc: NStgid shows every level */
	assert_int_equal(depth_after(1, 0, 0), 1);
	assert_int_equal(depth_after(3, 0, 0), 3);
	assert_int_equal(depth_after(3, 1u << 1 | 1u << 2, 0), 3);
	/* a fresh /proc at the last level: one more than the last record */
	assert_int_equal(depth_after(2, 1u << 1, 1), 2);
	assert_int_equal(depth_after(1, 0, 1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bash_escapes),    cmocka_unit_test(test_unknown_and_trailing_backslash),
	    cmocka_unit_test(test_home_as_tilde),   cmocka_unit_test(test_badge_escape),
	    cmocka_unit_test(test_badge_text),	    cmocka_unit_test(test_default_template),
	    cmocka_unit_test(test_depth_rule),	    cmocka_unit_test(test_color_allowed),
	    cmocka_unit_test(test_render_uses_ps1), cmocka_unit_test(test_depth_on_the_kernel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
