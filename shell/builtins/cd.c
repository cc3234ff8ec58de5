/* cd [DIR|-]: change the working directory and keep PWD and OLDPWD. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "io.h"
#include "nsh.h"

/* The logical path of dir seen from $PWD: "a/../b" resolved by text, as
 * bash does by default, so that PWD keeps the symbolic links the user
 * followed.  NULL when it cannot be formed. */
static char *logical_path(const char *pwd, const char *dir)
{
	size_t cap = (pwd ? strlen(pwd) : 0) + strlen(dir) + 3;
	char *out = malloc(cap), *copy, *part, *save = NULL;
	size_t len = 0;

	if (!out)
		return NULL;
	if (dir[0] != '/') {
		if (!pwd || pwd[0] != '/') {
			free(out);
			return NULL;
		}
		copy = malloc(cap);
		if (!copy) {
			free(out);
			return NULL;
		}
		strcpy(copy, pwd);
		strcat(copy, "/");
		strcat(copy, dir);
	} else {
		copy = strdup(dir);
	}
	if (!copy) {
		free(out);
		return NULL;
	}
	out[0] = '\0';
	for (part = strtok_r(copy, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (!strcmp(part, "."))
			continue;
		if (!strcmp(part, "..")) {
			char *slash = strrchr(out, '/');
			len = slash ? (size_t)(slash - out) : 0;
			out[len] = '\0';
			continue;
		}
		out[len++] = '/';
		strcpy(out + len, part);
		len += strlen(part);
	}
	if (!len)
		strcpy(out, "/");
	free(copy);
	return out;
}

static int names_current_directory(const char *path)
{
	struct stat a, b;

	return path && path[0] == '/' && stat(path, &a) == 0 && stat(".", &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

int builtin_cd(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("cd");
	const char *dir, *old_pwd = getenv("PWD");
	char cwd[PATH_MAX], *old_copy, *logical;
	int print = 0, argi = 1;

	if (builtin_wants_help(self, argc, argv))
		return 0;
	if (argi < argc && !strcmp(argv[argi], "--"))
		argi++;
	if (argc - argi > 1) {
		nsh_error("cd", "too many arguments");
		return 1;
	}
	if (argi == argc) {
		dir = getenv("HOME");
		if (!dir || !*dir) {
			nsh_error("cd", "HOME not set");
			return 1;
		}
	} else if (!strcmp(argv[argi], "-")) {
		dir = getenv("OLDPWD");
		if (!dir || !*dir) {
			nsh_error("cd", "OLDPWD not set");
			return 1;
		}
		print = 1;
	} else if (argv[argi][0] == '-' && argv[argi][1]) {
		nsh_error("cd", "%s: invalid option", argv[argi]);
		return builtin_usage_error(self);
	} else {
		dir = argv[argi];
	}
	/* A $PWD inherited from elsewhere, or stale, would send `cd ..` to the
	 * wrong place: trust it only while it still names this directory. */
	if (!names_current_directory(old_pwd))
		old_pwd = getcwd(cwd, sizeof cwd) ? cwd : NULL;
	old_copy = old_pwd ? strdup(old_pwd) : NULL;
	logical = logical_path(old_pwd, dir);
	if (!logical || chdir(logical) < 0) {
		/* The textual path may cross a symlink's "..": try as given. */
		if (chdir(dir) < 0) {
			int err = errno;
			nsh_error("cd", "%s: %s", dir, strerror(err));
			nsh_print_hints("cd", err);
			free(logical);
			free(old_copy);
			return 1;
		}
		free(logical);
		logical = getcwd(cwd, sizeof cwd) ? strdup(cwd) : NULL;
	}
	if (old_copy)
		shell_setvar(sh, "OLDPWD", old_copy);
	if (logical)
		shell_setvar(sh, "PWD", logical);
	if (print)
		nsh_out("%s\n", logical ? logical : dir);
	free(logical);
	free(old_copy);
	return 0;
}
