/* The OSC 133 marks nsh writes (shell/osc133.c), read back by the lab
 * supervisor's parser (shell/lab/marks.c), the one reader of the marks: what one
 * writes, the other must understand, split across reads anywhere. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lab/marks.h"
#include "osc133.h"

/* What the supervisor's parser reported: text, with each mark written as
 * <A>, <D;0>, <C:the command line>... */
struct record {
	char out[8192];
	size_t len;
};

static void on_text(void *ctx, const char *text, size_t len)
{
	struct record *r = ctx;

	assert_true(r->len + len < sizeof r->out);
	memcpy(r->out + r->len, text, len);
	r->len += len;
	r->out[r->len] = '\0';
}

static void on_mark(void *ctx, const struct mark *m)
{
	struct record *r = ctx;
	size_t room = sizeof r->out - r->len;

	if (m->has_status)
		r->len += (size_t)snprintf(r->out + r->len, room, "<%c;%d>", m->kind, m->status);
	else if (m->cmdline)
		r->len += (size_t)snprintf(r->out + r->len, room, "<%c:%s>", m->kind, m->cmdline);
	else
		r->len += (size_t)snprintf(r->out + r->len, room, "<%c>", m->kind);
}

/* Feed input in pieces of `chunk` bytes (0: all at once). */
static const char *read_back(struct record *r, const char *input, size_t chunk)
{
	struct marks_parser p;
	size_t len = strlen(input);

	memset(r, 0, sizeof *r);
	marks_parser_init(&p);
	if (chunk == 0)
		chunk = len ? len : 1;
	for (size_t i = 0; i < len; i += chunk)
		marks_feed(&p, input + i, len - i < chunk ? len - i : chunk, on_text, on_mark, r);
	return r->out;
}

/* A whole command as nsh writes it: every split reads the same. */
static void test_supervisor_reads_a_command_cycle(void **state)
{
	char *start = osc133_command_start("echo hi");
	char end[32], in[256];
	struct record r;

	osc133_format_end(end, sizeof end, 130);
	snprintf(in, sizeof in, "%sroot@h:~# %secho hi\r\n%shi\r\n%s", OSC133_PROMPT_START, OSC133_PROMPT_END,
		 start, end);
	for (size_t chunk = 0; chunk <= strlen(in); chunk++)
		assert_string_equal(read_back(&r, in, chunk),
				    "<A>root@h:~# <B>echo hi\r\n<C:echo hi>hi\r\n<D;130>");
	assert_string_equal(read_back(&r, OSC133_COMMAND_START, 1), "<C>");
	free(start);
}

static void test_command_start(void **state)
{
	struct record r;
	char *mark = osc133_command_start("echo \"a;b\" 100% \x1b\n\xc3\xa9");
	char *long_line = malloc(OSC133_CMDLINE_MAX + 2);

	assert_string_equal(mark, "\033]133;C;cmdline_url=echo%20\"a%3Bb\"%20100%25%20%1B%0A%C3%A9\007");
	/* the supervisor decodes the command line as it was */
	assert_string_equal(read_back(&r, mark, 3), "<C:echo \"a;b\" 100% \x1b\n\xc3\xa9>");
	free(mark);
	memset(long_line, 'x', OSC133_CMDLINE_MAX + 1);
	long_line[OSC133_CMDLINE_MAX + 1] = '\0';
	mark = osc133_command_start(long_line);
	assert_string_equal(mark, OSC133_COMMAND_START);
	free(mark);
	long_line[OSC133_CMDLINE_MAX] = '\0';
	mark = osc133_command_start(long_line);
	assert_int_equal(strlen(mark), strlen("\033]133;C;cmdline_url=\007") + OSC133_CMDLINE_MAX);
	free(mark);
	free(long_line);
}

static void test_format_end(void **state)
{
	char buf[32];

	osc133_format_end(buf, sizeof buf, 130);
	assert_string_equal(buf, "\033]133;D;130\007");
}

static void test_wanted(void **state)
{
	unsetenv("TERM_PROGRAM");
	unsetenv("VTE_VERSION");
	setenv("TERM", "xterm", 1);
	unsetenv("NSH_SHELL_INTEGRATION");
	assert_int_equal(osc133_wanted(), 0);
	setenv("NSH_SHELL_INTEGRATION", "1", 1);
	assert_int_equal(osc133_wanted(), 1);
	setenv("TERM_PROGRAM", "WezTerm", 1);
	setenv("NSH_SHELL_INTEGRATION", "0", 1);
	assert_int_equal(osc133_wanted(), 0);
	unsetenv("NSH_SHELL_INTEGRATION");
	assert_int_equal(osc133_wanted(), 1);
	setenv("TERM_PROGRAM", "Apple_Terminal", 1);
	assert_int_equal(osc133_wanted(), 0);
	setenv("VTE_VERSION", "7000", 1);
	assert_int_equal(osc133_wanted(), 1);
	unsetenv("VTE_VERSION");
	unsetenv("TERM_PROGRAM");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_supervisor_reads_a_command_cycle),
	    cmocka_unit_test(test_command_start),
	    cmocka_unit_test(test_format_end),
	    cmocka_unit_test(test_wanted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
