/* mountproc's command line, parsed into a request: the builtin and
 * `explain mountproc ...` share this parse.  The work itself is in
 * mountproc.c. */
#ifndef NSH_BUILTINS_MOUNTPROC_H
#define NSH_BUILTINS_MOUNTPROC_H

struct mountproc_request {
	int force;	 /* --force */
	int help;	 /* -h: the builtin prints its help, status 0 */
	const char *dir; /* DIR, default "/proc" */
};

/* Parse argv (argv[0] is "mountproc").  Returns 0, or 2 after printing
 * the usage error ("nsh: mountproc: ..." and the usage line). */
int mountproc_parse_args(int argc, char **argv, struct mountproc_request *req);

#endif
