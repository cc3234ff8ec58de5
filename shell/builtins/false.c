/* false: fail, with status 1. */
#include "builtin.h"

int builtin_false(struct shell *sh, int argc, char **argv)
{
	(void)sh;
	if (builtin_wants_help(builtin_find("false"), argc, argv))
		return 0;
	return 1;
}
