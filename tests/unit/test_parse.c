/* Unit tests of the lexer/parser (shell/parse.c): every construct of the
 * language, its malformed forms, and inputs large enough to catch recursion
 * and quadratic behaviour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "ast.h"

/* Parse src, which must succeed. */
static struct program *parse_ok(const char *src)
{
	struct program *p = NULL;
	struct parse_error err;
	int rc = parse_program(src, &p, &err);
	if (rc != 0)
		fail_msg("parse of \"%.80s\" failed at column %d: %s", src, err.column, err.msg);
	assert_non_null(p);
	return p;
}

/* Parse src, which must fail; returns the error. */
static struct parse_error parse_bad(const char *src)
{
	struct program *p = (struct program *)1;
	struct parse_error err;
	int rc = parse_program(src, &p, &err);
	if (rc != -1)
		fail_msg("parse of \"%.80s\" unexpectedly succeeded", src);
	assert_null(p);
	return err;
}

static struct cmd *cmd_at(struct program *p, size_t item, size_t pipe, size_t cmd)
{
	assert_true(item < p->nitems);
	assert_true(pipe < p->items[item].npipes);
	assert_true(cmd < p->items[item].pipes[pipe].ncmds);
	return &p->items[item].pipes[pipe].cmds[cmd];
}

/* The only command of a one-command program. */
static struct cmd *only_cmd(struct program *p)
{
	assert_int_equal(p->nitems, 1);
	assert_int_equal(p->items[0].npipes, 1);
	assert_int_equal(p->items[0].pipes[0].ncmds, 1);
	return cmd_at(p, 0, 0, 0);
}

static void assert_words(const struct cmd *c, size_t n, ...)
{
	va_list ap;
	assert_int_equal(c->nwords, n);
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(c->words[i], va_arg(ap, const char *));
	va_end(ap);
}

/* ---- words and quoting ------------------------------------------------- */

static void test_empty_input(void **state)
{
	struct program *p = parse_ok("");
	assert_int_equal(p->nitems, 0);
	program_free(p);
}

static void test_blank_and_newline_only(void **state)
{
	struct program *p = parse_ok("  \t \n\n   \n");
	assert_int_equal(p->nitems, 0);
	program_free(p);
}

static void test_comment_only(void **state)
{
	struct program *p = parse_ok("# a comment | with ; operators && ' \"");
	assert_int_equal(p->nitems, 0);
	program_free(p);
	p = parse_ok("   # indented\n# second\n");
	assert_int_equal(p->nitems, 0);
	program_free(p);
}

static void test_simple_words(void **state)
{
	struct program *p = parse_ok("echo hello world");
	struct cmd *c = only_cmd(p);
	assert_words(c, 3, "echo", "hello", "world");
	assert_int_equal(c->nassigns, 0);
	assert_int_equal(c->nredirs, 0);
	assert_int_equal(c->column, 1);
	assert_int_equal(c->line, 1);
	program_free(p);
}

static void test_blanks_between_words(void **state)
{
	struct program *p = parse_ok(" \t echo\t\t a   b \t");
	assert_words(only_cmd(p), 3, "echo", "a", "b");
	assert_int_equal(only_cmd(p)->column, 4);
	program_free(p);
}

static void test_single_quotes_kept_raw(void **state)
{
	struct program *p = parse_ok("echo 'a b|c;d&e>f' x'y'z");
	assert_words(only_cmd(p), 3, "echo", "'a b|c;d&e>f'", "x'y'z");
	program_free(p);
}

static void test_double_quotes_kept_raw(void **state)
{
	struct program *p = parse_ok("echo \"a  b | c\" \"x\\\"y\" \"$HOME/q\"");
	assert_words(only_cmd(p), 4, "echo", "\"a  b | c\"", "\"x\\\"y\"", "\"$HOME/q\"");
	program_free(p);
}

static void test_backslash_escapes_metachar(void **state)
{
	struct program *p = parse_ok("echo a\\ b c\\;d \\|");
	assert_words(only_cmd(p), 4, "echo", "a\\ b", "c\\;d", "\\|");
	program_free(p);
}

static void test_single_quote_backslash_literal(void **state)
{
	/* inside '...' a backslash is an ordinary character */
	struct program *p = parse_ok("echo 'a\\' b");
	assert_words(only_cmd(p), 3, "echo", "'a\\'", "b");
	program_free(p);
}

static void test_continuation_inside_word(void **state)
{
	struct program *p = parse_ok("ec\\\nho a\\\nb");
	assert_words(only_cmd(p), 2, "echo", "ab");
	program_free(p);
}

static void test_continuation_between_words(void **state)
{
	struct program *p = parse_ok("echo a \\\n  b");
	assert_int_equal(p->nitems, 1);
	assert_words(only_cmd(p), 3, "echo", "a", "b");
	program_free(p);
}

static void test_continuation_inside_double_quotes(void **state)
{
	struct program *p = parse_ok("echo \"a\\\nb\"");
	assert_words(only_cmd(p), 2, "echo", "\"ab\"");
	program_free(p);
}

static void test_continuation_not_in_single_quotes(void **state)
{
	struct program *p = parse_ok("echo 'a\\\nb'");
	assert_words(only_cmd(p), 2, "echo", "'a\\\nb'");
	program_free(p);
}

