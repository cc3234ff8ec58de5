/* explain's predictions from given facts (explain.h): the same command line
 * in different situations (root or not, nesting level 32, a dead PID
 * namespace for the children, a user namespace that does not own the PID
 * namespace...) must give the failure the kernel would give, with its
 * trace line.  Also the word splitting of `explain 'ONE STRING'`.  The
 * agreement with real runs is tested in tests/integration/explain.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <cmocka.h>

#include "explain.h"
#include "io.h"

static char *out_text;
static size_t out_len;

static int setup(void **state)
{
	(void)state;
	nsh_stdout = open_memstream(&out_text, &out_len);
	nsh_stderr = fopen("/dev/null", "w");
	return nsh_stdout && nsh_stderr ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fclose(nsh_stdout);
	fclose(nsh_stderr);
	nsh_stdout = nsh_stderr = NULL;
	free(out_text);
	out_text = NULL;
	return 0;
}

/* The output so far (flushed). */
static const char *output(void)
{
	fflush(nsh_stdout);
	return out_text ? out_text : "";
}

/* Root on the host, at the top, in a fresh session of its own. */
static void root_facts(struct explain_facts *f)
{
	memset(f, 0, sizeof *f);
	f->cap_sys_admin = 1;
	f->initial_userns = 1;
	f->pid_level = 0;
	f->start_mnt = 1;
	f->pidns_capable = 1;
	f->mntns_capable = 1;
	f->children = CHILDREN_HERE;
	f->path = "/usr/bin:/bin";
	f->nested_shell = "/usr/local/bin/nsh";
}

static void nobody_facts(struct explain_facts *f)
{
	root_facts(f);
	f->uid = f->euid = 65534;
	f->gid = f->egid = 65534;
	f->cap_sys_admin = 0;
	f->pidns_capable = 0;
	f->mntns_capable = 0;
}

/* Explain an unshare command line (words, NULL-terminated). */
static int unshare_words(const struct explain_facts *f, ...)
{
	static char *argv[32];
	struct unshare_plan plan;
	va_list ap;
	int argc = 0;
	char *word;

	va_start(ap, f);
	while ((word = va_arg(ap, char *)) && argc < 31)
		argv[argc++] = word;
	va_end(ap);
	argv[argc] = NULL;
	assert_int_equal(unshare_parse_args(argc, argv, &plan), 0);
	return explain_unshare(&plan, f, argc, argv);
}

static void test_article_clean_start(void **state)
{
	struct explain_facts f;

	(void)state;
	nobody_facts(&f);
	assert_int_equal(unshare_words(&f, "unshare", "-Urpf", "--mount-proc", "true", NULL), 0);
	assert_non_null(strstr(output(), "[<child>] unshare(CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNS) = 0\n"));
	assert_non_null(strstr(output(), "[<child>] write(/proc/self/uid_map, \"0 65534 1\") = 9\n"));
	assert_non_null(strstr(output(), "[<child>] fork() = <pid1>  (PID 1 in the new PID namespace)\n"));
	assert_non_null(strstr(
	    output(), "[<pid1>] mount(\"proc\", \"/proc\", \"proc\", MS_NOSUID|MS_NODEV|MS_NOEXEC) = 0\n"));
	assert_non_null(strstr(output(), "[<pid1>] execve(\"/usr/bin/true\", ...)\n"));
	assert_non_null(strstr(output(), "\nOutcome: ok: "));
}

static void test_no_fork_enomem(void **state)
{
	struct explain_facts f;

	(void)state;
	nobody_facts(&f);
	assert_int_equal(unshare_words(&f, "unshare", "-Urp", NULL), 1);
	assert_non_null(strstr(output(), "stays OUTSIDE the new PID namespace"));
	assert_non_null(strstr(output(), "Outcome: fails: "));
	assert_non_null(strstr(output(), "ENOMEM"));
}

static void test_unprivileged_without_user_ns(void **state)
{
	struct explain_facts f;

	(void)state;
	nobody_facts(&f);
	assert_int_equal(unshare_words(&f, "unshare", "-p", "true", NULL), 1);
	assert_non_null(
	    strstr(output(), "[<child>] unshare(CLONE_NEWPID) = -1 EPERM (Operation not permitted)\n"));
	assert_null(strstr(output(), "execve"));
}

static void test_nesting_limit(void **state)
{
	struct explain_facts f;

	(void)state;
	root_facts(&f);
	f.pid_level = 31;
	assert_int_equal(unshare_words(&f, "unshare", "-fp", "true", NULL), 0);
	f.pid_level = 32;
	assert_int_equal(unshare_words(&f, "unshare", "-fp", "true", NULL), 1);
	assert_non_null(strstr(output(), "unshare(CLONE_NEWPID) = -1 ENOSPC (No space left on device)"));
	/* other namespace types are not limited by the PID depth */
	f.pid_level = 32;
	fclose(nsh_stdout);
	free(out_text);
	out_text = NULL;
	nsh_stdout = open_memstream(&out_text, &out_len);
	assert_int_equal(unshare_words(&f, "unshare", "-u", "true", NULL), 0);
}

static void test_max_namespaces_zero(void **state)
{
	struct explain_facts f;

	(void)state;
	root_facts(&f);
	f.max_zero = 1u << 5; /* ns_kinds[5] is user */
	assert_int_equal(unshare_words(&f, "unshare", "-U", "true", NULL), 1);
	assert_non_null(strstr(output(), "unshare(CLONE_NEWUSER) = -1 ENOSPC"));
}

