/* The supervisor's view of a pty stream (shell/lab/marks.c): the mark parser,
 * the output cleaner, and the command tracker with nested shells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lab/marks.h"

/* ---- the parser: text with each mark as <A>, <D;0>, <L:verb:arg> -------- */

struct record {
	char out[8192];
	size_t len;
};

static void rec_text(void *ctx, const char *text, size_t len)
{
	struct record *r = ctx;

	assert_true(r->len + len < sizeof r->out);
	memcpy(r->out + r->len, text, len);
	r->len += len;
	r->out[r->len] = '\0';
}

static void rec_mark(void *ctx, const struct mark *m)
{
	struct record *r = ctx;

	if (m->kind == MARK_LAB)
		r->len +=
		    (size_t)snprintf(r->out + r->len, sizeof r->out - r->len, "<L:%s:%s>", m->verb, m->arg);
	else if (m->has_status)
		r->len +=
		    (size_t)snprintf(r->out + r->len, sizeof r->out - r->len, "<%c;%d>", m->kind, m->status);
	else
		r->len += (size_t)snprintf(r->out + r->len, sizeof r->out - r->len, "<%c>", m->kind);
}

/* Feeds in pieces of chunk bytes (every split point is tried by callers). */
static const char *parse(const char *in, size_t chunk, struct record *r)
{
	struct marks_parser p;
	size_t len = strlen(in);

	memset(r, 0, sizeof *r);
	marks_parser_init(&p);
	if (chunk == 0)
		chunk = len ? len : 1;
	for (size_t off = 0; off < len; off += chunk)
		marks_feed(&p, in + off, len - off < chunk ? len - off : chunk, rec_text, rec_mark, r);
	return r->out;
}

static void every_split(const char *in, const char *expected)
{
	struct record r;

	for (size_t chunk = 0; chunk <= strlen(in); chunk++)
		assert_string_equal(parse(in, chunk, &r), expected);
}

static void test_marks_and_text(void **state)
{
	(void)state;
	every_split("\033]133;A\007$ \033]133;B\007ls\r\n\033]133;C\007a b\r\n\033]133;D;0\007",
		    "<A>$ <B>ls\r\n<C>a b\r\n<D;0>");
}

static void test_st_terminator_and_status(void **state)
{
	(void)state;
	every_split("x\033]133;D;127\033\\y", "x<D;127>y");
	every_split("\033]133;D\007", "<D>");
}

static void test_other_sequences_pass_through(void **state)
{
	(void)state;
	/* a title OSC, CSI colours, a lone ESC pair: untouched */
	every_split("\033]0;title\007\033[1;31mred\033[0m\033(B",
		    "\033]0;title\007\033[1;31mred\033[0m\033(B");
	/* not a mark letter we know */
	every_split("\033]133;Z\007", "\033]133;Z\007");
}

static void test_lab_sequence(void **state)
{
	(void)state;
	every_split("a\033]7770;lab;hint;\007b", "a<L:hint:>b");
	every_split("\033]7770;lab;answer;2 or 3\007", "<L:answer:2 or 3>");
}

static void test_double_escape(void **state)
{
	(void)state;
	every_split("\033\033]133;A\007", "\033<A>");
}

static void test_overlong_osc_is_text(void **state)
{
	char in[MARKS_MAX_SEQ + 64];
	struct record r;

	(void)state;
	memcpy(in, "\033]133;", 6);
	memset(in + 6, 'x', sizeof in - 8);
	in[sizeof in - 2] = '\007';
	in[sizeof in - 1] = '\0';
	parse(in, 0, &r);
	/* nothing is lost, nothing is taken for a mark */
	assert_int_equal(r.len, strlen(in));
	assert_null(strchr(r.out, '<'));
}

/* Another writer's text inside a mark: the mark is still found, and the
 * text is kept, in stream order (at every split of the stream). */