static void test_dollar_forms_kept_raw(void **state)
{
	struct program *p = parse_ok("echo $A ${B} $? $$ $! $# $0 $1 $@ \"$*\" ${C:-x y} ${D:-${E}}");
	assert_words(only_cmd(p), 13, "echo", "$A", "${B}", "$?", "$$", "$!", "$#", "$0", "$1", "$@",
		     "\"$*\"", "${C:-x y}", "${D:-${E}}");
	program_free(p);
}

static void test_ansi_c_quote_kept_raw(void **state)
{
	/* in $'...' a backslash escapes the quote; in "..." $' is plain */
	struct program *p = parse_ok("echo $'it\\'s; a' \"$'\" x");
	assert_words(only_cmd(p), 4, "echo", "$'it\\'s; a'", "\"$'\"", "x");
	program_free(p);
	struct parse_error e = parse_bad("echo $'abc\\'");
	assert_int_equal(e.incomplete, 1);
	assert_int_equal(e.column, 6);
}

static void test_dollar_brace_hides_metachars(void **state)
{
	struct program *p = parse_ok("echo ${X:-a;b|c}");
	assert_words(only_cmd(p), 2, "echo", "${X:-a;b|c}");
	program_free(p);
}

static void test_tilde_kept_raw(void **state)
{
	struct program *p = parse_ok("cd ~/x ~");
	assert_words(only_cmd(p), 3, "cd", "~/x", "~");
	program_free(p);
}

static void test_hash_inside_word_is_literal(void **state)
{
	struct program *p = parse_ok("echo a#b '#c' \"#d\" \\#e # comment");
	assert_words(only_cmd(p), 5, "echo", "a#b", "'#c'", "\"#d\"", "\\#e");
	program_free(p);
}

static void test_comment_after_operator(void **state)
{
	struct program *p = parse_ok("ls;#x\npwd # y");
	assert_int_equal(p->nitems, 2);
	assert_words(cmd_at(p, 0, 0, 0), 1, "ls");
	assert_words(cmd_at(p, 1, 0, 0), 1, "pwd");
	assert_string_equal(p->items[1].text, "pwd");
	program_free(p);
}

static void test_invalid_utf8_is_bytes(void **state)
{
	struct program *p = parse_ok("echo \xff\xfe \xc3 \xe2\x82 'x\x80y'");
	assert_words(only_cmd(p), 5, "echo", "\xff\xfe", "\xc3", "\xe2\x82", "'x\x80y'");
	program_free(p);
}

static void test_braces_and_bang_are_words(void **state)
{
	struct program *p = parse_ok("echo { } ! [ x ]");
	assert_words(only_cmd(p), 7, "echo", "{", "}", "!", "[", "x", "]");
	program_free(p);
}

static void test_reserved_words_rejected(void **state)
{
	struct parse_error e = parse_bad("for i in 1 2; do echo $i; done");
	assert_non_null(strstr(e.msg, "`for'"));
	assert_non_null(strstr(e.msg, "not supported"));
	assert_int_equal(e.column, 1);
	e = parse_bad("true; if true; then ls; fi");
	assert_non_null(strstr(e.msg, "`if'"));
	assert_int_equal(e.column, 7);
	e = parse_bad("ls && { ls; }");
	assert_int_equal(e.column, 7);
	e = parse_bad("! grep x f");
	assert_non_null(strstr(e.msg, "negation"));
	e = parse_bad("ls | while read l");
	assert_int_equal(e.incomplete, 0);
}

static void test_reserved_words_as_arguments(void **state)
{
	/* not at the start of a command, or quoted, they are plain words */
	struct program *p = parse_ok("echo if then fi done; 'for' x; \\if; time ls");
	assert_int_equal(p->nitems, 4);
	assert_words(cmd_at(p, 0, 0, 0), 5, "echo", "if", "then", "fi", "done");
	assert_words(cmd_at(p, 1, 0, 0), 2, "'for'", "x");
	assert_words(cmd_at(p, 3, 0, 0), 2, "time", "ls");
	program_free(p);
}

/* ---- assignments --------------------------------------------------------- */

static void test_assignment_alone(void **state)
{
	struct program *p = parse_ok("NAME=value");
	struct cmd *c = only_cmd(p);
	assert_int_equal(c->nwords, 0);
	assert_int_equal(c->nassigns, 1);
	assert_string_equal(c->assigns[0], "NAME=value");
	program_free(p);
}

static void test_assignments_before_command(void **state)
{
	struct program *p = parse_ok("A=1 _b2='x y' C= env D=4");
	struct cmd *c = only_cmd(p);
	assert_int_equal(c->nassigns, 3);
	assert_string_equal(c->assigns[0], "A=1");
	assert_string_equal(c->assigns[1], "_b2='x y'");
	assert_string_equal(c->assigns[2], "C=");
	assert_words(c, 2, "env", "D=4");
	program_free(p);
}

