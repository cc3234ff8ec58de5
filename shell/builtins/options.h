/* Helpers the builtins share for their arguments: one way to report a
 * getopt error, a usage error, and to read a PID or a uid/gid, so that
 * every builtin rejects the same bad input with the same words. */
#ifndef NSH_BUILTINS_OPTIONS_H
#define NSH_BUILTINS_OPTIONS_H

#include <sys/types.h>

/* "nsh: NAME: MESSAGE", then the usage line of NAME from the builtin
 * table.  Returns 2, the usage status. */
int builtin_usage_errorf(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* What getopt_long (opterr = 0, optstring starting with "+:") returned as
 * c == '?' or ':', said as "nsh: NAME: ..." naming the option the way the
 * user typed it (-x or --long).  Prints only the error line. */
void builtin_report_option_error(const char *name, int c, char *const argv[]);

/* The same, followed by NAME's usage line; returns 2. */
int builtin_option_error(const char *name, int c, char *const argv[]);

/* A uid or gid: decimal digits only, no sign, below (uid_t)-1 (which the
 * kernel reserves for "no id").  The id, or -1. */
long builtin_parse_id(const char *text);

/* A PID: decimal digits only, greater than 0, within pid_t.  The PID, or 0. */
pid_t builtin_parse_pid(const char *text);

#endif
