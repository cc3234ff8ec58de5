/* The one (operation, errno) -> cause-and-fix table, and how io.c prints it:
 * the plain strerror line first, then "hint: " lines, none when hints are off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "io.h"
#include "nsh.h"

/* hints.c's enumeration, for tests. */
size_t hint_count(void);
int hint_key(size_t i, const char **op, int *err);

/* The entries issue 3 asks for, and the words each must contain. */
static const struct {
	const char *op;
	int err;
	const char *must[3];
} required[] = {
    {"fork", ENOMEM, {"PID 1", "-f", "pid_namespaces(7)"}},
    {"unshare", ENOSPC, {"32", "max_", "ENOSPC"}},
    {"unshare", EPERM, {"-U", "-r", "CAP_SYS_ADMIN"}},
    {"unshare", EINVAL, {"thread", "fix:", NULL}},
    {"write uid_map", EPERM, {"apparmor_restrict_unprivileged_userns", "fix:", NULL}},
    {"write gid_map", EPERM, {"setgroups", "deny", "apparmor"}},
    {"setns", EINVAL, {"user namespace", "namespace file", "fix:"}},
    {"setns", EPERM, {"CAP_SYS_ADMIN", "fix:", NULL}},
    {"kill", ESRCH, {"ancestors", "/proc", "mountproc"}},
    {"mount proc", EPERM, {"owns the PID namespace", "unshare -Urpmf", "--mount-proc"}},
    {"pidfd_open", ESRCH, {"exited", "fix:", NULL}},
    {"exec", ENOENT, {"PATH", "fix:", NULL}},
    {"exec", EACCES, {"noexec", "fix:", NULL}},
};

static void test_required_entries(void **state)
{
	size_t i, j;

	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		const char *text = hint_lookup(required[i].op, required[i].err);

		if (!text)
			fail_msg("no hint for (%s, %d)", required[i].op, required[i].err);
		for (j = 0; j < 3 && required[i].must[j]; j++)
			if (!strstr(text, required[i].must[j]))
				fail_msg("hint for (%s, %d) lacks \"%s\": %s", required[i].op,
					 required[i].err, required[i].must[j], text);
	}
}

static void test_unknown_is_null(void **state)
{
	assert_null(hint_lookup("unshare", EBADF));
	assert_null(hint_lookup("no such operation", EPERM));
	assert_null(hint_lookup(NULL, EPERM));
}

/* Every entry: unique key, a fix line, no empty or overlong line, no
 * trailing newline (io.c splits on '\n'). */
static void test_every_entry_is_well_formed(void **state)
{
	size_t i, k;

	assert_true(hint_count() >= sizeof required / sizeof required[0]);
	for (i = 0; i < hint_count(); i++) {
		const char *op, *text, *line, *nl;
		int err;

		assert_int_equal(hint_key(i, &op, &err), 0);
		for (k = 0; k < i; k++) {
			const char *op2;
			int err2;

			hint_key(k, &op2, &err2);
			if (err == err2 && strcmp(op, op2) == 0)
				fail_msg("duplicate entry (%s, %d)", op, err);
		}
		text = hint_lookup(op, err);
		assert_non_null(text);
		if (!strstr(text, "fix:"))
			fail_msg("(%s, %d) has no fix line", op, err);
		for (line = text; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			if (!nl)
				nl = line + strlen(line);
			if (nl == line)
				fail_msg("(%s, %d) has an empty line", op, err);
			if (nl - line > 110)
				fail_msg("(%s, %d) has a line of %d characters", op, err, (int)(nl - line));
			if (!*nl)
				break;
		}
	}
	assert_int_equal(hint_key(hint_count(), &(const char *){NULL}, &(int){0}), -1);
}

/* The printed form: first line plain, then hint: lines; NSH_HINTS=0 off. */
static void test_printed_form(void **state)
{
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);

	nsh_shell = NULL;
	unsetenv("NSH_HINTS");
	nsh_stderr = mem;
	nsh_error_errno("unshare", "unshare", NULL, EPERM);
	fflush(mem);
	assert_true(strncmp(out, "nsh: unshare: unshare: Operation not permitted\nhint: ", 53) == 0);
	fclose(mem);
	free(out);

	out = NULL;
	mem = open_memstream(&out, &len);
	nsh_stderr = mem;
	setenv("NSH_HINTS", "0", 1);
	nsh_error_errno(NULL, "fork", NULL, ENOMEM);
	fflush(mem);
	assert_string_equal(out, "nsh: fork: Cannot allocate memory\n");
	fclose(mem);
	free(out);
	unsetenv("NSH_HINTS");
	nsh_stderr = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_required_entries),
	    cmocka_unit_test(test_unknown_is_null),
	    cmocka_unit_test(test_every_entry_is_well_formed),
	    cmocka_unit_test(test_printed_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
