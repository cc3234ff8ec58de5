/* The /proc readers of shell/sys/proc.c, on the fixture tree
 * tests/fixtures/proc-basic (see tests/fixtures/README) and, where a fixture
 * cannot stand in, on the real /proc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "sys/proc.h"

#define FIXTURE "tests/fixtures/proc-basic"

static const char *const ns_names[8] = {"mnt", "net", "pid", "uts", "ipc", "user", "cgroup", "time"};

/* ---- proc_parse_stat ---- */

static void test_parse_stat_plain(void **state)
{
	const char *s = "42 (bash) S 1 42 42 34816 42 4194560 1 2 3 4 5 6 7 8 20 0 3 0 12345 100 200\n";
	struct proc_stat st;

	assert_int_equal(proc_parse_stat(s, strlen(s), &st), 0);
	assert_int_equal(st.pid, 42);
	assert_string_equal(st.comm, "bash");
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.ppid, 1);
	assert_int_equal(st.pgrp, 42);
	assert_int_equal(st.session, 42);
	assert_int_equal(st.nthreads, 3);
	assert_int_equal(st.starttime, 12345);
}

/* comm runs from the first '(' to the LAST ')': "a) b (c" and "x)" */
static void test_parse_stat_parentheses(void **state)
{
	const char *s1 = "7 (a) b (c) R 3 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 -5 1 0 99\n";
	const char *s2 = "8 (x)) Z 7 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5\n";
	const char *s3 = "9 () S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5\n";
	struct proc_stat st;

	assert_int_equal(proc_parse_stat(s1, strlen(s1), &st), 0);
	assert_string_equal(st.comm, "a) b (c");
	assert_int_equal(st.state, 'R');
	assert_int_equal(st.ppid, 3);
	assert_int_equal(st.starttime, 99);
	assert_int_equal(proc_parse_stat(s2, strlen(s2), &st), 0);
	assert_string_equal(st.comm, "x)");
	assert_int_equal(st.state, 'Z');
	assert_int_equal(proc_parse_stat(s3, strlen(s3), &st), 0);
	assert_string_equal(st.comm, "");
}

/* Malformed input is -EINVAL, and the parser never reads past len. */
static void test_parse_stat_malformed(void **state)
{
	const char *bad[] = {
		"", "42", "42 (bash", "42 bash) S 1", "(bash) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5",
		"42 (bash) S", "42 (bash) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0", "42 (bash) 9 1 1 1",
		"42 (bash)S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5",
	};
	const char *whole = "42 (bash) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 777";
	struct proc_stat st;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(proc_parse_stat(bad[i], strlen(bad[i]), &st), -EINVAL);
	/* a length that cuts the buffer short is honoured */
	assert_int_equal(proc_parse_stat(whole, strlen(whole) - 4, &st), -EINVAL);
	assert_int_equal(proc_parse_stat(whole, strlen(whole), &st), 0);
	assert_int_equal(st.starttime, 777);
}

/* ---- proc_parse_status ---- */

static void test_parse_status(void **state)
{
	const char *s = "Name:\tmy\\nname\\\\x\nUmask:\t0022\nTgid:\t500\nPid:\t501\nPPid:\t1\n"
			"Uid:\t1000\t1001\t1002\t1003\nGid:\t10\t11\t12\t13\n"
			"NStgid:\t500\t7\t1\nNSpid:\t501\t8\t2\n";
	struct proc_status ps;

	assert_int_equal(proc_parse_status(s, strlen(s), &ps), 0);
	assert_string_equal(ps.name, "my\nname\\x");
	assert_int_equal(ps.tgid, 500);
	assert_int_equal(ps.ppid, 1);
	assert_int_equal(ps.uid[0], 1000);
	assert_int_equal(ps.uid[3], 1003);
	assert_int_equal(ps.gid[1], 11);
	assert_int_equal(ps.nstgid_len, 3);
	assert_int_equal(ps.nstgid[0], 500);
	assert_int_equal(ps.nstgid[2], 1);
	assert_int_equal(ps.nspid_len, 3);
	assert_int_equal(ps.nspid[1], 8);
}

/* Before Linux 4.1 there is no NStgid: the chain is the Tgid alone. */
static void test_parse_status_no_nstgid(void **state)
{
	const char *s = "Name:\tx\nTgid:\t5\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n";
	struct proc_status ps;

	assert_int_equal(proc_parse_status(s, strlen(s), &ps), 0);
	assert_int_equal(ps.nstgid_len, 1);
	assert_int_equal(ps.nstgid[0], 5);
}