static void test_not_assignments(void **state)
{
	/* a quoted or invalid name, or a leading '=' make ordinary words */
	struct program *p = parse_ok("\"A\"=1 2B=3 =x a-b=c");
	struct cmd *c = only_cmd(p);
	assert_int_equal(c->nassigns, 0);
	assert_words(c, 4, "\"A\"=1", "2B=3", "=x", "a-b=c");
	program_free(p);
}

static void test_assignment_with_redirection_between(void **state)
{
	struct program *p = parse_ok("A=1 >out B=2 cmd");
	struct cmd *c = only_cmd(p);
	assert_int_equal(c->nassigns, 2);
	assert_string_equal(c->assigns[1], "B=2");
	assert_words(c, 1, "cmd");
	assert_int_equal(c->nredirs, 1);
	program_free(p);
}

/* ---- lists and pipelines ------------------------------------------------- */

static void test_pipeline(void **state)
{
	struct program *p = parse_ok("ps -ef | grep sleep | wc -l");
	assert_int_equal(p->nitems, 1);
	assert_int_equal(p->items[0].npipes, 1);
	assert_int_equal(p->items[0].pipes[0].ncmds, 3);
	assert_words(cmd_at(p, 0, 0, 0), 2, "ps", "-ef");
	assert_words(cmd_at(p, 0, 0, 1), 2, "grep", "sleep");
	assert_words(cmd_at(p, 0, 0, 2), 2, "wc", "-l");
	assert_int_equal(cmd_at(p, 0, 0, 1)->column, 10);
	assert_int_equal(cmd_at(p, 0, 0, 2)->column, 23);
	program_free(p);
}

static void test_pipe_without_spaces(void **state)
{
	struct program *p = parse_ok("a|b||c&&d");
	struct andor *a = &p->items[0];
	assert_int_equal(a->npipes, 3);
	assert_int_equal(a->pipes[0].ncmds, 2);
	assert_int_equal(a->ops[0], ANDOR_OR);
	assert_int_equal(a->ops[1], ANDOR_AND);
	program_free(p);
}

static void test_and_or(void **state)
{
	struct program *p = parse_ok("true && echo yes || echo no");
	struct andor *a = &p->items[0];
	assert_int_equal(a->npipes, 3);
	assert_int_equal(a->ops[0], ANDOR_AND);
	assert_int_equal(a->ops[1], ANDOR_OR);
	assert_int_equal(a->background, 0);
	assert_string_equal(a->text, "true && echo yes || echo no");
	program_free(p);
}

static void test_semicolons(void **state)
{
	struct program *p = parse_ok("a; b ;c;");
	assert_int_equal(p->nitems, 3);
	assert_string_equal(p->items[0].text, "a");
	assert_string_equal(p->items[1].text, "b");
	assert_string_equal(p->items[2].text, "c");
	program_free(p);
}

static void test_newlines_separate(void **state)
{
	struct program *p = parse_ok("a\nb x\n\n c");
	assert_int_equal(p->nitems, 3);
	assert_words(cmd_at(p, 1, 0, 0), 2, "b", "x");
	assert_int_equal(cmd_at(p, 2, 0, 0)->line, 4);
	assert_int_equal(cmd_at(p, 2, 0, 0)->column, 2);
	program_free(p);
}

static void test_background(void **state)
{
	struct program *p = parse_ok("sleep 10 & echo $!");
	assert_int_equal(p->nitems, 2);
	assert_int_equal(p->items[0].background, 1);
	assert_string_equal(p->items[0].text, "sleep 10");
	assert_int_equal(p->items[1].background, 0);
	assert_string_equal(p->items[1].text, "echo $!");
	program_free(p);
}

static void test_background_andor_text(void **state)
{
	struct program *p = parse_ok("  a | b && c  &  ");
	assert_int_equal(p->nitems, 1);
	assert_int_equal(p->items[0].background, 1);
	assert_string_equal(p->items[0].text, "a | b && c");
	program_free(p);
}

static void test_text_excludes_comment_and_semicolon(void **state)
{
	struct program *p = parse_ok("echo 'a  b'   ;   # note");
	assert_string_equal(p->items[0].text, "echo 'a  b'");
	program_free(p);
}

static void test_newline_after_operators(void **state)
{
	struct program *p = parse_ok("a |\n\n b &&\n c ||\n d");
	assert_int_equal(p->nitems, 1);
	assert_int_equal(p->items[0].npipes, 3);
	assert_int_equal(p->items[0].pipes[0].ncmds, 2);
	assert_int_equal(cmd_at(p, 0, 0, 1)->line, 3);
	program_free(p);
}

/* ---- redirections -------------------------------------------------------- */

static void assert_redir(const struct redir *r, int fd, enum redir_kind kind, const char *target, int dup_fd)
{
	assert_int_equal(r->fd, fd);
	assert_int_equal(r->kind, kind);
	if (target)
		assert_string_equal(r->target, target);
	else
		assert_null(r->target);
	if (kind == REDIR_DUP)
		assert_int_equal(r->dup_fd, dup_fd);
}

static void test_redirect_in_out_append(void **state)
{
	struct program *p = parse_ok("sort <in >out >>log");
	struct cmd *c = only_cmd(p);
	assert_words(c, 1, "sort");
	assert_int_equal(c->nredirs, 3);
	assert_redir(&c->redirs[0], 0, REDIR_IN, "in", 0);
	assert_redir(&c->redirs[1], 1, REDIR_OUT, "out", 0);
	assert_redir(&c->redirs[2], 1, REDIR_APPEND, "log", 0);
	program_free(p);
}

