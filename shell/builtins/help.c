/* help [BUILTIN]: every builtin with its one-line summary, from the same
 * table the dispatcher uses; or the help of one (what NAME --help says). */
#include <string.h>

#include "builtin.h"
#include "io.h"

int builtin_help(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("help");
	int status = 0;

	(void)sh;
	if (builtin_wants_help(self, argc, argv))
		return 0;
	if (argc == 1) {
		size_t width = 0;
		for (size_t i = 0; i < builtin_count; i++)
			if (strlen(builtin_table[i].name) > width)
				width = strlen(builtin_table[i].name);
		nsh_out("nsh builtins (`help NAME` or `NAME --help` for one; man nsh for all):\n\n");
		for (size_t i = 0; i < builtin_count; i++)
			nsh_out("  %-*s  %s\n", (int)width, builtin_table[i].name, builtin_table[i].summary);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const struct builtin *b = builtin_find(argv[i]);
		if (!b) {
			status = nsh_error("help", "no help topics match `%s'", argv[i]);
			continue;
		}
		builtin_print_help(b);
	}
	return status;
}