static void test_parse_status_malformed(void **state)
{
	const char *missing_name = "Tgid:\t5\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n";
	const char *short_uid = "Name:\tx\nTgid:\t5\nPPid:\t0\nUid:\t0\t0\nGid:\t0\t0\t0\t0\n";
	const char *bad_tgid = "Name:\tx\nTgid:\tfive\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n";
	struct proc_status ps;
	char buf[1024];
	int i, n;

	assert_int_equal(proc_parse_status(missing_name, strlen(missing_name), &ps), -EINVAL);
	assert_int_equal(proc_parse_status(short_uid, strlen(short_uid), &ps), -EINVAL);
	assert_int_equal(proc_parse_status(bad_tgid, strlen(bad_tgid), &ps), -EINVAL);
	assert_int_equal(proc_parse_status("", 0, &ps), -EINVAL);

	/* 34 levels is one more than the kernel allows (32 nested + initial) */
	n = snprintf(buf, sizeof(buf), "Name:\tx\nTgid:\t5\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNStgid:");
	for (i = 34; i >= 1; i--)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "\t%d", i);
	buf[n++] = '\n';
	buf[n] = '\0';
	assert_int_equal(proc_parse_status(buf, (size_t)n, &ps), -EINVAL);
}

/* ---- readers on the fixture ---- */

static void test_read_stat_fixture(void **state)
{
	struct proc_stat st;

	assert_int_equal(proc_read_stat(FIXTURE, 100, &st), 0);
	assert_int_equal(st.pid, 100);
	assert_string_equal(st.comm, "a) b (c");
	assert_int_equal(st.ppid, 1);
	assert_int_equal(st.nthreads, 2);
	assert_int_equal(proc_read_stat(FIXTURE, 99999, &st), -ENOENT);
	/* 4242 vanished between readdir and open */
	assert_int_equal(proc_read_stat(FIXTURE, 4242, &st), -ENOENT);
}

/* 32 nested PID namespaces: 33 PIDs, outermost first, innermost 1. */
static void test_read_status_deep(void **state)
{
	struct proc_status ps;
	int i;

	assert_int_equal(proc_read_status(FIXTURE, 300, &ps), 0);
	assert_string_equal(ps.name, "deep");
	assert_int_equal(ps.nstgid_len, PROC_MAX_NS_LEVELS);
	assert_int_equal(ps.nstgid[0], 300);
	for (i = 1; i < PROC_MAX_NS_LEVELS; i++)
		assert_int_equal(ps.nstgid[i], PROC_MAX_NS_LEVELS - i);
	assert_int_equal(proc_read_status(FIXTURE, 101, &ps), 0);
	assert_int_equal(ps.nstgid_len, 2);
	assert_int_equal(ps.nstgid[1], 1);
}

static void test_read_cmdline_fixture(void **state)
{
	char buf[64];

	assert_int_equal(proc_read_cmdline(FIXTURE, 100, buf, sizeof(buf)), 14);
	assert_string_equal(buf, "a) b (c --flag");
	assert_int_equal(proc_read_cmdline(FIXTURE, 2, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* truncated to len-1 */
	assert_int_equal(proc_read_cmdline(FIXTURE, 1, buf, 6), 5);
	assert_string_equal(buf, "/sbin");
	assert_int_equal(proc_read_cmdline(FIXTURE, 4242, buf, sizeof(buf)), -ENOENT);
}

static void test_ns_inode_fixture(void **state)
{
	ino_t ino = 0;

	/* symlink form */
	assert_int_equal(proc_ns_inode(FIXTURE, 100, "uts", &ino), 0);
	assert_int_equal(ino, 4026532200u);
	assert_int_equal(proc_ns_inode(FIXTURE, 101, "pid", &ino), 0);
	assert_int_equal(ino, 4026532300u);
	/* plain-file form */
	assert_int_equal(proc_ns_inode(FIXTURE, 300, "cgroup", &ino), 0);
	assert_int_equal(ino, 4026531835u);
	assert_int_equal(proc_ns_inode(FIXTURE, 300, "nosuch", &ino), -ENOENT);
	assert_int_equal(proc_ns_inode(FIXTURE, 4242, "pid", &ino), -ENOENT);
}

static void test_parse_ns_link(void **state)
{
	ino_t ino = 0;

	assert_int_equal(proc_parse_ns_link("pid:[4026531836]", 16, &ino), 0);
	assert_int_equal(ino, 4026531836u);
	assert_int_equal(proc_parse_ns_link("4026531836\n", 11, &ino), 0);
	assert_int_equal(proc_parse_ns_link("pid:[]", 6, &ino), -EINVAL);
	assert_int_equal(proc_parse_ns_link("pid:[12", 7, &ino), -EINVAL);
	assert_int_equal(proc_parse_ns_link("pid:[12]x", 9, &ino), -EINVAL);
	assert_int_equal(proc_parse_ns_link("/some/file", 10, &ino), -EINVAL);
}

/* On the real /proc, the readlink answer is stat(2)'s st_ino. */
static void test_ns_inode_real(void **state)
{
	struct stat st;
	ino_t ino = 0;
	size_t i;

	for (i = 0; i < 8; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_names[i]);
		if (stat(path, &st) < 0)
			continue; /* a kernel without this namespace type */
		assert_int_equal(proc_ns_inode("/proc", getpid(), ns_names[i], &ino), 0);
		assert_int_equal(ino, st.st_ino);
	}
}

static void test_list_pids_fixture(void **state)
{
	pid_t *pids = NULL;
	size_t n = 0;
	const pid_t want[] = {1, 2, 100, 101, 102, 300, 4242};
	size_t i;

	assert_int_equal(proc_list_pids(FIXTURE, &pids, &n), 0);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n; i++)
		assert_int_equal(pids[i], want[i]);
	free(pids);
	assert_int_equal(proc_list_pids("tests/fixtures/no-such-dir", &pids, &n), -ENOENT);
	assert_null(pids);
}

