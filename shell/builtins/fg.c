/* fg [%JOB]: continue a job in the foreground, with the terminal. */
#include "builtin.h"
#include "io.h"
#include "jobs.h"
#include "nsh.h"

int builtin_fg(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("fg");
	struct job *job;

	if (builtin_wants_help(self, argc, argv))
		return 0;
	if (argc > 2)
		return builtin_usage_error(self);
	if (!sh->job_control)
		return nsh_error("fg", "no job control");
	jobs_reap(sh);
	job = job_from_spec(sh, "fg", argc == 2 ? argv[1] : NULL);
	if (!job)
		return 1;
	if (job_state(job) == JOB_DONE) {
		job_remove(sh, job);
		return nsh_error("fg", "job has terminated");
	}
	nsh_out("%s\n", job->text);
	fflush(nsh_stdout ? nsh_stdout : stdout);
	job_touch(sh, job);
	return jobs_foreground(sh, job, 1);
}
