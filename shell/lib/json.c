/* A recursive-descent JSON reader, enough for the progress file; depth is
 * bounded so that a hostile file cannot overflow the stack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"

#define JSON_MAX_DEPTH 64

struct reader {
	const char *p, *end;
	int line;
	char *err;
	size_t errlen;
	int failed;
};

static void fail(struct reader *r, const char *what)
{
	if (!r->failed)
		snprintf(r->err, r->errlen, "line %d: %s", r->line, what);
	r->failed = 1;
}

static void skip_ws(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) {
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
}

static struct json *new_value(enum json_type t)
{
	struct json *v = calloc(1, sizeof *v);
	if (v)
		v->type = t;
	return v;
}

static void put_utf8(char *out, size_t *n, unsigned cp)
{
	if (cp < 0x80) {
		out[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*n)++] = (char)(0xc0 | (cp >> 6));
		out[(*n)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		out[(*n)++] = (char)(0xe0 | (cp >> 12));
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*n)++] = (char)(0x80 | (cp & 0x3f));
	}
}

static char *parse_string(struct reader *r)
{
	const char *start;
	char *out;
	size_t n = 0;

	if (r->p >= r->end || *r->p != '"') {
		fail(r, "expected a string");
		return NULL;
	}
	start = ++r->p;
	/* the decoded string is never longer than the encoded one */
	while (r->p < r->end && *r->p != '"') {
		if (*r->p == '\\')
			r->p++;
		r->p++;
	}
	if (r->p >= r->end) {
		fail(r, "unterminated string");
		return NULL;
	}
	out = malloc((size_t)(r->p - start) + 1);
	if (!out) {
		fail(r, "out of memory");
		return NULL;
	}
	for (const char *s = start; s < r->p; s++) {
		if ((unsigned char)*s < 0x20) {
			free(out);
			fail(r, "control character in a string");
			return NULL;
		}
		if (*s != '\\') {
			out[n++] = *s;
			continue;
		}
		s++;
		switch (*s) {
		case '"':
			out[n++] = '"';
			break;
		case '\\':
			out[n++] = '\\';
			break;
		case '/':
			out[n++] = '/';
			break;
		case 'b':
			out[n++] = '\b';
			break;
		case 'f':
			out[n++] = '\f';
			break;
		case 'n':
			out[n++] = '\n';
			break;
		case 'r':
			out[n++] = '\r';
			break;
		case 't':
			out[n++] = '\t';
			break;
		case 'u': {
			char hex[5];
			char *endp;
			unsigned cp;

			if (r->p - s < 5) {
				free(out);
				fail(r, "bad \\u escape");
				return NULL;
			}
			memcpy(hex, s + 1, 4);
			hex[4] = '\0';
			cp = (unsigned)strtoul(hex, &endp, 16);
			if (*endp) {
				free(out);
				fail(r, "bad \\u escape");
				return NULL;
			}
			put_utf8(out, &n, cp);
			s += 4;
			break;
		}
		default:
			free(out);
			fail(r, "bad escape in a string");
			return NULL;
		}
	}
	out[n] = '\0';
	r->p++; /* closing quote */
	return out;
}

static struct json *parse_value(struct reader *r, int depth);

static int append(struct json *v, char *key, struct json *item)
{
	struct json **items = realloc(v->items, sizeof *items * (v->n + 1));
	if (!items)
		return -1;
	v->items = items;
	if (v->type == JSON_OBJECT) {
		char **keys = realloc(v->keys, sizeof *keys * (v->n + 1));
		if (!keys)
			return -1;
		v->keys = keys;
		v->keys[v->n] = key;
	}
	v->items[v->n++] = item;
	return 0;
}

static struct json *parse_container(struct reader *r, int depth, char close)
{
	struct json *v = new_value(close == '}' ? JSON_OBJECT : JSON_ARRAY);

	r->p++;
	skip_ws(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		struct json *item;

		skip_ws(r);
		if (close == '}') {
			key = parse_string(r);
			if (!key)
				break;
			skip_ws(r);
			if (r->p >= r->end || *r->p != ':') {
				free(key);
				fail(r, "expected ':'");
				break;
			}
			r->p++;
		}
		item = parse_value(r, depth + 1);
		if (!item || append(v, key, item) < 0) {
			free(key);
			json_free(item);
			break;
		}
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return v;
		}
		fail(r, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
		break;
	}
	json_free(v);
	return NULL;
}

static struct json *parse_value(struct reader *r, int depth)
{
	struct json *v;

	if (depth > JSON_MAX_DEPTH) {
		fail(r, "nested too deeply");
		return NULL;
	}
	skip_ws(r);
	if (r->p >= r->end) {
		fail(r, "unexpected end of file");
		return NULL;
	}
	switch (*r->p) {
	case '{':
		return parse_container(r, depth, '}');
	case '[':
		return parse_container(r, depth, ']');
	case '"': {
		char *s = parse_string(r);
		if (!s)
			return NULL;
		v = new_value(JSON_STRING);
		v->string = s;
		return v;
	}
	}
	if ((size_t)(r->end - r->p) >= 4 && strncmp(r->p, "null", 4) == 0) {
		r->p += 4;
		return new_value(JSON_NULL);
	}
	if ((size_t)(r->end - r->p) >= 4 && strncmp(r->p, "true", 4) == 0) {
		r->p += 4;
		v = new_value(JSON_BOOL);
		v->boolean = 1;
		return v;
	}
	if ((size_t)(r->end - r->p) >= 5 && strncmp(r->p, "false", 5) == 0) {
		r->p += 5;
		return new_value(JSON_BOOL);
	}
	if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) {
		char buf[64];
		size_t n = 0;
		char *endp;

		while (r->p + n < r->end && n < sizeof buf - 1 && strchr("+-0123456789.eE", r->p[n]))
			n++;
		memcpy(buf, r->p, n);
		buf[n] = '\0';
		v = new_value(JSON_NUMBER);
		v->number = strtod(buf, &endp);
		if (*endp) {
			free(v);
			fail(r, "bad number");
			return NULL;
		}
		r->p += n;
		return v;
	}
	fail(r, "unexpected character");
	return NULL;
}

struct json *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct reader r = {.p = text, .end = text + len, .line = 1, .err = err, .errlen = errlen};
	struct json *v = parse_value(&r, 0);

	if (v) {
		skip_ws(&r);
		if (r.p != r.end) {
			fail(&r, "text after the value");
			json_free(v);
			return NULL;
		}
	}
	return v;
}

void json_free(struct json *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		json_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->string);
	free(v);
}

const struct json *json_get(const struct json *obj, const char *key)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}
