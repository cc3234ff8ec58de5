/* type NAME...: a builtin, or the program PATH finds. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "exec.h"
#include "io.h"

int builtin_type(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("type");
	int status = 0;

	(void)sh;
	if (builtin_wants_help(self, argc, argv))
		return 0;
	if (argc < 2)
		return builtin_usage_error(self);
	for (int i = 1; i < argc; i++) {
		char *path;
		if (builtin_find(argv[i])) {
			nsh_out("%s is a shell builtin\n", argv[i]);
			continue;
		}
		if (exec_find_command(argv[i], &path, 0) == 0 && access(path, X_OK) == 0) {
			nsh_out("%s is %s\n", argv[i], path);
			free(path);
			continue;
		}
		free(path);
		status = nsh_error("type", "%s: not found", argv[i]);
	}
	return status;
}
