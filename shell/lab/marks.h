/* The supervisor's view of a terminal stream: OSC 133 shell-integration
 * marks, the lab builtin's private sequence, and the commands they delimit.
 *
 * Two pure layers (no I/O, unit-tested in tests/unit/test_marks.c):
 *
 *  - marks_parser splits a byte stream into text spans (passed on to the
 *    real terminal untouched) and marks.  Marks may be split across reads.
 *      ESC ] 133 ; A BEL            prompt start
 *      ESC ] 133 ; B BEL            prompt end (the shell reads input now)
 *      ESC ] 133 ; C [;cmdline=...] BEL   command output starts
 *      ESC ] 133 ; D [; STATUS] BEL command ended
 *      ESC ] 7770 ; lab ; VERB [; ARG] BEL   the `lab` builtin (hint, skip...)
 *    ST (ESC \) ends a sequence as well as BEL.  Marks are removed from the
 *    text; the lab sequence never reaches the real terminal.  Text of
 *    another writer that lands inside a mark (a job's notice between
 *    "ESC ] 133 ;" and BEL) is passed on as text and the mark still found.
 *
 *  - cmd_tracker turns marks and text into commands: the command line (from
 *    the C mark's cmdline= if present, else from the terminal echo between
 *    B and C), its output (escape sequences removed, \r dropped), its
 *    status, and its nesting depth.  Nested shells (unshare -fp starting a
 *    nested nsh) emit their own marks inside an open command; a D mark is
 *    matched to the open command whose shell owns the terminal's foreground
 *    process group at that moment, so a nested shell that exits without a
 *    D for its last command (`exit`) does not shift the pairing.  A shell
 *    at its prompt (A or B) runs no command: if its D was lost, its open
 *    command closes there without a status (the depth stays right). */
#ifndef NSH_LAB_MARKS_H
#define NSH_LAB_MARKS_H

#include <stddef.h>
#include <sys/types.h>

#include "lib/strbuf.h"

enum mark_kind {
	MARK_PROMPT_START = 'A',
	MARK_PROMPT_END = 'B',
	MARK_OUTPUT_START = 'C',
	MARK_COMMAND_END = 'D',
	MARK_LAB = 'L', /* the lab builtin: verb and arg */
};

struct mark {
	enum mark_kind kind;
	int has_status;	     /* D: a status was given */
	int status;	     /* D */
	const char *cmdline; /* C: cmdline= value (decoded), or NULL */
	const char *verb;    /* L: "hint", "status", ... */
	const char *arg;     /* L: the rest, or "" */
};

#define MARKS_MAX_SEQ 4096

struct marks_parser {
	int state; /* 0 text, 1 after ESC, 2 in OSC, 3 ESC inside OSC */
	char seq[MARKS_MAX_SEQ];
	size_t seq_len;
};

typedef void (*marks_text_fn)(void *ctx, const char *text, size_t len);
typedef void (*marks_mark_fn)(void *ctx, const struct mark *m);

void marks_parser_init(struct marks_parser *p);
/* Feeds len bytes; calls on_text for text spans and on_mark for marks, in
 * stream order.  Partial sequences are kept for the next call. */
void marks_feed(struct marks_parser *p, const char *buf, size_t len, marks_text_fn on_text,
		marks_mark_fn on_mark, void *ctx);

/* Removes terminal escape sequences and \r from text (for check output),
 * statefully across calls; backspaces stay, for sb_add_erasing.  Writes at
 * most len bytes to out; returns the number written. */
struct text_cleaner {
	int state;
};
size_t text_clean(struct text_cleaner *c, const char *in, size_t len, char *out);


/* A command as the tracker reports it. */
struct tracked_command {
	const char *cmd;    /* the command line, trimmed */
	const char *output; /* cleaned output */
	int has_status;	    /* 0: it started a nested shell (EV_NESTED) or its shell went away */
	int status;
	int depth;	  /* 0: typed at the terminal's first shell */
	pid_t shell_pgid; /* the foreground process group of the shell that ran it, or 0 */
};

enum tracker_event {
	TRACK_PROMPT,  /* a shell shows its prompt (A); depth = open commands */
	TRACK_READY,   /* the prompt is complete (B): input may be typed */
	TRACK_COMMAND, /* a command starts (C): the shell is busy */
	TRACK_DONE,    /* a command finished (D) */
	TRACK_NESTED,  /* an open command shows a nested prompt for the first time */
	TRACK_LAB,     /* the lab builtin spoke */
};

struct tracker_cb {
	void (*event)(void *ctx, enum tracker_event ev, const struct tracked_command *c,
		      const struct mark *m);
	/* The terminal's foreground process group now (tcgetpgrp of the pty
	 * master), or 0 when unknown (tests). */
	pid_t (*foreground)(void *ctx);
	void *ctx;
};

#define TRACKER_MAX_DEPTH 48

struct open_command {
	char *cmd;
	struct strbuf output;
	int depth;
	pid_t shell_pgid;
	int nested_reported;
};

struct cmd_tracker {
	struct marks_parser parser;
	struct text_cleaner cleaner;
	int phase;	    /* 0 unknown, 1 prompt, 2 input, 3 output */
	struct strbuf echo; /* the input line being echoed (line emulation) */
	size_t echo_col;
	int echo_esc; /* escape state inside the echo */
	char echo_csi[32];
	size_t echo_csi_len;
	char *pending_cmdline; /* from a C mark */
	pid_t prompt_pgid;     /* foreground group at the last prompt */
	struct strbuf prompt;  /* the last prompt as sent (between A and B), to redraw it */
	struct open_command open[TRACKER_MAX_DEPTH];
	int depth;
	struct tracker_cb cb;
	/* Passed on to the real terminal (the relay) */
	marks_text_fn relay;
	void *relay_ctx;
	int prompts; /* prompts seen so far */
};

void tracker_init(struct cmd_tracker *t, const struct tracker_cb *cb, marks_text_fn relay, void *relay_ctx);
void tracker_feed(struct cmd_tracker *t, const char *buf, size_t len);
void tracker_free(struct cmd_tracker *t);

/* What the terminal shows on its input line now, if its shell waits for
 * input: the prompt as it was sent, then the text typed so far.  Returns
 * 0 (nothing to redraw) or 1. */
int tracker_input_line(struct cmd_tracker *t, const char **prompt, size_t *prompt_len, const char **typed);

#endif
