/* The executor and the variable store: what shell.c, the builtins and the
 * job code of the core share beyond nsh.h. */
#ifndef NSH_EXEC_H
#define NSH_EXEC_H

#include <sys/types.h>

#include "ast.h"

struct shell;

/* Run every item of a parsed program; returns $?. */
int exec_program(struct shell *sh, const struct program *prog);

/* Find what execve would run for name (PATH search when it has no '/').
 * Returns 0 and a malloc'd *path; 127 when there is nothing (after printing
 * "nsh: NAME: command not found" when report is set); 126 when a match is
 * not executable ("Permission denied"). */
int exec_find_command(const char *name, char **path, int report);

/* The search itself, in dirs (a PATH value; NULL for the default), without
 * a message: 0 and *path the file to run; 126 and *path the file found but
 * not executable; 127 and *path NULL when there is none.  *path is
 * malloc'd. */
int exec_search_path(const char *name, const char *dirs, char **path);

/* For --trace and set -o trace: the execve line of a command about to be
 * run by shell_exec_or_die, naming the file the PATH search above finds
 * (or name as given when there is none: the error follows).  Nothing when
 * tracing is off. */
void exec_trace_execve_of(const char *name);

/* Default dispositions and an empty mask for everything the shell changed:
 * what a program started by nsh must see. */
void exec_reset_signals(void);

/* In the process between the shell and a command (unshare --fork,
 * nsenter into a PID namespace): wait for CHILD, passing on the signals
 * sent to this process alone, and end as it ended.  Never returns.
 * Flags: the child is a new PID namespace's init; stop with the child. */
#define EXEC_PASS_ON_INIT 1
#define EXEC_PASS_ON_STOPS 2
void exec_wait_and_pass_on(pid_t child, int flags) __attribute__((noreturn));

/* The expand_env of this shell: the environment and $? $$ $! $# $0 $1 and so on. */
const struct expand_env *shell_expand_env(struct shell *sh);

/* NAME is a valid variable name (letters, digits, _, not starting with a digit). */
int shell_valid_name(const char *name, size_t len);

/* Replace the positional parameters with copies of args[0..n-1]; returns
 * the old ones through *old_params and *old_n (for `source` to restore) when
 * those are not NULL, otherwise frees them. */
void shell_set_params(struct shell *sh, char **args, int n, char ***old_params, int *old_n);
void shell_free_params(char **params);

/* Print every variable, sorted, as PREFIX NAME='value' (export -p, set). */
int export_print_all(const char *prefix);

#endif
