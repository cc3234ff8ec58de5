/* STUB */
#include <stdlib.h>
#include <string.h>
#include "ast.h"
int parse_program(const char *src, struct program **out, struct parse_error *err)
{
	memset(err, 0, sizeof *err);
	strcpy(err->msg, "parser unavailable");
	return -1;
}
void program_free(struct program *p)
{
	free(p);
}
