/* libFuzzer target for the command language: parse any bytes, check the
 * tree's invariants, then expand every word, assignment and redirection
 * target with a fake variable table.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Ishell \
 *     tests/fuzz/fuzz_parse.c shell/parse.c shell/expand.c -o build-fuzz/fuzz_parse
 *   build-fuzz/fuzz_parse -max_total_time=300 -max_len=4096 \
 *     build-fuzz/corpus-parse tests/fuzz/corpus/parse
 *
 * glob(3) runs only for inputs without a '/': a pattern then lists just the
 * current directory, and cannot make the fuzzer walk a whole tree. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

static const char *fake_lookup(void *ctx, const char *name)
{
	static const char *const table[] = {
	    "A",       "a b", "E", "",	 "S",	    "*",  "Q", "\"x\" '$A'", "HOME",
	    "/h o/me", "#",   "3", "1",	 "one two", "2",  "",  "3",	     "*.c",
	    "?",       "1",   "$", "99", "!",	    "98", "0", "nsh",	     NULL,
	};
	(void)ctx;
	for (size_t i = 0; table[i]; i += 2)
		if (!strcmp(table[i], name))
			return table[i + 1];
	return NULL;
}

/* A raw word from the parser, parsed again after a command name, must come
 * back as the same single word: the lexer and its raw output agree. */
static void check_reparse(const char *word)
{
	size_t n = strlen(word);
	char *src = malloc(n + 3);
	struct program *p = NULL;
	struct parse_error err;
	if (!src)
		return;
	memcpy(src, "x ", 2);
	memcpy(src + 2, word, n + 1);
	if (parse_program(src, &p, &err) != 0)
		__builtin_trap();
	if (p->nitems != 1 || p->items[0].npipes != 1 || p->items[0].pipes[0].ncmds != 1)
		__builtin_trap();
	const struct cmd *c = &p->items[0].pipes[0].cmds[0];
	if (c->nwords != 2 || c->nredirs != 0 || strcmp(c->words[1], word) != 0)
		__builtin_trap();
	program_free(p);
	free(src);
}

/* Any bytes as one raw word: the expander must cope with what the parser
 * would never hand it (unclosed quotes, a lone ${). */
static void expand_raw_input(const char *src, const struct expand_env *env)
{
	struct strvec sv = {0};
	char *err = NULL;
	if (expand_word(src, env, &sv, &err) != 0 && !err)
		__builtin_trap();
	free(err);
	err = NULL;
	strvec_free(&sv);
	char *s = expand_string(src, env, &err);
	if (!s && !err)
		__builtin_trap();
	free(s);
	free(err);
}

static void expand_all(const struct cmd *c, const struct expand_env *env)
{
	char *err = NULL;
	for (size_t i = 0; i < c->nwords; i++) {
		struct strvec sv = {0};
		check_reparse(c->words[i]);
		if (expand_word(c->words[i], env, &sv, &err) != 0 && !err)
			__builtin_trap();
		free(err);
		err = NULL;
		strvec_free(&sv);
	}
	for (size_t i = 0; i < c->nassigns; i++) {
		char *s = expand_string(c->assigns[i], env, &err);
		if (!s && !err)
			__builtin_trap();
		free(s);
		free(err);
		err = NULL;
	}
	for (size_t i = 0; i < c->nredirs; i++) {
		const struct redir *r = &c->redirs[i];
		if (r->fd < 0 || (r->kind == REDIR_DUP) != (r->target == NULL))
			__builtin_trap();
		if (r->kind == REDIR_DUP && r->dup_fd < 0)
			__builtin_trap();
		if (!r->target)
			continue;
		char *s = expand_string(r->target, env, &err);
		if (!s && !err)
			__builtin_trap();
		free(s);
		free(err);
		err = NULL;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = malloc(size + 1);
	if (!src)
		return 0;
	memcpy(src, data, size);
	src[size] = '\0'; /* the shell never sees a NUL inside a line */

	struct program *p = NULL;
	struct parse_error err;
	struct expand_env env = {fake_lookup, NULL, memchr(src, '/', size) != NULL};
	expand_raw_input(src, &env);
	if (parse_program(src, &p, &err) != 0) {
		if (p || err.msg[0] == '\0' || err.column < 1 || err.line < 1 ||
		    !memchr(err.msg, '\0', sizeof err.msg))
			__builtin_trap();
		free(src);
		return 0;
	}
	for (size_t i = 0; i < p->nitems; i++) {
		const struct andor *a = &p->items[i];
		if (!a->text || a->npipes == 0)
			__builtin_trap();
		for (size_t j = 0; j < a->npipes; j++) {
			if (a->pipes[j].ncmds == 0)
				__builtin_trap();
			for (size_t k = 0; k < a->pipes[j].ncmds; k++) {
				const struct cmd *c = &a->pipes[j].cmds[k];
				if (c->nwords + c->nassigns + c->nredirs == 0 || c->column < 1 || c->line < 1)
					__builtin_trap();
				expand_all(c, &env);
			}
		}
	}
	program_free(p);
	free(src);
	return 0;
}
