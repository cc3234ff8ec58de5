/* A small JSON reader for the progress file (strict RFC 8259 subset: no
 * comments, no trailing commas; \u escapes of the BMP). */
#ifndef NSH_LAB_JSON_H
#define NSH_LAB_JSON_H

#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	int boolean;
	double number;
	char *string;
	size_t n; /* items of an array or object */
	struct json **items;
	char **keys; /* object keys, parallel to items */
};

/* NULL on a syntax error, with "line N: what" in err. */
struct json *json_parse(const char *text, size_t len, char *err, size_t errlen);
void json_free(struct json *v);
/* The member of an object, or NULL. */
const struct json *json_get(const struct json *obj, const char *key);

#endif
