/* The prompt: who and where, including the namespace position.
 *
 * Default (PS1 unset):   [pid+2 mnt uts] root@host:~/dir#
 * The badge in brackets lists what differs from the session's start:
 * "pid+N" when the shell is N PID namespaces below it, then the other
 * namespace types that are not the start's, in lsns order.  Nothing is shown
 * when nothing differs.
 *
 * PS1, when set, is expanded with the bash escapes \u \h \H \w \W \$ \n \\
 * \e \a \[ \] and nsh's \N: the badge with its brackets and a trailing
 * space, or nothing.  Other backslash pairs are kept as they are. */
#ifndef NSH_PROMPT_H
#define NSH_PROMPT_H

#include <stddef.h>

struct session_position;

/* Everything the expansion needs, so that it is a pure function. */
struct prompt_facts {
	const char *user;  /* user name (or the uid as a number) */
	const char *host;  /* full host name */
	const char *cwd;   /* working directory */
	const char *home;  /* $HOME, or NULL */
	int is_root;	   /* effective uid 0: '#' */
	const char *badge; /* "pid+2 mnt uts", or "" */
};

/* The badge text for a position ("pid+2 mnt uts", "" when nothing
 * differs), into buf.  Returns buf. */
char *prompt_badge(const struct session_position *pos, char *buf, size_t len);

/* Expand a PS1 template.  Returns a malloc'd string. */
char *prompt_expand(const char *template, const struct prompt_facts *facts);

/* The template used when PS1 is unset; colour escapes wrapped in \[ \]
 * when color is set. */
const char *prompt_default_template(int color, int is_root);

/* Whether our own colours may be used on fd: a terminal, TERM not "dumb",
 * NO_COLOR unset or empty. */
int prompt_color_allowed(int fd);

/* The prompt for the shell now: PS1 (or the default) with facts gathered
 * from the system.  Malloc'd. */
char *prompt_render(int color);

/* The continuation prompt: PS2 expanded, or "> ".  Malloc'd. */
char *prompt_render_continuation(void);

#endif