static void test_redirect_with_spaces(void **state)
{
	struct program *p = parse_ok("cat < 'in file' > \"$OUT\"");
	struct cmd *c = only_cmd(p);
	assert_redir(&c->redirs[0], 0, REDIR_IN, "'in file'", 0);
	assert_redir(&c->redirs[1], 1, REDIR_OUT, "\"$OUT\"", 0);
	program_free(p);
}

static void test_redirect_stderr_forms(void **state)
{
	struct program *p = parse_ok("cmd 2>err 2>&1 >&2 3<&0 10>x 2>>e");
	struct cmd *c = only_cmd(p);
	assert_words(c, 1, "cmd");
	assert_int_equal(c->nredirs, 6);
	assert_redir(&c->redirs[0], 2, REDIR_OUT, "err", 0);
	assert_redir(&c->redirs[1], 2, REDIR_DUP, NULL, 1);
	assert_redir(&c->redirs[2], 1, REDIR_DUP, NULL, 2);
	assert_redir(&c->redirs[3], 3, REDIR_DUP, NULL, 0);
	assert_redir(&c->redirs[4], 10, REDIR_OUT, "x", 0);
	assert_redir(&c->redirs[5], 2, REDIR_APPEND, "e", 0);
	program_free(p);
}

static void test_io_number_must_touch_operator(void **state)
{
	/* "2 >f" is the word 2 and a stdout redirection; "a2>f" too */
	struct program *p = parse_ok("echo 2 >f a2>g");
	struct cmd *c = only_cmd(p);
	assert_words(c, 3, "echo", "2", "a2");
	assert_redir(&c->redirs[0], 1, REDIR_OUT, "f", 0);
	assert_redir(&c->redirs[1], 1, REDIR_OUT, "g", 0);
	program_free(p);
}

static void test_redirect_before_command(void **state)
{
	struct program *p = parse_ok(">out echo hi");
	struct cmd *c = only_cmd(p);
	assert_words(c, 2, "echo", "hi");
	assert_redir(&c->redirs[0], 1, REDIR_OUT, "out", 0);
	assert_int_equal(c->column, 1);
	program_free(p);
}

static void test_redirect_only(void **state)
{
	struct program *p = parse_ok(">empty");
	struct cmd *c = only_cmd(p);
	assert_int_equal(c->nwords, 0);
	assert_int_equal(c->nredirs, 1);
	program_free(p);
}

static void test_redirect_bash_shorthands(void **state)
{
	/* &>f and >&f are >f 2>&1; &>>f appends; >|f is >f; a|&b is a 2>&1|b */
	struct program *p = parse_ok("a &>f; b >&g; c &>>h; d >|i; e |& f");
	assert_int_equal(p->nitems, 5);
	struct cmd *c = cmd_at(p, 0, 0, 0);
	assert_int_equal(c->nredirs, 2);
	assert_redir(&c->redirs[0], 1, REDIR_OUT, "f", 0);
	assert_redir(&c->redirs[1], 2, REDIR_DUP, NULL, 1);
	c = cmd_at(p, 1, 0, 0);
	assert_redir(&c->redirs[0], 1, REDIR_OUT, "g", 0);
	assert_redir(&c->redirs[1], 2, REDIR_DUP, NULL, 1);
	c = cmd_at(p, 2, 0, 0);
	assert_redir(&c->redirs[0], 1, REDIR_APPEND, "h", 0);
	c = cmd_at(p, 3, 0, 0);
	assert_redir(&c->redirs[0], 1, REDIR_OUT, "i", 0);
	assert_int_equal(p->items[4].pipes[0].ncmds, 2);
	c = cmd_at(p, 4, 0, 0);
	assert_int_equal(c->nredirs, 1);
	assert_redir(&c->redirs[0], 2, REDIR_DUP, NULL, 1);
	program_free(p);
}

static void test_redirect_missing_target(void **state)
{
	struct parse_error e = parse_bad("ls >");
	assert_string_equal(e.msg, "syntax error near unexpected token `newline'");
	assert_int_equal(e.column, 5);
	assert_int_equal(e.incomplete, 0);
	e = parse_bad("ls > | wc");
	assert_string_equal(e.msg, "syntax error near unexpected token `|'");
	assert_int_equal(e.column, 6);
	e = parse_bad("ls 2> ;");
	assert_string_equal(e.msg, "syntax error near unexpected token `;'");
	e = parse_bad("ls < > x");
	assert_string_equal(e.msg, "syntax error near unexpected token `>'");
	e = parse_bad("ls >\nx");
	assert_string_equal(e.msg, "syntax error near unexpected token `newline'");
}

static void test_heredoc_unsupported(void **state)
{
	struct parse_error e = parse_bad("cat <<EOF");
	assert_non_null(strstr(e.msg, "`<<'"));
	assert_non_null(strstr(e.msg, "not supported"));
	assert_int_equal(e.column, 5);
	assert_int_equal(e.incomplete, 0);
	e = parse_bad("cat <<<word");
	assert_non_null(strstr(e.msg, "`<<<'"));
	e = parse_bad("cat 0<<-EOF");
	assert_non_null(strstr(e.msg, "`<<'"));
}

