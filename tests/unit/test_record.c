/* Recordings (shell/lab/record.c) and their reader (shell/lab/replay.c): UTF-8 kept
 * valid across reads, control bytes escaped, invalid sequences replaced;
 * the --record/--student options; a whole recording written through the
 * supervisor's hooks and read back by cast_parse, with its markers, the
 * per-step cap and its note, 0600 files, and the result file. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/json.h"
#include "lab/record.h"
#include "lab/replay.h"
#include "lab/supervisor.h"

/* record_json_utf8 over the pieces, the last call final. */
static char *escape_pieces(const char *const *pieces, const size_t *lens, int n)
{
	struct strbuf b = {0};
	struct utf8_carry c = {{0}, 0};
	char *s;

	for (int i = 0; i < n; i++)
		record_json_utf8(&b, &c, pieces[i], lens[i], i == n - 1);
	s = strdup(sb_str(&b));
	sb_free(&b);
	return s;
}

static char *escape1(const char *s, size_t len)
{
	const char *p[] = {s};
	size_t l[] = {len};
	return escape_pieces(p, l, 1);
}

static void test_ascii_and_controls(void **state)
{
	char *s;

	(void)state;
	s = escape1("a\"b\\c\r\n\t\033[0m\x7f", 13);
	assert_string_equal(s, "a\\\"b\\\\c\\r\\n\\t\\u001b[0m\\u007f");
	free(s);
	/* NUL is dropped: terminals ignore it */
	s = escape1("x\0y", 3);
	assert_string_equal(s, "xy");
	free(s);
}

static void test_valid_utf8_kept(void **state)
{
	const char *text = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7";
	char *s;

	(void)state;
	s = escape1(text, strlen(text));
	assert_string_equal(s, text);
	free(s);
}

/* Every way of cutting a 4-byte character between two reads gives it back
 * whole. */
static void test_split_sequences(void **state)
{
	const char *text = "a\xf0\x9f\x90\xa7z\xe2\x82\xac";
	size_t len = strlen(text);

	(void)state;
	for (size_t cut = 0; cut <= len; cut++) {
		const char *p[] = {text, text + cut};
		size_t l[] = {cut, len - cut};
		char *s = escape_pieces(p, l, 2);
		assert_string_equal(s, text);
		free(s);
	}
	/* one byte at a time */
	{
		const char *p[16];
		size_t l[16];
		for (size_t i = 0; i < len; i++) {
			p[i] = text + i;
			l[i] = 1;
		}
		char *s = escape_pieces(p, l, (int)len);
		assert_string_equal(s, text);
		free(s);
	}
}

