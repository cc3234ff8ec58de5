/* The trace hook: decoders of flags, results and strings, and the emitter's
 * line format ("[PID] call = result", one write per line, off by default). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "sys/ns.h"
#include "sys/trace.h"

static void test_clone_flags_in_teaching_order(void **state)
{
	char buf[256];

	assert_string_equal(
	    sys_trace_clone_flags(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUSER, buf, sizeof buf),
	    "CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNS");
	assert_string_equal(sys_trace_clone_flags(CLONE_NEWPID, buf, sizeof buf), "CLONE_NEWPID");
	assert_string_equal(sys_trace_clone_flags(0x80, buf, sizeof buf), "CLONE_NEWTIME");
	assert_string_equal(sys_trace_clone_flags(0, buf, sizeof buf), "0");
	/* An unknown bit stays visible, in hex, after the names. */
	assert_string_equal(sys_trace_clone_flags(CLONE_NEWUTS | 0x1, buf, sizeof buf), "CLONE_NEWUTS|0x1");
}

static void test_clone_flags_truncate_safely(void **state)
{
	char buf[16];

	sys_trace_clone_flags(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET, buf, sizeof buf);
	assert_true(strlen(buf) < sizeof buf);
}

static void test_mount_flags(void **state)
{
	char buf[256];

	assert_string_equal(sys_trace_mount_flags(MS_NOSUID | MS_NODEV | MS_NOEXEC, buf, sizeof buf),
			    "MS_NOSUID|MS_NODEV|MS_NOEXEC");
	assert_string_equal(sys_trace_mount_flags(MS_PRIVATE | MS_REC, buf, sizeof buf), "MS_REC|MS_PRIVATE");
	assert_string_equal(sys_trace_mount_flags(MS_BIND, buf, sizeof buf), "MS_BIND");
	assert_string_equal(sys_trace_mount_flags(0, buf, sizeof buf), "0");
}

static void test_results(void **state)
{
	char buf[128];

	assert_string_equal(sys_trace_result(0, buf, sizeof buf), "= 0");
	assert_string_equal(sys_trace_result(4712, buf, sizeof buf), "= 4712");
	assert_string_equal(sys_trace_result(-EPERM, buf, sizeof buf),
			    "= -1 EPERM (Operation not permitted)");
	assert_string_equal(sys_trace_result(-ENOSPC, buf, sizeof buf),
			    "= -1 ENOSPC (No space left on device)");
	assert_string_equal(sys_trace_result(-ENOMEM, buf, sizeof buf),
			    "= -1 ENOMEM (Cannot allocate memory)");
}

static void test_quote(void **state)
{
	char buf[64], small[12];

	assert_string_equal(sys_trace_quote("0 1000 1", buf, sizeof buf), "\"0 1000 1\"");
	assert_string_equal(sys_trace_quote(NULL, buf, sizeof buf), "NULL");
	assert_string_equal(sys_trace_quote("a\nb\t\"\\", buf, sizeof buf), "\"a\\nb\\t\\\"\\\\\"");
	assert_string_equal(sys_trace_quote("\001", buf, sizeof buf), "\"\\1\"");
	sys_trace_quote("a string much longer than the buffer", small, sizeof small);
	assert_true(strlen(small) < sizeof small);
	assert_non_null(strstr(small, "..."));
}

static void test_signal_names(void **state)
{
	char buf[32];

	assert_string_equal(sys_trace_signal(SIGKILL, buf, sizeof buf), "SIGKILL");
	assert_string_equal(sys_trace_signal(SIGTERM, buf, sizeof buf), "SIGTERM");
	assert_string_equal(sys_trace_signal(0, buf, sizeof buf), "0");
}

/* Everything written to the trace descriptor so far, as a string. */
static void drain(int fd, char *buf, size_t len)
{
	ssize_t n = read(fd, buf, len - 1);

	buf[n > 0 ? n : 0] = '\0';
}

