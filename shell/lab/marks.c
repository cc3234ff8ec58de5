/* OSC 133 marks and the commands they delimit: see marks.h. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/marks.h"

#define LAB_OSC "7770"

void marks_parser_init(struct marks_parser *p)
{
	memset(p, 0, sizeof *p);
}

/* %XX decoding for cmdline_url=; in place. */
static void url_decode(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
			char hex[3] = {s[1], s[2], 0};
			*w++ = (char)strtol(hex, NULL, 16);
			s += 2;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/* An OSC body (between "ESC ]" and the terminator, NUL-terminated in
 * p->seq) that is one of ours: fill m and return 1; else 0. */
static int parse_osc(char *body, struct mark *m)
{
	memset(m, 0, sizeof *m);
	if (strncmp(body, "133;", 4) == 0 && body[4] && (body[5] == '\0' || body[5] == ';')) {
		char kind = body[4];
		char *rest = body[5] ? body + 6 : body + 5;

		if (kind != 'A' && kind != 'B' && kind != 'C' && kind != 'D')
			return 0;
		m->kind = (enum mark_kind)kind;
		if (kind == 'D' && *rest && !isdigit((unsigned char)*rest))
			return 0; /* not a status: foreign text (see salvage_mark) */
		if (kind == 'D' && *rest && isdigit((unsigned char)*rest)) {
			m->has_status = 1;
			m->status = atoi(rest);
		}
		if (kind == 'C') {
			for (char *opt = rest; opt && *opt;) {
				char *next = strchr(opt, ';');
				if (strncmp(opt, "cmdline_url=", 12) == 0) {
					if (next)
						*next = '\0';
					url_decode(opt + 12);
					m->cmdline = opt + 12;
					break;
				}
				if (strncmp(opt, "cmdline=", 8) == 0) {
					m->cmdline = opt + 8; /* the rest, ';' included */
					break;
				}
				opt = next ? next + 1 : NULL;
			}
		}
		return 1;
	}
	if (strncmp(body, LAB_OSC ";lab;", sizeof LAB_OSC + 4) == 0) {
		char *verb = body + sizeof LAB_OSC + 4;
		char *semi = strchr(verb, ';');

		m->kind = MARK_LAB;
		m->verb = verb;
		m->arg = "";
		if (semi) {
			*semi = '\0';
			m->arg = semi + 1;
		}
		return 1;
	}
	return 0;
}

/* Another process writing to the same terminal (a job's notice, a
 * background job's output) can land in the middle of a mark: the bytes of
 * "ESC ] 133 ; A BEL" arrive with "Killed\r\n" between them.  When an OSC
 * body does not parse, this finds a mark of ours in it anyway, and the
 * foreign text around it, so that neither is lost:
 *
 *   - "133;" somewhere in the body (text may come before it, unless that
 *     text looks like another OSC's number and ';': "0;title 133;A" is a
 *     title, not a mark);
 *   - then, after text, a kind letter A-D that ends the body or is followed
 *     by ';' and parameters without control characters (the first such);
 *   - else the kind letter right after "133;", with text after it: for D,
 *     the status is the digits that end the body.
 *
 * Text inside "133;" itself cannot be told from another OSC: that mark is
 * lost, and the tracker resynchronises on the next one (see on_mark). */
struct salvage {
	const char *text[2]; /* foreign text before the mark, in stream order */
	size_t len[2];
	const char *after; /* foreign text after the mark */
	size_t after_len;
};

static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return 1;
	return 0;
}

static int mark_kind_at(const char *r)
{
	return (*r == 'A' || *r == 'B' || *r == 'C' || *r == 'D') && (r[1] == '\0' || r[1] == ';');
}