static void test_invalid_replaced(void **state)
{
	char *s;

	(void)state;
	/* a lone continuation byte, a stray lead, 0xff */
	s = escape1("a\x80z", 3);
	assert_string_equal(s, "a\xef\xbf\xbdz");
	free(s);
	s = escape1("\xff", 1);
	assert_string_equal(s, "\xef\xbf\xbd");
	free(s);
	/* a lead followed by ASCII: one replacement, the ASCII kept */
	s = escape1("\xe2"
		    "A",
		    2);
	assert_string_equal(s, "\xef\xbf\xbd"
			       "A");
	free(s);
	/* overlong "/" and a UTF-16 surrogate are refused */
	s = escape1("\xc0\xaf", 2);
	assert_string_equal(s, "\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
	s = escape1("\xed\xa0\x80", 3);
	assert_string_equal(s, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
	/* cut short at the very end of the stream */
	s = escape1("ok\xe2\x82", 4);
	assert_string_equal(s, "ok\xef\xbf\xbd");
	free(s);
	/* a carried lead whose next read does not continue it */
	{
		const char *p[] = {"\xe2", "\x82Z", "!"};
		size_t l[] = {1, 2, 1};
		s = escape_pieces(p, l, 3);
		assert_string_equal(s, "\xef\xbf\xbdZ!");
		free(s);
	}
}

static void test_env_size(void **state)
{
	(void)state;
	unsetenv("NSH_TEST_SIZE");
	assert_int_equal(record_env_size("NSH_TEST_SIZE", 7), 7);
	setenv("NSH_TEST_SIZE", "4096", 1);
	assert_int_equal(record_env_size("NSH_TEST_SIZE", 7), 4096);
	setenv("NSH_TEST_SIZE", "64K", 1);
	assert_int_equal(record_env_size("NSH_TEST_SIZE", 7), 65536);
	setenv("NSH_TEST_SIZE", "2M", 1);
	assert_int_equal(record_env_size("NSH_TEST_SIZE", 7), 2 * 1024 * 1024);
	setenv("NSH_TEST_SIZE", "lots", 1);
	assert_int_equal(record_env_size("NSH_TEST_SIZE", 7), 7);
	unsetenv("NSH_TEST_SIZE");
}

static void test_take_options(void **state)
{
	char dir[] = "/tmp/nsh-record-opt.XXXXXX";
	char sub[64];
	char *argv[] = {"lab", "check", "--record", sub, "example", "--student=ann", "--all", NULL};
	char *bad[] = {"lab", "start", "example", "--record", NULL};
	char *file[] = {"lab", "check", "--record", "/dev/null/x", NULL};
	char *other[] = {"lab", "list", "--record", "d", NULL};
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/rec", dir);
	assert_int_equal(record_take_options(7, argv), 4);
	assert_string_equal(argv[1], "check");
	assert_string_equal(argv[2], "example");
	assert_string_equal(argv[3], "--all");
	assert_null(argv[4]);
	/* the directory is made at once, private */
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(rmdir(sub), 0);
	assert_int_equal(rmdir(dir), 0);
	assert_int_equal(record_take_options(4, bad), -1);
	assert_int_equal(record_take_options(4, file), -1);
	/* other commands keep their arguments (and their own errors) */
	assert_int_equal(record_take_options(4, other), 4);
	assert_string_equal(other[2], "--record");
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	buf = malloc(*len + 1);
	assert_int_equal(fread(buf, 1, *len, f), *len);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* A session as the supervisor drives it: output, an attempt, a hint, a
 * prediction, a step passed, a runaway step over the cap, the end. */
static void test_whole_recording(void **state)
{
	char dir[] = "/tmp/nsh-record.XXXXXX";
	char opt[64], cast_path[512], result_path[512], err[256];
	char *argv[] = {"lab", "check", "--record", opt, "--student", "tess", NULL};
	struct lab_report report = {0};
	struct cast cast;
	char big[1000];
	struct stat st;
	size_t len;
	char *text;
	const char *path;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(opt, sizeof opt, "%s/rec", dir);
	assert_int_equal(record_take_options(6, argv), 2);
	setenv("NSH_RECORD_STEP_CAP", "4K", 1);
	report.id = "demo";
	report.title = "A demo";
	report_add_step(&report, 1, "1", "first", NULL);
	report_add_step(&report, 2, "2", "second", NULL);

	record_begin(&report, LAB_CHECK, -1);
	path = record_last_path();
	assert_non_null(path);
	snprintf(cast_path, sizeof cast_path, "%s", path);
	record_output(1, "root@lab# ", 10);
	record_output(1, "echo \xe2\x82", 7); /* a character cut between reads */
	record_output(1, "\xac\r\n", 3);
	record_attempt(1, 1, "echo \xe2\x82\xac", 1, 0, LAB_CHECK);
	/* a nested shell: counted when it starts, not again when it ends */
	record_attempt(1, 1, "unshare -fp nsh", 0, 0, LAB_CHECK);
	record_attempt(1, 2, "true", 1, 0, LAB_CHECK); /* terminal 2 closes nothing on 1 */
	record_attempt(1, 1, "ps", 1, 1, LAB_CHECK);
	record_attempt(1, 1, "unshare -fp nsh", 1, 0, LAB_CHECK);
	record_hint(1, 1, 2, LAB_CHECK);
	record_step_end(1, 1, "first", LAB_CHECK);
	memset(big, 'y', sizeof big);
	for (int i = 0; i < 20; i++) /* 20000 bytes against a 4 KiB cap */
		record_output(1, big, sizeof big);
	record_output(2, "on terminal 2\r\n", 15);
	record_answer(2, "1", 0, LAB_CHECK);
	record_step_end(2, 0, "second", LAB_CHECK);
	record_end();
	record_end(); /* twice is harmless */
	unsetenv("NSH_RECORD_STEP_CAP");

	assert_int_equal(stat(cast_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	text = slurp(cast_path, &len);
	assert_true(len < 4096 * 2 + 4096);
	assert_int_equal(cast_parse(text, len, &cast, err, sizeof err), 0);
	assert_false(cast.truncated);
	assert_int_equal(cast.width, 200);
	assert_int_equal(cast.height, 40);
	{
		struct strbuf out = {0};
		int markers = 0, capped_note = 0;
		for (size_t i = 0; i < cast.nevents; i++) {
			const struct cast_event *e = &cast.events[i];
			if (i > 0)
				assert_true(e->time >= cast.events[i - 1].time);
			if (e->type == 'o')
				sb_add(&out, e->data, e->len);
			if (e->type == 'm') {
				markers++;
				if (markers == 1)
					assert_string_equal(e->data, "hint 1 of 2 for step 1");
				if (markers == 2)
					assert_string_equal(e->data, "step 1 passed: first");
				if (markers == 3)
					assert_string_equal(e->data, "prediction for step 2: 1 (wrong)");
				if (markers == 4)
					assert_string_equal(e->data, "step 2 failed: second");
			}
			capped_note += e->type == 'o' && strstr(e->data, "output capped: ") != NULL;
		}
		assert_int_equal(markers, 4);
		assert_int_equal(capped_note, 1);
		/* the euro sign came back whole */
		assert_non_null(strstr(sb_str(&out), "echo \xe2\x82\xac\r\n"));
		/* 20000 - 4096 bytes of y, and terminal 2's line, went over the cap */
		assert_non_null(strstr(sb_str(&out), "output capped: 15919 bytes not recorded"));
		sb_free(&out);
	}
	cast_free(&cast);
	free(text);

	/* the result beside it */
	snprintf(result_path, sizeof result_path, "%.*s.json", (int)(strlen(cast_path) - 5), cast_path);
	assert_int_equal(stat(result_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	text = slurp(result_path, &len);
	{
		struct json *v = json_parse(text, len, err, sizeof err);
		const struct json *steps, *s1, *s2;
		assert_non_null(v);
		assert_string_equal(json_get(v, "student")->string, "tess");
		assert_string_equal(json_get(v, "mode")->string, "check");
		assert_true(json_get(v, "finished")->boolean);
		assert_true(json_get(v, "output_not_recorded")->number == 15919);
		steps = json_get(v, "steps");
		assert_int_equal(steps->n, 2);
		s1 = steps->items[0];
		s2 = steps->items[1];
		assert_string_equal(json_get(s1, "result")->string, "pass");
		assert_true(json_get(s1, "hints")->number == 1);
		assert_true(json_get(s1, "attempts")->number == 4);
		assert_int_equal(json_get(s1, "commands")->n, 4);
		assert_string_equal(json_get(s1, "commands")->items[0]->string, "echo \xe2\x82\xac");
		assert_string_equal(json_get(s1, "commands")->items[1]->string, "unshare -fp nsh");
		assert_string_equal(json_get(s1, "commands")->items[2]->string, "true");
		assert_string_equal(json_get(s1, "commands")->items[3]->string, "ps");
		assert_string_equal(json_get(s2, "result")->string, "fail");
		assert_false(json_get(json_get(s2, "prediction"), "right")->boolean);
		json_free(v);
	}
	free(text);
	report.id = report.title = NULL;
	report_free(&report);
	{
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		assert_int_equal(system(cmd), 0);
	}
}

static void test_cast_parse_errors(void **state)
{
	struct cast c;
	char err[256];
	static const char hdr[] = "{\"version\": 2, \"width\": 80, \"height\": 24}\n";
	char buf[512];

	(void)state;
	assert_int_equal(cast_parse("", 0, &c, err, sizeof err), -1);
	assert_string_equal(err, "empty file (no asciicast header)");
	snprintf(buf, sizeof buf, "%s[0.5, \"o\", \"a\"]\n[0.4, \"o\", \"b\"]\n", hdr);
	assert_int_equal(cast_parse(buf, strlen(buf), &c, err, sizeof err), -1);
	assert_non_null(strstr(err, "line 3: the time 0.400000 goes back"));
	snprintf(buf, sizeof buf, "%s[0.5, \"o\", 3]\n[1, \"o\", \"b\"]\n", hdr);
	assert_int_equal(cast_parse(buf, strlen(buf), &c, err, sizeof err), -1);
	assert_non_null(strstr(err, "line 2: the event data is not a string"));
	/* a last line cut short: the rest is kept, flagged */
	snprintf(buf, sizeof buf, "%s[0.5, \"o\", \"a\"]\n[0.7, \"o\", \"b", hdr);
	assert_int_equal(cast_parse(buf, strlen(buf), &c, err, sizeof err), 0);
	assert_true(c.truncated);
	assert_int_equal(c.nevents, 1);
	assert_string_equal(c.events[0].data, "a");
	cast_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ascii_and_controls), cmocka_unit_test(test_valid_utf8_kept),
	    cmocka_unit_test(test_split_sequences),    cmocka_unit_test(test_invalid_replaced),
	    cmocka_unit_test(test_env_size),	       cmocka_unit_test(test_take_options),
	    cmocka_unit_test(test_whole_recording),    cmocka_unit_test(test_cast_parse_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
