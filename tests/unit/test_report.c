/* The report writers of nsh lab check (shell/lab/report.c): TAP 13, JUnit XML,
 * JSON (read back with shell/lib/json.c), text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/json.h"
#include "lab/report.h"

/* Three labs: one with a pass, a fail (a message full of characters to
 * escape) and a skip; one skipped for a need; one that failed to load. */
static int make_labs(struct lab_report labs[3])
{
	struct step_report *s;

	memset(labs, 0, sizeof(struct lab_report) * 3);
	labs[0].id = strdup("alpha");
	labs[0].title = strdup("Alpha & <Omega>");
	labs[0].file = strdup("labs/alpha.lua");
	labs[0].seconds = 1.5;
	s = report_add_step(&labs[0], 1, "1", "List # processes", "mount-proc-flag");
	s->result = STEP_PASS;
	s->seconds = 0.25;
	s = report_add_step(&labs[0], 2, "nest", "Nest \"two\" namespaces", NULL);
	s->result = STEP_FAIL;
	report_set_message(&s->message, "the output does not match <NSpid:%s+%d>\n\"quoted\" & \ttab \x01");
	report_set_message(&s->command, "grep NSpid /proc/5/status");
	report_set_message(&s->output, "NSpid:\t5\n<b>&\n");
	s = report_add_step(&labs[0], 3, "3", "Skipped one", NULL);
	s->result = STEP_SKIP;
	report_set_message(&s->message, "skipped by the student");
	labs[1].id = strdup("beta");
	labs[1].title = strdup("Beta");
	labs[1].skip_reason = strdup("needs root: run it as root");
	labs[2].id = strdup("gamma.lua");
	labs[2].error = strdup("labs/gamma.lua:5: '}' expected near 'expect'");
	return 3;
}

static void free_labs(struct lab_report labs[3])
{
	for (int i = 0; i < 3; i++)
		report_free(&labs[i]);
}