static int salvage_mark(const char *body, char *work, size_t worklen, struct mark *m, struct salvage *sv)
{
	const char *p = strstr(body, "133;"), *r;

	memset(sv, 0, sizeof *sv);
	if (!p)
		return 0;
	if (p > body && body[strspn(body, "0123456789")] == ';')
		return 0; /* another OSC ("0;...") that happens to contain 133; */
	r = p + 4;
	if (r[0] >= 'A' && r[0] <= 'Z' && (r[1] == '\0' || r[1] == ';') && !mark_kind_at(r))
		return 0; /* a well-formed mark of a kind we do not know (133;P;...) */
	sv->text[0] = body;
	sv->len[0] = (size_t)(p - body);
	for (size_t k = 0; r[k]; k++) {
		if (mark_kind_at(r + k) && !has_control(r + k)) {
			snprintf(work, worklen, "133;%s", r + k);
			if (parse_osc(work, m)) {
				sv->text[1] = r;
				sv->len[1] = k;
				return 1;
			}
		}
	}
	if (r[0] != 'A' && r[0] != 'B' && r[0] != 'C' && r[0] != 'D')
		return 0;
	if (r[0] == 'D' && r[1] == ';') {
		size_t len = strlen(r), digits = 0;

		while (digits < len - 2 && isdigit((unsigned char)r[len - 1 - digits]))
			digits++;
		snprintf(work, worklen, "133;D;%.*s", (int)digits, r + len - digits);
		sv->after = r + 2;
		sv->after_len = len - 2 - digits;
	} else {
		snprintf(work, worklen, "133;%c", r[0]);
		sv->after = r + 1;
		sv->after_len = strlen(r + 1);
	}
	return parse_osc(work, m);
}

/* Flush a sequence that is not ours as text, terminator included. */
static void flush_seq(struct marks_parser *p, const char *term, marks_text_fn on_text, void *ctx)
{
	on_text(ctx, p->seq, p->seq_len);
	if (term)
		on_text(ctx, term, strlen(term));
	p->seq_len = 0;
}

/* A byte-at-a-time state machine, with text spans passed on in runs so
 * that the relay makes few write calls. */
void marks_feed(struct marks_parser *p, const char *buf, size_t len, marks_text_fn on_text,
		marks_mark_fn on_mark, void *ctx)
{
	size_t run = 0; /* start of the pending text run */

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		switch (p->state) {
		case 0:
			if (c == 0x1b) {
				if (i > run)
					on_text(ctx, buf + run, i - run);
				p->state = 1;
			}
			break;
		case 1:
			if (c == ']') {
				p->state = 2;
				p->seq_len = 0;
				memcpy(p->seq, "\033]", 2);
				p->seq_len = 2;
			} else {
				on_text(ctx, "\033", 1);
				if (c == 0x1b) {
					run = i + 1; /* this ESC starts the next sequence */
					continue;
				}
				p->state = 0;
				run = i;
				continue;
			}
			break;
		case 2:
		case 3:
			if (c == 0x07 || (p->state == 3 && c == '\\')) {
				struct mark m;
				size_t body_len = p->seq_len - 2 - (p->state == 3 ? 1 : 0);
				char body[MARKS_MAX_SEQ];

				char work[MARKS_MAX_SEQ + 8];
				struct salvage sv;

				memcpy(body, p->seq + 2, body_len);
				body[body_len] = '\0';
				memcpy(work, body, body_len + 1);
				if (!has_control(body) && parse_osc(work, &m)) {
					p->seq_len = 0;
					on_mark(ctx, &m);
				} else if (memchr(body, '\0', body_len) == NULL &&
					   salvage_mark(body, work, sizeof work, &m, &sv)) {
					/* foreign text inside the mark: the text, the mark,
					 * the text after it (see salvage_mark) */
					p->seq_len = 0;
					for (int k = 0; k < 2; k++)
						if (sv.len[k])
							on_text(ctx, sv.text[k], sv.len[k]);
					on_mark(ctx, &m);
					if (sv.after_len)
						on_text(ctx, sv.after, sv.after_len);
				} else {
					if (p->state == 3)
						p->seq_len--; /* the ESC of ST */
					flush_seq(p, c == 0x07 ? "\a" : "\033\\", on_text, ctx);
				}
				p->state = 0;
				run = i + 1;
				continue;
			}
			if (p->state == 3 && c != '\\') {
				/* ESC inside an OSC that is not ST: abandon the OSC as text */
				flush_seq(p, NULL, on_text, ctx);
				p->state = 0;
				run = i;
				i--; /* re-read this byte in state 0 */
				continue;
			}
			if (c == 0x1b) {
				p->state = 3;
			}
			if (p->seq_len + 1 >= MARKS_MAX_SEQ) {
				flush_seq(p, NULL, on_text, ctx);
				p->state = 0;
				run = i;
				i--;
				continue;
			}
			p->seq[p->seq_len++] = (char)c;
			break;
		}
		if (p->state != 0)
			run = i + 1;
	}
	if (p->state == 0 && run < len)
		on_text(ctx, buf + run, len - run);
}

