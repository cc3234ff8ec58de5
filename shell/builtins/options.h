/* Helpers the builtins share for their arguments: getopt_long over a
 * builtin's one option declaration (struct builtin_option, builtin.h), one
 * way to report a getopt error, a usage error, and to read a PID or a
 * uid/gid, so that every builtin rejects the same bad input with the same
 * words. */
#ifndef NSH_BUILTINS_OPTIONS_H
#define NSH_BUILTINS_OPTIONS_H

#include <getopt.h>
#include <stddef.h>
#include <sys/types.h>

#include "builtin.h"

/* getopt_long over the declaration opts: the long table and the short
 * string ("+:" first: stop at the first operand, report a missing value as
 * ':') are made from it.  Returns what getopt_long returns: an option's
 * key, '?', ':' or -1.  Set optind = 0 before the first call of a parse;
 * opterr is set to 0 (errors go through builtin_option_error). */
int builtin_getopt(int argc, char **argv, const struct builtin_option *opts);

/* The tables builtin_getopt hands to getopt_long, for tests: the short
 * string into shortopts, the long options into longopts (ended by a zero
 * entry).  Returns the number of long options, or -1 when a buffer is too
 * small. */
int builtin_getopt_tables(const struct builtin_option *opts, char *shortopts, size_t shortlen,
			  struct option *longopts, size_t longcount);

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
