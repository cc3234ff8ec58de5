/* bg [%JOB]: continue a stopped job in the background. */
#include <signal.h>

#include "builtin.h"
#include "io.h"
#include "jobs.h"
#include "nsh.h"

int builtin_bg(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("bg");
	struct job *job;
	int status = 0;

	if (builtin_wants_help(self, argc, argv))
		return 0;
	if (!sh->job_control)
		return nsh_error("bg", "no job control");
	jobs_reap(sh);
	for (int i = argc == 1 ? 0 : 1; i < argc || (argc == 1 && i == 0); i++) {
		job = job_from_spec(sh, "bg", argc == 1 ? NULL : argv[i]);
		if (!job) {
			status = 1;
			if (argc == 1)
				break;
			continue;
		}
		if (job_state(job) == JOB_RUNNING) {
			nsh_error("bg", "job %d already in background", job->id);
		} else if (job_state(job) == JOB_DONE) {
			status = nsh_error("bg", "job has terminated");
		} else {
			for (size_t k = 0; k < job->nprocs; k++)
				if (job->procs[k].state == JOB_STOPPED)
					job->procs[k].state = JOB_RUNNING;
			job->background = 1;
			job->notified = 0;
			job_touch(sh, job);
			kill(-job->pgid, SIGCONT);
			nsh_out("[%d]+ %s &\n", job->id, job->text);
		}
		if (argc == 1)
			break;
	}
	return status;
}