/* Escape sequences out, \r out, other controls but \n, \t and \b
 * dropped (a backspace is applied by sb_add_erasing, which sees the text
 * before this piece too). */
size_t text_clean(struct text_cleaner *c, const char *in, size_t len, char *out)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)in[i];

		switch (c->state) {
		case 0:
			if (ch == 0x1b)
				c->state = 1;
			else if (ch == '\n' || ch == '\t' || ch == '\b' || ch >= 0x20)
				out[n++] = (char)ch;
			break;
		case 1: /* after ESC */
			if (ch == '[')
				c->state = 2;
			else if (ch == ']' || ch == 'P' || ch == '_' || ch == '^')
				c->state = 3;
			else if (ch == '(' || ch == ')')
				c->state = 5;
			else
				c->state = 0;
			break;
		case 2: /* CSI: parameters until a final byte */
			if (ch >= 0x40 && ch <= 0x7e)
				c->state = 0;
			break;
		case 3: /* OSC/DCS: until BEL or ST */
			if (ch == 0x07)
				c->state = 0;
			else if (ch == 0x1b)
				c->state = 4;
			break;
		case 4:
			c->state = ch == '\\' ? 0 : 3;
			break;
		case 5: /* charset designation: one byte */
			c->state = 0;
			break;
		}
	}
	return n;
}

void tracker_init(struct cmd_tracker *t, const struct tracker_cb *cb, marks_text_fn relay, void *relay_ctx)
{
	memset(t, 0, sizeof *t);
	marks_parser_init(&t->parser);
	if (cb)
		t->cb = *cb;
	t->relay = relay;
	t->relay_ctx = relay_ctx;
}

static pid_t tracker_foreground(struct cmd_tracker *t)
{
	return t->cb.foreground ? t->cb.foreground(t->cb.ctx) : 0;
}

static void emit(struct cmd_tracker *t, enum tracker_event ev, const struct tracked_command *c,
		 const struct mark *m)
{
	if (t->cb.event)
		t->cb.event(t->cb.ctx, ev, c, m);
}

/* The echo of the input line, through a one-line terminal emulation:
 * readline redraws with \r, \b, CSI K (erase), CSI C/D (moves), CSI P
 * (delete) and CSI @ (insert). */
#define ECHO_MAX 4096 /* the longest input line the tracker follows */

static void echo_put(struct cmd_tracker *t, char ch)
{
	struct strbuf *e = &t->echo;

	if (t->echo_col >= ECHO_MAX)
		return; /* an input line longer than any command we check */

	if (t->echo_col < e->len) {
		e->s[t->echo_col++] = ch;
	} else {
		while (e->len < t->echo_col)
			sb_addc(e, ' ');
		sb_addc(e, ch);
		t->echo_col = e->len;
	}
}

static void echo_csi(struct cmd_tracker *t, char final)
{
	struct strbuf *e = &t->echo;
	int n = atoi(t->echo_csi);

	if (n <= 0)
		n = 1;
	if (n > ECHO_MAX)
		n = ECHO_MAX; /* a line is never longer: no huge loops or pads */
	switch (final) {
	case 'K':
		if (t->echo_col < e->len) {
			e->len = t->echo_col;
			e->s[e->len] = '\0';
		}
		break;
	case 'C':
		t->echo_col += (size_t)n;
		break;
	case 'D':
		t->echo_col = t->echo_col > (size_t)n ? t->echo_col - (size_t)n : 0;
		break;
	case 'P':
		if (t->echo_col < e->len) {
			size_t k = (size_t)n > e->len - t->echo_col ? e->len - t->echo_col : (size_t)n;
			memmove(e->s + t->echo_col, e->s + t->echo_col + k, e->len - t->echo_col - k + 1);
			e->len -= k;
		}
		break;
	case '@':
		for (int i = 0; i < n && t->echo_col <= e->len && e->len < ECHO_MAX; i++) {
			sb_addc(e, ' ');
			memmove(e->s + t->echo_col + 1, e->s + t->echo_col, e->len - t->echo_col - 1);
			e->s[t->echo_col] = ' ';
		}
		break;
	default:
		break;
	}
}

