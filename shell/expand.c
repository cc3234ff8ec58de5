/* Word expansion: what a raw word from the parser means at run time.
 *
 * In one left-to-right pass over the raw word: tilde, $-expansion, quote
 * and backslash removal, and field splitting of unquoted expansion results
 * on blanks.  Every character of the field being built carries a "quoted"
 * mark, so that pathname expansion (glob(3)) afterwards treats only the
 * unquoted *, ? and [ as pattern characters.  Variables come from the
 * caller's lookup function; the only I/O is glob(3). */
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		abort();
	return q;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		abort();
	return d;
}

void strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_owned(sv, xstrdup(s));
}

void strvec_push_owned(struct strvec *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof *sv->v);
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strvec_free(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof *sv);
}

/* The field being built: its bytes, and for each byte whether it was quoted. */
struct field {
	char *s;
	unsigned char *quoted;
	size_t n, cap;
	int started;  /* a field exists even if empty ("" makes one) */
	int has_glob; /* an unquoted *, ? or [ is in it */
};

struct expander {
	const struct expand_env *env;
	int split;	      /* expand_word: split and glob; expand_string: neither */
	struct strvec fields; /* finished fields */
	struct field f;
	char **errmsg;
};

static void field_put(struct field *f, char c, int quoted)
{
	if (f->n + 2 > f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->s = xrealloc(f->s, f->cap);
		f->quoted = xrealloc(f->quoted, f->cap);
	}
	f->s[f->n] = c;
	f->quoted[f->n] = (unsigned char)quoted;
	f->n++;
	f->s[f->n] = '\0';
	f->started = 1;
	if (!quoted && (c == '*' || c == '?' || c == '['))
		f->has_glob = 1;
}

static void field_put_str(struct field *f, const char *s, int quoted)
{
	for (; *s; s++)
		field_put(f, *s, quoted);
}

/* Finish the current field: glob it if it has unquoted pattern characters
 * (bash leaves a pattern that matches nothing as it is), else keep it. */