static void test_read_write_redirect_unsupported(void **state)
{
	struct parse_error e = parse_bad("cat <>file");
	assert_non_null(strstr(e.msg, "`<>'"));
	assert_int_equal(e.column, 5);
	e = parse_bad("diff <(ls) >(wc)");
	assert_non_null(strstr(e.msg, "`<('"));
	e = parse_bad("cat >>&2");
	assert_non_null(strstr(e.msg, "`>>&'"));
}

static void test_dup_needs_number(void **state)
{
	struct parse_error e = parse_bad("cmd 2>&file");
	assert_non_null(strstr(e.msg, "file descriptor"));
	assert_int_equal(e.column, 8);
	e = parse_bad("cmd <&x");
	assert_non_null(strstr(e.msg, "file descriptor"));
	e = parse_bad("cmd >&$FD");
	assert_non_null(strstr(e.msg, "file descriptor"));
	e = parse_bad("cmd 2>&-");
	assert_non_null(strstr(e.msg, "file descriptor"));
}

static void test_io_number_out_of_range(void **state)
{
	struct parse_error e = parse_bad("echo 99999999999999999999>f");
	assert_non_null(strstr(e.msg, "out of range"));
	assert_int_equal(e.column, 6);
	struct program *p = parse_ok("echo 2147483647>f");
	assert_int_equal(only_cmd(p)->redirs[0].fd, 2147483647);
	program_free(p);
}

/* ---- syntax errors ------------------------------------------------------- */

static void test_error_pipe_at_start(void **state)
{
	struct parse_error e = parse_bad("| ls");
	assert_string_equal(e.msg, "syntax error near unexpected token `|'");
	assert_int_equal(e.column, 1);
	assert_int_equal(e.line, 1);
	assert_int_equal(e.incomplete, 0);
	e = parse_bad("   |ls");
	assert_int_equal(e.column, 4);
}

static void test_error_and_at_start(void **state)
{
	struct parse_error e = parse_bad("&& ls");
	assert_string_equal(e.msg, "syntax error near unexpected token `&&'");
	assert_int_equal(e.column, 1);
	e = parse_bad("|| ls");
	assert_string_equal(e.msg, "syntax error near unexpected token `||'");
}

static void test_error_empty_commands(void **state)
{
	struct parse_error e = parse_bad("; ;");
	assert_string_equal(e.msg, "syntax error near unexpected token `;'");
	assert_int_equal(e.column, 1);
	e = parse_bad("ls; ;");
	assert_string_equal(e.msg, "syntax error near unexpected token `;'");
	assert_int_equal(e.column, 5);
	e = parse_bad("ls | ; x");
	assert_string_equal(e.msg, "syntax error near unexpected token `;'");
	e = parse_bad("ls && | x");
	assert_string_equal(e.msg, "syntax error near unexpected token `|'");
	e = parse_bad("ls | | x");
	assert_int_equal(e.column, 6);
}

static void test_error_double_semicolon(void **state)
{
	struct parse_error e = parse_bad("ls;;");
	assert_string_equal(e.msg, "syntax error near unexpected token `;;'");
	assert_int_equal(e.column, 3);
}

static void test_error_ampersands(void **state)
{
	struct parse_error e = parse_bad("&");
	assert_string_equal(e.msg, "syntax error near unexpected token `&'");
	e = parse_bad("ls & &");
	assert_string_equal(e.msg, "syntax error near unexpected token `&'");
	assert_int_equal(e.column, 6);
	e = parse_bad("ls & ;");
	assert_string_equal(e.msg, "syntax error near unexpected token `;'");
	e = parse_bad("ls &&&");
	assert_string_equal(e.msg, "syntax error near unexpected token `&'");
}

static void test_error_parentheses(void **state)
{
	struct parse_error e = parse_bad("(ls)");
	assert_non_null(strstr(e.msg, "`('"));
	e = parse_bad("echo a)");
	assert_string_equal(e.msg, "syntax error near unexpected token `)'");
	assert_int_equal(e.column, 7);
}

static void test_error_command_substitution(void **state)
{
	struct parse_error e = parse_bad("echo $(id -u)");
	assert_non_null(strstr(e.msg, "not supported"));
	assert_int_equal(e.column, 6);
	assert_int_equal(e.incomplete, 0);
	e = parse_bad("echo `id`");
	assert_non_null(strstr(e.msg, "not supported"));
	e = parse_bad("echo \"x $(id)\"");
	assert_int_equal(e.column, 9);
	/* quoted, they are plain characters */
	struct program *p = parse_ok("echo '$(id)' '`id`' \\`");
	program_free(p);
}

static void test_error_column_on_later_line(void **state)
{
	struct parse_error e = parse_bad("echo ok\n  ls | | x");
	assert_int_equal(e.line, 2);
	assert_int_equal(e.column, 8);
}

static void test_error_column_counts_characters(void **state)
{
	/* "é" is two bytes but one column */
	struct parse_error e = parse_bad("echo é | | x");
	assert_int_equal(e.column, 10);
}