static void test_foreign_text_inside_a_mark(void **state)
{
	(void)state;
	/* between "ESC ] 133 ;" and the kind: the reported case */
	every_split("\033]133;Killed\r\nA\007$ ", "Killed\r\n<A>$ ");
	every_split("\033]133;[2]+  Killed                  sleep 100\r\nA\007$ \033]133;B\007",
		    "[2]+  Killed                  sleep 100\r\n<A>$ <B>");
	/* between "ESC ]" and "133;" */
	every_split("\033]Killed\r\n133;A\007", "Killed\r\n<A>");
	/* after the kind, before BEL or ST */
	every_split("\033]133;AKilled\r\n\007$ ", "<A>Killed\r\n$ ");
	every_split("\033]133;BKilled\033\\ls", "<B>Killedls");
	/* inside D's parameters: the status is the digits at the end */
	every_split("out\033]133;D;Killed\r\n0\007", "out<D;0>Killed\r\n");
	every_split("\033]133;D;Done\r\n127\007", "<D;127>Done\r\n");
	/* before a C with its command line */
	every_split("\033]133;Done\r\nC;cmdline_url=ps%20-ef\007", "Done\r\n<C>");
	/* a title or another OSC that contains 133; is not a mark */
	every_split("\033]0;see 133;A\007", "\033]0;see 133;A\007");
	every_split("\033]133;P;k=i\007", "\033]133;P;k=i\007");
	/* then the stream goes on as usual */
	every_split("\033]133;Killed\nA\007\033]133;B\007x\033]133;C\007y\033]133;D;1\007",
		    "Killed\n<A><B>x<C>y<D;1>");
}

static void test_text_clean(void **state)
{
	struct text_cleaner c = {0};
	char out[256];
	const char *in = "a\r\n\033[1mb\033[0m\033]0;t\007c\bd\te\033(B!";
	size_t n;

	(void)state;
	struct strbuf b = {0};
	n = text_clean(&c, in, strlen(in), out);
	sb_add_erasing(&b, out, n);
	assert_string_equal(sb_str(&b), "a\nbd\te!");
	/* a backspace in the next piece still erases */
	sb_add_erasing(&b, "\b\b?", 3);
	assert_string_equal(sb_str(&b), "a\nbd\t?");
	sb_add_erasing(&b, "\n\b\bx", 4);
	assert_string_equal(sb_str(&b), "a\nbd\t?\nx");
	sb_free(&b);
	/* a sequence split across calls */
	memset(&c, 0, sizeof c);
	n = text_clean(&c, "x\033[3", 4, out);
	n += text_clean(&c, "1my", 3, out + n);
	out[n] = '\0';
	assert_string_equal(out, "xy");
}

/* ---- the tracker -------------------------------------------------------- */

struct events {
	char log[4096];
	size_t len;
	pid_t fg; /* what tcgetpgrp would say */
};

static void ev(void *ctx, enum tracker_event e, const struct tracked_command *c, const struct mark *m)
{
	struct events *x = ctx;

	switch (e) {
	case TRACK_PROMPT:
		x->len += (size_t)snprintf(x->log + x->len, sizeof x->log - x->len, "[prompt %d]", c->depth);
		break;
	case TRACK_READY:
		x->len += (size_t)snprintf(x->log + x->len, sizeof x->log - x->len, "[ready]");
		break;
	case TRACK_DONE:
		if (c->has_status)
			x->len += (size_t)snprintf(x->log + x->len, sizeof x->log - x->len,
						   "[done '%s' d%d s%d out='%s']", c->cmd, c->depth,
						   c->status, c->output);
		else
			x->len += (size_t)snprintf(x->log + x->len, sizeof x->log - x->len,
						   "[done '%s' d%d no-status]", c->cmd, c->depth);
		break;
	case TRACK_NESTED:
		x->len += (size_t)snprintf(x->log + x->len, sizeof x->log - x->len, "[nested '%s' out='%s']",
					   c->cmd, c->output);
		break;
	case TRACK_LAB:
		x->len += (size_t)snprintf(x->log + x->len, sizeof x->log - x->len, "[lab %s]", m->verb);
		break;
	case TRACK_COMMAND:
		break; /* the same information comes with done/nested */
	}
}

static pid_t fg(void *ctx)
{
	return ((struct events *)ctx)->fg;
}

static struct record relayed;

static void relay(void *ctx, const char *text, size_t len)
{
	rec_text(ctx, text, len);
}

static void feed(struct cmd_tracker *t, struct events *x, pid_t foreground, const char *s)
{
	x->fg = foreground;
	tracker_feed(t, s, strlen(s));
}

