/* Argument helpers shared by the builtins (see options.h). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "builtins/options.h"
#include "io.h"

#define MAX_LONG_OPTIONS 96

int builtin_getopt_tables(const struct builtin_option *opts, char *shortopts, size_t shortlen,
			  struct option *longopts, size_t longcount)
{
	size_t s = 0, n = 0;

	if (shortlen < 3 || longcount < 1)
		return -1;
	shortopts[s++] = '+';
	shortopts[s++] = ':';
	for (const struct builtin_option *o = opts; o->kind != OPTION_END; o++) {
		int has_arg;

		if (o->kind == OPTION_WORD || o->kind == OPTION_TEXT || (o->key & OPTION_PLUS))
			continue;
		has_arg = o->kind == OPTION_VALUE				    ? required_argument
			  : o->kind == OPTION_MAYBE || o->kind == OPTION_MAYBE_LONG ? optional_argument
										    : no_argument;
		if (o->key > 0 && o->key < OPTION_LONG_ONLY) {
			if (s + 4 > shortlen)
				return -1;
			shortopts[s++] = (char)o->key;
			if (has_arg != no_argument && o->kind != OPTION_MAYBE_LONG)
				shortopts[s++] = ':';
			if (has_arg == optional_argument && o->kind != OPTION_MAYBE_LONG)
				shortopts[s++] = ':';
		}
		if (o->name) {
			if (n + 1 >= longcount)
				return -1;
			longopts[n++] = (struct option){o->name, has_arg, NULL, o->key};
		}
	}
	shortopts[s] = '\0';
	longopts[n] = (struct option){NULL, 0, NULL, 0};
	return (int)n;
}

/* The tables of the declaration last parsed: a parse calls getopt_long
 * once per option, with the same declaration, so they are made once. */
int builtin_getopt(int argc, char **argv, const struct builtin_option *opts)
{
	static const struct builtin_option *made_for;
	static char shortopts[3 * MAX_LONG_OPTIONS + 3];
	static struct option longopts[MAX_LONG_OPTIONS + 1];

	if (opts != made_for) {
		if (builtin_getopt_tables(opts, shortopts, sizeof shortopts, longopts,
					  sizeof longopts / sizeof longopts[0]) < 0)
			abort(); /* a declaration larger than MAX_LONG_OPTIONS: a bug test_table finds */
		made_for = opts;
	}
	opterr = 0;
	return getopt_long(argc, argv, shortopts, longopts, NULL);
}

int builtin_usage_errorf(const char *name, const char *fmt, ...)
{
	const struct builtin *b = builtin_find(name);
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	nsh_error(name, "%s", message);
	return b ? builtin_usage_error(b) : 2;
}

/* getopt_long leaves little to tell a long option from a short one: a
 * missing argument always ends its word (argv[optind - 1] is the option);
 * an unknown long option sets optopt to 0; "--fork=x" on an option without
 * argument sets optopt to its value.  An unknown letter inside a group
 * ("-xf") leaves optind on that group, so the word is not looked at then. */
void builtin_report_option_error(const char *name, int c, char *const argv[])
{
	const char *word = optind > 0 ? argv[optind - 1] : "";
	int is_long = strncmp(word, "--", 2) == 0;
	const char *equals = strchr(word, '=');

	if (c == ':') {
		if (is_long)
			nsh_error(name, "option '%s' requires an argument", word);
		else
			nsh_error(name, "option requires an argument -- '%c'", optopt);
		return;
	}
	if (is_long && optopt && equals)
		nsh_error(name, "option '%.*s' takes no argument", (int)(equals - word), word);
	else if (!optopt)
		nsh_error(name, "unrecognized option '%s'", word);
	else
		nsh_error(name, "invalid option -- '%c'", optopt);
}

int builtin_option_error(const char *name, int c, char *const argv[])
{
	const struct builtin *b = builtin_find(name);

	builtin_report_option_error(name, c, argv);
	return b ? builtin_usage_error(b) : 2;
}

long builtin_parse_id(const char *text)
{
	unsigned long value;
	char *end;

	if (!text || *text < '0' || *text > '9')
		return -1;
	errno = 0;
	value = strtoul(text, &end, 10);
	if (errno || *end || value >= UINT_MAX)
		return -1;
	return (long)value;
}

pid_t builtin_parse_pid(const char *text)
{
	long value = builtin_parse_id(text);

	return value > 0 && value <= INT_MAX ? (pid_t)value : 0;
}
