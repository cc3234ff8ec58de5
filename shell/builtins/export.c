/* export [-p] [NAME[=VALUE]...]: nsh's variables are the environment, so
 * export sets them; without arguments (or with -p) it lists them in a form
 * that can be read back. */
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "exec.h"
#include "io.h"
#include "nsh.h"

extern char **environ;

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* value in single quotes, with ' written as '\'' */
static void print_quoted(const char *value)
{
	nsh_out("'");
	for (const char *p = value; *p; p++) {
		if (*p == '\'')
			nsh_out("'\\''");
		else
			nsh_out("%c", *p);
	}
	nsh_out("'");
}

/* Every variable, sorted: "export NAME='value'" (prefix "export ") or
 * "NAME='value'" (prefix ""). */
int export_print_all(const char *prefix)
{
	size_t n = 0;
	char **sorted;

	while (environ[n])
		n++;
	sorted = malloc((n ? n : 1) * sizeof *sorted);
	if (!sorted)
		return nsh_error("export", "out of memory");
	memcpy(sorted, environ, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, compare_strings);
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(sorted[i], '=');
		if (!eq)
			continue;
		nsh_out("%s%.*s=", prefix, (int)(eq - sorted[i]), sorted[i]);
		print_quoted(eq + 1);
		nsh_out("\n");
	}
	free(sorted);
	return 0;
}

const struct builtin_option export_options[] = {
    {'p', NULL, OPTION_FLAG, ARG_NONE, NULL, "list the exported variables (as without NAME)"},
    {0},
};

int builtin_export(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("export");
	int status = 0, i = 1;

	if (builtin_wants_help(self, argc, argv))
		return 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-p") != 0) {
			nsh_error("export", "%s: invalid option", argv[i]);
			return builtin_usage_error(self);
		}
	}
	if (i == argc)
		return export_print_all("export ");
	for (; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		size_t namelen = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		char *name;

		if (!shell_valid_name(argv[i], namelen)) {
			status = nsh_error("export", "`%s': not a valid identifier", argv[i]);
			continue;
		}
		if (!eq)
			continue; /* already in the environment, or nothing to export */
		name = strndup(argv[i], namelen);
		if (!name || shell_setvar(sh, name, eq + 1) < 0)
			status = nsh_error("export", "%s: cannot set", argv[i]);
		free(name);
	}
	return status;
}