#define A "\033]133;A\007"
#define B "\033]133;B\007"
#define C "\033]133;C\007"
#define D(n) "\033]133;D;" #n "\007"

static void test_tracker_simple(void **state)
{
	struct events x = {0};
	struct tracker_cb cb = {ev, fg, &x};
	struct cmd_tracker t;

	(void)state;
	memset(&relayed, 0, sizeof relayed);
	tracker_init(&t, &cb, relay, &relayed);
	feed(&t, &x, 10, A "$ " B);
	feed(&t, &x, 10, "ech");
	feed(&t, &x, 10, "o hi\r\n" C "hi\r\n" D(0));
	feed(&t, &x, 10, A "$ " B);
	assert_string_equal(x.log, "[prompt 0][ready][done 'echo hi' d0 s0 out='hi\n'][prompt 0][ready]");
	/* the relay saw everything but the marks */
	assert_string_equal(relayed.out, "$ echo hi\r\nhi\r\n$ ");
	tracker_free(&t);
}

static void test_tracker_readline_redraw(void **state)
{
	struct events x = {0};
	struct tracker_cb cb = {ev, fg, &x};
	struct cmd_tracker t;

	(void)state;
	tracker_init(&t, &cb, NULL, NULL);
	/* typed "lss", backspace, erase to end, then " -l" */
	feed(&t, &x, 10, A "$ " B "lss\b\033[K -l\r\n" C D(0));
	assert_string_equal(x.log, "[prompt 0][ready][done 'ls -l' d0 s0 out='']");
	tracker_free(&t);
}

/* unshare -fp starts a nested shell: its prompt reports the outer command
 * as nested; the inner commands are depth 1; `exit` has no D of its own;
 * the outer D closes both, in the right order. */
static void test_tracker_nested_shell(void **state)
{
	struct events x = {0};
	struct tracker_cb cb = {ev, fg, &x};
	struct cmd_tracker t;

	(void)state;
	tracker_init(&t, &cb, NULL, NULL);
	feed(&t, &x, 10, A "# " B "unshare -fp\r\n" C);
	feed(&t, &x, 20, A "[pid+1] # " B "ps\r\n" C "PID\r\n" D(0));
	feed(&t, &x, 20, A "[pid+1] # " B "exit\r\n" C "exit\r\n");
	feed(&t, &x, 10, D(0) A "# " B);
	assert_string_equal(x.log, "[prompt 0][ready]"
				   "[nested 'unshare -fp' out='']"
				   "[prompt 1][ready][done 'ps' d1 s0 out='PID\n']"
				   "[prompt 1][ready]"
				   "[done 'exit' d1 no-status][done 'unshare -fp' d0 s0 out='']"
				   "[prompt 0][ready]");
	tracker_free(&t);
}

static void test_tracker_bash_first_prompt(void **state)
{
	struct events x = {0};
	struct tracker_cb cb = {ev, fg, &x};
	struct cmd_tracker t;

	(void)state;
	tracker_init(&t, &cb, NULL, NULL);
	/* bash's PROMPT_COMMAND: a D before any command is ignored */
	feed(&t, &x, 10, D(0) A "$ " B "true\r\n" C D(0) A);
	assert_string_equal(x.log, "[prompt 0][ready][done 'true' d0 s0 out=''][prompt 0]");
	tracker_free(&t);
}

/* A bash started by a command emits a D from its PROMPT_COMMAND before
 * its first prompt: that D is its own (bash owns the terminal), not the end
 * of the outer command. */
static void test_tracker_nested_bash(void **state)
{
	struct events x = {0};
	struct tracker_cb cb = {ev, fg, &x};
	struct cmd_tracker t;

	(void)state;
	tracker_init(&t, &cb, NULL, NULL);
	feed(&t, &x, 10, A "# " B "unshare -fp /bin/bash\r\n" C);
	feed(&t, &x, 30, D(0) A "bash# " B "false\r\n" C D(1));
	feed(&t, &x, 30, A "bash# " B "exit\r\n" C "exit\r\n");
	feed(&t, &x, 10, D(0) A "# " B);
	assert_string_equal(x.log, "[prompt 0][ready]"
				   "[nested 'unshare -fp /bin/bash' out='']"
				   "[prompt 1][ready][done 'false' d1 s1 out='']"
				   "[prompt 1][ready]"
				   "[done 'exit' d1 no-status][done 'unshare -fp /bin/bash' d0 s0 out='']"
				   "[prompt 0][ready]");
	tracker_free(&t);
}

