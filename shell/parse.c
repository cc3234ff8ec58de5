/* The lexer and parser of nsh's command language.
 *
 * A pure function of its input: no I/O, no globals, no printing.  Words are
 * kept raw (quotes and backslashes as typed, only backslash-newline line
 * continuations removed); expand.c does quote removal and expansion at run
 * time.  The grammar is flat (program -> and-or lists -> pipelines ->
 * simple commands), so the parser is a set of loops, not a recursive
 * descent: thousands of '|' or '&&' cost no stack, and every array grows by
 * doubling so huge inputs stay linear. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

enum token_kind {
	TOK_EOF,
	TOK_NEWLINE,
	TOK_WORD,
	TOK_SEMI,	/* ;  */
	TOK_AMP,	/* &  */
	TOK_PIPE,	/* |  */
	TOK_PIPE_AMP,	/* |& (2>&1 |) */
	TOK_AND_IF,	/* && */
	TOK_OR_IF,	/* || */
	TOK_LESS,	/* [n]<  */
	TOK_GREAT,	/* [n]> and [n]>| */
	TOK_DGREAT,	/* [n]>> */
	TOK_LESSAND,	/* [n]<& */
	TOK_GREATAND,	/* [n]>& */
	TOK_AMP_GREAT,	/* &>  */
	TOK_AMP_DGREAT, /* &>> */
	TOK_ERROR,	/* the lexer has filled the parse_error */
};

struct token {
	enum token_kind kind;
	size_t start, end; /* byte span in the source */
	char *word;	   /* TOK_WORD: the raw word, owned */
	int io_number;	   /* redirections: the explicit descriptor, or -1 */
};

struct lexer {
	const char *src;
	size_t len;
	size_t pos;
	struct parse_error *err;
	/* A cache for turning offsets into line/column: tokens come in order,
	 * so scanning forward from the last answer keeps this linear. */
	size_t loc_off;
	int loc_line, loc_col;
};

struct buf {
	char *s;
	size_t n, cap;
};

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		abort();
	return q;
}

static void buf_putc(struct buf *b, char c)
{
	if (b->n + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 32;
		b->s = xrealloc(b->s, b->cap);
	}
	b->s[b->n++] = c;
	b->s[b->n] = '\0';
}

/* Grow *arr (of element size elsize) so that it holds at least n+1 items. */
static void grow(void *arr, size_t *cap, size_t n, size_t elsize)
{
	void **p = arr;
	if (n + 1 <= *cap)
		return;
	*cap = *cap ? *cap * 2 : 4;
	*p = xrealloc(*p, *cap * elsize);
}

static char peek(const struct lexer *lx, size_t off)
{
	return lx->pos + off < lx->len ? lx->src[lx->pos + off] : '\0';
}

/* The offset at or after off that is not the start of a backslash-newline.
 * A line continuation vanishes before tokens are seen (as in bash), so
 * "$\<newline>{" is "${" and "|\<newline>|" is "||": every look-ahead
 * steps over them. */
static size_t skip_continuations(const struct lexer *lx, size_t off)
{
	while (off + 1 < lx->len && lx->src[off] == '\\' && lx->src[off + 1] == '\n')
		off += 2;
	return off;
}

static char char_at(const struct lexer *lx, size_t off)
{
	return off < lx->len ? lx->src[off] : '\0';
}

/* Line and column (both 1-based) of a byte offset.  A column counts
 * characters, not bytes: UTF-8 continuation bytes do not advance it, so a
 * caret printed under the input lines up. */
static void locate(struct lexer *lx, size_t off, int *line, int *column)
{
	if (off > lx->len)
		off = lx->len;
	if (off < lx->loc_off) {
		lx->loc_off = 0;
		lx->loc_line = 1;
		lx->loc_col = 1;
	}
	for (size_t i = lx->loc_off; i < off; i++) {
		unsigned char c = (unsigned char)lx->src[i];
		if (c == '\n') {
			lx->loc_line++;
			lx->loc_col = 1;
		} else if ((c & 0xC0) != 0x80 && lx->loc_col < INT_MAX) {
			lx->loc_col++;
		}
	}
	lx->loc_off = off;
	*line = lx->loc_line;
	*column = lx->loc_col;
}

