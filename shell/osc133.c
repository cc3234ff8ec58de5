/* Shell-integration marks: when to write them, and what (see osc133.h for
 * the format; the lab supervisor reads them in shell/lab/marks.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "osc133.h"

/* Terminals that draw the marks (or do something useful with them) and say
 * who they are in the environment.  Anything else gets no marks unless the
 * user asks: an unknown OSC can print as garbage on old terminals. */
int osc133_wanted(void)
{
	static const char *const programs[] = {"WezTerm", "vscode", "iTerm.app", "ghostty"};
	const char *setting = getenv("NSH_SHELL_INTEGRATION");
	const char *program = getenv("TERM_PROGRAM");
	const char *term = getenv("TERM");

	if (setting && *setting)
		return strcmp(setting, "0") != 0;
	if (program)
		for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
			if (strcmp(program, programs[i]) == 0)
				return 1;
	if (getenv("VTE_VERSION"))
		return 1;
	return term && strcmp(term, "xterm-kitty") == 0;
}

char *osc133_command_start(const char *cmdline)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char lead[] = "\033]133;C;cmdline_url=";
	size_t encoded = 0;
	char *mark, *w;

	for (const unsigned char *p = (const unsigned char *)cmdline; *p; p++)
		encoded += (*p <= ' ' || *p >= 0x7f || *p == '%' || *p == ';') ? 3 : 1;
	if (encoded > OSC133_CMDLINE_MAX)
		return strdup(OSC133_COMMAND_START);
	if (!(mark = malloc(sizeof lead + encoded + 1)))
		return NULL;
	w = mark + sizeof lead - 1;
	memcpy(mark, lead, sizeof lead - 1);
	for (const unsigned char *p = (const unsigned char *)cmdline; *p; p++) {
		if (*p <= ' ' || *p >= 0x7f || *p == '%' || *p == ';') {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		} else {
			*w++ = (char)*p;
		}
	}
	*w++ = '\007';
	*w = '\0';
	return mark;
}

int osc133_format_end(char *buf, size_t len, int status)
{
	return snprintf(buf, len, OSC133_COMMAND_END_FORMAT, status);
}
