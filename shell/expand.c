/* STUB */
#include <stdlib.h>
#include <string.h>
#include "ast.h"
void strvec_push(struct strvec *sv, const char *s) { strvec_push_owned(sv, strdup(s)); }
void strvec_push_owned(struct strvec *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = realloc(sv->v, sv->cap * sizeof *sv->v);
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
int expand_word(const char *raw, const struct expand_env *env, struct strvec *out, char **errmsg)
{
	strvec_push(out, raw);
	return 0;
}
char *expand_string(const char *raw, const struct expand_env *env, char **errmsg) { return strdup(raw); }
