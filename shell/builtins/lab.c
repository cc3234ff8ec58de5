/* STUB: placeholder until the real builtin lands. */
#include "builtin.h"
#include "io.h"

int builtin_lab(struct shell *sh, int argc, char **argv)
{
	return nsh_error(argv[0], "unavailable in this build");
}
