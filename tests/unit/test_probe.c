/* shell/sys/probe.c: probe_need_met, the rule the labs and `doctor` share
 * (pure, on made-up results), and one real probe of this machine (where
 * every step works: CI runs as root on a VM that allows them all). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <dirent.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "sys/probe.h"

static struct probe_identity all_ok(uid_t uid, int as_nobody)
{
	struct probe_identity id;

	memset(&id, 0, sizeof id);
	id.uid = uid;
	id.gid = uid;
	id.as_nobody = as_nobody;
	id.with_userns = uid != 0;
	return id;
}

static void test_root_need(void **state)
{
	struct probe_identity root = all_ok(0, 0), nobody = all_ok(65534, 1), user = all_ok(1000, 0);
	(void)state;

	assert_int_equal(probe_need_met(&root, "root"), 0);
	assert_int_equal(probe_need_met(&nobody, "root"), PROBE_NEED_NOT_ROOT);
	assert_int_equal(probe_need_met(&user, "root"), PROBE_NEED_NOT_ROOT);
}

static void test_userns_need_names_the_failed_step(void **state)
{
	struct probe_identity id = all_ok(65534, 1);
	(void)state;

	assert_int_equal(probe_need_met(&id, "userns"), 0);
	id.step[PROBE_UID_MAP].result = -1; /* -EPERM */
	assert_int_equal(probe_need_met(&id, "userns"), -1 - PROBE_UID_MAP);
	id.step[PROBE_USERNS].result = -28; /* -ENOSPC: the first failure wins */
	assert_int_equal(probe_need_met(&id, "userns"), -1 - PROBE_USERNS);
}

/* The sandbox needs the user namespace steps only when not root. */
static void test_sandbox_need(void **state)
{
	struct probe_identity root = all_ok(0, 0), nobody = all_ok(65534, 1);
	(void)state;

	root.step[PROBE_USERNS].result = -28;
	assert_int_equal(probe_need_met(&root, "sandbox"), 0);
	nobody.step[PROBE_USERNS].result = -1;
	assert_int_equal(probe_need_met(&nobody, "sandbox"), -1 - PROBE_USERNS);
	root.step[PROBE_MOUNT_PROC].result = -1;
	assert_int_equal(probe_need_met(&root, "sandbox"), -1 - PROBE_MOUNT_PROC);
	root.step[PROBE_MOUNT_PROC].result = PROBE_NOT_TRIED;
	assert_int_equal(probe_need_met(&root, "sandbox"), -1 - PROBE_MOUNT_PROC);
}

static void test_unknown_need_and_failed_switch(void **state)
{
	struct probe_identity id = all_ok(0, 0);
	(void)state;

	assert_int_equal(probe_need_met(&id, "network"), PROBE_NEED_UNKNOWN);
	id.drop_error = -1;
	assert_true(probe_need_met(&id, "sandbox") < 0);
}

static void test_step_names(void **state)
{
	(void)state;
	assert_string_equal(probe_step_key(PROBE_USERNS), "userns");
	assert_string_equal(probe_step_name(PROBE_PID_MNT_NS), "unshare(CLONE_NEWPID|CLONE_NEWNS)");
	assert_string_equal(probe_step_key(PROBE_STEP_COUNT), "?");
}

static int count_probe_dirs(const char *parent)
{
	DIR *d = opendir(parent);
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += strncmp(de->d_name, "nsh-probe.", 10) == 0;
	closedir(d);
	return n;
}

/* The real probe, with its temporary directory in a fresh parent: every
 * step passes here, and the directory is gone afterwards. */
static void test_real_probe_of_this_machine(void **state)
{
	char parent[] = "/tmp/nsh-probe-test.XXXXXX";
	struct probe_report r;
	(void)state;

	assert_non_null(mkdtemp(parent));
	assert_int_equal(chmod(parent, 0755), 0); /* nobody's run must reach the mount point */
	assert_int_equal(probe_machine(&r, parent, 10000), 0);
	assert_int_equal(r.nidentities, geteuid() == 0 ? 2 : 1);
	for (int i = 0; i < r.nidentities; i++) {
		assert_int_equal(r.identity[i].drop_error, 0);
		for (int s = 0; s < PROBE_STEP_COUNT; s++)
			assert_int_equal(r.identity[i].step[s].result, 0);
		assert_int_equal(probe_need_met(&r.identity[i], "sandbox"), 0);
		assert_int_equal(probe_need_met(&r.identity[i], "userns"), 0);
	}
	assert_true(r.host.kernel_release[0] != '\0');
	assert_int_equal(count_probe_dirs(parent), 0);
	assert_int_equal(rmdir(parent), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_root_need),	 cmocka_unit_test(test_userns_need_names_the_failed_step),
	    cmocka_unit_test(test_sandbox_need), cmocka_unit_test(test_unknown_need_and_failed_switch),
	    cmocka_unit_test(test_step_names),	 cmocka_unit_test(test_real_probe_of_this_machine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
