/* Output and the one error format of nsh. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "lib/json_string.h"
#include "nsh.h"

FILE *nsh_stdout;
FILE *nsh_stderr;

static FILE *out_stream(void)
{
	return nsh_stdout ? nsh_stdout : stdout;
}

static FILE *err_stream(void)
{
	return nsh_stderr ? nsh_stderr : stderr;
}

void nsh_out(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(out_stream(), fmt, ap);
	va_end(ap);
}

void nsh_err(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(err_stream(), fmt, ap);
	va_end(ap);
	fflush(err_stream());
}

int nsh_error(const char *cmd, const char *fmt, ...)
{
	FILE *f = err_stream();
	va_list ap;

	fputs("nsh: ", f);
	if (cmd)
		fprintf(f, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
	return 1;
}

/* Hints are on unless the shell or NSH_HINTS=0 says otherwise. */
static int hints_enabled(void)
{
	const char *env;

	if (nsh_shell)
		return nsh_shell->opt_hints;
	env = getenv("NSH_HINTS");
	return !(env && strcmp(env, "0") == 0);
}

void nsh_print_hints(const char *op, int err)
{
	const char *text, *line, *nl;
	FILE *f = err_stream();

	if (!hints_enabled() || !(text = hint_lookup(op, err)))
		return;
	for (line = text; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		fprintf(f, "hint: %.*s\n", (int)(nl - line), line);
		if (!*nl)
			break;
	}
	fflush(f);
}

static void out_bytes(void *ctx, const char *bytes, size_t n)
{
	(void)ctx;
	nsh_out("%.*s", (int)n, bytes);
}

void nsh_out_json_string(const char *s)
{
	json_string_write(s, out_bytes, NULL);
}

int nsh_error_errno(const char *cmd, const char *op, const char *object, int err)
{
	if (object)
		nsh_error(cmd, "%s %s: %s", op, object, strerror(err));
	else
		nsh_error(cmd, "%s: %s", op, strerror(err));
	nsh_print_hints(op, err);
	return 1;
}
