/* libFuzzer target for the JSON reader of the lab progress file
 * (shell/lib/json.c), which reads a file the user may have edited or a crash
 * may have cut.  The oracles, besides ASan/UBSan: a parse either returns a
 * tree or an error message that names a line; a tree's objects and arrays
 * are consistent (keys for every object member, none for array items).
 * Built and run by tests/fuzz/run.sh (make fuzz). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"

static void check_tree(const struct json *v)
{
	if (v->type == JSON_OBJECT || v->type == JSON_ARRAY) {
		for (size_t i = 0; i < v->n; i++) {
			if (v->type == JSON_OBJECT && !v->keys[i])
				abort();
			check_tree(v->items[i]);
			if (v->type == JSON_OBJECT && json_get(v, v->keys[i]) == NULL)
				abort();
		}
	} else if (v->n != 0 || (v->type == JSON_STRING) != (v->string != NULL)) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[128];
	struct json *v;

	err[0] = '\0';
	v = json_parse((const char *)data, size, err, sizeof err);
	if (v) {
		check_tree(v);
		json_free(v);
	} else if (strncmp(err, "line ", 5) != 0) {
		abort();
	}
	return 0;
}
