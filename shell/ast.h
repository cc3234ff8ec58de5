/* The syntax tree that the parser builds and the executor runs.
 *
 * Words are kept as the user typed them (quotes and backslashes included):
 * quote removal and $-expansion happen at run time in expand.c, so the
 * parser stays a pure function of its input. */
#ifndef NSH_AST_H
#define NSH_AST_H

#include <stddef.h>

enum redir_kind {
	REDIR_IN,     /* [n]<word   */
	REDIR_OUT,    /* [n]>word   */
	REDIR_APPEND, /* [n]>>word  */
	REDIR_DUP,    /* [n]>&m, [n]<&m (dup_fd = m) */
};

struct redir {
	int fd;             /* the descriptor being redirected (0 for <, 1 for >) */
	enum redir_kind kind;
	char *target;       /* raw word for IN/OUT/APPEND; NULL for DUP */
	int dup_fd;         /* for REDIR_DUP */
};

/* One simple command: NAME=value... word... with redirections. */
struct cmd {
	char **assigns;      /* raw "NAME=value" words, in order */
	size_t nassigns;
	char **words;        /* raw words; words[0] is the command name */
	size_t nwords;
	struct redir *redirs;
	size_t nredirs;
	int column;          /* 1-based column of the command's first character */
	int line;            /* 1-based line of that character (multi-line input) */
};

struct pipeline {
	struct cmd *cmds;
	size_t ncmds;
};

enum andor_op { ANDOR_AND, ANDOR_OR };

/* p1 && p2 || p3 ... optionally run in the background with '&'. */
struct andor {
	struct pipeline *pipes;
	enum andor_op *ops;  /* ops[i] joins pipes[i] and pipes[i+1] */
	size_t npipes;
	int background;
	char *text;          /* the source text of this item, for the job table */
};

/* A whole input (one line or several): items separated by ';', '&' or newline. */
struct program {
	struct andor *items;
	size_t nitems;
};

struct parse_error {
	int column;          /* 1-based column in the input where the error was found */
	int incomplete;      /* 1: input ended early (open quote, trailing \, |, &&, ||):
	                        the REPL asks for a continuation line */
	char msg[160];       /* e.g. "syntax error near unexpected token `|'" */
	int line;            /* 1-based line of the error; column counts from that
	                        line's start, in characters (UTF-8), not bytes */
};

/* Parse src.  Returns 0 and sets *out (program_free it), or -1 and fills err.
 * An empty or comment-only input gives a program with nitems == 0. */
int parse_program(const char *src, struct program **out, struct parse_error *err);
void program_free(struct program *p);

/* ---- expansion ---------------------------------------------------------- */

/* How the expander finds variables.  lookup("HOME"), lookup("?"),
 * lookup("$"), lookup("!"), lookup("#"), lookup("1")...; NULL if unset. */
struct expand_env {
	const char *(*lookup)(void *ctx, const char *name);
	void *ctx;
	int no_glob;         /* 1: never call glob(3) (set -f; the fuzzer) */
};

struct strvec {
	char **v;   /* NULL-terminated */
	size_t n;
	size_t cap;
};
void strvec_push(struct strvec *sv, const char *s);
void strvec_push_owned(struct strvec *sv, char *s);
void strvec_free(struct strvec *sv);

/* Expand one raw word into fields: $VAR ${VAR} $? $$ $! $# $0..$9 inside
 * and outside double quotes, quote and backslash removal, field splitting of
 * unquoted expansions on blanks, and pathname globbing of unquoted patterns
 * that match.  Appends to out.  Returns 0, or -1 with *errmsg (malloc'd),
 * e.g. for "${" without "}". */
int expand_word(const char *raw, const struct expand_env *env, struct strvec *out, char **errmsg);
/* Also understood: $@ $* "$@" "$*", ~ and ~/x (HOME, at the start of a word
 * or after NAME=), ${#name}, ${name:-w} ${name-w} ${name:+w} ${name+w}
 * ${name:?w} ${name?w}, and $'...' with C escapes.  *errmsg has no "nsh: "
 * prefix ("${a b}: bad substitution"). */

/* Expand to exactly one string, without splitting or globbing (assignments,
 * redirection targets, here the result is a single malloc'd string). */
char *expand_string(const char *raw, const struct expand_env *env, char **errmsg);

#endif
