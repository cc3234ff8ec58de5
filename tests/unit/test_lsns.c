/* lsns on the fixture tree tests/fixtures/proc-basic: the aggregation
 * (NPROCS, lowest PID, order by inode), every output mode, and the errors.
 * The goldens follow what util-linux 2.38 lsns prints for the same tree;
 * tests/integration/lsns.sh compares the two on the real kernel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "builtin.h"
#include "io.h"

#define FIXTURE "tests/fixtures/proc-basic"

static char *out_text, *err_text;

/* Runs `lsns --proc FIXTURE ARGS...` with stdout and stderr captured. */
static int run_lsns(const char *first, ...)
{
	char *argv[32];
	int argc = 0, rc;
	size_t out_len = 0, err_len = 0;
	va_list ap;
	const char *a;

	free(out_text);
	free(err_text);
	out_text = err_text = NULL;
	argv[argc++] = "lsns";
	argv[argc++] = "--proc";
	argv[argc++] = FIXTURE;
	va_start(ap, first);
	for (a = first; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	nsh_stdout = open_memstream(&out_text, &out_len);
	nsh_stderr = open_memstream(&err_text, &err_len);
	assert_non_null(nsh_stdout);
	assert_non_null(nsh_stderr);
	rc = builtin_lsns(NULL, argc, argv);
	fclose(nsh_stdout);
	fclose(nsh_stderr);
	nsh_stdout = nsh_stderr = NULL;
	return rc;
}

static int setup(void **state)
{
	unsetenv("LC_ALL");
	unsetenv("LC_CTYPE");
	setenv("LANG", "C.UTF-8", 1);
	unsetenv("NSH_PROC");
	return 0;
}

static int teardown(void **state)
{
	free(out_text);
	free(err_text);
	out_text = err_text = NULL;
	return 0;
}

/* One row per namespace, NPROCS counts its processes, PID is the lowest,
 * rows by inode; COMMAND hangs under the row of the parent process. */
static void test_default_tree(void **state)
{
	assert_int_equal(run_lsns("-o", "NS,TYPE,NPROCS,PID,COMMAND", NULL), 0);
	assert_string_equal(out_text, "        NS TYPE   NPROCS   PID COMMAND\n"
				      "4026531834 time        6     1 /sbin/init splash\n"
				      "4026531835 cgroup      6     1 /sbin/init splash\n"
				      "4026531836 pid         3     1 /sbin/init splash\n"
				      "4026531837 user        6     1 /sbin/init splash\n"
				      "4026531838 uts         3     1 /sbin/init splash\n"
				      "4026531839 ipc         6     1 /sbin/init splash\n"
				      "4026531840 net         6     1 /sbin/init splash\n"
				      "4026531841 mnt         4     1 /sbin/init splash\n"
				      "4026532200 uts         3   100 \u251c\u2500a) b (c --flag\n"
				      "4026532300 pid         2   101 \u2502 \u251c\u2500sh -c sleep 1000 & wait\n"
				      "4026532301 mnt         2   101 \u2502 \u2514\u2500sh -c sleep 1000 & wait\n"
				      "4026532399 pid         1   300 \u2514\u2500deep\n");
	/* the vanished entry (4242) is silently gone, nothing is unreadable */
	assert_string_equal(err_text, "");
}

static void test_ascii_tree(void **state)
{
	setenv("LC_ALL", "C", 1);
	assert_int_equal(run_lsns("-t", "pid", "-o", "NS,PID,COMMAND", NULL), 0);
	unsetenv("LC_ALL");
	assert_string_equal(out_text, "        NS   PID COMMAND\n"
				      "4026531836     1 /sbin/init splash\n"
				      "4026532399   300 `-deep\n"
				      "4026532300   101 sh -c sleep 1000 & wait\n");
}

/* The default columns, with USER: the owner of /proc/PID, as util-linux. */
static void test_default_columns(void **state)
{
	struct stat st;
	struct passwd *pw;
	char user[64], expect[512];

	assert_int_equal(stat(FIXTURE "/1", &st), 0);
	pw = getpwuid(st.st_uid);
	if (pw)
		snprintf(user, sizeof(user), "%s", pw->pw_name);
	else
		snprintf(user, sizeof(user), "%u", (unsigned)st.st_uid);
	assert_int_equal(run_lsns("-t", "uts", NULL), 0);
	snprintf(expect, sizeof(expect),
		 "        NS TYPE NPROCS   PID %-*s COMMAND\n"
		 "4026531838 uts       3     1 %-*s /sbin/init splash\n"
		 "4026532200 uts       3   100 %-*s \u2514\u2500a) b (c --flag\n",
		 (int)(strlen(user) > 4 ? strlen(user) : 4), "USER", (int)(strlen(user) > 4 ? strlen(user) : 4), user,
		 (int)(strlen(user) > 4 ? strlen(user) : 4), user);
	assert_string_equal(out_text, expect);
}

static void test_list(void **state)
{
	assert_int_equal(run_lsns("-l", "-t", "pid", "-t", "mnt", "-o", "NS,TYPE,NPROCS,PID,COMMAND", NULL), 0);
	assert_string_equal(out_text, "        NS TYPE NPROCS   PID COMMAND\n"
				      "4026531836 pid       3     1 /sbin/init splash\n"
				      "4026531841 mnt       4     1 /sbin/init splash\n"
				      "4026532300 pid       2   101 sh -c sleep 1000 & wait\n"
				      "4026532301 mnt       2   101 sh -c sleep 1000 & wait\n"
				      "4026532399 pid       1   300 deep\n");
}

/* Raw: one space between cells, blanks and non-ASCII bytes as \xHH (the
 * tree art too, as util-linux does). */
static void test_raw(void **state)
{
	assert_int_equal(run_lsns("-r", "-t", "uts", "-o", "NS,TYPE,NPROCS,PID,COMMAND", NULL), 0);
	assert_string_equal(out_text, "NS TYPE NPROCS PID COMMAND\n"
				      "4026531838 uts 3 1 /sbin/init\\x20splash\n"
				      "4026532200 uts 3 100 \\xe2\\x94\\x94\\xe2\\x94\\x80a)\\x20b\\x20(c\\x20--flag\n");
}

/* Widths fit the content as libsmartcols computes them: at least the
 * header; a column whose widest cell reaches the header width grows to the
 * column's hint (PID and PPID: 5), numbers right-aligned. */
static void test_noheadings_widths(void **state)
{
	assert_int_equal(run_lsns("-n", "-t", "pid", "-o", "NS,NPROCS,PID,PPID", NULL), 0);
	assert_string_equal(out_text, "4026531836      3     1    0\n"
				      "4026532300      2   101  100\n"
				      "4026532399      1   300    1\n");
}

static void test_json(void **state)
{
	assert_int_equal(run_lsns("-J", "-t", "pid", "-o", "NS,TYPE,NPROCS,PID,PPID,COMMAND", NULL), 0);
	assert_string_equal(out_text, "{\n"
				      "   \"namespaces\": [\n"
				      "      {\n"
				      "         \"ns\": 4026531836,\n"
				      "         \"type\": \"pid\",\n"
				      "         \"nprocs\": 3,\n"
				      "         \"pid\": 1,\n"
				      "         \"ppid\": 0,\n"
				      "         \"command\": \"/sbin/init splash\",\n"
				      "         \"children\": [\n"
				      "            {\n"
				      "               \"ns\": 4026532399,\n"
				      "               \"type\": \"pid\",\n"
				      "               \"nprocs\": 1,\n"
				      "               \"pid\": 300,\n"
				      "               \"ppid\": 1,\n"
				      "               \"command\": \"deep\"\n"
				      "            }\n"
				      "         ]\n"
				      "      },{\n"
				      "         \"ns\": 4026532300,\n"
				      "         \"type\": \"pid\",\n"
				      "         \"nprocs\": 2,\n"
				      "         \"pid\": 101,\n"
				      "         \"ppid\": 100,\n"
				      "         \"command\": \"sh -c sleep 1000 & wait\"\n"
				      "      }\n"
				      "   ]\n"
				      "}\n");
}

/* -l -J: flat; empty cells are null; an empty result is an empty array. */
static void test_json_flat_and_empty(void **state)
{
	assert_int_equal(run_lsns("-J", "-l", "-t", "mnt", "-o", "NS,PNS", NULL), 0);
	assert_string_equal(out_text, "{\n   \"namespaces\": [\n"
				      "      {\n         \"ns\": 4026531841,\n         \"pns\": null\n      },{\n"
				      "         \"ns\": 4026532301,\n         \"pns\": null\n      }\n   ]\n}\n");
	assert_int_equal(run_lsns("-J", "-p", "99999", NULL), 0);
	assert_string_equal(out_text, "{\n   \"namespaces\": [\n\n   ]\n}\n");
	/* and a table with no rows prints nothing at all, as util-linux */
	assert_int_equal(run_lsns("-p", "99999", NULL), 0);
	assert_string_equal(out_text, "");
}

/* -o LIST replaces the columns (names are case-insensitive, the last -o
 * counts, as in util-linux); -o +LIST appends to the defaults. */
static void test_output_append(void **state)
{
	assert_int_equal(run_lsns("-l", "-t", "mnt", "-o", "NS", "-o", "ns,Pid,PPID,path", NULL), 0);
	assert_string_equal(out_text, "        NS   PID PPID PATH\n"
				      "4026531841     1    0 tests/fixtures/proc-basic/1/ns/mnt\n"
				      "4026532301   101  100 tests/fixtures/proc-basic/101/ns/mnt\n");
	assert_int_equal(run_lsns("-r", "-t", "mnt", "-o", "+ppid,uid", NULL), 0);
	assert_true(strncmp(out_text, "NS TYPE NPROCS PID USER COMMAND PPID UID\n", 41) == 0);
}

static void test_output_all_header(void **state)
{
	assert_int_equal(run_lsns("-r", "-t", "time", "--output-all", NULL), 0);
	assert_non_null(strstr(out_text, "NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS\n"));
}

/* -p PID: the namespaces PID is in, each still shown by its lowest PID. */
static void test_task(void **state)
{
	assert_int_equal(run_lsns("-p", "102", "-o", "NS,TYPE,NPROCS,PID", NULL), 0);
	assert_string_equal(out_text, "        NS TYPE   NPROCS   PID\n"
				      "4026531834 time        6     1\n"
				      "4026531835 cgroup      6     1\n"
				      "4026531837 user        6     1\n"
				      "4026531839 ipc         6     1\n"
				      "4026531840 net         6     1\n"
				      "4026532200 uts         3   100\n"
				      "4026532300 pid         2   101\n"
				      "4026532301 mnt         2   101\n");
}

/* A namespace operand lists its processes, each under its parent. */
static void test_namespace_operand(void **state)
{
	assert_int_equal(run_lsns("4026532200", "-o", "PID,PPID,COMMAND", NULL), 0);
	assert_string_equal(out_text, "  PID PPID COMMAND\n"
				      "  100    1 a) b (c --flag\n"
				      "  101  100 \u2514\u2500sh -c sleep 1000 & wait\n"
				      "  102  101   \u2514\u2500sleep 1000\n");
	assert_int_equal(run_lsns("-l", "4026532300", NULL), 0);
	assert_non_null(strstr(out_text, "  101  100 "));
	assert_non_null(strstr(out_text, "sh -c sleep 1000 & wait\n  102  101 "));
	assert_int_equal(run_lsns("123", NULL), 1);
	assert_string_equal(err_text, "nsh: lsns: namespace 123: no process this /proc shows is in it\n");
}

/* -T owner/parent: NS becomes the (left-aligned) tree column. */
static void test_tree_owner_layout(void **state)
{
	assert_int_equal(run_lsns("-T", "-t", "pid", "-o", "NS,TYPE,PID", NULL), 0);
	assert_string_equal(out_text, "NS         TYPE   PID\n"
				      "4026531836 pid      1\n"
				      "4026532300 pid    101\n"
				      "4026532399 pid    300\n");
	assert_int_equal(run_lsns("--tree=process", "-t", "pid", "-o", "NS,COMMAND", NULL), 0);
	assert_non_null(strstr(out_text, "\u2514\u2500deep"));
}

static void test_errors(void **state)
{
	assert_int_equal(run_lsns("-t", "bogus", NULL), 2);
	assert_non_null(strstr(err_text, "nsh: lsns: -t bogus: not a namespace type (mnt, net, pid, uts, ipc, user, "
					  "cgroup, time)\nusage: lsns"));
	assert_int_equal(run_lsns("-o", "NS,FOO", NULL), 2);
	assert_string_equal(err_text, "nsh: lsns: -o FOO: no such column (lsns -h lists them)\n");
	assert_int_equal(run_lsns("-p", "abc", NULL), 2);
	assert_non_null(strstr(err_text, "nsh: lsns: -p abc: not a PID (a whole number above 0)\nusage: lsns"));
	assert_int_equal(run_lsns("-J", "-r", NULL), 2);
	assert_non_null(strstr(err_text, "nsh: lsns: --json and --raw: two output formats: choose one\n"));
	/* --list and --tree together: the tree wins, as in util-linux 2.38 */
	assert_int_equal(run_lsns("-l", "-T", "-t", "pid", "-o", "NS", NULL), 0);
	assert_string_equal(out_text, "NS\n4026531836\n4026532300\n4026532399\n");
	assert_int_equal(run_lsns("--tree=sideways", NULL), 2);
	assert_non_null(strstr(err_text, "nsh: lsns: --tree=sideways: not a tree: say process, owner or parent\n"));
	assert_int_equal(run_lsns("-p", "1", "4026531836", NULL), 2);
	assert_non_null(strstr(err_text, "nsh: lsns: -p and NAMESPACE: two filters: give one or the other\n"));
	assert_int_equal(run_lsns("12ab", NULL), 2);
	assert_non_null(strstr(err_text, "nsh: lsns: 12ab: not a namespace: give its inode number"));
	assert_int_equal(run_lsns("--frob", NULL), 2);
	assert_non_null(strstr(err_text, "nsh: lsns: unrecognized option '--frob'\n"));
	assert_int_equal(run_lsns("-p", NULL), 2);
	assert_string_equal(out_text, "");
}

/* --proc and $NSH_PROC select the tree; a missing one is an error. */
static void test_proc_root(void **state)
{
	char *argv[] = {"lsns", "-n", "-r", "-t", "pid", "-o", "NS", NULL};
	size_t len;

	setenv("NSH_PROC", FIXTURE, 1);
	nsh_stdout = open_memstream(&out_text, &len);
	nsh_stderr = open_memstream(&err_text, &len);
	assert_int_equal(builtin_lsns(NULL, 7, argv), 0);
	fclose(nsh_stdout);
	fclose(nsh_stderr);
	nsh_stdout = nsh_stderr = NULL;
	unsetenv("NSH_PROC");
	assert_string_equal(out_text, "4026531836\n4026532300\n4026532399\n");

	free(out_text);
	free(err_text);
	out_text = err_text = NULL;
	{
		char *argv2[] = {"lsns", "--proc", "tests/fixtures/no-such-proc", NULL};
		nsh_stdout = open_memstream(&out_text, &len);
		nsh_stderr = open_memstream(&err_text, &len);
		assert_int_equal(builtin_lsns(NULL, 3, argv2), 1);
		fclose(nsh_stdout);
		fclose(nsh_stderr);
		nsh_stdout = nsh_stderr = NULL;
		assert_non_null(strstr(err_text, "No such file or directory"));
	}
}

/* Many namespaces (more than the first hash table holds): every one keeps
 * its own count.  A generated tree: 300 processes, one pid namespace, each
 * in a uts namespace of its own, and every third one sharing an ipc one. */
static void test_many_namespaces(void **state)
{
	char dir[] = "/tmp/nsh-test-lsns.XXXXXX", path[256], target[64], cmd[300];
	char *argv[] = {"lsns", "--proc", dir, "-r", "-n", "-o", "NS,NPROCS,PID", NULL};
	size_t len, lines = 0;
	const char *p;
	int pid;

	assert_non_null(mkdtemp(dir));
	for (pid = 1; pid <= 300; pid++) {
		snprintf(path, sizeof(path), "%s/%d", dir, pid);
		assert_int_equal(mkdir(path, 0755), 0);
		snprintf(path, sizeof(path), "%s/%d/ns", dir, pid);
		assert_int_equal(mkdir(path, 0755), 0);
		snprintf(path, sizeof(path), "%s/%d/ns/pid", dir, pid);
		assert_int_equal(symlink("pid:[4026531836]", path), 0);
		snprintf(path, sizeof(path), "%s/%d/ns/uts", dir, pid);
		snprintf(target, sizeof(target), "uts:[%d]", 5000000 + pid);
		assert_int_equal(symlink(target, path), 0);
		snprintf(path, sizeof(path), "%s/%d/ns/ipc", dir, pid);
		snprintf(target, sizeof(target), "ipc:[%d]", 6000000 + (pid - 1) / 3);
		assert_int_equal(symlink(target, path), 0);
	}
	nsh_stdout = open_memstream(&out_text, &len);
	nsh_stderr = open_memstream(&err_text, &len);
	assert_int_equal(builtin_lsns(NULL, 7, argv), 0);
	fclose(nsh_stdout);
	fclose(nsh_stderr);
	nsh_stdout = nsh_stderr = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);

	assert_non_null(strstr(out_text, "4026531836 300 1\n"));
	assert_non_null(strstr(out_text, "5000001 1 1\n"));
	assert_non_null(strstr(out_text, "5000300 1 300\n"));
	assert_non_null(strstr(out_text, "6000000 3 1\n"));
	assert_non_null(strstr(out_text, "6000099 3 298\n"));
	for (p = out_text; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 1 + 300 + 100);
	/* sorted by inode */
	assert_true(strstr(out_text, "5000300 1 300\n") < strstr(out_text, "6000000 3 1\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_default_tree, teardown),
		cmocka_unit_test_teardown(test_ascii_tree, teardown),
		cmocka_unit_test_teardown(test_default_columns, teardown),
		cmocka_unit_test_teardown(test_list, teardown),
		cmocka_unit_test_teardown(test_raw, teardown),
		cmocka_unit_test_teardown(test_noheadings_widths, teardown),
		cmocka_unit_test_teardown(test_json, teardown),
		cmocka_unit_test_teardown(test_json_flat_and_empty, teardown),
		cmocka_unit_test_teardown(test_output_append, teardown),
		cmocka_unit_test_teardown(test_output_all_header, teardown),
		cmocka_unit_test_teardown(test_task, teardown),
		cmocka_unit_test_teardown(test_namespace_operand, teardown),
		cmocka_unit_test_teardown(test_tree_owner_layout, teardown),
		cmocka_unit_test_teardown(test_errors, teardown),
		cmocka_unit_test_teardown(test_proc_root, teardown),
		cmocka_unit_test_teardown(test_many_namespaces, teardown),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
