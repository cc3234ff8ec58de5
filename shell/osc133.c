/* Shell-integration marks: when to write them, and a scanner for them
 * (see osc133.h for the format). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "osc133.h"

#define MARK_PREFIX "\033]133;"
#define MARK_PREFIX_LEN 6

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

void osc133_scanner_init(struct osc133_scanner *s)
{
	s->npending = 0;
}

static void emit_text(const struct osc133_callbacks *cb, void *ctx, const char *bytes, size_t len)
{
	if (len && cb && cb->text)
		cb->text(ctx, bytes, len);
}

/* The body is what came between "ESC ] 133 ;" and the terminator:
 * "A", "B", "C", "D", "D;130", possibly with more ";key=value" fields. */
static void emit_mark(const struct osc133_callbacks *cb, void *ctx, const char *body, size_t len)
{
	struct osc133_mark mark = {0};

	if (len == 0)
		return;
	mark.kind = body[0];
	if (mark.kind == 'D' && len > 2 && body[1] == ';') {
		size_t i = 2;
		int negative = body[i] == '-';
		int value = 0;

		if (negative)
			i++;
		if (i < len && body[i] >= '0' && body[i] <= '9') {
			while (i < len && body[i] >= '0' && body[i] <= '9' && value < 100000000)
				value = value * 10 + (body[i++] - '0');
			mark.has_status = 1;
			mark.status = negative ? -value : value;
		}
	}
	if (cb && cb->mark)
		cb->mark(ctx, &mark);
}

/* One byte while a possible mark is pending.  Returns 1 if the byte was
 * consumed, 0 if the pending bytes were given up as text and the byte must
 * be looked at again from the plain-text state. */
static int feed_pending(struct osc133_scanner *s, char c, const struct osc133_callbacks *cb, void *ctx)
{
	size_t n = s->npending;

	if (n < MARK_PREFIX_LEN) {
		if (c == MARK_PREFIX[n]) {
			s->pending[s->npending++] = c;
			return 1;
		}
		goto give_up;
	}
	/* In the body.  A pending ESC must be followed by '\' (ST). */
	if (s->pending[n - 1] == '\033') {
		if (c != '\\') {
			s->npending--; /* the ESC starts something new */
			emit_text(cb, ctx, s->pending, s->npending);
			s->pending[0] = '\033';
			s->npending = 1;
			return 0;
		}
		emit_mark(cb, ctx, s->pending + MARK_PREFIX_LEN, n - 1 - MARK_PREFIX_LEN);
		s->npending = 0;
		return 1;
	}
	if (c == '\007') {
		emit_mark(cb, ctx, s->pending + MARK_PREFIX_LEN, n - MARK_PREFIX_LEN);
		s->npending = 0;
		return 1;
	}
	if (n < sizeof s->pending && (c == '\033' || (unsigned char)c >= ' ')) {
		s->pending[s->npending++] = c;
		return 1;
	}
give_up:
	emit_text(cb, ctx, s->pending, s->npending);
	s->npending = 0;
	return 0;
}

void osc133_feed(struct osc133_scanner *s, const char *bytes, size_t len, const struct osc133_callbacks *cb,
		 void *ctx)
{
	size_t i = 0;

	while (i < len) {
		if (s->npending) {
			if (feed_pending(s, bytes[i], cb, ctx))
				i++;
			continue;
		}
		const char *esc = memchr(bytes + i, '\033', len - i);
		size_t plain = esc ? (size_t)(esc - (bytes + i)) : len - i;

		emit_text(cb, ctx, bytes + i, plain);
		i += plain;
		if (esc) {
			s->pending[0] = '\033';
			s->npending = 1;
			i++;
		}
	}
}

void osc133_flush(struct osc133_scanner *s, const struct osc133_callbacks *cb, void *ctx)
{
	emit_text(cb, ctx, s->pending, s->npending);
	s->npending = 0;
}