static char *render(enum report_format fmt, struct lab_report *labs, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(report_write(f, fmt, labs, n), 0);
	fclose(f);
	return buf;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void test_format_names(void **state)
{
	(void)state;
	assert_int_equal(report_format_by_name("text"), REPORT_TEXT);
	assert_int_equal(report_format_by_name("tap"), REPORT_TAP);
	assert_int_equal(report_format_by_name("junit"), REPORT_JUNIT);
	assert_int_equal(report_format_by_name("json"), REPORT_JSON);
	assert_int_equal(report_format_by_name("xml"), -1);
}

static void test_all_passed(void **state)
{
	struct lab_report labs[3];

	(void)state;
	make_labs(labs);
	assert_false(report_all_passed(labs, 3));
	assert_true(report_all_passed(&labs[1], 1));  /* a skipped lab does not fail */
	assert_false(report_all_passed(&labs[2], 1)); /* a broken one does */
	labs[0].steps[1].result = STEP_PASS;
	assert_true(report_all_passed(labs, 1));
	free_labs(labs);
}

static void test_tap(void **state)
{
	struct lab_report labs[3];
	char *out;

	(void)state;
	make_labs(labs);
	out = render(REPORT_TAP, labs, 3);
	assert_true(strncmp(out, "TAP version 13\n1..5\n", 20) == 0);
	assert_non_null(strstr(out, "\nok 1 - alpha: step 1: List _ processes\n"));
	assert_non_null(
	    strstr(out, "\nnot ok 2 - alpha: step 2: Nest \"two\" namespaces\n  ---\n  message: |\n"));
	assert_non_null(strstr(out, "\nok 3 - alpha: step 3: Skipped one # SKIP skipped by the student\n"));
	assert_non_null(strstr(out, "\nok 4 - beta # SKIP needs root: run it as root\n"));
	assert_non_null(strstr(out, "\nnot ok 5 - gamma.lua: the lab could not run\n"));
	assert_int_equal(count(out, "\n  ...\n"), 2);
	assert_non_null(strstr(out, "  output: |\n    NSpid:\t5\n    <b>&\n"));
	free(out);
	free_labs(labs);
}

static void test_junit(void **state)
{
	struct lab_report labs[3];
	char *out;

	(void)state;
	make_labs(labs);
	out = render(REPORT_JUNIT, labs, 3);
	assert_true(strncmp(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 50) == 0);
	assert_non_null(strstr(out, "tests=\"5\" failures=\"1\" errors=\"1\" skipped=\"2\""));
	assert_int_equal(count(out, "<testsuite "), 3);
	assert_int_equal(count(out, "<testcase "), 5);
	assert_int_equal(count(out, "<failure "), 1);
	assert_int_equal(count(out, "<skipped "), 2);
	assert_int_equal(count(out, "<error "), 1);
	/* escaped: no raw '<' or '"' inside the message attribute */
	assert_non_null(strstr(out, "message=\"the output does not match "
				    "&lt;NSpid:%s+%d&gt;&#10;&quot;quoted&quot; &amp; \ttab ?\""));
	assert_null(strchr(out, '\x01'));
	assert_non_null(strstr(out, "output:&#10;NSpid:\t5&#10;&lt;b&gt;&amp;&#10;</failure>"));
	assert_non_null(strstr(out, "</testsuites>\n"));
	free(out);
	free_labs(labs);
}

static void test_json_reads_back(void **state)
{
	struct lab_report labs[3];
	char err[128], *out;
	struct json *root;
	const struct json *l, *steps, *s2;

	(void)state;
	make_labs(labs);
	out = render(REPORT_JSON, labs, 3);
	root = json_parse(out, strlen(out), err, sizeof err);
	if (!root)
		fail_msg("JSON does not parse: %s\n%s", err, out);
	assert_int_equal(json_get(root, "passed")->type, JSON_BOOL);
	assert_false(json_get(root, "passed")->boolean);
	l = json_get(root, "labs");
	assert_int_equal(l->type, JSON_ARRAY);
	assert_int_equal(l->n, 3);
	assert_string_equal(json_get(l->items[0], "title")->string, "Alpha & <Omega>");
	assert_string_equal(json_get(l->items[0], "result")->string, "fail");
	assert_string_equal(json_get(l->items[1], "result")->string, "skip");
	assert_string_equal(json_get(l->items[2], "result")->string, "error");
	steps = json_get(l->items[0], "steps");
	assert_int_equal(steps->n, 3);
	s2 = steps->items[1];
	assert_string_equal(json_get(s2, "id")->string, "nest");
	assert_string_equal(json_get(s2, "result")->string, "fail");
	assert_string_equal(json_get(s2, "message")->string, labs[0].steps[1].message);
	assert_string_equal(json_get(s2, "output")->string, "NSpid:\t5\n<b>&\n");
	assert_string_equal(json_get(steps->items[0], "example")->string, "mount-proc-flag");
	assert_int_equal(json_get(steps->items[1], "example")->type, JSON_NULL);
	assert_true(json_get(steps->items[0], "duration")->number > 0.2);
	json_free(root);
	free(out);
	free_labs(labs);
}

static void test_json_empty(void **state)
{
	char err[64], *out = render(REPORT_JSON, NULL, 0);
	struct json *root = json_parse(out, strlen(out), err, sizeof err);

	(void)state;
	assert_non_null(root);
	assert_true(json_get(root, "passed")->boolean);
	assert_int_equal(json_get(root, "labs")->n, 0);
	json_free(root);
	free(out);
}

static void test_text(void **state)
{
	struct lab_report labs[3];
	char *out;

	(void)state;
	make_labs(labs);
	out = render(REPORT_TEXT, labs, 3);
	assert_non_null(strstr(out, "alpha: Alpha & <Omega>\n"));
	assert_non_null(strstr(out, "  ok    1 List # processes"));
	assert_non_null(strstr(out, "  FAIL  2 Nest"));
	assert_non_null(strstr(out, "last command: grep NSpid /proc/5/status"));
	assert_non_null(strstr(out, "its output:\n          | NSpid:\t5\n          | <b>&\n"));
	assert_non_null(strstr(out, "beta: skipped: needs root"));
	assert_non_null(strstr(out, "gamma.lua: ERROR: labs/gamma.lua:5:"));
	assert_non_null(strstr(out, "3 steps: 1 passed, 1 failed; 1 lab skipped\n"));
	free(out);
	free_labs(labs);
}

static void test_json_parser_rejects(void **state)
{
	static const char *const bad[] = {"",	   "{",	    "{\"a\":}",	       "[1,]", "{\"a\" 1}", "nul",
					  "\"abc", "[1] x", "{\"a\":\"\x01\"}"};
	char err[64];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct json *v = json_parse(bad[i], strlen(bad[i]), err, sizeof err);
		if (v)
			fail_msg("accepted: %s", bad[i]);
		assert_non_null(strstr(err, "line 1"));
	}
	/* nesting bound */
	char deep[300];
	memset(deep, '[', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	assert_null(json_parse(deep, strlen(deep), err, sizeof err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_names),
	    cmocka_unit_test(test_all_passed),
	    cmocka_unit_test(test_tap),
	    cmocka_unit_test(test_junit),
	    cmocka_unit_test(test_json_reads_back),
	    cmocka_unit_test(test_json_empty),
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_json_parser_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
