/* source FILE [ARGS...] (also `.`): run FILE's commands in this shell, with
 * ARGS as $1... for its duration.  A FILE without '/' is searched in PATH,
 * then in the working directory, as bash does. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "exec.h"
#include "io.h"
#include "nsh.h"

static char *find_source_file(const char *name)
{
	const char *dirs = getenv("PATH"), *p, *colon;
	struct stat st;

	if (strchr(name, '/') || !dirs)
		return strdup(name);
	for (p = dirs;; p = colon + 1) {
		colon = strchr(p, ':');
		size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
		char *cand = malloc(dlen + strlen(name) + 3);
		if (!cand)
			break;
		sprintf(cand, "%.*s/%s", (int)dlen, dlen ? p : ".", name);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, R_OK) == 0)
			return cand;
		free(cand);
		if (!colon)
			break;
	}
	return strdup(name);
}

int builtin_source(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find(argv[0]);
	char **old_params = NULL, *path;
	int old_n = 0, status, err;

	if (!self)
		self = builtin_find("source");
	if (builtin_wants_help(self, argc, argv))
		return 0;
	if (argc < 2) {
		nsh_error(argv[0], "filename argument required");
		return builtin_usage_error(self);
	}
	path = find_source_file(argv[1]);
	if (!path)
		return nsh_error(argv[0], "out of memory");
	if (argc > 2)
		shell_set_params(sh, argv + 2, argc - 2, &old_params, &old_n);
	status = shell_run_file(sh, path);
	err = errno;
	if (argc > 2) {
		shell_free_params(sh->params);
		sh->params = old_params;
		sh->nparams = old_n;
	}
	if (status < 0) {
		nsh_error(argv[0], "%s: %s", argv[1], strerror(err));
		status = 1;
	}
	free(path);
	return status;
}