static void test_dead_children_namespace(void **state)
{
	struct explain_facts f;

	(void)state;
	nobody_facts(&f);
	f.children = CHILDREN_DEAD;
	assert_int_equal(unshare_words(&f, "unshare", "-Urpf", "true", NULL), 1);
	assert_non_null(strstr(output(), "[<nsh>] fork() = -1 ENOMEM (Cannot allocate memory)\n"));
}

static void test_mount_proc_without_pid_ns(void **state)
{
	struct explain_facts f;

	(void)state;
	nobody_facts(&f);
	assert_int_equal(unshare_words(&f, "unshare", "-Urm", "--mount-proc", "true", NULL), 1);
	assert_non_null(
	    strstr(output(), "MS_NOSUID|MS_NODEV|MS_NOEXEC) = -1 EPERM (Operation not permitted)\n"));
	/* as root without -U the shell's own PID namespace is ours: it works */
	root_facts(&f);
	assert_int_equal(unshare_words(&f, "unshare", "-m", "--mount-proc", "true", NULL), 0);
}

static void test_map_user_after_root(void **state)
{
	struct explain_facts f;

	(void)state;
	root_facts(&f);
	assert_int_equal(unshare_words(&f, "unshare", "-r", "--map-user=1000", "id", NULL), 0);
	assert_non_null(strstr(output(), "write(/proc/self/uid_map, \"1000 0 1\") = 8"));
	assert_non_null(strstr(output(), "you are uid 1000, not root"));
}

static void test_setgroups_allow_denied(void **state)
{
	struct explain_facts f;

	(void)state;
	nobody_facts(&f);
	f.setgroups_denied = 1;
	assert_int_equal(unshare_words(&f, "unshare", "-U", "--setgroups=allow", "true", NULL), 1);
	assert_non_null(strstr(output(), "write(/proc/self/setgroups, \"allow\") = -1 EPERM"));
}

static void test_mountproc(void **state)
{
	struct explain_facts f;
	struct mountproc_request req = {0, 0, "/proc"};
	struct explain_dir dir = {0, 1};

	(void)state;
	root_facts(&f);
	assert_int_equal(explain_mountproc(&req, &dir, &f), 1); /* starting mount namespace */
	assert_non_null(strstr(output(), "refusing to mount proc on /proc"));
	f.start_mnt = 0;
	assert_int_equal(explain_mountproc(&req, &dir, &f), 0);
	assert_non_null(strstr(output(), "[<nsh>] mount(\"none\", \"/\", NULL, MS_REC|MS_PRIVATE) = 0\n"));
	nobody_facts(&f);
	f.start_mnt = 0;
	f.mntns_capable = 1; /* unshare -Urm: our mount namespace, not our PID namespace */
	f.pidns_capable = 0;
	assert_int_equal(explain_mountproc(&req, &dir, &f), 1);
	assert_non_null(
	    strstr(output(),
		   "[<nsh>] mount(\"proc\", \"/proc\", \"proc\", MS_NOSUID|MS_NODEV|MS_NOEXEC) = -1 EPERM"));
	dir.stat_err = 2; /* ENOENT */
	assert_int_equal(explain_mountproc(&req, &dir, &f), 1);
}

static void test_nsenter(void **state)
{
	struct explain_facts f;
	struct explain_target t;
	struct nsenter_request req;
	char *argv[] = {"nsenter", "-t", "4711", "-a", "true", NULL};
	char *own_user[] = {"nsenter", "-t", "4711", "-U", "true", NULL};

	(void)state;
	root_facts(&f);
	memset(&t, 0, sizeof t);
	t.pid = 4711;
	assert_int_equal(nsenter_parse_args(5, argv, &req), 0);
	assert_int_equal(explain_nsenter(&req, &t, &f, 5, argv), 1); /* no such process */
	assert_non_null(strstr(output(), "pidfd_open(4711, 0) = -1 ESRCH (No such process)"));
	t.exists = 1;
	for (int i = 0; i < NS_KIND_COUNT; i++)
		t.ns[i] = t.self[i] = 100 + i;
	t.ns[0] = 9; /* mnt */
	t.ns[2] = 8; /* pid */
	assert_int_equal(explain_nsenter(&req, &t, &f, 5, argv), 0);
	assert_non_null(strstr(output(), "setns(3<anon_inode:[pidfd]>, CLONE_NEWPID|CLONE_NEWNS) = 0\n"));
	assert_non_null(strstr(output(), "[<child>] fork() = <inside>"));
	assert_int_equal(nsenter_parse_args(5, own_user, &req), 0);
	assert_int_equal(explain_nsenter(&req, &t, &f, 5, own_user), 1);
	assert_non_null(strstr(output(), "CLONE_NEWUSER) = -1 EINVAL"));
}

static void test_split_words(void **state)
{
	char buf[128], *words[8];

	(void)state;
	strcpy(buf, "  unshare -Urpf  'a b' \"c \\\"d\" e\\ f ");
	assert_int_equal(explain_split_words(buf, words, 8), 5);
	assert_string_equal(words[0], "unshare");
	assert_string_equal(words[1], "-Urpf");
	assert_string_equal(words[2], "a b");
	assert_string_equal(words[3], "c \"d");
	assert_string_equal(words[4], "e f");
	strcpy(buf, "nsenter 'open");
	assert_int_equal(explain_split_words(buf, words, 8), -1);
	strcpy(buf, "a b c");
	assert_int_equal(explain_split_words(buf, words, 2), -1);
	strcpy(buf, "   ");
	assert_int_equal(explain_split_words(buf, words, 8), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_article_clean_start, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_fork_enomem, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unprivileged_without_user_ns, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nesting_limit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_max_namespaces_zero, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dead_children_namespace, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mount_proc_without_pid_ns, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_map_user_after_root, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_setgroups_allow_denied, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mountproc, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nsenter, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_split_words, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
