/* jobs [-lp]: the jobs of this shell. */
#include <string.h>

#include "builtin.h"
#include "io.h"
#include "jobs.h"
#include "nsh.h"

const struct builtin_option jobs_options[] = {
    {'l', NULL, OPTION_FLAG, ARG_NONE, NULL, "also the PID of each process"},
    {'p', NULL, OPTION_FLAG, ARG_NONE, NULL, "only the process group IDs"},
    {0},
};

int builtin_jobs(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("jobs");
	int long_format = 0, pids_only = 0, i = 1, status = 0;

	if (builtin_wants_help(self, argc, argv))
		return 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'l')
				long_format = 1;
			else if (*p == 'p')
				pids_only = 1;
			else {
				nsh_error("jobs", "-%c: invalid option", *p);
				return builtin_usage_error(self);
			}
		}
	}
	if (!sh->jobs)
		return 0;
	jobs_reap(sh);
	if (i < argc) {
		/* jobs %1 %cat: just those, each once, in the order asked */
		for (int k = i; k < argc; k++) {
			struct job *job = job_from_spec(sh, "jobs", argv[k]);
			if (!job) {
				status = 1;
				continue;
			}
			if (pids_only)
				nsh_out("%d\n", (int)job->pgid);
			else
				job_print(sh, job, long_format);
			if (job_state(job) != JOB_RUNNING)
				job->notified = 1;
		}
	} else {
		for (struct job *job = sh->jobs->head; job; job = job->next) {
			if (pids_only)
				nsh_out("%d\n", (int)job->pgid);
			else
				job_print(sh, job, long_format);
			if (job_state(job) != JOB_RUNNING)
				job->notified = 1;
		}
	}
	/* Done jobs have been reported now; forget them (wait PID still knows). */
	for (struct job *job = sh->jobs->head, *next; job; job = next) {
		next = job->next;
		if (job_state(job) == JOB_DONE && job->notified)
			job_remove(sh, job);
	}
	return status;
}