static void test_error_message_fits(void **state)
{
	char src[1000];
	memset(src, 'x', sizeof src - 1);
	src[sizeof src - 1] = '\0';
	memcpy(src, "l 2>&", 5);
	struct parse_error e = parse_bad(src);
	assert_true(strlen(e.msg) < sizeof e.msg);
}

/* ---- incomplete input and continuation ---------------------------------- */

/* src must be incomplete, and src + "\n" + more must parse. */
static struct program *continue_with(const char *src, const char *more)
{
	struct parse_error e = parse_bad(src);
	if (!e.incomplete)
		fail_msg("\"%s\" should be incomplete, got: %s", src, e.msg);
	char *joined;
	assert_true(asprintf(&joined, "%s\n%s", src, more) > 0);
	struct program *p = parse_ok(joined);
	free(joined);
	return p;
}

static void test_incomplete_single_quote(void **state)
{
	struct parse_error e = parse_bad("echo 'abc");
	assert_int_equal(e.incomplete, 1);
	assert_int_equal(e.column, 6);
	struct program *p = continue_with("echo 'abc", "def'");
	assert_words(only_cmd(p), 2, "echo", "'abc\ndef'");
	program_free(p);
}

static void test_incomplete_double_quote(void **state)
{
	struct program *p = continue_with("echo \"a", "b\" c");
	assert_words(only_cmd(p), 3, "echo", "\"a\nb\"", "c");
	program_free(p);
	struct parse_error e = parse_bad("echo \"abc\\");
	assert_int_equal(e.incomplete, 1);
}

static void test_incomplete_trailing_backslash(void **state)
{
	struct parse_error e = parse_bad("echo abc\\");
	assert_int_equal(e.incomplete, 1);
	struct program *p = continue_with("echo abc\\", "def");
	assert_words(only_cmd(p), 2, "echo", "abcdef");
	program_free(p);
	p = continue_with("echo a \\", "b");
	assert_words(only_cmd(p), 3, "echo", "a", "b");
	program_free(p);
}

static void test_incomplete_trailing_pipe(void **state)
{
	struct parse_error e = parse_bad("ls |");
	assert_int_equal(e.incomplete, 1);
	struct program *p = continue_with("ls | ", "wc -l");
	assert_int_equal(p->items[0].pipes[0].ncmds, 2);
	program_free(p);
}

static void test_incomplete_trailing_and_or(void **state)
{
	struct parse_error e = parse_bad("true &&");
	assert_int_equal(e.incomplete, 1);
	e = parse_bad("true ||  \n\n");
	assert_int_equal(e.incomplete, 1);
	struct program *p = continue_with("true &&", "echo yes");
	assert_int_equal(p->items[0].npipes, 2);
	program_free(p);
	p = continue_with("false ||", "echo no");
	assert_int_equal(p->items[0].ops[0], ANDOR_OR);
	program_free(p);
}

static void test_incomplete_dollar_brace(void **state)
{
	struct parse_error e = parse_bad("echo ${HOME");
	assert_int_equal(e.incomplete, 1);
	assert_int_equal(e.column, 6);
	e = parse_bad("echo \"${A:-${B}\"");
	assert_int_equal(e.incomplete, 1);
	struct program *p = continue_with("echo ${HOME", "}");
	assert_words(only_cmd(p), 2, "echo", "${HOME\n}");
	program_free(p);
}

static void test_not_incomplete(void **state)
{
	/* complete-but-wrong input must not ask for more */
	const char *bad[] = {"ls >", "| ls", "ls &&&", "; ;", "cat <<EOF", "ls 2>&x"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct parse_error e = parse_bad(bad[i]);
		assert_int_equal(e.incomplete, 0);
	}
}

static void test_continuation_after_comment_line(void **state)
{
	struct program *p = continue_with("ls | # count them", "wc -l");
	assert_int_equal(p->items[0].pipes[0].ncmds, 2);
	assert_string_equal(p->items[0].text, "ls | # count them\nwc -l");
	program_free(p);
}

/* ---- scale and robustness ----------------------------------------------- */

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_huge_word(void **state)
{
	size_t n = 300 * 1024;
	char *src = malloc(n + 6);
	memcpy(src, "echo ", 5);
	memset(src + 5, 'a', n);
	src[n + 5] = '\0';
	struct program *p = parse_ok(src);
	assert_int_equal(strlen(only_cmd(p)->words[1]), n);
	program_free(p);
	free(src);
}

static void test_huge_line_many_words(void **state)
{
	/* 100 KB+ of short words and quoted words on one line */
	size_t count = 20000;
	char *src = malloc(count * 8 + 16);
	size_t k = 0;
	for (size_t i = 0; i < count; i++)
		k += (size_t)sprintf(src + k, i % 2 ? "'a b' " : "x\\ y ");
	src[k] = '\0';
	struct program *p = parse_ok(src);
	assert_int_equal(only_cmd(p)->nwords, count);
	program_free(p);
	free(src);
}

