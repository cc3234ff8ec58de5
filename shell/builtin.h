/* Builtins: one file each under shell/builtins/, registered once in
 * shell/builtins/list.h.  The dispatcher, `help`, `--help` and tab
 * completion all read that one list.
 *
 * Each builtin declares its options once, in its own file, as an array of
 * struct builtin_option (see below) named in its list.h entry.  From that
 * one declaration come the getopt_long table and short-option string
 * (builtin_getopt, builtins/options.h), the usage line, the "Options:"
 * lines of --help and `help NAME`, and the words tab completion offers,
 * with what each option's value is. */
#ifndef NSH_BUILTIN_H
#define NSH_BUILTIN_H

#include <stddef.h>

struct shell;

/* A builtin returns 0 (ok), 1 (failure) or 2 (usage) and never exits the
 * shell (except `exit`/`exec`, which set sh->exiting or replace the process).
 * Output goes through nsh_out()/nsh_err() (io.h). */
typedef int (*builtin_fn)(struct shell *sh, int argc, char **argv);

/* What a word is, for completion: a non-option argument of a builtin, or
 * the value of one of its options. */
enum builtin_arg {
	ARG_NONE,	 /* nothing to guess (an operand: file names; a value: nothing) */
	ARG_FILE,	 /* file names */
	ARG_DIR,	 /* directories */
	ARG_PID,	 /* PIDs, shown with their command name */
	ARG_NSTYPE,	 /* namespace type names */
	ARG_BUILTIN,	 /* builtin names */
	ARG_LAB,	 /* lab names */
	ARG_COMMAND,	 /* a command (after the options of unshare/nsenter) */
	ARG_SIGNAL,	 /* signal names */
	ARG_COLUMNS,	 /* lsns column names, comma-separated */
	ARG_SETGROUPS,	 /* allow, deny */
	ARG_PROPAGATION, /* private, shared, slave, unchanged */
	ARG_SETOPT,	 /* set -o names */
};

/* What an entry of an option declaration is. */
enum option_kind {
	OPTION_END,	   /* the {0} that ends the array */
	OPTION_FLAG,	   /* takes no value: -f, --fork */
	OPTION_VALUE,	   /* takes a value: -t PID, --target=PID, --target PID */
	OPTION_MAYBE,	   /* takes an optional value, attached: -mFILE, --mount=FILE */
	OPTION_MAYBE_LONG, /* the same, but only the long form takes it: -m, --mount=FILE */
	OPTION_WORD,	   /* a subcommand word, not an option: "lab list" */
	OPTION_TEXT,	   /* a paragraph of the help, printed where it stands */
};

/* Keys of the options that have no short letter start here (as an enum
 * in the builtin's file: enum { OPT_FORCE = OPTION_LONG_ONLY, ... }). */
#define OPTION_LONG_ONLY 256
/* A key with this bit is a "+x" option (set +o): completion and help only. */
#define OPTION_PLUS 0x10000

/* One option of a builtin.  key is what builtin_getopt returns for it: the
 * short letter ('m', so the option is -m), or a code from OPTION_LONG_ONLY
 * up for an option with only a long name.  name is the long name without
 * "--" ("mount"), or NULL.  value says what completion offers for the
 * value; value_name is how the help names it ("FILE").  help is the
 * option's line in --help; a '\n' in it starts a further line.
 *
 *     {'m', "mount", OPTION_MAYBE, ARG_FILE, "FILE", "new mount namespace"},
 *     {'f', "fork", OPTION_FLAG, ARG_NONE, NULL, "run COMMAND in a child"},
 *     {OPT_TRACE, "trace", OPTION_FLAG, ARG_NONE, NULL, "print the system calls"},
 *     OPTION_HELP,
 *     {0},
 */
struct builtin_option {
	int key;
	const char *name;
	enum option_kind kind;
	enum builtin_arg value;
	const char *value_name;
	const char *help;
};

/* clang-format off */
#define OPTION_HELP {'h', "help", OPTION_FLAG, ARG_NONE, NULL, "show this help"}
#define OPTION_PARAGRAPH(text) {0, NULL, OPTION_TEXT, ARG_NONE, NULL, text}
/* clang-format on */

struct builtin {
	const char *name;
	builtin_fn fn;
	const struct builtin_option *options; /* ends with {0} */
	const char *operands; /* what follows the options in the usage line: "[COMMAND [ARGS...]]" */
	const char *summary;  /* one line for `help` */
	enum builtin_arg arg; /* what a non-option argument is */
};

extern const struct builtin builtin_table[]; /* sorted by name (tests/unit/test_table.c checks) */
extern const size_t builtin_count;

/* The declaration of a builtin without options. */
extern const struct builtin_option no_options[];

const struct builtin *builtin_find(const char *name);

/* "unshare [options] [COMMAND [ARGS...]]": the name, the options (each
 * written out when there are few, else "[options]") and the operands. */
const char *builtin_usage(const struct builtin *b);

/* Print "usage: ..." for b on stderr and return 2. */
int builtin_usage_error(const struct builtin *b);

/* The whole help of b on stdout: the usage line, the summary, then the
 * paragraphs and option lines of its declaration in their order. */
void builtin_print_help(const struct builtin *b);

/* If argv[1] is --help, print the help (builtin_print_help) and return 1
 * (the builtin then returns 0).  Every builtin calls this first. */
int builtin_wants_help(const struct builtin *b, int argc, char **argv);

/* The option of b that the word names: "-t", "--target", "--target=5",
 * "+o"; NULL if none. */
const struct builtin_option *builtin_option_named(const struct builtin *b, const char *word);

/* Declarations of every builtin function and option array, from the list. */
#define BUILTIN(name, fn, options, operands, summary, arg)                                                   \
	int fn(struct shell *sh, int argc, char **argv);                                                     \
	extern const struct builtin_option options[];
#include "builtins/list.h"
#undef BUILTIN

#endif
