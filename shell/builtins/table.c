/* The builtin table, generated from list.h, and its lookups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "io.h"

const struct builtin builtin_table[] = {
#define BUILTIN(name, fn, usage, summary, options, arg) {name, fn, usage, summary, options, arg},
#include "builtins/list.h"
#undef BUILTIN
};
const size_t builtin_count = sizeof builtin_table / sizeof builtin_table[0];

static int compare_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct builtin *)elem)->name);
}

const struct builtin *builtin_find(const char *name)
{
	return bsearch(name, builtin_table, builtin_count, sizeof builtin_table[0], compare_name);
}

int builtin_usage_error(const struct builtin *b)
{
	nsh_err("usage: %s\n", b->usage);
	return 2;
}

int builtin_wants_help(const struct builtin *b, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") != 0)
		return 0;
	nsh_out("usage: %s\n%s\n", b->usage, b->summary);
	return 1;
}
