/* The JSON string writer of the shell's --json outputs (json_string.h). */
#include <stdio.h>

#include "lib/json_string.h"

int utf8_sequence_length(const unsigned char *s)
{
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* The short escapes JSON has are used where they exist (a newline reads
 * better as \n than as \u000a); DEL is escaped too, as a terminal would
 * otherwise act on it when the output is shown. */
void json_string_write(const char *s, json_put_fn put, void *ctx)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char esc[8];

	put(ctx, "\"", 1);
	while (*p) {
		int n = utf8_sequence_length(p);

		if (n == 0) {
			put(ctx, "\\ufffd", 6);
			p++;
			continue;
		}
		switch (*p) {
		case '"':
			put(ctx, "\\\"", 2);
			break;
		case '\\':
			put(ctx, "\\\\", 2);
			break;
		case '\b':
			put(ctx, "\\b", 2);
			break;
		case '\f':
			put(ctx, "\\f", 2);
			break;
		case '\n':
			put(ctx, "\\n", 2);
			break;
		case '\r':
			put(ctx, "\\r", 2);
			break;
		case '\t':
			put(ctx, "\\t", 2);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				snprintf(esc, sizeof esc, "\\u%04x", *p);
				put(ctx, esc, 6);
			} else {
				put(ctx, (const char *)p, (size_t)n);
			}
		}
		p += n;
	}
	put(ctx, "\"", 1);
}