static void set_error(struct lexer *lx, size_t off, int incomplete, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set_error(struct lexer *lx, size_t off, int incomplete, const char *fmt, ...)
{
	va_list ap;
	int line, column;
	locate(lx, off, &line, &column);
	lx->err->column = column;
	lx->err->line = line;
	lx->err->incomplete = incomplete;
	va_start(ap, fmt);
	vsnprintf(lx->err->msg, sizeof lx->err->msg, fmt, ap);
	va_end(ap);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Characters that end an unquoted word. */
static int is_meta(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' ||
	       c == '>' || c == '(' || c == ')';
}

/* After '$' at lx->pos: copy a ${...}, a $'...' (outside double quotes)
 * or a plain '$' into b.  Returns -1 on an error already reported. */
static int lex_dollar(struct lexer *lx, struct buf *b, int in_dquote)
{
	size_t start = lx->pos;
	size_t next_off = skip_continuations(lx, lx->pos + 1);
	char next = char_at(lx, next_off);
	if (next == '(') {
		set_error(lx, start, 0, "syntax error: command substitution `$(' is not supported");
		return -1;
	}
	buf_putc(b, '$');
	lx->pos++;
	if (next == '\'' && !in_dquote) {
		/* $'...': a backslash escapes any character, even a quote */
		buf_putc(b, '\'');
		lx->pos = next_off + 1;
		for (;;) {
			if (lx->pos >= lx->len) {
				set_error(lx, start, 1,
					  "unexpected end of input while looking for matching `''");
				return -1;
			}
			char c = lx->src[lx->pos++];
			buf_putc(b, c);
			if (c == '\'')
				return 0;
			if (c == '\\' && lx->pos < lx->len)
				buf_putc(b, lx->src[lx->pos++]);
		}
	}
	if (next != '{')
		return 0;
	buf_putc(b, '{');
	lx->pos = next_off + 1;
	/* ${a:-${b}} nests; expand.c finds the same closing brace */
	size_t depth = 1;
	for (;;) {
		if (lx->pos >= lx->len) {
			set_error(lx, start, 1, "unexpected end of input while looking for matching `}'");
			return -1;
		}
		char c = lx->src[lx->pos];
		if (c == '\\' && peek(lx, 1) == '\n') {
			lx->pos += 2;
			continue;
		}
		if (c == '\\' && lx->pos + 1 < lx->len) {
			buf_putc(b, c);
			buf_putc(b, lx->src[lx->pos + 1]);
			lx->pos += 2;
			continue;
		}
		if (c == '$' && char_at(lx, skip_continuations(lx, lx->pos + 1)) == '{') {
			buf_putc(b, c);
			buf_putc(b, '{');
			lx->pos = skip_continuations(lx, lx->pos + 1) + 1;
			depth++;
			continue;
		}
		buf_putc(b, c);
		lx->pos++;
		if (c == '}' && --depth == 0)
			return 0;
	}
}

/* Scan one word starting at lx->pos into tok->word, raw. */
static int lex_word(struct lexer *lx, struct token *tok)
{
	struct buf b = {0};
	buf_putc(&b, 'x'); /* make sure the word is allocated even if empty */
	b.n = 0;
	b.s[0] = '\0';
	while (lx->pos < lx->len) {
		char c = lx->src[lx->pos];
		if (is_meta(c))
			break;
		if (c == '\\') {
			char next = peek(lx, 1);
			if (next == '\n') {
				lx->pos += 2;
				continue;
			}
			if (lx->pos + 1 >= lx->len) {
				set_error(lx, lx->pos, 1, "unexpected end of input after `\\'");
				goto fail;
			}
			buf_putc(&b, c);
			buf_putc(&b, next);
			lx->pos += 2;
		} else if (c == '\'') {
			size_t open = lx->pos;
			buf_putc(&b, c);
			lx->pos++;
			for (;;) {
				if (lx->pos >= lx->len) {
					set_error(lx, open, 1,
						  "unexpected end of input while looking for matching `''");
					goto fail;
				}
				c = lx->src[lx->pos++];
				buf_putc(&b, c);
				if (c == '\'')
					break;
			}
		} else if (c == '"') {
			size_t open = lx->pos;
			buf_putc(&b, c);
			lx->pos++;
			for (;;) {
				if (lx->pos >= lx->len) {
					set_error(lx, open, 1,
						  "unexpected end of input while looking for matching `\"'");
					goto fail;
				}
				c = lx->src[lx->pos];
				if (c == '"') {
					buf_putc(&b, c);
					lx->pos++;
					break;
				} else if (c == '\\') {
					char next = peek(lx, 1);
					if (next == '\n') {
						lx->pos += 2;
						continue;
					}
					if (lx->pos + 1 >= lx->len) {
						set_error(lx, open, 1,
							  "unexpected end of input while looking for "
							  "matching `\"'");
						goto fail;
					}
					buf_putc(&b, c);
					buf_putc(&b, next);
					lx->pos += 2;
				} else if (c == '$') {
					if (lex_dollar(lx, &b, 1) < 0)
						goto fail;
				} else if (c == '`') {
					set_error(
					    lx, lx->pos, 0,
					    "syntax error: command substitution with ` is not supported");
					goto fail;
				} else {
					buf_putc(&b, c);
					lx->pos++;
				}
			}
		} else if (c == '$') {
			if (lex_dollar(lx, &b, 0) < 0)
				goto fail;
		} else if (c == '`') {
			set_error(lx, lx->pos, 0,
				  "syntax error: command substitution with ` is not supported");
			goto fail;
		} else {
			buf_putc(&b, c);
			lx->pos++;
		}
	}
	tok->kind = TOK_WORD;
	tok->word = b.s;
	return 0;
fail:
	free(b.s);
	tok->kind = TOK_ERROR;
	return -1;
}

/* Read the next token.  Blanks, backslash-newline pairs and comments
 * between tokens are skipped; a '#' starts a comment only where a word
 * could start. */
static void next_token(struct lexer *lx, struct token *tok)
{
	free(tok->word);
	memset(tok, 0, sizeof *tok);
	tok->io_number = -1;
	for (;;) {
		char c = peek(lx, 0);
		if (is_blank(c)) {
			lx->pos++;
		} else if (c == '\\' && peek(lx, 1) == '\n') {
			lx->pos += 2;
		} else if (c == '#') {
			while (lx->pos < lx->len && lx->src[lx->pos] != '\n')
				lx->pos++;
		} else {
			break;
		}
	}
	tok->start = lx->pos;
	if (lx->pos >= lx->len) {
		tok->kind = TOK_EOF;
		tok->end = lx->pos;
		return;
	}

	/* An io number: digits right before '<' or '>'. */
	size_t digits = 0;
	while (lx->pos + digits < lx->len && lx->src[lx->pos + digits] >= '0' &&
	       lx->src[lx->pos + digits] <= '9')
		digits++;
	size_t after_digits = skip_continuations(lx, lx->pos + digits);
	if (digits > 0 && (char_at(lx, after_digits) == '<' || char_at(lx, after_digits) == '>')) {
		long n = 0;
		for (size_t i = 0; i < digits; i++) {
			n = n * 10 + (lx->src[lx->pos + i] - '0');
			if (n > INT_MAX) {
				set_error(lx, lx->pos, 0, "syntax error: file descriptor %.*s out of range",
					  (int)(digits > 40 ? 40 : digits), lx->src + lx->pos);
				tok->kind = TOK_ERROR;
				return;
			}
		}
		tok->io_number = (int)n;
		lx->pos = after_digits;
	}

	/* the operator's characters, wherever continuations split them */
	size_t off1 = skip_continuations(lx, lx->pos + 1);
	size_t off2 = skip_continuations(lx, off1 + 1);
	char c = peek(lx, 0), c1 = char_at(lx, off1), c2 = char_at(lx, off2);
	const char *bad = NULL, *why = NULL;
	size_t oplen = 1;
	switch (c) {
	case '\n':
		tok->kind = TOK_NEWLINE;
		break;
	case ';':
		if (c1 == ';' || c1 == '&')
			bad = c1 == ';' ? ";;" : ";&";
		tok->kind = TOK_SEMI;
		break;
	case '|':
		if (c1 == '|')
			tok->kind = TOK_OR_IF, oplen = 2;
		else if (c1 == '&')
			tok->kind = TOK_PIPE_AMP, oplen = 2;
		else
			tok->kind = TOK_PIPE;
		break;
	case '&':
		if (c1 == '&')
			tok->kind = TOK_AND_IF, oplen = 2;
		else if (c1 == '>' && c2 == '>')
			tok->kind = TOK_AMP_DGREAT, oplen = 3;
		else if (c1 == '>')
			tok->kind = TOK_AMP_GREAT, oplen = 2;
		else
			tok->kind = TOK_AMP;
		break;
	case '(':
		bad = "(", why = " (subshells are not supported)";
		break;
	case ')':
		bad = ")";
		break;
	case '<':
		if (c1 == '<' && c2 == '<')
			bad = "<<<", why = " (here-strings are not supported)";
		else if (c1 == '<')
			bad = "<<", why = " (here-documents are not supported)";
		else if (c1 == '>')
			bad = "<>", why = " (opening a file for reading and writing is not supported)";
		else if (c1 == '(')
			bad = "<(", why = " (process substitution is not supported)";
		else if (c1 == '&')
			tok->kind = TOK_LESSAND, oplen = 2;
		else
			tok->kind = TOK_LESS;
		break;
	case '>':
		if (c1 == '>' && c2 == '&')
			bad = ">>&";
		else if (c1 == '>')
			tok->kind = TOK_DGREAT, oplen = 2;
		else if (c1 == '&')
			tok->kind = TOK_GREATAND, oplen = 2;
		else if (c1 == '|')
			tok->kind = TOK_GREAT, oplen = 2;
		else if (c1 == '(')
			bad = ">(", why = " (process substitution is not supported)";
		else
			tok->kind = TOK_GREAT;
		break;
	default:
		lex_word(lx, tok);
		tok->end = lx->pos;
		return;
	}
	if (bad) {
		set_error(lx, lx->pos, 0, "syntax error near unexpected token `%s'%s", bad, why ? why : "");
		tok->kind = TOK_ERROR;
		return;
	}
	lx->pos = oplen == 1 ? lx->pos + 1 : oplen == 2 ? off1 + 1 : off2 + 1;
	tok->end = lx->pos;
}

static const char *token_name(const struct token *tok)
{
	switch (tok->kind) {
	case TOK_EOF:
	case TOK_NEWLINE:
		return "newline";
	case TOK_SEMI:
		return ";";
	case TOK_AMP:
		return "&";
	case TOK_PIPE:
		return "|";
	case TOK_PIPE_AMP:
		return "|&";
	case TOK_AND_IF:
		return "&&";
	case TOK_OR_IF:
		return "||";
	case TOK_LESS:
		return "<";
	case TOK_GREAT:
		return ">";
	case TOK_DGREAT:
		return ">>";
	case TOK_LESSAND:
		return "<&";
	case TOK_GREATAND:
		return ">&";
	case TOK_AMP_GREAT:
		return "&>";
	case TOK_AMP_DGREAT:
		return "&>>";
	case TOK_WORD:
		return tok->word;
	case TOK_ERROR:
		break;
	}
	return "?";
}

static int is_redir(enum token_kind k)
{
	return k >= TOK_LESS && k <= TOK_AMP_DGREAT;
}

static void unexpected(struct lexer *lx, const struct token *tok)
{
	if (tok->kind == TOK_ERROR)
		return;
	set_error(lx, tok->start, 0, "syntax error near unexpected token `%.100s'", token_name(tok));
}

/* A NAME=value word: an unquoted name, then '='. */
static int is_assignment(const char *w)
{
	if (!((*w >= 'A' && *w <= 'Z') || (*w >= 'a' && *w <= 'z') || *w == '_'))
		return 0;
	for (w++; *w && *w != '='; w++)
		if (!((*w >= 'A' && *w <= 'Z') || (*w >= 'a' && *w <= 'z') || (*w >= '0' && *w <= '9') ||
		      *w == '_'))
			return 0;
	return *w == '=';
}

static int all_digits(const char *w)
{
	if (!*w)
		return 0;
	for (; *w; w++)
		if (*w < '0' || *w > '9')
			return 0;
	return 1;
}

struct parser {
	struct lexer lx;
	struct token tok;
	size_t last_end; /* where the previous token ended */
};

static void advance(struct parser *ps)
{
	ps->last_end = ps->tok.end;
	next_token(&ps->lx, &ps->tok);
}

static void cmd_free(struct cmd *c)
{
	for (size_t i = 0; i < c->nassigns; i++)
		free(c->assigns[i]);
	free(c->assigns);
	for (size_t i = 0; i < c->nwords; i++)
		free(c->words[i]);
	free(c->words);
	for (size_t i = 0; i < c->nredirs; i++)
		free(c->redirs[i].target);
	free(c->redirs);
}

static void andor_free(struct andor *a)
{
	for (size_t i = 0; i < a->npipes; i++) {
		for (size_t j = 0; j < a->pipes[i].ncmds; j++)
			cmd_free(&a->pipes[i].cmds[j]);
		free(a->pipes[i].cmds);
	}
	free(a->pipes);
	free(a->ops);
	free(a->text);
}

void program_free(struct program *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nitems; i++)
		andor_free(&p->items[i]);
	free(p->items);
	free(p);
}

struct cmd_builder {
	struct cmd c;
	size_t acap, wcap, rcap;
};

static struct redir *add_redir(struct cmd_builder *cb, int fd, enum redir_kind kind)
{
	grow(&cb->c.redirs, &cb->rcap, cb->c.nredirs, sizeof *cb->c.redirs);
	struct redir *r = &cb->c.redirs[cb->c.nredirs++];
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->kind = kind;
	r->dup_fd = -1;
	return r;
}

/* A redirection operator is the current token; consume it and its word. */
static int parse_redirection(struct parser *ps, struct cmd_builder *cb)
{
	enum token_kind op = ps->tok.kind;
	int fd = ps->tok.io_number;
	advance(ps);
	if (ps->tok.kind != TOK_WORD) {
		unexpected(&ps->lx, &ps->tok);
		return -1;
	}
	char *word = ps->tok.word;
	switch (op) {
	case TOK_LESS:
		add_redir(cb, fd < 0 ? 0 : fd, REDIR_IN)->target = word;
		break;
	case TOK_GREAT:
		add_redir(cb, fd < 0 ? 1 : fd, REDIR_OUT)->target = word;
		break;
	case TOK_DGREAT:
		add_redir(cb, fd < 0 ? 1 : fd, REDIR_APPEND)->target = word;
		break;
	case TOK_AMP_GREAT:
	case TOK_AMP_DGREAT:
		add_redir(cb, 1, op == TOK_AMP_GREAT ? REDIR_OUT : REDIR_APPEND)->target = word;
		add_redir(cb, 2, REDIR_DUP)->dup_fd = 1;
		break;
	case TOK_LESSAND:
	case TOK_GREATAND:
		if (all_digits(word) && strlen(word) <= 9) {
			struct redir *r = add_redir(cb, fd < 0 ? (op == TOK_LESSAND ? 0 : 1) : fd, REDIR_DUP);
			r->dup_fd = atoi(word);
			free(word);
		} else if (op == TOK_GREATAND && fd < 0 && strcmp(word, "-") != 0 && !strchr(word, '$')) {
			/* >&file is bash's old spelling of &>file (but >&$fd
			 * is a descriptor nsh cannot know until run time) */
			add_redir(cb, 1, REDIR_OUT)->target = word;
			add_redir(cb, 2, REDIR_DUP)->dup_fd = 1;
		} else {
			set_error(&ps->lx, ps->tok.start, 0,
				  "syntax error: `%s' needs a file descriptor number, not `%.60s'",
				  op == TOK_LESSAND ? "<&" : ">&", word);
			return -1; /* word still owned by the token */
		}
		break;
	default:
		return -1;
	}
	ps->tok.word = NULL; /* now owned by the command */
	advance(ps);
	return 0;
}

/* bash's reserved words start compound commands that nsh does not have.
 * At the start of a command they get a clear syntax error instead of
 * "for: command not found" several lines later. */
static int reserved_word_error(struct parser *ps)
{
	static const char *const reserved[] = {
	    "if", "then", "else",   "elif",	"fi",	  "case", "esac", "for", "while", "until",
	    "do", "done", "select", "function", "coproc", "{",	  "}",	  "[[",	 "]]",	  NULL};
	const char *w = ps->tok.word;
	if (!strcmp(w, "!")) {
		set_error(&ps->lx, ps->tok.start, 0,
			  "syntax error: `!' (pipeline negation) is not supported");
		return -1;
	}
	for (size_t i = 0; reserved[i]; i++) {
		if (!strcmp(w, reserved[i])) {
			set_error(&ps->lx, ps->tok.start, 0,
				  "syntax error: `%s' (a compound command) is not supported", w);
			return -1;
		}
	}
	return 0;
}

/* simple_command: (assignment | redirection)* (word | redirection)*, at
 * least one element. */
static int parse_command(struct parser *ps, struct cmd *out)
{
	struct cmd_builder cb = {0};
	int line;
	if (ps->tok.kind != TOK_WORD && !is_redir(ps->tok.kind)) {
		unexpected(&ps->lx, &ps->tok);
		return -1;
	}
	if (ps->tok.kind == TOK_WORD && reserved_word_error(ps) < 0)
		return -1;
	locate(&ps->lx, ps->tok.start, &line, &cb.c.column);
	cb.c.line = line;
	while (ps->tok.kind == TOK_WORD || is_redir(ps->tok.kind)) {
		if (ps->tok.kind == TOK_WORD) {
			if (cb.c.nwords == 0 && is_assignment(ps->tok.word)) {
				grow(&cb.c.assigns, &cb.acap, cb.c.nassigns, sizeof *cb.c.assigns);
				cb.c.assigns[cb.c.nassigns++] = ps->tok.word;
			} else {
				grow(&cb.c.words, &cb.wcap, cb.c.nwords, sizeof *cb.c.words);
				cb.c.words[cb.c.nwords++] = ps->tok.word;
			}
			ps->tok.word = NULL;
			advance(ps);
		} else if (parse_redirection(ps, &cb) < 0) {
			cmd_free(&cb.c);
			return -1;
		}
	}
	if (ps->tok.kind == TOK_ERROR) {
		cmd_free(&cb.c);
		return -1;
	}
	*out = cb.c;
	return 0;
}

/* After |, && or ||: newlines may follow; the end of input means the user
 * has more to type. */
static int skip_newlines_expecting_more(struct parser *ps)
{
	while (ps->tok.kind == TOK_NEWLINE)
		advance(ps);
	if (ps->tok.kind == TOK_EOF) {
		set_error(&ps->lx, ps->tok.start, 1, "syntax error: unexpected end of input");
		return -1;
	}
	return 0;
}

static int parse_pipeline(struct parser *ps, struct pipeline *out)
{
	size_t cap = 0;
	memset(out, 0, sizeof *out);
	for (;;) {
		grow(&out->cmds, &cap, out->ncmds, sizeof *out->cmds);
		if (parse_command(ps, &out->cmds[out->ncmds]) < 0)
			return -1;
		out->ncmds++;
		if (ps->tok.kind != TOK_PIPE && ps->tok.kind != TOK_PIPE_AMP)
			return 0;
		if (ps->tok.kind == TOK_PIPE_AMP) {
			struct cmd_builder cb = {.c = out->cmds[out->ncmds - 1], .rcap = 0};
			/* redirs was sized by grow(); re-derive a safe capacity */
			cb.rcap = cb.c.nredirs;
			add_redir(&cb, 2, REDIR_DUP)->dup_fd = 1;
			out->cmds[out->ncmds - 1] = cb.c;
		}
		advance(ps);
		if (skip_newlines_expecting_more(ps) < 0)
			return -1;
	}
}

static int parse_andor(struct parser *ps, struct andor *out)
{
	size_t pcap = 0, ocap = 0;
	memset(out, 0, sizeof *out);
	for (;;) {
		grow(&out->pipes, &pcap, out->npipes, sizeof *out->pipes);
		int rc = parse_pipeline(ps, &out->pipes[out->npipes]);
		out->npipes++; /* a half-built pipeline is freed with the rest */
		if (rc < 0)
			return -1;
		if (ps->tok.kind != TOK_AND_IF && ps->tok.kind != TOK_OR_IF)
			return 0;
		grow(&out->ops, &ocap, out->npipes - 1, sizeof *out->ops);
		out->ops[out->npipes - 1] = ps->tok.kind == TOK_AND_IF ? ANDOR_AND : ANDOR_OR;
		advance(ps);
		if (skip_newlines_expecting_more(ps) < 0)
			return -1;
	}
}

int parse_program(const char *src, struct program **out, struct parse_error *err)
{
	struct parser ps = {0};
	struct program *prog = calloc(1, sizeof *prog);
	size_t icap = 0;
	if (!prog)
		abort();
	memset(err, 0, sizeof *err);
	*out = NULL;
	ps.lx.src = src;
	ps.lx.len = strlen(src);
	ps.lx.err = err;
	ps.lx.loc_line = 1;
	ps.lx.loc_col = 1;
	advance(&ps);
	for (;;) {
		while (ps.tok.kind == TOK_NEWLINE)
			advance(&ps);
		if (ps.tok.kind == TOK_EOF)
			break;
		if (ps.tok.kind == TOK_ERROR)
			goto fail;
		size_t start = ps.tok.start;
		grow(&prog->items, &icap, prog->nitems, sizeof *prog->items);
		struct andor *item = &prog->items[prog->nitems];
		int rc = parse_andor(&ps, item);
		prog->nitems++;
		if (rc < 0)
			goto fail;
		/* the item's text runs from its first token to the end of its
		 * last one: no blanks, no trailing comment, no & or ; */
		item->text = strndup(src + start, ps.last_end - start);
		if (!item->text)
			abort();
		switch (ps.tok.kind) {
		case TOK_AMP:
			item->background = 1;
			/* fall through */
		case TOK_SEMI:
			advance(&ps);
			break;
		case TOK_NEWLINE:
		case TOK_EOF:
			break;
		default:
			unexpected(&ps.lx, &ps.tok);
			goto fail;
		}
	}
	free(ps.tok.word);
	*out = prog;
	return 0;
fail:
	if (ps.tok.kind != TOK_ERROR && err->msg[0] == '\0')
		unexpected(&ps.lx, &ps.tok);
	free(ps.tok.word);
	program_free(prog);
	return -1;
}
