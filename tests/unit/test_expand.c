/* Unit tests of word expansion (shell/expand.c): quote removal, $-forms,
 * field splitting, "$@", tilde, globbing, errors, and big or odd input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ast.h"

/* Variables of the fake shell: NAME=value pairs; positional parameters are
 * "1".."9" and "#". */
struct vars {
	const char *const *pairs; /* name, value, name, value, ..., NULL */
};

static const char *fake_lookup(void *ctx, const char *name)
{
	const struct vars *vars = ctx;
	for (const char *const *p = vars->pairs; *p; p += 2)
		if (!strcmp(p[0], name))
			return p[1];
	return NULL;
}

static const char *const default_pairs[] = {
    "HOME",   "/home/student",
    "USER",   "student",
    "X",      "a  b",
    "SPACES", "  lead and trail  ",
    "TABS",   "one\ttwo\nthree",
    "EMPTY",  "",
    "BLANKS", " \t\n ",
    "STAR",   "*",
    "DOLLAR", "$HOME",
    "QUOTES", "\"q\" 'r'",
    "?",      "127",
    "$",      "4242",
    "!",      "4343",
    "#",      "3",
    "0",      "nsh",
    "1",      "first arg",
    "2",      "",
    "3",      "third",
    "10",     "tenth",
    NULL,
};

static struct vars default_vars = {default_pairs};
static struct expand_env env = {fake_lookup, &default_vars, 0};

/* Expand raw, which must succeed, and compare the fields. */
static void check_fields(const struct expand_env *e, const char *raw, size_t n, ...)
{
	struct strvec sv = {0};
	char *err = NULL;
	va_list ap;
	if (expand_word(raw, e, &sv, &err) != 0)
		fail_msg("expand_word(%s) failed: %s", raw, err ? err : "?");
	assert_null(err);
	if (sv.n != n) {
		for (size_t i = 0; i < sv.n; i++)
			print_message("  field %zu: [%s]\n", i, sv.v[i]);
		fail_msg("expand_word(%s): %zu fields, expected %zu", raw, sv.n, n);
	}
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(sv.v[i], va_arg(ap, const char *));
	va_end(ap);
	if (n > 0)
		assert_null(sv.v[n]);
	strvec_free(&sv);
}

static void check_string(const struct expand_env *e, const char *raw, const char *want)
{
	char *err = NULL;
	char *got = expand_string(raw, e, &err);
	if (!got)
		fail_msg("expand_string(%s) failed: %s", raw, err ? err : "?");
	assert_string_equal(got, want);
	assert_null(err);
	free(got);
}

/* Expansion of raw must fail with a message containing want. */
static void check_error(const char *raw, const char *want)
{
	struct strvec sv = {0};
	char *err = NULL;
	assert_int_equal(expand_word(raw, &env, &sv, &err), -1);
	assert_non_null(err);
	if (!strstr(err, want))
		fail_msg("expand_word(%s): error \"%s\" lacks \"%s\"", raw, err, want);
	assert_int_equal(sv.n, 0);
	free(err);
	strvec_free(&sv);
	char *s = expand_string(raw, &env, &err);
	assert_null(s);
	assert_non_null(err);
	free(err);
}

/* ---- quoting ------------------------------------------------------------- */

static void test_plain_word(void **state)
{
	check_fields(&env, "hello", 1, "hello");
	check_fields(&env, "-la", 1, "-la");
}

static void test_single_quotes(void **state)
{
	check_fields(&env, "'a  b $X \\n \"'", 1, "a  b $X \\n \"");
	check_fields(&env, "x'y'z", 1, "xyz");
	check_fields(&env, "''", 1, "");
}

static void test_double_quotes(void **state)
{
	check_fields(&env, "\"a  b\"", 1, "a  b");
	check_fields(&env, "\"'x'\"", 1, "'x'");
	check_fields(&env, "\"\"", 1, "");
	check_fields(&env, "a\"\"b", 1, "ab");
}

