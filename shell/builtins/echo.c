/* echo [-neE] ARGS: print the arguments, as bash's builtin echo. */
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "io.h"

/* An argument made only of the letters n, e, E after a '-' is an option. */
static int is_echo_option(const char *arg)
{
	if (arg[0] != '-' || !arg[1])
		return 0;
	for (const char *p = arg + 1; *p; p++)
		if (*p != 'n' && *p != 'e' && *p != 'E')
			return 0;
	return 1;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Print s with backslash escapes; returns 1 when \c ends all output. */
static int print_escaped(const char *s)
{
	for (const char *p = s; *p; p++) {
		int c = (unsigned char)*p;
		if (c != '\\' || !p[1]) {
			nsh_out("%c", c);
			continue;
		}
		switch (*++p) {
		case 'a':
			c = '\a';
			break;
		case 'b':
			c = '\b';
			break;
		case 'c':
			return 1;
		case 'e':
		case 'E':
			c = 033;
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		case 'v':
			c = '\v';
			break;
		case '\\':
			c = '\\';
			break;
		case '0':
			c = 0;
			for (int i = 0; i < 3 && p[1] >= '0' && p[1] <= '7'; i++)
				c = c * 8 + (*++p - '0');
			break;
		case 'x':
			if (hex_value(p[1]) < 0) {
				nsh_out("\\x");
				continue;
			}
			c = 0;
			for (int i = 0; i < 2 && hex_value(p[1]) >= 0; i++)
				c = c * 16 + hex_value(*++p);
			break;
		default:
			nsh_out("\\%c", *p);
			continue;
		}
		nsh_out("%c", c);
	}
	return 0;
}

/* Read by hand (is_echo_option): "-n" or "-neE" only, as dash and bash; a
 * word like "-x" is printed. */
const struct builtin_option echo_options[] = {
    {'n', NULL, OPTION_FLAG, ARG_NONE, NULL, "no newline at the end"},
    {'e', NULL, OPTION_FLAG, ARG_NONE, NULL, "interpret backslash escapes (\\n, \\t, \\0NNN...)"},
    {'E', NULL, OPTION_FLAG, ARG_NONE, NULL, "do not interpret them (the default)"},
    {0},
};

int builtin_echo(struct shell *sh, int argc, char **argv)
{
	int newline = 1, escapes = 0, i;

	(void)sh;
	if (builtin_wants_help(builtin_find("echo"), argc, argv))
		return 0;
	for (i = 1; i < argc && is_echo_option(argv[i]); i++) {
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'n')
				newline = 0;
			else if (*p == 'e')
				escapes = 1;
			else
				escapes = 0;
		}
	}
	for (int first = i; i < argc; i++) {
		if (i > first)
			nsh_out(" ");
		if (escapes) {
			if (print_escaped(argv[i]))
				return 0;
		} else {
			nsh_out("%s", argv[i]);
		}
	}
	if (newline)
		nsh_out("\n");
	return 0;
}
