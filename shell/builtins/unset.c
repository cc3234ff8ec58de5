/* unset NAME...: remove variables from the environment. */
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "exec.h"
#include "io.h"

const struct builtin_option unset_options[] = {
    {'v', NULL, OPTION_FLAG, ARG_NONE, NULL, "NAME is a variable (the default)"},
    {0},
};

int builtin_unset(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("unset");
	int status = 0, i = 1;

	(void)sh;
	if (builtin_wants_help(self, argc, argv))
		return 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-v") != 0) {
			nsh_error("unset", "%s: invalid option", argv[i]);
			return builtin_usage_error(self);
		}
	}
	for (; i < argc; i++) {
		if (!shell_valid_name(argv[i], strlen(argv[i]))) {
			status = nsh_error("unset", "`%s': not a valid identifier", argv[i]);
			continue;
		}
		unsetenv(argv[i]);
	}
	return status;
}