static void test_backslash_unquoted(void **state)
{
	check_fields(&env, "a\\ b", 1, "a b");
	check_fields(&env, "\\$X", 1, "$X");
	check_fields(&env, "\\\\", 1, "\\");
	check_fields(&env, "\\'", 1, "'");
	check_fields(&env, "a\\", 1, "a\\");
	check_fields(&env, "a\\\nb", 1, "ab");
}

static void test_backslash_in_double_quotes(void **state)
{
	/* only $ ` " \ and newline are escaped inside "..." */
	check_fields(&env, "\"\\$X \\\" \\\\ \\n \\a\"", 1, "$X \" \\ \\n \\a");
	check_fields(&env, "\"a\\\nb\"", 1, "ab");
}

static void test_mixed_quoting_one_field(void **state)
{
	check_fields(&env, "a'b c'\"d e\"f\\ g", 1, "ab cd ef g");
}

/* ---- parameters ------------------------------------------------------------ */

static void test_variable(void **state)
{
	check_fields(&env, "$USER", 1, "student");
	check_fields(&env, "${USER}", 1, "student");
	check_fields(&env, "x${USER}y", 1, "xstudenty");
	check_fields(&env, "$USER.txt", 1, "student.txt");
	check_fields(&env, "$USERx", 0);
}

static void test_unset_and_empty(void **state)
{
	check_fields(&env, "$NOPE", 0);
	check_fields(&env, "$EMPTY", 0);
	check_fields(&env, "\"$NOPE\"", 1, "");
	check_fields(&env, "\"$EMPTY\"", 1, "");
	check_fields(&env, "a$NOPE", 1, "a");
	check_fields(&env, "${NOPE}''", 1, "");
}

static void test_special_parameters(void **state)
{
	check_fields(&env, "$?", 1, "127");
	check_fields(&env, "$$", 1, "4242");
	check_fields(&env, "$!", 1, "4343");
	check_fields(&env, "$#", 1, "3");
	check_fields(&env, "$0", 1, "nsh");
	check_fields(&env, "${?}:${#}", 1, "127:3");
}

static void test_positional_parameters(void **state)
{
	check_fields(&env, "$1", 2, "first", "arg");
	check_fields(&env, "\"$1\"", 1, "first arg");
	check_fields(&env, "$3", 1, "third");
	check_fields(&env, "$9", 0);
	/* $10 is $1 then "0"; ${10} is the tenth */
	check_fields(&env, "\"$10\"", 1, "first arg0");
	check_fields(&env, "${10}", 1, "tenth");
}

static void test_lone_dollar(void **state)
{
	check_fields(&env, "$", 1, "$");
	check_fields(&env, "a$", 1, "a$");
	check_fields(&env, "$/x", 1, "$/x");
	check_fields(&env, "\"$ \"", 1, "$ ");
	check_fields(&env, "$%", 1, "$%");
}

static void test_values_not_reexpanded(void **state)
{
	check_fields(&env, "$DOLLAR", 1, "$HOME");
	check_fields(&env, "$QUOTES", 2, "\"q\"", "'r'");
}

/* ---- field splitting --------------------------------------------------- */

static void test_split_unquoted(void **state)
{
	check_fields(&env, "$X", 2, "a", "b");
	check_fields(&env, "$SPACES", 3, "lead", "and", "trail");
	check_fields(&env, "$TABS", 3, "one", "two", "three");
	check_fields(&env, "$BLANKS", 0);
}

static void test_no_split_quoted(void **state)
{
	check_fields(&env, "\"$X\"", 1, "a  b");
	check_fields(&env, "\"$SPACES\"", 1, "  lead and trail  ");
	check_fields(&env, "\"${TABS}\"", 1, "one\ttwo\nthree");
}

