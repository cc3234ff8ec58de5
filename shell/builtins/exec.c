/* exec [COMMAND [ARGS...]]: replace the shell with COMMAND.  Without a
 * command the redirections of the line stay in force for the shell (the
 * executor keeps them). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "exec.h"
#include "io.h"
#include "jobs.h"
#include "nsh.h"

extern char **environ;

int builtin_exec(struct shell *sh, int argc, char **argv)
{
	char *path;
	int status, err;

	if (builtin_wants_help(builtin_find("exec"), argc, argv))
		return 0;
	if (argc > 1 && !strcmp(argv[1], "--")) {
		argv++;
		argc--;
	}
	if (argc == 1)
		return 0;
	status = exec_find_command(argv[1], &path, 1);
	if (status == 0) {
		fflush(stdout);
		fflush(stderr);
		jobs_hangup_stopped(sh);
		/* Handlers go by themselves at execve; ignored signals would stay. */
		signal(SIGTTOU, SIG_DFL);
		signal(SIGTTIN, SIG_DFL);
		signal(SIGTSTP, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execve(path, argv + 1, environ);
		err = errno;
		/* Back in the shell: its signal handling must come back too. */
		nsh_error("exec", "%s: %s", argv[1], strerror(err));
		nsh_print_hints("exec", err);
		status = err == ENOENT ? 127 : 126;
		if (sh->job_control) {
			signal(SIGTTOU, SIG_IGN);
			signal(SIGTTIN, SIG_IGN);
			signal(SIGTSTP, SIG_IGN);
			signal(SIGQUIT, SIG_IGN);
		}
		free(path);
	}
	/* bash: a non-interactive shell exits when exec fails. */
	if (!sh->interactive) {
		sh->exiting = 1;
		sh->exit_status = status;
	}
	return status;
}
