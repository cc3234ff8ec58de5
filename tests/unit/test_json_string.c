/* The JSON string writer of the shell's --json outputs (shell/lib/json_string.c):
 * escapes, UTF-8 passed through, bytes that are not UTF-8 as U+FFFD. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/json_string.h"

static char out[256];
static size_t used;

static void put(void *ctx, const char *bytes, size_t n)
{
	(void)ctx;
	assert_true(used + n < sizeof out);
	memcpy(out + used, bytes, n);
	used += n;
	out[used] = '\0';
}

static const char *json(const char *s)
{
	used = 0;
	out[0] = '\0';
	json_string_write(s, put, NULL);
	return out;
}

static void test_escapes(void **state)
{
	(void)state;
	assert_string_equal(json("plain"), "\"plain\"");
	assert_string_equal(json(NULL), "\"\"");
	assert_string_equal(json("a\"b\\c"), "\"a\\\"b\\\\c\"");
	assert_string_equal(json("l1\nl2\tx\r"), "\"l1\\nl2\\tx\\r\"");
	assert_string_equal(json("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
}

static void test_utf8(void **state)
{
	(void)state;
	assert_string_equal(json("caf\xc3\xa9 \xe2\x94\x94\xf0\x9f\x90\xa7"),
			    "\"caf\xc3\xa9 \xe2\x94\x94\xf0\x9f\x90\xa7\"");
	/* a lone byte, a truncated sequence, an overlong start, a byte above F4 */
	assert_string_equal(json("a\xff"
				 "b"),
			    "\"a\\ufffdb\"");
	assert_string_equal(json("\xe2\x94"), "\"\\ufffd\\ufffd\"");
	assert_string_equal(json("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
	assert_string_equal(json("\xf5\x80\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	assert_int_equal(utf8_sequence_length((const unsigned char *)"\xf0\x9f\x90\xa7"), 4);
	assert_int_equal(utf8_sequence_length((const unsigned char *)"\x80"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