static void test_split_joins_with_neighbours(void **state)
{
	check_fields(&env, "x${X}y", 2, "xa", "by");
	check_fields(&env, "x${SPACES}y", 5, "x", "lead", "and", "trail", "y");
	check_fields(&env, "\"q \"$X", 2, "q a", "b");
	check_fields(&env, "$X\"$X\"", 2, "a", "ba  b");
}

static void test_at_and_star(void **state)
{
	check_fields(&env, "\"$@\"", 3, "first arg", "", "third");
	check_fields(&env, "$@", 3, "first", "arg", "third");
	check_fields(&env, "$*", 3, "first", "arg", "third");
	check_fields(&env, "\"$*\"", 1, "first arg  third");
	check_fields(&env, "\"<$@>\"", 3, "<first arg", "", "third>");
	check_fields(&env, "\"${@}\"", 3, "first arg", "", "third");
	check_fields(&env, "${#@}", 1, "3");
}

static void test_at_with_no_parameters(void **state)
{
	static const char *const pairs[] = {"#", "0", NULL};
	struct vars v = {pairs};
	struct expand_env e = {fake_lookup, &v, 0};
	check_fields(&e, "\"$@\"", 0);
	check_fields(&e, "$@", 0);
	check_fields(&e, "\"$*\"", 1, "");
	check_fields(&e, "\"x$@\"", 1, "x");
	check_fields(&e, "\"$@\"''", 1, "");
}

/* ---- tilde ------------------------------------------------------------- */

static void test_tilde(void **state)
{
	check_fields(&env, "~", 1, "/home/student");
	check_fields(&env, "~/x/y", 1, "/home/student/x/y");
	check_fields(&env, "~/\"a b\"", 1, "/home/student/a b");
}

static void test_tilde_not_expanded(void **state)
{
	check_fields(&env, "\"~\"", 1, "~");
	check_fields(&env, "'~'/x", 1, "~/x");
	check_fields(&env, "\\~", 1, "~");
	check_fields(&env, "a~", 1, "a~");
	check_fields(&env, "x/~", 1, "x/~");
	check_fields(&env, "~root", 1, "~root");
}

static void test_tilde_home_unset_or_spaced(void **state)
{
	static const char *const pairs[] = {"A", "1", NULL};
	struct vars v = {pairs};
	struct expand_env e = {fake_lookup, &v, 0};
	check_fields(&e, "~/x", 1, "~/x");
	static const char *const pairs2[] = {"HOME", "/my home", NULL};
	struct vars v2 = {pairs2};
	struct expand_env e2 = {fake_lookup, &v2, 0};
	check_fields(&e2, "~/x", 1, "/my home/x");
}

static void test_tilde_in_assignment(void **state)
{
	check_string(&env, "P=~/bin", "P=/home/student/bin");
	check_string(&env, "P=~", "P=/home/student");
	check_string(&env, "P=a~", "P=a~");
	check_string(&env, "~", "/home/student");
}

/* ---- ${...} forms ------------------------------------------------------- */

static void test_length(void **state)
{
	check_fields(&env, "${#USER}", 1, "7");
	check_fields(&env, "${#NOPE}", 1, "0");
	check_fields(&env, "${#}", 1, "3");
}

static void test_default_values(void **state)
{
	check_fields(&env, "${NOPE:-fallback}", 1, "fallback");
	check_fields(&env, "${EMPTY:-fallback}", 1, "fallback");
	check_fields(&env, "${EMPTY-fallback}", 0);
	check_fields(&env, "${USER:-fallback}", 1, "student");
	check_fields(&env, "${NOPE:-a b}", 2, "a", "b");
	check_fields(&env, "\"${NOPE:-a b}\"", 1, "a b");
	check_fields(&env, "${NOPE:-\"a b\"}", 1, "a b");
	check_fields(&env, "${NOPE:-$USER}", 1, "student");
	check_fields(&env, "${NOPE:-${EMPTY:-${USER}}}", 1, "student");
}

