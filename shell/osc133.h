/* Shell-integration marks (OSC 133, the "FinalTerm" marks that WezTerm,
 * VS Code, iTerm2, kitty, VTE terminals and the lab supervisor understand).
 *
 * What nsh writes on the terminal, in this order, for every command line:
 *
 *     ESC ] 133 ; A BEL       just before the prompt (prompt start)
 *     ...the prompt...
 *     ESC ] 133 ; B BEL       at the end of the prompt: what follows is typed
 *     ...the command line the user types (echoed by readline)...
 *     ESC ] 133 ; C ; cmdline_url=TEXT BEL
 *                             just before the command runs (output start);
 *                             TEXT is the command line as run, %XX-encoded
 *                             (kitty's form; readers that do not know the
 *                             field see a plain C).  A command line longer
 *                             than OSC133_CMDLINE_MAX encoded bytes gets the
 *                             plain ESC ] 133 ; C BEL.
 *     ...the command's output...
 *     ESC ] 133 ; D ; N BEL   after it finished, N its exit status ($?)
 *
 * Details a reader of the stream must know: readline may redraw the prompt
 * (after a completion listing, Ctrl-L, a resize), so A and B can repeat
 * before a C; a continuation prompt ("> ") carries no marks, so the command
 * text runs from the last B to the C and may span lines; an empty line has
 * no C and no D (the next thing is the next A); a syntax error has a C, the
 * error message, and D;2.  The marks are written on the terminal (stderr,
 * where the prompt goes), not on a redirected stdout.  A nested nsh (the
 * `unshare` or `nsenter` builtin without a command) inherits the setting
 * through the environment, so its marks nest inside the outer command's C
 * ... D: C [A B C D]... D.  Ctrl-C at the prompt writes no C and no D.
 *
 * This header is the writing side only.  The reader is the lab
 * supervisor's, shell/lab/marks.c (marks_feed), which also knows the lab
 * builtin's OSC 7770; tests/unit/test_osc133.c feeds what these functions
 * write to it, so the two stay in step. */
#ifndef NSH_OSC133_H
#define NSH_OSC133_H

#include <stddef.h>

#define OSC133_PROMPT_START "\033]133;A\007"
#define OSC133_PROMPT_END "\033]133;B\007"
#define OSC133_COMMAND_START "\033]133;C\007"
#define OSC133_COMMAND_END_FORMAT "\033]133;D;%d\007" /* printf format, the status */
#define OSC133_CMDLINE_MAX 2048			      /* longest encoded command line put in a C mark */

/* 1 if nsh should write the marks: NSH_SHELL_INTEGRATION=1 turns them on,
 * NSH_SHELL_INTEGRATION=0 off; unset, they are on for terminals known to
 * understand them (TERM_PROGRAM WezTerm, vscode, iTerm.app, ghostty;
 * VTE_VERSION set; TERM xterm-kitty). */
int osc133_wanted(void);

/* The C mark for cmdline, malloc'd: with cmdline_url= when the encoded
 * text fits OSC133_CMDLINE_MAX, else OSC133_COMMAND_START.  Bytes outside
 * printable ASCII, space, '%' and ';' are written as %XX.  NULL if out of
 * memory. */
char *osc133_command_start(const char *cmdline);

/* Writes OSC133_COMMAND_END_FORMAT for status into buf (snprintf rules). */
int osc133_format_end(char *buf, size_t len, int status);

#endif