static void echo_feed(struct cmd_tracker *t, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];

		if (t->echo_esc == 1) {
			if (ch == '[') {
				t->echo_esc = 2;
				t->echo_csi_len = 0;
			} else if (ch == ']') {
				t->echo_esc = 3;
			} else {
				t->echo_esc = 0;
			}
			continue;
		}
		if (t->echo_esc == 2) {
			if ((unsigned char)ch >= 0x40 && (unsigned char)ch <= 0x7e) {
				t->echo_csi[t->echo_csi_len] = '\0';
				echo_csi(t, ch);
				t->echo_esc = 0;
			} else if (t->echo_csi_len + 1 < sizeof t->echo_csi) {
				t->echo_csi[t->echo_csi_len++] = ch;
			}
			continue;
		}
		if (t->echo_esc == 3) {
			if (ch == 0x07)
				t->echo_esc = 0;
			continue;
		}
		if (ch == 0x1b)
			t->echo_esc = 1;
		else if (ch == '\r')
			t->echo_col = 0;
		else if (ch == '\b')
			t->echo_col = t->echo_col ? t->echo_col - 1 : 0;
		else if (ch == '\n') {
			/* the end of the typed line; a wrapped line continues */
		} else if ((unsigned char)ch >= 0x20 || ch == '\t')
			echo_put(t, ch);
	}
}

static char *trim_dup(const char *s)
{
	size_t len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n'))
		len--;
	return strndup(s, len);
}

static void close_command(struct cmd_tracker *t, int has_status, int status)
{
	struct open_command *o = &t->open[--t->depth];
	struct tracked_command c = {
	    .cmd = o->cmd ? o->cmd : "",
	    .output = sb_str(&o->output),
	    .has_status = has_status,
	    .status = status,
	    .depth = o->depth,
	    .shell_pgid = o->shell_pgid,
	};

	emit(t, TRACK_DONE, &c, NULL);
	free(o->cmd);
	sb_free(&o->output);
	memset(o, 0, sizeof *o);
}

/* A shell shows its prompt (A): it runs no command any more.  Normally its
 * D closed its last command already; if that D was lost (foreign text
 * broke the mark), its open command, and any above it (of shells nested in
 * it, gone by now), close here without a status, so that the depth of the
 * next commands is right again.  Needs the foreground group (0: unknown,
 * nothing is closed). */
static void resync_at_prompt(struct cmd_tracker *t)
{
	int match = t->depth - 1;

	if (t->prompt_pgid <= 0)
		return;
	while (match >= 0 && t->open[match].shell_pgid != t->prompt_pgid)
		match--;
	while (match >= 0 && t->depth > match)
		close_command(t, 0, 0);
}

static void on_text(void *ctx, const char *text, size_t len)
{
	struct cmd_tracker *t = ctx;

	if (t->relay)
		t->relay(t->relay_ctx, text, len);
	if (t->phase == 1)
		sb_add(&t->prompt, text, len);
	if (t->phase == 2) {
		echo_feed(t, text, len);
	} else if (t->phase == 3 && t->depth > 0) {
		char clean[4096];
		size_t off = 0;

		while (off < len) {
			size_t chunk = len - off > sizeof clean ? sizeof clean : len - off;
			size_t n = text_clean(&t->cleaner, text + off, chunk, clean);
			sb_add_erasing(&t->open[t->depth - 1].output, clean, n);
			off += chunk;
		}
	}
}

