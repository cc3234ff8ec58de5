/* The shell's state and the entry points the rest of nsh stands on. */
#ifndef NSH_H
#define NSH_H

#include <stdio.h>
#include <sys/types.h>

struct job_table;

struct shell {
	int interactive;     /* on a terminal, with readline, job control */
	int job_control;     /* process groups and terminal hand-off are on */
	int tty_fd;          /* the controlling terminal, or -1 */
	pid_t pgid;          /* nsh's own process group */
	int status;          /* $? */
	pid_t last_bg;       /* $!, 0 if none yet */
	pid_t pid;           /* $$ */
	char *arg0;          /* $0 */
	char **params;       /* $1...; NULL-terminated */
	int nparams;         /* $# */
	int exiting;         /* set by `exit`: the main loop stops */
	int exit_status;
	int opt_trace;       /* set -o trace / NSH_TRACE=1 */
	int opt_hints;       /* hints after errors; NSH_HINTS=0 turns them off */
	int is_init;         /* nsh is PID 1 of its PID namespace: reap orphans */
	int color;           /* colour allowed on stderr/stdout (terminal, no NO_COLOR) */
	int shell_integration; /* emit OSC 133 marks */
	const char *self_exe; /* absolute path of the nsh binary, to start nested shells */
	struct job_table *jobs;
};

/* The one shell of this process (nsh has no subshell objects). */
extern struct shell *nsh_shell;

/* Parse and run src as if typed; returns the status of the last command.
 * origin names the source in syntax errors ("-c", a file name, or NULL). */
int shell_run_string(struct shell *sh, const char *src, const char *origin);

/* Read and run a file (`source`, `nsh FILE`); -1 and errno if it cannot be opened. */
int shell_run_file(struct shell *sh, const char *path);

/* Variables: the environment is the variable store (nsh has no unexported
 * shell variables apart from the special parameters). */
const char *shell_getvar(struct shell *sh, const char *name);
int shell_setvar(struct shell *sh, const char *name, const char *value); /* 0 or -errno */

/* In a child: search PATH and execve argv; on failure print the bash-style
 * error and _exit(127 not found / 126 not executable).  Never returns. */
void shell_exec_or_die(struct shell *sh, char **argv) __attribute__((noreturn));

/* Fork the child of a builtin that shell_wait_foreground will wait for
 * (unshare, nsenter, lab): a non-interactive shell holds the signals it
 * passes on to that child until the wait, so that none is lost in
 * between.  As fork: the PID, 0 in the child, -errno. */
pid_t shell_fork_command(struct shell *sh);

/* Wait for a child started by a builtin (unshare, nsenter...) as a
 * foreground job: put it in its own process group, hand it the terminal,
 * wait, take the terminal back.  Returns the status as $? would show it
 * (128+signal for a signal), and prints the signal's name as bash does.
 * A shell that is not interactive passes on to the child the signals that
 * would kill it (kill %N, kill $!), and dies of them once the child ended. */
int shell_wait_foreground(struct shell *sh, pid_t pid, const char *what);

/* Called in every child that nsh forks, before it runs anything: default
 * signal dispositions, and no job control state of the parent. */
void shell_child_setup(struct shell *sh);

/* Collect finished background jobs and, on a terminal, report them
 * ("[1]+  Done  sleep 1") and stopped ones.  The REPL calls it before each
 * prompt; the executor already reaps at every command boundary. */
void shell_notify_jobs(struct shell *sh);

#endif
