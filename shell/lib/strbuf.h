/* The one growable string of nsh.
 *
 * A strbuf is always NUL-terminated once anything was added; an empty one
 * ({0}, or after sb_free) reads as "" through sb_str.  Growth goes through
 * xalloc.h, so adding never fails. */
#ifndef NSH_LIB_STRBUF_H
#define NSH_LIB_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *s;
	size_t len, cap;
};

#define STRBUF_INIT {NULL, 0, 0}

void sb_add(struct strbuf *b, const char *s, size_t n);
void sb_adds(struct strbuf *b, const char *s);
void sb_addc(struct strbuf *b, char c);
void sb_addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* sb_add, where a \b erases the character before it (not a newline). */
void sb_add_erasing(struct strbuf *b, const char *s, size_t n);
/* Makes room for n more bytes (and the NUL) without adding them. */
void sb_reserve(struct strbuf *b, size_t n);
/* Empties b, keeping its memory. */
void sb_reset(struct strbuf *b);
/* Shortens b to len bytes (len <= b->len). */
void sb_truncate(struct strbuf *b, size_t len);
const char *sb_str(const struct strbuf *b); /* never NULL */
/* The string, malloc'd (never NULL); b is empty afterwards. */
char *sb_detach(struct strbuf *b);
void sb_free(struct strbuf *b);

#endif
