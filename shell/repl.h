/* The interactive loop: GNU Readline, history, prompt, completion, OSC 133. */
#ifndef NSH_REPL_H
#define NSH_REPL_H

struct shell;

/* Run the interactive loop on the terminal until Ctrl-D or `exit`.
 * Returns the shell's exit status. */
int repl_run(struct shell *sh);

#endif