static void test_braced_word_quoting(void **state)
{
	/* inside "${...}" the word's own double quotes are removed, single
	 * quotes stay; unquoted, a leading ~ in the word is expanded */
	check_fields(&env, "\"${NOPE:-\"q r\"}\"", 1, "q r");
	check_fields(&env, "\"${NOPE:-'q'}\"", 1, "'q'");
	check_fields(&env, "${USER:+~}", 1, "/home/student");
	check_fields(&env, "${NOPE:-~/x}", 1, "/home/student/x");
	check_fields(&env, "\"${NOPE:-~}\"", 1, "~");
}

static void test_alternative_values(void **state)
{
	check_fields(&env, "${USER:+set}", 1, "set");
	check_fields(&env, "${EMPTY:+set}", 0);
	check_fields(&env, "${EMPTY+set}", 1, "set");
	check_fields(&env, "${NOPE+set}", 0);
}

static void test_error_if_unset(void **state)
{
	check_error("${NOPE:?give a value}", "NOPE: give a value");
	check_error("${NOPE?}", "NOPE: parameter null or not set");
	check_error("${EMPTY:?}", "EMPTY");
	check_fields(&env, "${EMPTY?}", 0);
	check_fields(&env, "${USER:?x}", 1, "student");
}

static void test_bad_substitution(void **state)
{
	check_error("${}", "bad substitution");
	check_error("${a b}", "${a b}: bad substitution");
	check_error("${X%y}", "bad substitution");
	check_error("${#X:-1}", "bad substitution");
	check_error("${@:-x}", "bad substitution");
	check_error("${X:=1}", "not supported");
}

static void test_unclosed_brace(void **state)
{
	/* the parser reports this as incomplete; if it reaches the expander
	 * anyway, it is an error, not a crash */
	check_error("${HOME", "missing `}'");
	check_error("\"${HOME\"", "`\"'");
	check_error("x${", "missing `}'");
}

static void test_unclosed_quotes(void **state)
{
	check_error("'abc", "`''");
	check_error("\"abc", "`\"'");
	check_error("a\"b\\\"", "`\"'");
}

static void test_nesting_limit(void **state)
{
	/* deep ${a:-${a:-...}} is refused, not a stack overflow */
	size_t depth = 2000;
	char *raw = malloc(depth * 7 + 8);
	size_t k = 0;
	for (size_t i = 0; i < depth; i++)
		k += (size_t)sprintf(raw + k, "${A:-");
	raw[k++] = 'x';
	for (size_t i = 0; i < depth; i++)
		raw[k++] = '}';
	raw[k] = '\0';
	check_error(raw, "nested too deeply");
	free(raw);
	check_fields(&env, "${A:-${A:-${A:-${A:-deep}}}}", 1, "deep");
}

static void test_ansi_c_quoting(void **state)
{
	check_fields(&env, "$'a\\tb'", 1, "a\tb");
	check_fields(&env, "$'\\x41\\x4a\\101\\60'", 1, "AJA0");
	check_fields(&env, "$'q\\'r' $'\\\\' $'\\\"'", 1, "q'r \\ \"");
	check_fields(&env, "$'it\\'s'", 1, "it's");
	check_fields(&env, "$'\\e\\cA\\z'", 1, "\033\001\\z");
	check_fields(&env, "$'\\u00e9\\U0001F600'", 1, "\xc3\xa9\xf0\x9f\x98\x80");
	check_fields(&env, "$''", 1, "");
	check_fields(&env, "x$'a b'y", 1, "xa by");
	/* a NUL ends the string, as in bash */
	check_fields(&env, "$'a\\0b'c", 1, "ac");
	/* inside double quotes it is a plain $ and quote */
	check_fields(&env, "\"$'x'\"", 1, "$'x'");
	check_error("$'abc", "`''");
}

/* ---- expand_string --------------------------------------------------------- */