static void test_deep_pipeline(void **state)
{
	size_t count = 20000;
	char *src = malloc(count * 4 + 16);
	size_t k = 0;
	for (size_t i = 0; i < count; i++)
		k += (size_t)sprintf(src + k, i ? " | a" : "a");
	src[k] = '\0';
	double t0 = seconds_now();
	struct program *p = parse_ok(src);
	assert_true(seconds_now() - t0 < 2.0);
	assert_int_equal(p->items[0].pipes[0].ncmds, count);
	assert_int_equal(cmd_at(p, 0, 0, count - 1)->column, (int)k);
	program_free(p);
	free(src);
}

static void test_long_and_or_chain(void **state)
{
	size_t count = 20000;
	char *src = malloc(count * 5 + 16);
	size_t k = 0;
	for (size_t i = 0; i < count; i++)
		k += (size_t)sprintf(src + k, i ? (i % 2 ? "&&a " : "||a ") : "a ");
	src[k] = '\0';
	struct program *p = parse_ok(src);
	assert_int_equal(p->items[0].npipes, count);
	program_free(p);
	free(src);
}

static void test_many_items(void **state)
{
	size_t count = 30000;
	char *src = malloc(count * 6 + 16);
	size_t k = 0;
	for (size_t i = 0; i < count; i++)
		k += (size_t)sprintf(src + k, "%s", i % 3 == 0 ? "a;" : (i % 3 == 1 ? "b &" : "c\n"));
	src[k] = '\0';
	double t0 = seconds_now();
	struct program *p = parse_ok(src);
	assert_true(seconds_now() - t0 < 2.0);
	assert_int_equal(p->nitems, count);
	program_free(p);
	free(src);
}

static void test_many_unclosed_dollar_braces(void **state)
{
	/* ${${${... without a close: one linear scan, an incomplete error */
	size_t count = 50000;
	char *src = malloc(count * 2 + 8);
	memcpy(src, "echo ", 5);
	for (size_t i = 0; i < count; i++)
		memcpy(src + 5 + 2 * i, "${", 2);
	src[5 + 2 * count] = '\0';
	struct parse_error e = parse_bad(src);
	assert_int_equal(e.incomplete, 1);
	free(src);
}

static void test_every_single_byte(void **state)
{
	/* each byte alone and inside a word: parse or a clean error */
	for (int c = 1; c < 256; c++) {
		char src[8] = {(char)c, 0};
		char src2[16];
		snprintf(src2, sizeof src2, "a%cb %c", c, c);
		for (int k = 0; k < 2; k++) {
			struct program *p = NULL;
			struct parse_error e;
			if (parse_program(k ? src2 : src, &p, &e) == 0)
				program_free(p);
			else
				assert_true(e.msg[0] != '\0' && e.column >= 1);
		}
	}
}

static void test_every_prefix_of_complex_input(void **state)
{
	/* cut a rich line at every length: no crash, no read past the end
	 * (the sanitizer builds check that), always a result or an error */
	const char *full = "A=1 B='x y' cmd \"a $X ${Y:-${Z}}\" b\\ c 2>&1 >>log <in 3<&0 | grep -v 'q' && "
			   "echo ~/x $@ \"$*\" $? || false & sleep 1 ; # done\n echo \\\n more";
	size_t n = strlen(full);
	for (size_t len = 0; len <= n; len++) {
		char *src = strndup(full, len);
		struct program *p = NULL;
		struct parse_error e;
		if (parse_program(src, &p, &e) == 0) {
			program_free(p);
		} else {
			assert_true(e.msg[0] != '\0');
			assert_true(e.column >= 1);
		}
		free(src);
	}
}

static void test_error_struct_cleared_on_success(void **state)
{
	struct parse_error e;
	struct program *p = NULL;
	memset(&e, 0x5a, sizeof e);
	assert_int_equal(parse_program("ls", &p, &e), 0);
	assert_int_equal(e.incomplete, 0);
	assert_string_equal(e.msg, "");
	program_free(p);
	program_free(NULL);
}

/* Crashers and hangs found by the fuzzer (tests/fuzz/fuzz_parse.c) and
 * in review, kept so they stay fixed. */
static void test_regression_backslash_end_in_double_quotes(void **state)
{
	/* used to loop forever: a backslash as the last byte inside "... */
	struct parse_error e = parse_bad("\"\\");
	assert_int_equal(e.incomplete, 1);
	e = parse_bad("x\"${a}\\");
	assert_int_equal(e.incomplete, 1);
}