/* A D lost to foreign text ("133" itself broken: not recoverable as a
 * mark): the shell's next prompt closes the command, without a status, so
 * the depth of what follows is right; the commands of a nested shell and
 * the end of the outer one are tracked as usual from there on. */
static void test_tracker_resync_after_a_broken_mark(void **state)
{
	struct events x = {0};
	struct tracker_cb cb = {ev, fg, &x};
	struct cmd_tracker t;

	(void)state;
	memset(&relayed, 0, sizeof relayed);
	tracker_init(&t, &cb, relay, &relayed);
	feed(&t, &x, 10, A "# " B "sleep 1\r\n" C);
	feed(&t, &x, 10, "\033]13Killed\r\n3;D;0\007" A "# " B "unshare -fp\r\n" C);
	feed(&t, &x, 20, A "[pid+1] # " B "ps\r\n" C "PID\r\n" D(0));
	/* the nested shell's D broken, and its next prompt's A too: B tells
	 * which shell reads input */
	feed(&t, &x, 20, A "[pid+1] # " B "true\r\n" C "\033]1Killed\r\n33;D;0\007");
	feed(&t, &x, 20, "\033]13\r\n3;A\007[pid+1] # " B "echo\r\n" C "\r\n" D(0));
	feed(&t, &x, 20, A "[pid+1] # " B "exit\r\n" C "exit\r\n" D(0));
	feed(&t, &x, 10, D(0) A "# " B "echo top\r\n" C "top\r\n" D(0));
	assert_string_equal(x.log, "[prompt 0][ready]"
				   "[done 'sleep 1' d0 no-status][prompt 0][ready]"
				   "[nested 'unshare -fp' out='']"
				   "[prompt 1][ready][done 'ps' d1 s0 out='PID\n']"
				   "[prompt 1][ready]"
				   "[done 'true' d1 no-status][ready][done 'echo' d1 s0 out='\n']"
				   "[prompt 1][ready][done 'exit' d1 s0 out='exit\n']"
				   "[done 'unshare -fp' d0 s0 out='']"
				   "[prompt 0][ready][done 'echo top' d0 s0 out='top\n']");
	/* the broken marks reach the terminal as they came */
	assert_non_null(strstr(relayed.out, "\033]13Killed\r\n3;D;0\007"));
	tracker_free(&t);
}

static void test_tracker_lab_request(void **state)
{
	struct events x = {0};
	struct tracker_cb cb = {ev, fg, &x};
	struct cmd_tracker t;

	(void)state;
	memset(&relayed, 0, sizeof relayed);
	tracker_init(&t, &cb, relay, &relayed);
	feed(&t, &x, 10, A "$ " B "lab hint\r\n" C "\033]7770;lab;hint;\007" D(0));
	assert_string_equal(x.log, "[prompt 0][ready][lab hint][done 'lab hint' d0 s0 out='']");
	assert_null(strstr(relayed.out, "7770"));
	tracker_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_marks_and_text),
	    cmocka_unit_test(test_st_terminator_and_status),
	    cmocka_unit_test(test_other_sequences_pass_through),
	    cmocka_unit_test(test_lab_sequence),
	    cmocka_unit_test(test_double_escape),
	    cmocka_unit_test(test_overlong_osc_is_text),
	    cmocka_unit_test(test_foreign_text_inside_a_mark),
	    cmocka_unit_test(test_text_clean),
	    cmocka_unit_test(test_tracker_simple),
	    cmocka_unit_test(test_tracker_readline_redraw),
	    cmocka_unit_test(test_tracker_nested_shell),
	    cmocka_unit_test(test_tracker_bash_first_prompt),
	    cmocka_unit_test(test_tracker_nested_bash),
	    cmocka_unit_test(test_tracker_resync_after_a_broken_mark),
	    cmocka_unit_test(test_tracker_lab_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
