/* Allocation that cannot fail: out of memory, nsh says so and exits.
 *
 * A shell that cannot allocate a few bytes cannot do anything useful; every
 * caller would only print and give up, so the one place that does it is
 * here.  Used by every layer above shell/sys/. */
#ifndef NSH_LIB_XALLOC_H
#define NSH_LIB_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
/* realloc(p, n); n == 0 still returns a valid pointer. */
void *xrealloc(void *p, size_t n);
/* realloc(p, count * size), with the multiplication checked. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grows *arr, an array of elements of size elsize with capacity *cap, so
 * that it holds at least need elements (doubling, at least 4). */
void xgrow(void *arr, size_t *cap, size_t need, size_t elsize);

#endif
