/* One JSON string writer for every --json of the shell (lsns, pidtree,
 * whereami, doctor): quotes, backslashes and control characters escaped,
 * and bytes that are not UTF-8 (a process may name itself with any bytes)
 * replaced by U+FFFD, so that the output always parses. */
#ifndef NSH_JSON_STRING_H
#define NSH_JSON_STRING_H

#include <stddef.h>

/* Where the bytes go: a buffer, a stream. */
typedef void (*json_put_fn)(void *ctx, const char *bytes, size_t n);

/* Write s (NULL: "") as a JSON string, quotes included, through put. */
void json_string_write(const char *s, json_put_fn put, void *ctx);

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if it is not one. */
int utf8_sequence_length(const unsigned char *s);

#endif