static void on_mark(void *ctx, const struct mark *m)
{
	struct cmd_tracker *t = ctx;

	switch (m->kind) {
	case MARK_PROMPT_START: {
		t->phase = 1;
		t->prompt.len = 0;
		if (t->prompt.s)
			t->prompt.s[0] = '\0';
		t->prompts++;
		t->prompt_pgid = tracker_foreground(t);
		resync_at_prompt(t);
		if (t->depth > 0 && !t->open[t->depth - 1].nested_reported) {
			struct open_command *o = &t->open[t->depth - 1];
			struct tracked_command c = {
			    .cmd = o->cmd ? o->cmd : "",
			    .output = sb_str(&o->output),
			    .has_status = 0,
			    .depth = o->depth,
			    .shell_pgid = o->shell_pgid,
			};

			o->nested_reported = 1;
			emit(t, TRACK_NESTED, &c, m);
		}
		struct tracked_command p = {
		    .cmd = "", .output = "", .depth = t->depth, .shell_pgid = t->prompt_pgid};
		emit(t, TRACK_PROMPT, &p, m);
		break;
	}
	case MARK_PROMPT_END: {
		struct tracked_command p = {
		    .cmd = "", .output = "", .depth = t->depth, .shell_pgid = t->prompt_pgid};

		/* the shell that reads input owns the terminal: this also holds
		 * when its A mark was lost */
		pid_t fg = tracker_foreground(t);
		if (fg > 0) {
			p.shell_pgid = t->prompt_pgid = fg;
			resync_at_prompt(t);
			p.depth = t->depth;
		}
		t->phase = 2;
		t->echo.len = 0;
		if (t->echo.s)
			t->echo.s[0] = '\0';
		t->echo_col = 0;
		t->echo_esc = 0;
		emit(t, TRACK_READY, &p, m);
		break;
	}
	case MARK_OUTPUT_START: {
		struct open_command *o;

		if (t->depth >= TRACKER_MAX_DEPTH)
			break;
		o = &t->open[t->depth];
		memset(o, 0, sizeof *o);
		o->cmd = trim_dup(m->cmdline ? m->cmdline : sb_str(&t->echo));
		o->depth = t->depth;
		o->shell_pgid = t->prompt_pgid;
		t->depth++;
		t->phase = 3;
		memset(&t->cleaner, 0, sizeof t->cleaner);
		{
			struct tracked_command c = {
			    .cmd = o->cmd, .output = "", .depth = o->depth, .shell_pgid = o->shell_pgid};
			emit(t, TRACK_COMMAND, &c, m);
		}
		break;
	}
	case MARK_COMMAND_END: {
		pid_t fg = tracker_foreground(t);
		int match = t->depth - 1;

		if (t->depth == 0)
			break; /* bash's first PROMPT_COMMAND, or a D without C */
		/* The D belongs to the shell that owns the terminal now: the
		 * topmost open command of that shell.  Commands above it belong
		 * to shells that went away without a D (a nested shell's `exit`)
		 * and close without a status.  A D from a shell with no open
		 * command (a nested bash's first PROMPT_COMMAND) is ignored. */
		if (fg > 0) {
			while (match >= 0 && t->open[match].shell_pgid > 0 && t->open[match].shell_pgid != fg)
				match--;
			if (match < 0)
				break;
		}
		while (t->depth - 1 > match)
			close_command(t, 0, 0);
		close_command(t, m->has_status, m->status);
		t->phase = 0;
		break;
	}
	case MARK_LAB:
		emit(t, TRACK_LAB, NULL, m);
		break;
	}
}

void tracker_feed(struct cmd_tracker *t, const char *buf, size_t len)
{
	marks_feed(&t->parser, buf, len, on_text, on_mark, t);
}

void tracker_free(struct cmd_tracker *t)
{
	while (t->depth > 0) {
		struct open_command *o = &t->open[--t->depth];
		free(o->cmd);
		sb_free(&o->output);
	}
	sb_free(&t->echo);
	sb_free(&t->prompt);
	free(t->pending_cmdline);
}

int tracker_input_line(struct cmd_tracker *t, const char **prompt, size_t *prompt_len, const char **typed)
{
	if (t->phase != 2)
		return 0;
	*prompt = sb_str(&t->prompt);
	*prompt_len = t->prompt.len;
	*typed = sb_str(&t->echo);
	return 1;
}
