/* The OSC 133 scanner that the lab supervisor uses on the raw pty bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "osc133.h"

/* What the scanner reported: text with each mark written as <A>, <D;0>... */
struct record {
	char out[1024];
	size_t len;
};

static void on_text(void *ctx, const char *bytes, size_t len)
{
	struct record *r = ctx;

	assert_true(r->len + len < sizeof r->out);
	memcpy(r->out + r->len, bytes, len);
	r->len += len;
	r->out[r->len] = '\0';
}

static void on_mark(void *ctx, const struct osc133_mark *m)
{
	struct record *r = ctx;

	if (m->has_status)
		r->len += snprintf(r->out + r->len, sizeof r->out - r->len, "<%c;%d>", m->kind, m->status);
	else
		r->len += snprintf(r->out + r->len, sizeof r->out - r->len, "<%c>", m->kind);
}

static const struct osc133_callbacks callbacks = {on_text, on_mark};

/* Feed input in pieces of `chunk` bytes (0: all at once) and flush. */
static const char *scan(struct record *r, const char *input, size_t len, size_t chunk)
{
	struct osc133_scanner s;

	memset(r, 0, sizeof *r);
	osc133_scanner_init(&s);
	if (chunk == 0)
		chunk = len ? len : 1;
	for (size_t i = 0; i < len; i += chunk)
		osc133_feed(&s, input + i, len - i < chunk ? len - i : chunk, &callbacks, r);
	osc133_flush(&s, &callbacks, r);
	return r->out;
}

#define SCAN(r, lit, chunk) scan(r, lit, sizeof(lit) - 1, chunk)

static void test_whole_command_cycle(void **state)
{
	struct record r;
	const char *in = OSC133_PROMPT_START "root@h:~# " OSC133_PROMPT_END "echo hi\r\n" OSC133_COMMAND_START
					     "hi\r\n\033]133;D;0\007";

	/* every split of the input gives the same result */
	for (size_t chunk = 0; chunk < 12; chunk++)
		assert_string_equal(scan(&r, in, strlen(in), chunk),
				    "<A>root@h:~# <B>echo hi\r\n<C>hi\r\n<D;0>");
}

static void test_status_values(void **state)
{
	struct record r;

	assert_string_equal(SCAN(&r, "\033]133;D;130\007", 0), "<D;130>");
	assert_string_equal(SCAN(&r, "\033]133;D;2;aid=7\007", 0), "<D;2>");
	assert_string_equal(SCAN(&r, "\033]133;D\007", 0), "<D>");
	assert_string_equal(SCAN(&r, "\033]133;D;\007", 0), "<D>");
}

static void test_string_terminator(void **state)
{
	struct record r;

	assert_string_equal(SCAN(&r, "x\033]133;A\033\\y", 0), "x<A>y");
	assert_string_equal(SCAN(&r, "x\033]133;A\033\\y", 1), "x<A>y");
}

static void test_other_sequences_pass_through(void **state)
{
	struct record r;

	assert_string_equal(SCAN(&r, "\033[1;32mgreen\033[0m", 1), "\033[1;32mgreen\033[0m");
	assert_string_equal(SCAN(&r, "\033]0;title\007", 0), "\033]0;title\007");
	assert_string_equal(SCAN(&r, "\033]1337;x\007", 2), "\033]1337;x\007");
	/* an ESC inside a mark's body that is not ST starts something new */
	assert_string_equal(SCAN(&r, "\033]133;A\033[0m", 0), "\033]133;A\033[0m");
	assert_string_equal(SCAN(&r, "\033]133;A\033\033]133;B\007", 0), "\033]133;A\033<B>");
}

static void test_unterminated_and_oversized(void **state)
{
	struct record r;
	char big[200];

	/* a mark that never ends comes out as text at the end */
	assert_string_equal(SCAN(&r, "a\033]133;", 0), "a\033]133;");
	assert_string_equal(SCAN(&r, "\033", 0), "\033");
	/* a newline cannot be in a mark */
	assert_string_equal(SCAN(&r, "\033]133;A\nB", 0), "\033]133;A\nB");
	/* a body longer than the scanner holds is given up as text */
	memset(big, 'x', sizeof big);
	memcpy(big, "\033]133;A", 8);
	big[sizeof big - 1] = '\007';
	scan(&r, big, sizeof big, 7);
	assert_int_equal(r.len, sizeof big);
	assert_memory_equal(r.out, big, sizeof big);
}

static void test_command_start(void **state)
{
	struct record r;
	char *mark = osc133_command_start("echo \"a;b\" 100% \x1b\n\xc3\xa9");
	char *long_line = malloc(OSC133_CMDLINE_MAX + 2);

	assert_string_equal(mark, "\033]133;C;cmdline_url=echo%20\"a%3Bb\"%20100%25%20%1B%0A%C3%A9\007");
	/* the scanner sees a C mark, whatever follows the kind */
	assert_string_equal(scan(&r, mark, strlen(mark), 3), "<C>");
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
	    cmocka_unit_test(test_whole_command_cycle),
	    cmocka_unit_test(test_status_values),
	    cmocka_unit_test(test_string_terminator),
	    cmocka_unit_test(test_other_sequences_pass_through),
	    cmocka_unit_test(test_unterminated_and_oversized),
	    cmocka_unit_test(test_command_start),
	    cmocka_unit_test(test_format_end),
	    cmocka_unit_test(test_wanted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
