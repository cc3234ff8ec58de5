/* Builtins: one file each under shell/builtins/, registered once in
 * shell/builtins/list.h.  The dispatcher, `help`, `--help` and tab
 * completion all read that one list. */
#ifndef NSH_BUILTIN_H
#define NSH_BUILTIN_H

#include <stddef.h>

struct shell;

/* A builtin returns 0 (ok), 1 (failure) or 2 (usage) and never exits the
 * shell (except `exit`/`exec`, which set sh->exiting or replace the process).
 * Output goes through nsh_out()/nsh_err() (io.h). */
typedef int (*builtin_fn)(struct shell *sh, int argc, char **argv);

/* What argument the builtin completes where it expects one. */
enum builtin_arg {
	ARG_NONE,
	ARG_FILE,    /* file names */
	ARG_DIR,     /* directories */
	ARG_PID,     /* PIDs, shown with their command name */
	ARG_NSTYPE,  /* namespace type names */
	ARG_BUILTIN, /* builtin names */
	ARG_LAB,     /* lab names */
	ARG_COMMAND, /* a command (after the options of unshare/nsenter) */
};

struct builtin {
	const char *name;
	builtin_fn fn;
	const char *usage;    /* "unshare [options] [command [args...]]" */
	const char *summary;  /* one line for `help` */
	const char *options;  /* space-separated, for completion: "-f --fork -p --pid" */
	enum builtin_arg arg; /* what a non-option argument is */
};

extern const struct builtin builtin_table[]; /* sorted by name */
extern const size_t builtin_count;

const struct builtin *builtin_find(const char *name);

/* Print "usage: ..." for b on stderr and return 2. */
int builtin_usage_error(const struct builtin *b);

/* If argv[1] is --help, print the usage and summary and return 1 (the
 * builtin then returns 0).  Every builtin calls this first. */
int builtin_wants_help(const struct builtin *b, int argc, char **argv);

/* Declarations of every builtin function, from the list. */
#define BUILTIN(name, fn, usage, summary, options, arg) int fn(struct shell *sh, int argc, char **argv);
#include "builtins/list.h"
#undef BUILTIN

#endif
