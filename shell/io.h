/* How builtins and the shell talk to the user.
 *
 * One error format for all of nsh (from sbase): "nsh: CMD: WHAT: strerror".
 * The first line is the plain strerror form a student can search for; a
 * teaching hint may follow on lines of its own ("hint: ..."), taken from the
 * one (operation, errno) table in hints.c; NSH_HINTS=0 turns hints off. */
#ifndef NSH_IO_H
#define NSH_IO_H

#include <stdarg.h>
#include <stdio.h>

/* The shell's current output and error streams (stdout/stderr after any
 * redirection of the builtin).  Tests may point them at memory streams. */
extern FILE *nsh_stdout;
extern FILE *nsh_stderr;

void nsh_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void nsh_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* s as a JSON string, quotes included, on nsh_stdout (NULL prints ""). */
void nsh_out_json_string(const char *s);

/* "nsh: CMD: MESSAGE\n"; cmd may be NULL ("nsh: MESSAGE").  Returns 1. */
int nsh_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "nsh: CMD: OP: strerror(err)\n" followed by the hints for (op, err).
 * op is the operation as the table knows it ("fork", "unshare", "setns",
 * "mount proc", "write uid_map", "kill", ...); object, if not NULL, is
 * printed after it ("mount proc /proc: ...").  err is a positive errno.
 * Returns 1. */
int nsh_error_errno(const char *cmd, const char *op, const char *object, int err);

/* Hints only (used where the error line is printed elsewhere). */
void nsh_print_hints(const char *op, int err);

/* The teaching table: cause and fix for (operation, errno), or NULL.
 * The text may hold several lines; each is printed as "hint: ...". */
const char *hint_lookup(const char *op, int err);

#endif
