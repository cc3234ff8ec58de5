/* true: succeed. */
#include "builtin.h"

int builtin_true(struct shell *sh, int argc, char **argv)
{
	(void)sh;
	if (builtin_wants_help(builtin_find("true"), argc, argv))
		return 0;
	return 0;
}
