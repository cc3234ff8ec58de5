/* pwd: the working directory.  $PWD when it still names the directory we
 * are in (it keeps the path the user took through symbolic links), else
 * the physical path. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "io.h"

const struct builtin_option pwd_options[] = {
    {'L', NULL, OPTION_FLAG, ARG_NONE, NULL, "the logical path ($PWD, through symbolic links; the default)"},
    {'P', NULL, OPTION_FLAG, ARG_NONE, NULL, "the physical path, without symbolic links"},
    {0},
};

int builtin_pwd(struct shell *sh, int argc, char **argv)
{
	const char *pwd = getenv("PWD");
	char buf[PATH_MAX];
	struct stat a, b;

	(void)sh;
	if (builtin_wants_help(builtin_find("pwd"), argc, argv))
		return 0;
	if (argc > 1 && (!strcmp(argv[1], "-L") || !strcmp(argv[1], "-P"))) {
		if (argv[1][1] == 'P')
			pwd = NULL;
	} else if (argc > 1) {
		nsh_error("pwd", "%s: invalid option", argv[1]);
		return builtin_usage_error(builtin_find("pwd"));
	}
	if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino) {
		nsh_out("%s\n", pwd);
		return 0;
	}
	if (!getcwd(buf, sizeof buf))
		return nsh_error_errno("pwd", "getcwd", NULL, errno);
	nsh_out("%s\n", buf);
	return 0;
}