static void test_regression_continuation_inside_tokens(void **state)
{
	/* fuzzer: "$\\\n{" lexed as "$" then "{", a raw word "${" that the
	 * expander then rejected; a continuation vanishes inside tokens */
	struct parse_error e = parse_bad("$\\\n{");
	assert_int_equal(e.incomplete, 1);
	struct program *p = parse_ok("echo $\\\n{HOME} a|\\\n|b 2\\\n>\\\n>f");
	assert_int_equal(p->items[0].npipes, 2);
	struct cmd *c = cmd_at(p, 0, 0, 0);
	assert_words(c, 3, "echo", "${HOME}", "a");
	assert_words(cmd_at(p, 0, 1, 0), 1, "b");
	c = cmd_at(p, 0, 1, 0);
	assert_int_equal(c->nredirs, 1);
	assert_int_equal(c->redirs[0].fd, 2);
	assert_int_equal(c->redirs[0].kind, REDIR_APPEND);
	program_free(p);
	e = parse_bad("echo $\\\n(id)");
	assert_non_null(strstr(e.msg, "not supported"));
	p = parse_ok("echo ${a:-$\\\n{b}}");
	assert_words(only_cmd(p), 2, "echo", "${a:-${b}}");
	program_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_input),
	    cmocka_unit_test(test_blank_and_newline_only),
	    cmocka_unit_test(test_comment_only),
	    cmocka_unit_test(test_simple_words),
	    cmocka_unit_test(test_blanks_between_words),
	    cmocka_unit_test(test_single_quotes_kept_raw),
	    cmocka_unit_test(test_double_quotes_kept_raw),
	    cmocka_unit_test(test_backslash_escapes_metachar),
	    cmocka_unit_test(test_single_quote_backslash_literal),
	    cmocka_unit_test(test_continuation_inside_word),
	    cmocka_unit_test(test_continuation_between_words),
	    cmocka_unit_test(test_continuation_inside_double_quotes),
	    cmocka_unit_test(test_continuation_not_in_single_quotes),
	    cmocka_unit_test(test_dollar_forms_kept_raw),
	    cmocka_unit_test(test_ansi_c_quote_kept_raw),
	    cmocka_unit_test(test_dollar_brace_hides_metachars),
	    cmocka_unit_test(test_tilde_kept_raw),
	    cmocka_unit_test(test_hash_inside_word_is_literal),
	    cmocka_unit_test(test_comment_after_operator),
	    cmocka_unit_test(test_invalid_utf8_is_bytes),
	    cmocka_unit_test(test_braces_and_bang_are_words),
	    cmocka_unit_test(test_reserved_words_rejected),
	    cmocka_unit_test(test_reserved_words_as_arguments),
	    cmocka_unit_test(test_assignment_alone),
	    cmocka_unit_test(test_assignments_before_command),
	    cmocka_unit_test(test_not_assignments),
	    cmocka_unit_test(test_assignment_with_redirection_between),
	    cmocka_unit_test(test_pipeline),
	    cmocka_unit_test(test_pipe_without_spaces),
	    cmocka_unit_test(test_and_or),
	    cmocka_unit_test(test_semicolons),
	    cmocka_unit_test(test_newlines_separate),
	    cmocka_unit_test(test_background),
	    cmocka_unit_test(test_background_andor_text),
	    cmocka_unit_test(test_text_excludes_comment_and_semicolon),
	    cmocka_unit_test(test_newline_after_operators),
	    cmocka_unit_test(test_redirect_in_out_append),
	    cmocka_unit_test(test_redirect_with_spaces),
	    cmocka_unit_test(test_redirect_stderr_forms),
	    cmocka_unit_test(test_io_number_must_touch_operator),
	    cmocka_unit_test(test_redirect_before_command),
	    cmocka_unit_test(test_redirect_only),
	    cmocka_unit_test(test_redirect_bash_shorthands),
	    cmocka_unit_test(test_redirect_missing_target),
	    cmocka_unit_test(test_heredoc_unsupported),
	    cmocka_unit_test(test_read_write_redirect_unsupported),
	    cmocka_unit_test(test_dup_needs_number),
	    cmocka_unit_test(test_io_number_out_of_range),
	    cmocka_unit_test(test_error_pipe_at_start),
	    cmocka_unit_test(test_error_and_at_start),
	    cmocka_unit_test(test_error_empty_commands),
	    cmocka_unit_test(test_error_double_semicolon),
	    cmocka_unit_test(test_error_ampersands),
	    cmocka_unit_test(test_error_parentheses),
	    cmocka_unit_test(test_error_command_substitution),
	    cmocka_unit_test(test_error_column_on_later_line),
	    cmocka_unit_test(test_error_column_counts_characters),
	    cmocka_unit_test(test_error_message_fits),
	    cmocka_unit_test(test_incomplete_single_quote),
	    cmocka_unit_test(test_incomplete_double_quote),
	    cmocka_unit_test(test_incomplete_trailing_backslash),
	    cmocka_unit_test(test_incomplete_trailing_pipe),
	    cmocka_unit_test(test_incomplete_trailing_and_or),
	    cmocka_unit_test(test_incomplete_dollar_brace),
	    cmocka_unit_test(test_not_incomplete),
	    cmocka_unit_test(test_continuation_after_comment_line),
	    cmocka_unit_test(test_huge_word),
	    cmocka_unit_test(test_huge_line_many_words),
	    cmocka_unit_test(test_deep_pipeline),
	    cmocka_unit_test(test_long_and_or_chain),
	    cmocka_unit_test(test_many_items),
	    cmocka_unit_test(test_many_unclosed_dollar_braces),
	    cmocka_unit_test(test_every_single_byte),
	    cmocka_unit_test(test_every_prefix_of_complex_input),
	    cmocka_unit_test(test_error_struct_cleared_on_success),
	    cmocka_unit_test(test_regression_backslash_end_in_double_quotes),
	    cmocka_unit_test(test_regression_continuation_inside_tokens),
	};
	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