static void test_expand_string_no_split(void **state)
{
	check_string(&env, "$X", "a  b");
	check_string(&env, "$SPACES", "  lead and trail  ");
	check_string(&env, "'a'\"b\"\\c", "abc");
	check_string(&env, "$NOPE", "");
	check_string(&env, "''", "");
	check_string(&env, "", "");
}

static void test_expand_string_no_glob(void **state)
{
	check_string(&env, "*", "*");
	check_string(&env, "/*", "/*");
	check_string(&env, "$STAR", "*");
}

static void test_expand_string_positionals_joined(void **state)
{
	check_string(&env, "$@", "first arg  third");
	check_string(&env, "\"$@\"", "first arg  third");
	check_string(&env, "$*", "first arg  third");
}

/* ---- globbing -------------------------------------------------------------- */

static char glob_dir[64];

static int glob_setup(void **state)
{
	strcpy(glob_dir, "/tmp/nsh-test-expand-XXXXXX");
	if (!mkdtemp(glob_dir))
		return -1;
	const char *names[] = {"b.txt", "a.txt", "c.log", ".hidden.txt", "sp ace.txt", "star*.txt"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/%s", glob_dir, names[i]);
		FILE *f = fopen(path, "w");
		if (!f)
			return -1;
		fclose(f);
	}
	return 0;
}

static int glob_teardown(void **state)
{
	const char *names[] = {"b.txt", "a.txt", "c.log", ".hidden.txt", "sp ace.txt", "star*.txt"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/%s", glob_dir, names[i]);
		unlink(path);
	}
	return rmdir(glob_dir);
}

/* glob_dir followed by suffix, in one of a few static buffers. */
static char *in_dir(const char *suffix)
{
	static char buf[8][256];
	static int k;
	char *b = buf[k++ % 8];
	snprintf(b, 256, "%s%s", glob_dir, suffix);
	return b;
}

static void test_glob_matches_sorted(void **state)
{
	check_fields(&env, in_dir("/*.txt"), 4, in_dir("/a.txt"), in_dir("/b.txt"), in_dir("/sp ace.txt"),
		     in_dir("/star*.txt"));
	check_fields(&env, in_dir("/?.log"), 1, in_dir("/c.log"));
	check_fields(&env, in_dir("/[ab].txt"), 2, in_dir("/a.txt"), in_dir("/b.txt"));
}

static void test_glob_no_match_left_as_is(void **state)
{
	check_fields(&env, in_dir("/*.none"), 1, in_dir("/*.none"));
	check_fields(&env, in_dir("/[z"), 1, in_dir("/[z"));
}

static void test_glob_quoted_is_literal(void **state)
{
	char raw[256];
	snprintf(raw, sizeof raw, "%s/'*'.txt", glob_dir);
	check_fields(&env, raw, 1, in_dir("/*.txt"));
	snprintf(raw, sizeof raw, "\"%s/*.txt\"", glob_dir);
	check_fields(&env, raw, 1, in_dir("/*.txt"));
	snprintf(raw, sizeof raw, "%s/\\*.txt", glob_dir);
	check_fields(&env, raw, 1, in_dir("/*.txt"));
	/* a quoted * among unquoted pattern characters matches only a star */
	snprintf(raw, sizeof raw, "%s/sta?\"*\".txt", glob_dir);
	check_fields(&env, raw, 1, in_dir("/star*.txt"));
}

static void test_glob_skips_dotfiles(void **state)
{
	check_fields(&env, in_dir("/.*.txt"), 1, in_dir("/.hidden.txt"));
	check_fields(&env, in_dir("/*hidden*"), 1, in_dir("/*hidden*"));
}

