/* The library's growable string and allocators (shell/lib/strbuf.c,
 * shell/lib/xalloc.c): growth past the first block, formatting longer than
 * any fixed buffer, erasing, detaching, array growth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/strbuf.h"
#include "lib/xalloc.h"

static void test_empty_reads_as_empty_string(void **state)
{
	struct strbuf b = STRBUF_INIT;
	(void)state;
	assert_string_equal(sb_str(&b), "");
	sb_reset(&b);
	assert_string_equal(sb_str(&b), "");
	char *s = sb_detach(&b);
	assert_string_equal(s, "");
	free(s);
	sb_free(&b);
}

static void test_add_grows(void **state)
{
	struct strbuf b = STRBUF_INIT;
	(void)state;
	for (int i = 0; i < 1000; i++)
		sb_adds(&b, "0123456789");
	assert_int_equal(b.len, 10000);
	assert_int_equal(strlen(sb_str(&b)), 10000);
	assert_memory_equal(b.s + 9990, "0123456789", 10);
	sb_truncate(&b, 3);
	assert_string_equal(sb_str(&b), "012");
	sb_addc(&b, 'x');
	sb_add(&b, "yz!", 2);
	assert_string_equal(sb_str(&b), "012xyz");
	sb_free(&b);
	assert_null(b.s);
}

static void test_addf_long(void **state)
{
	struct strbuf b = STRBUF_INIT;
	char big[3000];
	(void)state;
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	sb_addf(&b, "<%d>", 42);
	sb_addf(&b, "%s|%s", big, "end");
	assert_int_equal(b.len, 4 + 2999 + 4);
	assert_string_equal(b.s + b.len - 4, "|end");
	assert_memory_equal(b.s, "<42>aaa", 7);
	sb_free(&b);
}

static void test_erasing(void **state)
{
	struct strbuf b = STRBUF_INIT;
	(void)state;
	sb_add_erasing(&b, "ab\bc\nd\b\b", 8);
	assert_string_equal(sb_str(&b), "ac\n");
	char *s = sb_detach(&b);
	assert_string_equal(s, "ac\n");
	assert_null(b.s);
	assert_int_equal(b.len, 0);
	free(s);
}

static void test_xgrow_and_strings(void **state)
{
	int *v = NULL;
	size_t cap = 0;
	(void)state;
	for (size_t i = 0; i < 100; i++) {
		xgrow(&v, &cap, i + 1, sizeof *v);
		v[i] = (int)i;
	}
	assert_true(cap >= 100);
	assert_int_equal(v[99], 99);
	free(v);
	char *d = xstrndup("abcdef", 3);
	assert_string_equal(d, "abc");
	free(d);
	d = xstrdup("");
	assert_string_equal(d, "");
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_reads_as_empty_string),
	    cmocka_unit_test(test_add_grows),
	    cmocka_unit_test(test_addf_long),
	    cmocka_unit_test(test_erasing),
	    cmocka_unit_test(test_xgrow_and_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
