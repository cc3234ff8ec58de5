/* The prompt (see prompt.h). */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prompt.h"
#include "session.h"
#include "sys/ns.h"

/* A growing string: the prompt is short, so no cleverness. */
struct text {
	char *s;
	size_t len, cap;
};

static void add_bytes(struct text *t, const char *bytes, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 64;
		char *s;

		while (t->len + n + 1 > cap)
			cap *= 2;
		if (!(s = realloc(t->s, cap)))
			return; /* keep what we have: a short prompt beats none */
		t->s = s;
		t->cap = cap;
	}
	memcpy(t->s + t->len, bytes, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void add_str(struct text *t, const char *s)
{
	add_bytes(t, s, strlen(s));
}

char *prompt_badge(const struct session_position *pos, char *buf, size_t len)
{
	size_t used = 0;
	int pid_index = -1;

	buf[0] = '\0';
	for (size_t i = 0; i < NS_KIND_COUNT; i++)
		if (ns_kinds[i].name && strcmp(ns_kinds[i].name, "pid") == 0)
			pid_index = (int)i;
	/* pid first: it is the one the lessons are about */
	if (pos->pid_depth > 0)
		used += snprintf(buf + used, len - used, "pid+%d", pos->pid_depth);
	else if (pid_index >= 0 && (pos->differs & (1u << pid_index)))
		used += snprintf(buf + used, len - used, "pid");
	for (size_t i = 0; i < NS_KIND_COUNT && used < len; i++) {
		if ((int)i == pid_index || !(pos->differs & (1u << i)) || !ns_kinds[i].name)
			continue;
		used += snprintf(buf + used, len - used, "%s%s", used ? " " : "", ns_kinds[i].name);
	}
	return buf;
}

/* The length of home without trailing slashes; 0 when home cannot stand
 * for a ~ ("" or "/"). */
static size_t home_length(const char *home)
{
	size_t n = home ? strlen(home) : 0;

	while (n > 0 && home[n - 1] == '/')
		n--;
	return n;
}

/* \w: the directory with $HOME written as ~ (only at a component boundary:
 * HOME=/root does not turn /rootfs into ~fs). */
static void add_directory(struct text *t, const struct prompt_facts *f, int basename_only)
{
	const char *cwd = f->cwd ? f->cwd : "?";
	size_t hlen = home_length(f->home);
	int under_home = hlen && strncmp(cwd, f->home, hlen) == 0 && (cwd[hlen] == '\0' || cwd[hlen] == '/');

	if (basename_only) {
		const char *slash = strrchr(cwd, '/');

		if (under_home && cwd[hlen] == '\0')
			add_str(t, "~");
		else if (strcmp(cwd, "/") == 0 || !slash || slash[1] == '\0')
			add_str(t, cwd);
		else
			add_str(t, slash + 1);
		return;
	}
	if (under_home) {
		add_str(t, "~");
		add_str(t, cwd + hlen);
	} else {
		add_str(t, cwd);
	}
}

char *prompt_expand(const char *template, const struct prompt_facts *f)
{
	struct text t = {0};

	add_str(&t, "");
	for (const char *p = template; *p; p++) {
		if (*p != '\\' || p[1] == '\0') {
			add_bytes(&t, p, 1);
			continue;
		}
		switch (*++p) {
		case 'u':
			add_str(&t, f->user ? f->user : "?");
			break;
		case 'h': {
			const char *host = f->host ? f->host : "?";
			const char *dot = strchr(host, '.');

			add_bytes(&t, host, dot ? (size_t)(dot - host) : strlen(host));
			break;
		}
		case 'H':
			add_str(&t, f->host ? f->host : "?");
			break;
		case 'w':
			add_directory(&t, f, 0);
			break;
		case 'W':
			add_directory(&t, f, 1);
			break;
		case '$':
			add_str(&t, f->is_root ? "#" : "$");
			break;
		case 'n':
			add_str(&t, "\n");
			break;
		case '\\':
			add_str(&t, "\\");
			break;
		case 'e':
			add_str(&t, "\033");
			break;
		case 'a':
			add_str(&t, "\007");
			break;
		case '[':
			add_str(&t, "\001"); /* readline: start of invisible characters */
			break;
		case ']':
			add_str(&t, "\002");
			break;
		case 'N':
			if (f->badge && *f->badge) {
				add_str(&t, "[");
				add_str(&t, f->badge);
				add_str(&t, "] ");
			}
			break;
		default:
			add_bytes(&t, p - 1, 2);
			break;
		}
	}
	return t.s;
}

const char *prompt_default_template(int color, int is_root)
{
	if (!color)
		return "\\N\\u@\\h:\\w\\$ ";
	/* badge yellow, user@host green (red for root), directory blue */
	if (is_root)
		return "\\[\\e[1;33m\\]\\N\\[\\e[1;31m\\]\\u@\\h\\[\\e[0m\\]:\\[\\e[1;34m\\]\\w\\[\\e[0m\\]"
		       "\\$ ";
	return "\\[\\e[1;33m\\]\\N\\[\\e[1;32m\\]\\u@\\h\\[\\e[0m\\]:\\[\\e[1;34m\\]\\w\\[\\e[0m\\]\\$ ";
}

int prompt_color_allowed(int fd)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (no_color && *no_color)
		return 0;
	if (term && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(fd);
}

char *prompt_render(int color)
{
	char user[64], host[256], cwd[4096], badge[128];
	struct session_position pos;
	struct prompt_facts f;
	struct passwd *pw = getpwuid(geteuid());
	const char *ps1 = getenv("PS1");

	if (pw && pw->pw_name)
		snprintf(user, sizeof user, "%s", pw->pw_name);
	else
		snprintf(user, sizeof user, "%u", (unsigned)geteuid());
	if (gethostname(host, sizeof host) < 0)
		snprintf(host, sizeof host, "?");
	host[sizeof host - 1] = '\0';
	if (!getcwd(cwd, sizeof cwd))
		snprintf(cwd, sizeof cwd, "%s", getenv("PWD") ? getenv("PWD") : "?");
	session_position(&pos);
	f.user = user;
	f.host = host;
	f.cwd = cwd;
	f.home = getenv("HOME");
	f.is_root = geteuid() == 0;
	f.badge = prompt_badge(&pos, badge, sizeof badge);
	return prompt_expand(ps1 ? ps1 : prompt_default_template(color, f.is_root), &f);
}

char *prompt_render_continuation(void)
{
	const char *ps2 = getenv("PS2");
	struct prompt_facts f = {0};

	if (!ps2)
		return strdup("> ");
	f.user = getenv("USER");
	f.home = getenv("HOME");
	f.is_root = geteuid() == 0;
	f.badge = "";
	return prompt_expand(ps2, &f);
}
