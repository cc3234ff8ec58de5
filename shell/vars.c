/* Variables.  nsh keeps no shell variables of its own: the environment is the
 * store, so every NAME=value is exported; only the special parameters ($?,
 * $$, $!, $#, $0, $1...) live in struct shell. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "nsh.h"

int shell_valid_name(const char *name, size_t len)
{
	if (!len || !(isalpha((unsigned char)name[0]) || name[0] == '_'))
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!(isalnum((unsigned char)name[i]) || name[i] == '_'))
			return 0;
	return 1;
}

const char *shell_getvar(struct shell *sh, const char *name)
{
	(void)sh;
	return getenv(name);
}

int shell_setvar(struct shell *sh, const char *name, const char *value)
{
	(void)sh;
	if (!shell_valid_name(name, strlen(name)))
		return -EINVAL;
	if (setenv(name, value, 1) < 0)
		return -errno;
	return 0;
}

/* "$1 $2 ..." for $@ and $* (the expander does not split them further than
 * any other unquoted expansion). */
static const char *joined_params(struct shell *sh)
{
	static char *joined;
	size_t len = 1;

	for (int i = 0; i < sh->nparams; i++)
		len += strlen(sh->params[i]) + 1;
	free(joined);
	joined = malloc(len);
	if (!joined)
		return "";
	joined[0] = '\0';
	for (int i = 0; i < sh->nparams; i++) {
		if (i)
			strcat(joined, " ");
		strcat(joined, sh->params[i]);
	}
	return joined;
}

/* The lookup of the expander.  Each special parameter has its own buffer,
 * so "$?$$" keeps both values. */
static const char *lookup_param(void *ctx, const char *name)
{
	static char status_buf[16], pid_buf[16], bg_buf[16], count_buf[16];
	struct shell *sh = ctx;

	if (!name[0])
		return NULL;
	if (!name[1]) {
		switch (name[0]) {
		case '?':
			snprintf(status_buf, sizeof status_buf, "%d", sh->status);
			return status_buf;
		case '$':
			snprintf(pid_buf, sizeof pid_buf, "%d", (int)sh->pid);
			return pid_buf;
		case '!':
			if (!sh->last_bg)
				return NULL;
			snprintf(bg_buf, sizeof bg_buf, "%d", (int)sh->last_bg);
			return bg_buf;
		case '#':
			snprintf(count_buf, sizeof count_buf, "%d", sh->nparams);
			return count_buf;
		case '0':
			return sh->arg0;
		case '@':
		case '*':
			return joined_params(sh);
		}
	}
	if (isdigit((unsigned char)name[0])) {
		char *end;
		long n = strtol(name, &end, 10);
		if (*end)
			return NULL;
		if (n >= 1 && n <= sh->nparams)
			return sh->params[n - 1];
		return NULL;
	}
	return getenv(name);
}

const struct expand_env *shell_expand_env(struct shell *sh)
{
	static struct expand_env env;

	env.lookup = lookup_param;
	env.ctx = sh;
	return &env;
}

void shell_free_params(char **params)
{
	if (!params)
		return;
	for (char **p = params; *p; p++)
		free(*p);
	free(params);
}

void shell_set_params(struct shell *sh, char **args, int n, char ***old_params, int *old_n)
{
	char **params = calloc((size_t)n + 1, sizeof *params);

	if (!params)
		return;
	for (int i = 0; i < n; i++)
		params[i] = strdup(args[i]);
	if (old_params) {
		*old_params = sh->params;
		*old_n = sh->nparams;
	} else {
		shell_free_params(sh->params);
	}
	sh->params = params;
	sh->nparams = n;
}
