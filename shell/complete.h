/* Tab completion, as pure functions of the input line: given the line and
 * the cursor, what could the word under the cursor become?  The builtin
 * table (builtin.h) drives it: the first word completes builtin names and
 * programs on PATH; after a builtin, a word starting with '-' completes its
 * options, an option's value completes what that option takes (-t/--type:
 * namespace types; -t/--target, -p/--task, --from: PIDs; --root, --wd,
 * --proc: directories; ...), and other words what the builtin's argument
 * kind says.  Sources: PATH, the /proc of proc_default_root(), the labs
 * under $NSH_DATADIR/labs and ./labs.  No terminal: the readline glue in
 * repl.c only turns the result into readline's match list. */
#ifndef NSH_COMPLETE_H
#define NSH_COMPLETE_H

#include <stddef.h>

/* When the candidates are file names, readline's own file-name completion
 * does the work (quoting, ~, a '/' after directories). */
enum complete_files {
	COMPLETE_NO_FILES,
	COMPLETE_FILES,	      /* any file */
	COMPLETE_DIRECTORIES, /* directories only */
};

struct complete_item {
	char *word;    /* what is inserted */
	char *display; /* what the list shows ("4711 (bash)"), or NULL for word */
};

struct completion {
	size_t start;		   /* offset in the line of the word being completed */
	enum complete_files files; /* add file names (readline's) to the items */
	int numeric_order;	   /* items are PIDs: keep them in numeric order */
	struct complete_item *items;
	size_t n, cap;
};

/* Complete the word that ends at `cursor` in line (the word starts after
 * the last blank or one of ; | & < > before the cursor).  Items are those
 * that start with that word, sorted, without duplicates.  Returns 0, or
 * -ENOMEM.  Free with completion_free. */
int complete_line(const char *line, size_t cursor, struct completion *out);

/* The same with the word's start given (readline decides it). */
int complete_word_at(const char *line, size_t start, size_t end, struct completion *out);

void completion_free(struct completion *c);

#endif