static void test_emit_format_and_off(void **state)
{
	int p[2];
	char buf[512], expect[128];

	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	assert_int_equal(sys_trace_fd, -1); /* off by default */
	SYS_TRACE("unshare(%s) %s", "CLONE_NEWPID", "= 0");

	assert_int_equal(sys_trace_set(p[1], 0), 0);
	assert_true(sys_trace_fd >= 100); /* out of the way of redirections */
	assert_int_equal(fcntl(sys_trace_fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	SYS_TRACE("unshare(%s) %s", "CLONE_NEWPID", "= 0");
	drain(p[0], buf, sizeof buf);
	snprintf(expect, sizeof expect, "[%d] unshare(CLONE_NEWPID) = 0\n", (int)getpid());
	assert_string_equal(buf, expect);

	/* The PID the shell sees, when getpid() would say 1. */
	sys_trace_set_pid(4712);
	SYS_TRACE("mount(...) = 0");
	drain(p[0], buf, sizeof buf);
	assert_string_equal(buf, "[4712] mount(...) = 0\n");
	sys_trace_set_pid(0);

	/* Colour: the PID in cyan, a failure in red. */
	sys_trace_set(p[1], 1);
	SYS_TRACE("unshare(CLONE_NEWPID) = -1 EPERM (Operation not permitted)");
	drain(p[0], buf, sizeof buf);
	assert_non_null(strstr(buf, "\033[36m["));
	assert_non_null(strstr(buf, "unshare(CLONE_NEWPID) \033[31m= -1 EPERM"));

	assert_int_equal(sys_trace_set(-1, 0), 0);
	assert_int_equal(sys_trace_fd, -1);
	SYS_TRACE("nothing");
	drain(p[0], buf, sizeof buf);
	assert_string_equal(buf, "");
	close(p[0]);
	close(p[1]);
}

/* The wrappers report what the kernel said, errno included. */
static void test_wrapper_lines(void **state)
{
	int p[2];
	char buf[1024];

	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	sys_trace_set(p[1], 0);
	assert_int_equal(sys_kill(getpid(), 0), 0);
	assert_int_equal(sys_setns(-1, CLONE_NEWPID), -EBADF);
	assert_int_equal(sys_write_file("/nonexistent/uid_map", "0 0 1"), -ENOENT);
	drain(p[0], buf, sizeof buf);
	assert_non_null(strstr(buf, "] kill("));
	assert_non_null(strstr(buf, ", 0) = 0\n"));
	assert_non_null(strstr(buf, "setns(-1, CLONE_NEWPID) = -1 EBADF (Bad file descriptor)\n"));
	assert_non_null(
	    strstr(buf, "write(/nonexistent/uid_map, \"0 0 1\") = -1 ENOENT (No such file or directory)\n"));
	sys_trace_set(-1, 0);
	close(p[0]);
	close(p[1]);
}

/* A traced fork: the parent's line comes first and names the child; the
 * child's own lines carry the PID the parent saw. */
static void test_traced_fork(void **state)
{
	int p[2], status;
	char buf[1024], expect[128];
	pid_t child;

	assert_int_equal(pipe(p), 0);
	sys_trace_set(p[1], 0);
	child = sys_fork();
	if (child == 0) {
		SYS_TRACE("child line");
		_exit(0);
	}
	assert_true(child > 0);
	waitpid(child, &status, 0);
	sys_trace_set(-1, 0);
	close(p[1]);
	drain(p[0], buf, sizeof buf);
	snprintf(expect, sizeof expect, "[%d] fork() = %d\n[%d] child line\n", (int)getpid(), (int)child,
		 (int)child);
	assert_string_equal(buf, expect);
	close(p[0]);
}

static void test_ns_kinds(void **state)
{
	static const char *const lsns_order[] = {"mnt", "net", "pid", "uts", "ipc", "user", "cgroup", "time"};
	size_t i;

	for (i = 0; i < NS_KIND_COUNT; i++)
		assert_string_equal(ns_kinds[i].name, lsns_order[i]);
	assert_ptr_equal(ns_kind_by_name("mount"), ns_kind_by_name("mnt"));
	assert_int_equal(ns_kind_by_name("pid")->clone_flag, CLONE_NEWPID);
	assert_int_equal(ns_kind_by_flag(CLONE_NEWUSER)->short_opt, 'U');
	assert_string_equal(ns_kind_by_short_opt('T')->long_opt, "time");
	assert_null(ns_kind_by_name("bogus"));
	assert_null(ns_kind_by_flag(CLONE_VM));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clone_flags_in_teaching_order),
	    cmocka_unit_test(test_clone_flags_truncate_safely),
	    cmocka_unit_test(test_mount_flags),
	    cmocka_unit_test(test_results),
	    cmocka_unit_test(test_quote),
	    cmocka_unit_test(test_signal_names),
	    cmocka_unit_test(test_emit_format_and_off),
	    cmocka_unit_test(test_wrapper_lines),
	    cmocka_unit_test(test_traced_fork),
	    cmocka_unit_test(test_ns_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