static void end_field(struct expander *ex)
{
	struct field *f = &ex->f;
	if (!f->started)
		return;
	if (f->has_glob && !(ex->env && ex->env->no_glob)) {
		char *pat = xrealloc(NULL, f->n * 2 + 1);
		size_t k = 0;
		for (size_t i = 0; i < f->n; i++) {
			char c = f->s[i];
			if ((f->quoted[i] && (c == '*' || c == '?' || c == '[' || c == ']')) || c == '\\')
				pat[k++] = '\\';
			pat[k++] = c;
		}
		pat[k] = '\0';
		glob_t g;
		memset(&g, 0, sizeof g);
		if (glob(pat, 0, NULL, &g) == 0 && g.gl_pathc > 0) {
			for (size_t i = 0; i < g.gl_pathc; i++)
				strvec_push(&ex->fields, g.gl_pathv[i]);
		} else {
			strvec_push(&ex->fields, f->s ? f->s : "");
		}
		globfree(&g);
		free(pat);
	} else {
		strvec_push(&ex->fields, f->s ? f->s : "");
	}
	f->n = 0;
	if (f->s)
		f->s[0] = '\0';
	f->started = 0;
	f->has_glob = 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Add the value of an expansion.  Unquoted (and when splitting), blanks in
 * it separate fields and are dropped. */
static void add_value(struct expander *ex, const char *v, int quoted)
{
	if (!v)
		return;
	if (quoted || !ex->split) {
		field_put_str(&ex->f, v, 1);
		return;
	}
	for (; *v; v++) {
		if (is_blank(*v))
			end_field(ex);
		else
			field_put(&ex->f, *v, 0);
	}
}

static const char *lookup(struct expander *ex, const char *name)
{
	if (!ex->env || !ex->env->lookup)
		return NULL;
	return ex->env->lookup(ex->env->ctx, name);
}

static void fail(struct expander *ex, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct expander *ex, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (ex->errmsg)
		*ex->errmsg = msg;
	else
		free(msg);
}

/* The number of positional parameters, from lookup("#"). */
static long positional_count(struct expander *ex)
{
	const char *v = lookup(ex, "#");
	if (!v)
		return 0;
	long n = strtol(v, NULL, 10);
	return n > 0 ? n : 0;
}

/* $@ and $*.  Quoted "$@" makes one field per parameter; "$*" joins them
 * with a space; unquoted, both split every parameter.  Returns how many
 * parameters there were. */
static long add_positionals(struct expander *ex, int at, int quoted)
{
	long n = positional_count(ex);
	char name[24];
	for (long i = 1; i <= n; i++) {
		snprintf(name, sizeof name, "%ld", i);
		const char *v = lookup(ex, name);
		if (!v)
			return i - 1;
		if (i > 1) {
			if (!ex->split || (quoted && !at))
				field_put(&ex->f, ' ', 1);
			else
				end_field(ex);
		}
		if (quoted)
			ex->f.started = 1;
		add_value(ex, v, quoted);
	}
	return n;
}

static int is_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* Nested ${...} deeper than this is refused rather than risking the stack. */
enum { MAX_DEPTH = 32 };

/* p is just after "${": the matching '}' before end, or NULL.  The lexer in
 * parse.c finds the same one: nested ${ count, a backslash escapes. */
static const char *find_brace_end(const char *p, const char *end)
{
	size_t depth = 1;
	while (p < end) {
		if (*p == '\\' && p + 1 < end) {
			p += 2;
		} else if (*p == '$' && p + 1 < end && p[1] == '{') {
			depth++;
			p += 2;
		} else if (*p == '}' && --depth == 0) {
			return p;
		} else {
			p++;
		}
	}
	return NULL;
}

/* p is just after an opening '"': its closing quote before end, or NULL. */
static const char *find_dquote_end(const char *p, const char *end)
{
	while (p < end) {
		if (*p == '\\' && p + 1 < end) {
			p += 2;
		} else if (*p == '$' && p + 1 < end && p[1] == '{') {
			const char *close = find_brace_end(p + 2, end);
			if (!close)
				return NULL;
			p = close + 1;
		} else if (*p == '"') {
			return p;
		} else {
			p++;
		}
	}
	return NULL;
}

static int expand_unquoted(struct expander *ex, const char *p, const char *end, int depth,
			   int from_expansion);
static int expand_dquoted(struct expander *ex, const char *p, const char *end, int depth, int *at_empty,
			  int in_braces);

static const char *expand_tilde(struct expander *ex, const char *p, const char *end);

/* The word of ${name:-word} and friends, in the quoting of the ${...}. */
static int expand_inner_word(struct expander *ex, const char *p, const char *end, int quoted, int depth)
{
	if (quoted) {
		int ignored = 0;
		return expand_dquoted(ex, p, end, depth, &ignored, 1);
	}
	return expand_unquoted(ex, expand_tilde(ex, p, end), end, depth, 1);
}

/* ${...}: a name, a number or a special parameter; ${#name} for its length;
 * ${name:-word} ${name-word} ${name:+word} ${name+word} ${name:?word}
 * ${name?word} as bash has them.  [p, end) is what is inside the braces. */
static int expand_braced(struct expander *ex, const char *p, const char *end, int quoted, int depth,
			 int *at_empty)
{
	const char *inner = p;
	size_t len = (size_t)(end - p);
	char name[128];
	int length = 0;
	if (len >= 2 && p[0] == '#') {
		length = 1;
		p++;
	}
	const char *q = p;
	if (q < end && is_name_start(*q)) {
		while (q < end && is_name_char(*q))
			q++;
	} else if (q < end && *q >= '0' && *q <= '9') {
		while (q < end && *q >= '0' && *q <= '9')
			q++;
	} else if (q < end && strchr("?$!#@*-", *q)) {
		q++;
	}
	size_t nlen = (size_t)(q - p);
	const char *op = q;
	int colon = op < end && *op == ':';
	if (colon)
		op++;
	char opc = op < end ? *op : '\0';
	int bad =
	    nlen == 0 || nlen >= sizeof name || (length && q != end) || (q != end && !strchr("-+?=", opc));
	if (!bad && q != end && (p[0] == '@' || p[0] == '*'))
		bad = 1;
	if (bad) {
		fail(ex, "${%.*s}: bad substitution", (int)(len > 100 ? 100 : len), inner);
		return -1;
	}
	memcpy(name, p, nlen);
	name[nlen] = '\0';
	if (length) {
		char num[24];
		const char *v = lookup(ex, name);
		if (!strcmp(name, "@") || !strcmp(name, "*"))
			snprintf(num, sizeof num, "%ld", positional_count(ex));
		else
			snprintf(num, sizeof num, "%zu", v ? strlen(v) : 0);
		add_value(ex, num, quoted);
		return 0;
	}
	if (q == end) {
		if (!strcmp(name, "@") || !strcmp(name, "*")) {
			if (add_positionals(ex, name[0] == '@', quoted) == 0 && name[0] == '@' && at_empty)
				*at_empty = 1;
		} else {
			add_value(ex, lookup(ex, name), quoted);
		}
		return 0;
	}
	if (depth >= MAX_DEPTH) {
		fail(ex, "${...}: expansions nested too deeply");
		return -1;
	}
	const char *v = lookup(ex, name);
	int missing = !v || (colon && !*v);
	const char *word = op + 1;
	switch (opc) {
	case '-':
		if (missing)
			return expand_inner_word(ex, word, end, quoted, depth + 1);
		add_value(ex, v, quoted);
		return 0;
	case '+':
		if (!missing)
			return expand_inner_word(ex, word, end, quoted, depth + 1);
		return 0;
	case '?':
		if (missing) {
			struct expander sub = {.env = ex->env, .split = 0};
			if (word < end && expand_unquoted(&sub, word, end, depth + 1, 0) == 0)
				fail(ex, "%s: %s", name, sub.f.s ? sub.f.s : "");
			else
				fail(ex, "%s: parameter null or not set", name);
			free(sub.f.s);
			free(sub.f.quoted);
			return -1;
		}
		add_value(ex, v, quoted);
		return 0;
	default: /* '=' */
		fail(ex, "${%.*s}: assigning in an expansion is not supported", (int)(len > 100 ? 100 : len),
		     inner);
		return -1;
	}
}

/* At *pp a '$'.  Expand what follows and advance *pp past it.  *at_empty is
 * set when this was $@ with no parameters (so that "$@" can vanish). */
static int expand_dollar(struct expander *ex, const char **pp, const char *end, int quoted, int depth,
			 int *at_empty)
{
	const char *p = *pp + 1;
	char name[2] = {0, 0};
	if (p < end && *p == '{') {
		const char *close = find_brace_end(p + 1, end);
		if (!close) {
			int n = (int)(end - *pp);
			fail(ex, "%.*s: missing `}'", n > 100 ? 100 : n, *pp);
			return -1;
		}
		*pp = close + 1;
		return expand_braced(ex, p + 1, close, quoted, depth, at_empty);
	}
	if (p < end && is_name_start(*p)) {
		const char *e = p;
		while (e < end && is_name_char(*e))
			e++;
		char *nm = strndup(p, (size_t)(e - p));
		if (!nm)
			abort();
		add_value(ex, lookup(ex, nm), quoted);
		free(nm);
		*pp = e;
		return 0;
	}
	if (p < end && (*p == '@' || *p == '*')) {
		if (add_positionals(ex, *p == '@', quoted) == 0 && *p == '@' && at_empty)
			*at_empty = 1;
		*pp = p + 1;
		return 0;
	}
	if (p < end && ((*p >= '0' && *p <= '9') || strchr("?$!#-", *p))) {
		name[0] = *p;
		add_value(ex, lookup(ex, name), quoted);
		*pp = p + 1;
		return 0;
	}
	/* a lone '$' stands for itself */
	field_put(&ex->f, '$', quoted);
	*pp = p;
	return 0;
}

/* ~ and ~/... at the start of a word, or right after the '=' of NAME=: the
 * home directory, not split and not globbed.  ~user is left alone. */
static const char *expand_tilde(struct expander *ex, const char *p, const char *end)
{
	if (p >= end || *p != '~' || (p + 1 < end && p[1] != '/'))
		return p;
	const char *home = lookup(ex, "HOME");
	if (!home)
		return p;
	field_put_str(&ex->f, home, 1);
	if (!*home)
		ex->f.started = 1;
	return p + 1;
}

/* Text as inside "...", [p, end) without the quotes: $-expansions (not
 * split) and the backslash escapes that double quotes know.  in_braces: the
 * word of a "${name:-word}", where bash removes inner double quotes. */
static int expand_dquoted(struct expander *ex, const char *p, const char *end, int depth, int *at_empty,
			  int in_braces)
{
	while (p < end) {
		if (in_braces && *p == '"') {
			ex->f.started = 1;
			p++;
		} else if (*p == '\\' && p + 1 < end && strchr("$`\"\\\n", p[1])) {
			if (p[1] != '\n')
				field_put(&ex->f, p[1], 1);
			p += 2;
		} else if (*p == '$') {
			if (expand_dollar(ex, &p, end, 1, depth, at_empty) < 0)
				return -1;
		} else {
			field_put(&ex->f, *p, 1);
			p++;
		}
	}
	return 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A code point as UTF-8 (quoted), for $'\u00e9'. */
static void put_utf8(struct field *f, unsigned long cp)
{
	if (cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		field_put(f, (char)cp, 1);
	} else if (cp < 0x800) {
		field_put(f, (char)(0xC0 | (cp >> 6)), 1);
		field_put(f, (char)(0x80 | (cp & 0x3F)), 1);
	} else if (cp < 0x10000) {
		field_put(f, (char)(0xE0 | (cp >> 12)), 1);
		field_put(f, (char)(0x80 | ((cp >> 6) & 0x3F)), 1);
		field_put(f, (char)(0x80 | (cp & 0x3F)), 1);
	} else {
		field_put(f, (char)(0xF0 | (cp >> 18)), 1);
		field_put(f, (char)(0x80 | ((cp >> 12) & 0x3F)), 1);
		field_put(f, (char)(0x80 | ((cp >> 6) & 0x3F)), 1);
		field_put(f, (char)(0x80 | (cp & 0x3F)), 1);
	}
}

/* bash's $'...' (ANSI-C quoting), *pp at the '$': the escapes \a \b \e \f
 * \n \r \t \v \\ \' \" \? \nnn (octal) \xHH \uHHHH \UHHHHHHHH \cX; the result is quoted.  A
 * NUL ends the string there, as in bash (C strings cannot hold it). */
static int expand_ansi_c(struct expander *ex, const char **pp, const char *end)
{
	const char *p = *pp + 2;
	int cut = 0;
	ex->f.started = 1;
	for (;;) {
		if (p >= end) {
			fail(ex, "unexpected end of word while looking for matching `''");
			return -1;
		}
		if (*p == '\'')
			break;
		int c = (unsigned char)*p++;
		if (c == '\\' && p < end) {
			char e = *p++;
			switch (e) {
			case 'a':
				c = 7;
				break;
			case 'b':
				c = 8;
				break;
			case 'e':
			case 'E':
				c = 27;
				break;
			case 'f':
				c = 12;
				break;
			case 'n':
				c = 10;
				break;
			case 'r':
				c = 13;
				break;
			case 't':
				c = 9;
				break;
			case 'v':
				c = 11;
				break;
			case '\\':
			case '\'':
			case '"':
			case '?':
				c = e;
				break;
			case 'x':
				if (p < end && hex_value(*p) >= 0) {
					c = hex_value(*p++);
					if (p < end && hex_value(*p) >= 0)
						c = c * 16 + hex_value(*p++);
				} else {
					if (!cut)
						field_put(&ex->f, '\\', 1);
					c = 'x';
				}
				break;
			case 'u':
			case 'U':
				if (p < end && hex_value(*p) >= 0) {
					unsigned long cp = 0;
					for (int k = 0;
					     k < (e == 'u' ? 4 : 8) && p < end && hex_value(*p) >= 0; k++)
						cp = cp * 16 + (unsigned long)hex_value(*p++);
					if (cp == 0)
						cut = 1;
					if (!cut)
						put_utf8(&ex->f, cp);
					continue;
				}
				if (!cut)
					field_put(&ex->f, '\\', 1);
				c = e;
				break;
			case 'c':
				if (p < end && *p != '\'') {
					c = *p++ & 0x1f;
				} else {
					if (!cut)
						field_put(&ex->f, '\\', 1);
					c = 'c';
				}
				break;
			default:
				if (e >= '0' && e <= '7') {
					c = e - '0';
					for (int k = 0; k < 2 && p < end && *p >= '0' && *p <= '7'; k++)
						c = c * 8 + (*p++ - '0');
					c &= 0xff;
				} else {
					if (!cut)
						field_put(&ex->f, '\\', 1);
					c = (unsigned char)e;
				}
			}
		}
		if (c == 0)
			cut = 1;
		if (!cut)
			field_put(&ex->f, (char)c, 1);
	}
	*pp = p + 1;
	return 0;
}

/* Unquoted text [p, end): quotes, backslashes and $-expansions.  When it is
 * the word of an unquoted ${name:-word}, its blanks split fields too. */
static int expand_unquoted(struct expander *ex, const char *p, const char *end, int depth, int from_expansion)
{
	while (p < end) {
		char c = *p;
		if (c == '\\') {
			if (p + 1 < end && p[1] == '\n') {
				p += 2;
			} else if (p + 1 < end) {
				field_put(&ex->f, p[1], 1);
				p += 2;
			} else {
				field_put(&ex->f, '\\', 1);
				p++;
			}
		} else if (c == '\'') {
			const char *close = memchr(p + 1, '\'', (size_t)(end - p - 1));
			if (!close) {
				fail(ex, "unexpected end of word while looking for matching `''");
				return -1;
			}
			ex->f.started = 1;
			for (p++; p < close; p++)
				field_put(&ex->f, *p, 1);
			p = close + 1;
		} else if (c == '"') {
			const char *close = find_dquote_end(p + 1, end);
			if (!close) {
				fail(ex, "unexpected end of word while looking for matching `\"'");
				return -1;
			}
			int at_empty = 0, was_started = ex->f.started;
			size_t before = ex->f.n;
			if (expand_dquoted(ex, p + 1, close, depth, &at_empty, 0) < 0)
				return -1;
			/* "" makes an empty field, but "$@" with no parameters
			 * makes none */
			int appended = ex->f.n != before || ex->f.started != was_started;
			if (appended || !at_empty)
				ex->f.started = 1;
			p = close + 1;
		} else if (c == '$' && p + 1 < end && p[1] == '\'') {
			if (expand_ansi_c(ex, &p, end) < 0)
				return -1;
		} else if (c == '$') {
			if (expand_dollar(ex, &p, end, 0, depth, NULL) < 0)
				return -1;
		} else {
			if (from_expansion && ex->split && is_blank(c))
				end_field(ex);
			else
				field_put(&ex->f, c, 0);
			p++;
		}
	}
	return 0;
}

static int expand_raw(struct expander *ex, const char *raw)
{
	const char *end = raw + strlen(raw);
	const char *p = expand_tilde(ex, raw, end);
	if (p == raw && is_name_start(*p)) {
		/* NAME=~/x: the tilde after '=' of an assignment-like word */
		const char *q = p;
		while (is_name_char(*q))
			q++;
		if (*q == '=') {
			while (p <= q)
				field_put(&ex->f, *p++, 0);
			p = expand_tilde(ex, p, end);
		}
	}
	return expand_unquoted(ex, p, end, 0, 0);
}

int expand_word(const char *raw, const struct expand_env *env, struct strvec *out, char **errmsg)
{
	struct expander ex = {.env = env, .split = 1, .errmsg = errmsg};
	if (errmsg)
		*errmsg = NULL;
	int rc = expand_raw(&ex, raw);
	if (rc == 0) {
		end_field(&ex);
		for (size_t i = 0; i < ex.fields.n; i++)
			strvec_push_owned(out, ex.fields.v[i]);
		free(ex.fields.v);
	} else {
		strvec_free(&ex.fields);
	}
	free(ex.f.s);
	free(ex.f.quoted);
	return rc;
}

char *expand_string(const char *raw, const struct expand_env *env, char **errmsg)
{
	struct expander ex = {.env = env, .split = 0, .errmsg = errmsg};
	if (errmsg)
		*errmsg = NULL;
	if (expand_raw(&ex, raw) < 0) {
		free(ex.f.s);
		free(ex.f.quoted);
		return NULL;
	}
	free(ex.f.quoted);
	return ex.f.s ? ex.f.s : xstrdup("");
}
