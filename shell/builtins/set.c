/* set: shell options and positional parameters.
 *   set -o / set +o        list the options
 *   set -o trace|hints     turn one on (+o: off)
 *   set -- ARGS / set ARGS replace $1...
 *   set                    list the variables */
#include <string.h>

#include "builtin.h"
#include "exec.h"
#include "io.h"
#include "nsh.h"
#include "sys/trace.h"

static const char *const option_names[] = {"hints", "trace"};

static int *option_flag(struct shell *sh, const char *name)
{
	if (!strcmp(name, "trace"))
		return &sh->opt_trace;
	if (!strcmp(name, "hints"))
		return &sh->opt_hints;
	return NULL;
}

static void set_option(struct shell *sh, const char *name, int on)
{
	*option_flag(sh, name) = on;
	if (!strcmp(name, "trace"))
		sys_trace_set(on ? 2 : -1, sh->color);
}

static void list_options(struct shell *sh, int as_commands)
{
	for (size_t i = 0; i < sizeof option_names / sizeof option_names[0]; i++) {
		int on = *option_flag(sh, option_names[i]);
		if (as_commands)
			nsh_out("set %co %s\n", on ? '-' : '+', option_names[i]);
		else
			nsh_out("%-15s%s\n", option_names[i], on ? "on" : "off");
	}
}

const struct builtin_option set_options[] = {
    {'o', NULL, OPTION_VALUE, ARG_SETOPT, "OPTION", "turn OPTION on (trace, hints); alone: list them"},
    {'o' | OPTION_PLUS, NULL, OPTION_VALUE, ARG_SETOPT, "OPTION",
     "turn OPTION off; alone: list them as set commands"},
    {0},
};

int builtin_set(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("set");
	int i = 1;

	if (builtin_wants_help(self, argc, argv))
		return 0;
	if (argc == 1)
		return export_print_all("");
	for (; i < argc; i++) {
		const char *arg = argv[i];
		int on = arg[0] == '-';

		if (!strcmp(arg, "--")) {
			i++;
			shell_set_params(sh, argv + i, argc - i, NULL, NULL);
			return 0;
		}
		if (!strcmp(arg, "-o") || !strcmp(arg, "+o")) {
			if (i + 1 == argc) {
				list_options(sh, !on);
				return 0;
			}
			const char *name = argv[++i];
			if (!option_flag(sh, name)) {
				nsh_error("set", "%s: invalid option name", name);
				nsh_err("options: hints trace\n");
				return 2;
			}
			set_option(sh, name, on);
			continue;
		}
		if ((arg[0] == '-' || arg[0] == '+') && arg[1]) {
			nsh_error("set", "%s: invalid option", arg);
			return builtin_usage_error(self);
		}
		/* The first plain word starts the positional parameters. */
		shell_set_params(sh, argv + i, argc - i, NULL, NULL);
		return 0;
	}
	return 0;
}