static void test_glob_from_variable(void **state)
{
	/* an unquoted expansion is a pattern too, as in bash; quoted it is not */
	static const char *pairs[] = {"P", NULL, NULL};
	pairs[1] = in_dir("/*.log");
	struct vars v = {pairs};
	struct expand_env e = {fake_lookup, &v, 0};
	check_fields(&e, "$P", 1, in_dir("/c.log"));
	check_fields(&e, "\"$P\"", 1, in_dir("/*.log"));
}

static void test_glob_disabled(void **state)
{
	struct expand_env e = env;
	e.no_glob = 1;
	check_fields(&e, in_dir("/*.txt"), 1, in_dir("/*.txt"));
}

/* ---- odd and large input ------------------------------------------------- */

static void test_null_env(void **state)
{
	check_fields(NULL, "a$HOME'x'", 1, "ax");
	check_fields(NULL, "~", 1, "~");
	struct expand_env e = {NULL, NULL, 0};
	check_fields(&e, "a$HOME", 1, "a");
	char *s = expand_string("$1", NULL, NULL);
	assert_string_equal(s, "");
	free(s);
}

static void test_errmsg_may_be_null(void **state)
{
	struct strvec sv = {0};
	assert_int_equal(expand_word("${a b}", &env, &sv, NULL), -1);
	assert_null(expand_string("'x", &env, NULL));
	strvec_free(&sv);
}

static void test_appends_to_existing_vector(void **state)
{
	struct strvec sv = {0};
	strvec_push(&sv, "cmd");
	assert_int_equal(expand_word("$X", &env, &sv, NULL), 0);
	assert_int_equal(expand_word("$NOPE", &env, &sv, NULL), 0);
	assert_int_equal(sv.n, 3);
	assert_string_equal(sv.v[0], "cmd");
	assert_string_equal(sv.v[2], "b");
	assert_null(sv.v[3]);
	/* a failed expansion leaves the vector as it was */
	assert_int_equal(expand_word("x${", &env, &sv, NULL), -1);
	assert_int_equal(sv.n, 3);
	strvec_free(&sv);
	assert_null(sv.v);
	assert_int_equal(sv.n, 0);
}

static void test_strvec_grows(void **state)
{
	struct strvec sv = {0};
	for (int i = 0; i < 10000; i++)
		strvec_push_owned(&sv, strdup(i % 2 ? "odd" : "even"));
	assert_int_equal(sv.n, 10000);
	assert_string_equal(sv.v[9999], "odd");
	assert_null(sv.v[10000]);
	strvec_free(&sv);
}

static void test_invalid_utf8_passthrough(void **state)
{
	check_fields(&env, "\xff'\xfe'\"\x80\"", 1, "\xff\xfe\x80");
}

static void test_huge_word(void **state)
{
	size_t n = 1 << 20;
	char *raw = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		raw[i] = "ab$X\"c\"'d' "[i % 12];
	raw[n - 1] = 'z';
	raw[n] = '\0';
	struct strvec sv = {0};
	char *err = NULL;
	/* the raw word is not well formed everywhere: success or a clean error */
	int rc = expand_word(raw, &env, &sv, &err);
	if (rc != 0) {
		assert_non_null(err);
		free(err);
	}
	strvec_free(&sv);
	free(raw);

	raw = malloc(n + 3);
	raw[0] = '"';
	memset(raw + 1, 'q', n);
	raw[n + 1] = '"';
	raw[n + 2] = '\0';
	struct strvec sv2 = {0};
	assert_int_equal(expand_word(raw, &env, &sv2, NULL), 0);
	assert_int_equal(strlen(sv2.v[0]), n);
	strvec_free(&sv2);
	free(raw);
}

static void test_many_splits(void **state)
{
	size_t n = 100000;
	char *value = malloc(2 * n + 1);
	for (size_t i = 0; i < n; i++) {
		value[2 * i] = 'w';
		value[2 * i + 1] = ' ';
	}
	value[2 * n] = '\0';
	const char *pairs[] = {"V", value, NULL};
	struct vars v = {pairs};
	struct expand_env e = {fake_lookup, &v, 0};
	struct strvec sv = {0};
	assert_int_equal(expand_word("$V", &e, &sv, NULL), 0);
	assert_int_equal(sv.n, n);
	strvec_free(&sv);
	free(value);
}

