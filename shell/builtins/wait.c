/* wait [PID|%JOB...]: wait for background jobs; the status is that of the
 * last one named (127 for a PID that is not our child, as bash). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "io.h"
#include "jobs.h"
#include "nsh.h"

/* Wait for one process of a job (wait PID), not the whole job. */
static int wait_one_pid(struct shell *sh, struct job *job, pid_t pid)
{
	for (;;) {
		for (size_t i = 0; i < job->nprocs; i++) {
			if (job->procs[i].pid != pid)
				continue;
			if (job->procs[i].state != JOB_RUNNING)
				return wait_status_to_exit(job->procs[i].status);
		}
		if (job_state(job) != JOB_RUNNING)
			return job_status(job);
		if (jobs_interrupted)
			return 128 + SIGINT;
		/* jobs_wait returns when any process changes state and
		 * the job is no longer running; wait the whole job. */
		jobs_wait(sh, job);
	}
}

int builtin_wait(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("wait");
	int status = 0, i = 1;

	if (builtin_wants_help(self, argc, argv))
		return 0;
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	jobs_interrupted = 0;
	if (!sh->jobs)
		return argc > i ? 127 : 0;
	if (i == argc) {
		/* Every running job; stopped ones would never finish. */
		for (struct job *job = sh->jobs->head; job && !jobs_interrupted; job = job->next)
			if (job_state(job) == JOB_RUNNING)
				jobs_wait(sh, job);
		jobs_notify(sh, sh->interactive);
		return jobs_interrupted ? 128 + SIGINT : 0;
	}
	for (; i < argc; i++) {
		const char *arg = argv[i];
		struct job *job;

		if (arg[0] == '%') {
			job = job_from_spec(sh, "wait", arg);
			if (!job) {
				status = 127;
				continue;
			}
			status = jobs_wait(sh, job);
			if (job_state(job) == JOB_DONE)
				job_remove(sh, job);
			continue;
		}
		char *end;
		long pid;

		errno = 0;
		pid = strtol(arg, &end, 10);
		/* Past a long, strtol clamps: naming that number would lie.
		 * Past pid_t (2^32+1) it is a number, but no child of ours. */
		if (!*arg || *end || pid <= 0 || errno == ERANGE) {
			nsh_error("wait", "`%s': not a pid or valid job spec", arg);
			status = 2;
			continue;
		}
		if (pid != (pid_t)pid) {
			nsh_error("wait", "pid %ld is not a child of this shell", pid);
			status = 127;
			continue;
		}
		jobs_reap(sh);
		job = job_by_pid(sh, (pid_t)pid);
		if (job) {
			status = wait_one_pid(sh, job, (pid_t)pid);
			if (job_state(job) == JOB_DONE)
				job_remove(sh, job);
			/* The status was remembered when the job went; take it back. */
			int remembered;
			jobs_remembered_status(sh, (pid_t)pid, &remembered);
			continue;
		}
		int wstatus;
		if (jobs_remembered_status(sh, (pid_t)pid, &wstatus) == 0) {
			status = wait_status_to_exit(wstatus);
			continue;
		}
		nsh_error("wait", "pid %ld is not a child of this shell", pid);
		status = 127;
	}
	return status;
}
