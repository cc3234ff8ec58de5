/* history: show or clear the command history (GNU Readline's list, which
 * the REPL loads from and appends to the history file). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>

#include "builtin.h"
#include "builtins/options.h"
#include "io.h"

const struct builtin_option history_options[] = {
    {'c', NULL, OPTION_FLAG, ARG_NONE, NULL, "clear the history of this shell"},
    OPTION_PARAGRAPH("With N, the last N entries."),
    {0},
};

/* Prints the entries numbered as `!N` would name them in bash; `history
 * N` the last N; `history -c` empties the list of this shell (the file
 * keeps what was written, as in bash). */
int builtin_history(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("history");
	HIST_ENTRY **list;
	int opt, clear = 0, count, first = 0;

	(void)sh;
	if (builtin_wants_help(self, argc, argv))
		return 0;
	optind = 0;
	while ((opt = builtin_getopt(argc, argv, history_options)) != -1) {
		switch (opt) {
		case 'c':
			clear = 1;
			break;
		default:
			if (optopt)
				nsh_error(argv[0], "-%c: invalid option", optopt);
			else
				nsh_error(argv[0], "%s: invalid option", argv[optind - 1]);
			return builtin_usage_error(self);
		}
	}
	if (clear) {
		if (optind < argc) {
			nsh_error(argv[0], "-c takes no argument");
			return builtin_usage_error(self);
		}
		clear_history();
		return 0;
	}
	if (argc - optind > 1) {
		nsh_error(argv[0], "too many arguments");
		return builtin_usage_error(self);
	}
	list = history_list();
	for (count = 0; list && list[count]; count++)
		;
	if (optind < argc) {
		char *end;
		long n;

		errno = 0;
		n = strtol(argv[optind], &end, 10);
		if (!*argv[optind] || *end || n < 0 || errno == ERANGE) {
			nsh_error(argv[0], "%s: numeric argument required", argv[optind]);
			return builtin_usage_error(self);
		}
		if (n < count)
			first = count - (int)n;
	}
	for (int i = first; i < count; i++)
		nsh_out("%5d  %s\n", history_base + i, list[i]->line);
	return 0;
}