static void test_list_tasks_fixture(void **state)
{
	pid_t *tids = NULL;
	size_t n = 0;

	assert_int_equal(proc_list_tasks(FIXTURE, 100, &tids, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(tids[0], 100);
	assert_int_equal(tids[1], 103);
	free(tids);
	assert_int_equal(proc_list_tasks(FIXTURE, 4242, &tids, &n), -ENOENT);
}

static void test_read_file_fixture(void **state)
{
	char *buf = NULL;
	size_t len = 0;

	assert_int_equal(proc_read_file(FIXTURE, "uptime", &buf, &len), 0);
	assert_int_equal(len, 13);
	assert_string_equal(buf, "100.00 50.00\n");
	free(buf);
	assert_int_equal(proc_read_file(FIXTURE, "nope", &buf, &len), -ENOENT);
	/* a real /proc file larger than one page-sized read */
	assert_int_equal(proc_read_file("/proc", "self/maps", &buf, &len), 0);
	assert_true(len > 0);
	assert_int_equal(strlen(buf), len);
	free(buf);
}

static void test_default_root(void **state)
{
	setenv("NSH_PROC", FIXTURE, 1);
	assert_string_equal(proc_default_root(), FIXTURE);
	unsetenv("NSH_PROC");
	assert_string_equal(proc_default_root(), "/proc");
}

/* ---- the one-pass scan ---- */

static void test_scan_fixture(void **state)
{
	struct proc_ns_scan s;
	const pid_t want[] = {1, 2, 100, 101, 102, 300};
	size_t i;

	assert_int_equal(proc_scan_ns(FIXTURE, ns_names, 8, &s), 0);
	assert_int_equal(s.n, 6);
	assert_int_equal(s.vanished, 1); /* 4242 */
	assert_int_equal(s.unreadable, 0);
	for (i = 0; i < s.n; i++) {
		assert_int_equal(s.procs[i].pid, want[i]);
		assert_int_equal(s.procs[i].err, 0);
	}
	assert_int_equal(s.procs[2].ns[3], 4026532200u); /* 100's uts */
	assert_int_equal(s.procs[3].ns[2], 4026532300u); /* 101's pid */
	assert_int_equal(s.procs[5].ns[6], 4026531835u); /* 300's cgroup, a plain file */
	proc_ns_scan_free(&s);

	/* a NULL name skips that type */
	{
		const char *only_pid[8] = {NULL, NULL, "pid", NULL, NULL, NULL, NULL, NULL};
		assert_int_equal(proc_scan_ns(FIXTURE, only_pid, 8, &s), 0);
		assert_int_equal(s.procs[0].ns[0], 0);
		assert_int_equal(s.procs[0].ns[2], 4026531836u);
		proc_ns_scan_free(&s);
	}
	assert_int_equal(proc_scan_ns("tests/fixtures/no-such-dir", ns_names, 8, &s), -ENOENT);
}

/* Our own process is in the real scan, with the namespaces stat(2) reports. */
static void test_scan_real(void **state)
{
	struct proc_ns_scan s;
	struct stat st;
	size_t i;
	int found = 0;

	assert_int_equal(proc_scan_ns("/proc", ns_names, 8, &s), 0);
	assert_true(s.n > 1);
	for (i = 0; i < s.n; i++) {
		if (i)
			assert_true(s.procs[i - 1].pid < s.procs[i].pid);
		if (s.procs[i].pid == getpid()) {
			found = 1;
			assert_int_equal(stat("/proc/self/ns/pid", &st), 0);
			assert_int_equal(s.procs[i].ns[2], st.st_ino);
			assert_int_equal(stat("/proc/self/ns/mnt", &st), 0);
			assert_int_equal(s.procs[i].ns[0], st.st_ino);
		}
	}
	assert_true(found);
	proc_ns_scan_free(&s);
}

/* A task whose ns directory we may not read: kept, counted as unreadable,
 * its inodes 0.  Root bypasses file permissions, so as root the scan runs
 * in a child that has become uid/gid 65534. */
static void test_scan_no_permission(void **state)
{
	char dir[] = "/tmp/nsh-test-proc.XXXXXX", cmd[512], path[600];
	int pipefd[2];
	pid_t child;
	int status;
	struct {
		int rc;
		size_t n, unreadable;
		int err100;
		ino_t uts100, uts101;
	} res;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0755), 0);
	snprintf(cmd, sizeof(cmd), "cp -a %s %s/proc", FIXTURE, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/proc/100/ns", dir);
	assert_int_equal(chmod(path, 0), 0);
	snprintf(path, sizeof(path), "%s/proc", dir);

	assert_int_equal(pipe(pipefd), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct proc_ns_scan s;
		size_t i;
		memset(&res, 0, sizeof(res));
		if (geteuid() == 0 && (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0))
			_exit(3);
		res.rc = proc_scan_ns(path, ns_names, 8, &s);
		res.n = s.n;
		res.unreadable = s.unreadable;
		for (i = 0; i < s.n; i++) {
			if (s.procs[i].pid == 100) {
				res.err100 = s.procs[i].err;
				res.uts100 = s.procs[i].ns[3];
			}
			if (s.procs[i].pid == 101)
				res.uts101 = s.procs[i].ns[3];
		}
		if (write(pipefd[1], &res, sizeof(res)) != (ssize_t)sizeof(res))
			_exit(4);
		_exit(0);
	}
	close(pipefd[1]);
	assert_int_equal(read(pipefd[0], &res, sizeof(res)), (ssize_t)sizeof(res));
	close(pipefd[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx %s && rm -rf %s", dir, dir);
	assert_int_equal(system(cmd), 0);

	assert_int_equal(res.rc, 0);
	assert_int_equal(res.n, 6);
	assert_int_equal(res.unreadable, 1);
	assert_int_equal(res.err100, EACCES);
	assert_int_equal(res.uts100, 0);
	assert_int_equal(res.uts101, 4026532200u);
}

/* proc_self_pid: getpid() where /proc shows our PID namespace; in a new
 * PID namespace under the old /proc (the "contaminated" /proc), the PID of
 * the outer namespace while getpid() says 1. */
static void test_self_pid(void **state)
{
	int pipefd[2], status;
	pid_t child, seen[2] = {0, 0};

	(void)state;
	assert_int_equal(proc_self_pid("/proc"), getpid());
	assert_int_equal(proc_self_pid("/nonexistent-proc"), -ENOENT);
	assert_int_equal(pipe(pipefd), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		pid_t inner;

		/* with a user namespace, so that it works unprivileged too */
		if (unshare(CLONE_NEWUSER | CLONE_NEWPID) < 0)
			_exit(2);
		inner = fork();
		if (inner == 0) {
			pid_t v[2] = {getpid(), proc_self_pid("/proc")};

			_exit(write(pipefd[1], v, sizeof v) == sizeof v ? 0 : 3);
		}
		_exit(inner > 0 && waitpid(inner, &status, 0) == inner && WIFEXITED(status) ? WEXITSTATUS(status)
											    : 4);
	}
	close(pipefd[1]);
	assert_int_equal(read(pipefd[0], seen, sizeof seen), (ssize_t)sizeof seen);
	close(pipefd[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(seen[0], 1);
	assert_true(seen[1] > 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_stat_plain),
		cmocka_unit_test(test_parse_stat_parentheses),
		cmocka_unit_test(test_parse_stat_malformed),
		cmocka_unit_test(test_parse_status),
		cmocka_unit_test(test_parse_status_no_nstgid),
		cmocka_unit_test(test_parse_status_malformed),
		cmocka_unit_test(test_read_stat_fixture),
		cmocka_unit_test(test_read_status_deep),
		cmocka_unit_test(test_read_cmdline_fixture),
		cmocka_unit_test(test_ns_inode_fixture),
		cmocka_unit_test(test_parse_ns_link),
		cmocka_unit_test(test_ns_inode_real),
		cmocka_unit_test(test_list_pids_fixture),
		cmocka_unit_test(test_list_tasks_fixture),
		cmocka_unit_test(test_read_file_fixture),
		cmocka_unit_test(test_default_root),
		cmocka_unit_test(test_scan_fixture),
		cmocka_unit_test(test_scan_real),
		cmocka_unit_test(test_scan_no_permission),
		cmocka_unit_test(test_self_pid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