/* Malformed raw words (the parser never produces them, a caller might):
 * success or a clean error, never a crash. */
static void test_malformed_raw_words(void **state)
{
	const char *raws[] = {"\"${\"}", "${#}}", "${:-}",    "${A:-\"}", "\"$",
			      "'",	 "\\",	  "${#${A}}", "~\\",	  "A=~\\"};
	for (size_t i = 0; i < sizeof raws / sizeof *raws; i++) {
		struct strvec sv = {0};
		char *err = NULL;
		if (expand_word(raws[i], &env, &sv, &err) != 0)
			assert_non_null(err);
		free(err);
		strvec_free(&sv);
		char *s = expand_string(raws[i], &env, &err);
		if (!s)
			assert_non_null(err);
		free(err);
		free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_word),
	    cmocka_unit_test(test_single_quotes),
	    cmocka_unit_test(test_double_quotes),
	    cmocka_unit_test(test_backslash_unquoted),
	    cmocka_unit_test(test_backslash_in_double_quotes),
	    cmocka_unit_test(test_mixed_quoting_one_field),
	    cmocka_unit_test(test_variable),
	    cmocka_unit_test(test_unset_and_empty),
	    cmocka_unit_test(test_special_parameters),
	    cmocka_unit_test(test_positional_parameters),
	    cmocka_unit_test(test_lone_dollar),
	    cmocka_unit_test(test_values_not_reexpanded),
	    cmocka_unit_test(test_split_unquoted),
	    cmocka_unit_test(test_no_split_quoted),
	    cmocka_unit_test(test_split_joins_with_neighbours),
	    cmocka_unit_test(test_at_and_star),
	    cmocka_unit_test(test_at_with_no_parameters),
	    cmocka_unit_test(test_tilde),
	    cmocka_unit_test(test_tilde_not_expanded),
	    cmocka_unit_test(test_tilde_home_unset_or_spaced),
	    cmocka_unit_test(test_tilde_in_assignment),
	    cmocka_unit_test(test_length),
	    cmocka_unit_test(test_default_values),
	    cmocka_unit_test(test_braced_word_quoting),
	    cmocka_unit_test(test_ansi_c_quoting),
	    cmocka_unit_test(test_alternative_values),
	    cmocka_unit_test(test_error_if_unset),
	    cmocka_unit_test(test_bad_substitution),
	    cmocka_unit_test(test_unclosed_brace),
	    cmocka_unit_test(test_unclosed_quotes),
	    cmocka_unit_test(test_nesting_limit),
	    cmocka_unit_test(test_expand_string_no_split),
	    cmocka_unit_test(test_expand_string_no_glob),
	    cmocka_unit_test(test_expand_string_positionals_joined),
	    cmocka_unit_test(test_glob_matches_sorted),
	    cmocka_unit_test(test_glob_no_match_left_as_is),
	    cmocka_unit_test(test_glob_quoted_is_literal),
	    cmocka_unit_test(test_glob_skips_dotfiles),
	    cmocka_unit_test(test_glob_from_variable),
	    cmocka_unit_test(test_glob_disabled),
	    cmocka_unit_test(test_null_env),
	    cmocka_unit_test(test_errmsg_may_be_null),
	    cmocka_unit_test(test_appends_to_existing_vector),
	    cmocka_unit_test(test_strvec_grows),
	    cmocka_unit_test(test_invalid_utf8_passthrough),
	    cmocka_unit_test(test_huge_word),
	    cmocka_unit_test(test_many_splits),
	    cmocka_unit_test(test_malformed_raw_words),
	};
	return cmocka_run_group_tests_name("expand", tests, glob_setup, glob_teardown);
}
