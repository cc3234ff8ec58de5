/* exit [N]: leave the shell with status N (default: $?).  On a terminal
 * with stopped jobs the first `exit` only warns, as bash does. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "io.h"
#include "jobs.h"
#include "nsh.h"

static int has_stopped_jobs(struct shell *sh)
{
	if (!sh->jobs)
		return 0;
	for (struct job *j = sh->jobs->head; j; j = j->next)
		if (job_state(j) == JOB_STOPPED)
			return 1;
	return 0;
}

int builtin_exit(struct shell *sh, int argc, char **argv)
{
	static int warned_stopped;
	int status = sh->status;
	char *end;

	if (builtin_wants_help(builtin_find("exit"), argc, argv))
		return 0;
	if (argc > 2) {
		nsh_error("exit", "too many arguments");
		return 1;
	}
	if (argc == 2) {
		long n;

		errno = 0;
		n = strtol(argv[1], &end, 10);
		if (!argv[1][0] || *end || errno == ERANGE) {
			nsh_error("exit", "%s: numeric argument required", argv[1]);
			status = 2;
		} else {
			status = (int)(n & 0xff);
		}
	}
	if (sh->interactive && has_stopped_jobs(sh) && !warned_stopped) {
		warned_stopped = 1;
		nsh_err("There are stopped jobs.\n");
		return 1;
	}
	if (sh->interactive)
		nsh_err("exit\n");
	sh->exiting = 1;
	sh->exit_status = status;
	return status;
}
