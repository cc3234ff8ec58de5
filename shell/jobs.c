/* The job table, reaping, and the terminal hand-off (see jobs.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "io.h"
#include "jobs.h"
#include "nsh.h"

/* ---- reaping in the SIGCHLD handler (PID 1 only) ------------------------
 *
 * As PID 1 of a PID namespace nsh inherits every orphan of the namespace;
 * their zombies must go even while nsh sits idle at the prompt.  The
 * handler reaps and queues (pid, status) in a ring that the main code
 * drains with SIGCHLD blocked, so a job's status is never lost to it. */
#define REAP_RING 1024
static struct {
	pid_t pid;
	int status;
} reap_ring[REAP_RING];
static volatile sig_atomic_t reap_head; /* written by the handler */
static volatile sig_atomic_t reap_tail; /* written by the main code */
static volatile sig_atomic_t reap_held;

volatile sig_atomic_t jobs_interrupted;

/* The process groups of live jobs, for the SIGHUP handler, which must not
 * walk the job table (the main code may be changing it). */
#define HUP_GROUPS 256
static volatile pid_t hup_groups[HUP_GROUPS];

static void hup_register(pid_t pgid, int add)
{
	sigset_t set, old;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &old);
	for (int i = 0; i < HUP_GROUPS; i++) {
		if (add ? hup_groups[i] == 0 : hup_groups[i] == pgid) {
			hup_groups[i] = add ? pgid : 0;
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void jobs_hangup_all(void)
{
	for (int i = 0; i < HUP_GROUPS; i++) {
		pid_t pgid = hup_groups[i];
		if (pgid > 0) {
			kill(-pgid, SIGHUP);
			kill(-pgid, SIGCONT);
		}
	}
}

/* The terminal hung up: as bash, pass SIGHUP on to every job (stopped ones
 * get SIGCONT so they see it), then die of SIGHUP ourselves.  At the
 * prompt the REPL handles it instead (it must restore the terminal). */
static void on_sighup(int sig)
{
	jobs_hangup_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static struct termios shell_tmodes;
static int have_shell_tmodes;

static void on_sigchld(int sig)
{
	int saved_errno = errno, status;
	pid_t pid;

	(void)sig;
	if (reap_held)
		return;
	for (;;) {
		int next = (reap_head + 1) % REAP_RING;
		if (next == reap_tail)
			break; /* full: leave the rest for the main code */
		pid = waitpid(-1, &status, WNOHANG | WUNTRACED | WCONTINUED);
		if (pid <= 0)
			break;
		reap_ring[reap_head].pid = pid;
		reap_ring[reap_head].status = status;
		reap_head = next;
	}
	errno = saved_errno;
}

void jobs_hold_reaping(int hold)
{
	/* A count: `source` runs builtins inside a builtin. */
	reap_held += hold ? 1 : -1;
}

void jobs_init(struct shell *sh)
{
	sh->jobs = calloc(1, sizeof *sh->jobs);
	if (!sh->jobs) {
		perror("nsh");
		exit(2);
	}
	if (sh->job_control && sh->tty_fd >= 0 && tcgetattr(sh->tty_fd, &shell_tmodes) == 0)
		have_shell_tmodes = 1;
	if (sh->interactive && sh->job_control) {
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_sighup;
		sigfillset(&sa.sa_mask);
		sigaction(SIGHUP, &sa, NULL);
	}
	if (sh->is_init) {
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_sigchld;
		sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGCHLD, &sa, NULL);
	}
}

/* ---- the table ----------------------------------------------------------- */

struct job *job_new(struct shell *sh, const char *text, int background)
{
	struct job *job = calloc(1, sizeof *job), **tail;
	int max_id = 0;

	if (!job)
		return NULL;
	for (struct job *j = sh->jobs->head; j; j = j->next)
		if (j->id > max_id)
			max_id = j->id;
	job->id = max_id + 1;
	job->text = strdup(text ? text : "");
	job->background = background;
	job->seq = ++sh->jobs->seq;
	for (tail = &sh->jobs->head; *tail; tail = &(*tail)->next)
		;
	*tail = job;
	return job;
}

void job_add_proc(struct job *job, pid_t pid)
{
	struct job_proc *procs = realloc(job->procs, (job->nprocs + 1) * sizeof *procs);

	if (!procs)
		return;
	job->procs = procs;
	procs[job->nprocs].pid = pid;
	procs[job->nprocs].status = 0;
	procs[job->nprocs].state = JOB_RUNNING;
	job->nprocs++;
	if (!job->pgid) {
		job->pgid = pid;
		hup_register(pid, 1);
	}
}

/* Remember the background pids of a job that goes away, for `wait PID`. */
static void remember_procs(struct shell *sh, struct job *job)
{
	struct job_table *t = sh->jobs;

	if (!job->background)
		return;
	for (size_t i = 0; i < job->nprocs; i++) {
		if (job->procs[i].state != JOB_DONE)
			continue;
		if (t->nremembered == JOBS_REMEMBERED) {
			memmove(t->remembered, t->remembered + 1,
				(JOBS_REMEMBERED - 1) * sizeof t->remembered[0]);
			t->nremembered--;
		}
		t->remembered[t->nremembered].pid = job->procs[i].pid;
		t->remembered[t->nremembered].status = job->procs[i].status;
		t->nremembered++;
	}
}

int jobs_remembered_status(struct shell *sh, pid_t pid, int *status)
{
	struct job_table *t = sh->jobs;

	for (size_t i = t->nremembered; i-- > 0;) {
		if (t->remembered[i].pid == pid) {
			*status = t->remembered[i].status;
			memmove(t->remembered + i, t->remembered + i + 1,
				(t->nremembered - i - 1) * sizeof t->remembered[0]);
			t->nremembered--;
			return 0;
		}
	}
	return -1;
}

void job_remove(struct shell *sh, struct job *job)
{
	for (struct job **p = &sh->jobs->head; *p; p = &(*p)->next) {
		if (*p == job) {
			*p = job->next;
			if (job->pgid > 0)
				hup_register(job->pgid, 0);
			remember_procs(sh, job);
			free(job->procs);
			free(job->text);
			free(job);
			return;
		}
	}
}

struct job *job_by_id(struct shell *sh, int id)
{
	for (struct job *j = sh->jobs->head; j; j = j->next)
		if (j->id == id)
			return j;
	return NULL;
}

struct job *job_by_pid(struct shell *sh, pid_t pid)
{
	for (struct job *j = sh->jobs->head; j; j = j->next)
		for (size_t i = 0; i < j->nprocs; i++)
			if (j->procs[i].pid == pid)
				return j;
	return NULL;
}

enum job_state job_state(const struct job *job)
{
	int stopped = 0;

	for (size_t i = 0; i < job->nprocs; i++) {
		if (job->procs[i].state == JOB_RUNNING)
			return JOB_RUNNING;
		if (job->procs[i].state == JOB_STOPPED)
			stopped = 1;
	}
	return stopped ? JOB_STOPPED : JOB_DONE;
}

void job_touch(struct shell *sh, struct job *job)
{
	job->seq = ++sh->jobs->seq;
}

/* %+ is the most recently stopped job, or else the most recent one; %- the
 * one before it by the same order (as bash). */
static struct job *job_ranked(struct shell *sh, int rank)
{
	struct job *ranked[2] = {NULL, NULL};
	size_t n = 0;

	for (int want_stopped = 1; want_stopped >= 0; want_stopped--) {
		while (n < 2) {
			struct job *pick = NULL;
			for (struct job *j = sh->jobs->head; j; j = j->next) {
				if ((job_state(j) == JOB_STOPPED) != want_stopped)
					continue;
				if (j == ranked[0] || j == ranked[1])
					continue;
				if (!pick || j->seq > pick->seq)
					pick = j;
			}
			if (!pick)
				break;
			ranked[n++] = pick;
		}
	}
	return rank < (int)n ? ranked[rank] : NULL;
}

struct job *job_current(struct shell *sh)
{
	return job_ranked(sh, 0);
}

struct job *job_previous(struct shell *sh)
{
	return job_ranked(sh, 1);
}

struct job *job_from_spec(struct shell *sh, const char *cmd, const char *spec)
{
	struct job *job = NULL;
	char *end;

	if (!spec || !strcmp(spec, "%%") || !strcmp(spec, "%+") || !strcmp(spec, "%")) {
		job = job_current(sh);
		if (!job)
			nsh_error(cmd, "%s: no such job", spec ? spec : "current");
		return job;
	}
	if (!strcmp(spec, "%-")) {
		job = job_previous(sh);
		if (!job)
			nsh_error(cmd, "%s: no such job", spec);
		return job;
	}
	if (spec[0] == '%') {
		long id = strtol(spec + 1, &end, 10);
		if (spec[1] && !*end) {
			job = job_by_id(sh, (int)id);
		} else {
			size_t len = strlen(spec + 1);
			for (struct job *j = sh->jobs->head; j; j = j->next) {
				if (!strncmp(j->text, spec + 1, len)) {
					if (job) {
						nsh_error(cmd, "%s: ambiguous job spec", spec);
						return NULL;
					}
					job = j;
				}
			}
		}
		if (!job)
			nsh_error(cmd, "%s: no such job", spec);
		return job;
	}
	long pid = strtol(spec, &end, 10);
	if (!*spec || *end || pid <= 0) {
		nsh_error(cmd, "%s: no such job", spec);
		return NULL;
	}
	job = job_by_pid(sh, (pid_t)pid);
	if (!job)
		nsh_error(cmd, "(%ld) - No such job", pid);
	return job;
}

int wait_status_to_exit(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	if (WIFSTOPPED(wstatus))
		return 128 + WSTOPSIG(wstatus);
	return 0;
}

int job_status(const struct job *job)
{
	if (!job->nprocs)
		return 0;
	if (job_state(job) == JOB_STOPPED) {
		for (size_t i = 0; i < job->nprocs; i++)
			if (job->procs[i].state == JOB_STOPPED)
				return wait_status_to_exit(job->procs[i].status);
	}
	return wait_status_to_exit(job->procs[job->nprocs - 1].status);
}

const char *signal_description(int sig)
{
	const char *d = sigdescr_np(sig);
	static char buf[32];

	if (d)
		return d;
	snprintf(buf, sizeof buf, "Signal %d", sig);
	return buf;
}

/* ---- reaping ------------------------------------------------------------- */

static void record_status(struct shell *sh, pid_t pid, int status)
{
	struct job *job = job_by_pid(sh, pid);

	if (!job)
		return; /* an orphan nsh inherited as PID 1, or a forgotten child */
	for (size_t i = 0; i < job->nprocs; i++) {
		struct job_proc *p = &job->procs[i];
		if (p->pid != pid)
			continue;
		if (WIFSTOPPED(status)) {
			p->state = JOB_STOPPED;
			p->status = status;
		} else if (WIFCONTINUED(status)) {
			p->state = JOB_RUNNING;
		} else {
			p->state = JOB_DONE;
			p->status = status;
		}
	}
	job->notified = 0;
}

static void drain_ring(struct shell *sh)
{
	while (reap_tail != reap_head) {
		record_status(sh, reap_ring[reap_tail].pid, reap_ring[reap_tail].status);
		reap_tail = (reap_tail + 1) % REAP_RING;
	}
}

static void block_sigchld(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, old);
}

void jobs_reap(struct shell *sh)
{
	sigset_t old;
	int status;
	pid_t pid;

	block_sigchld(&old);
	drain_ring(sh);
	while ((pid = waitpid(-1, &status, WNOHANG | WUNTRACED | WCONTINUED)) > 0)
		record_status(sh, pid, status);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int jobs_wait(struct shell *sh, struct job *job)
{
	sigset_t old;
	int status;
	pid_t pid;

	block_sigchld(&old);
	for (;;) {
		drain_ring(sh);
		if (job_state(job) != JOB_RUNNING)
			break;
		if (job->background && jobs_interrupted) {
			sigprocmask(SIG_SETMASK, &old, NULL);
			return 128 + SIGINT;
		}
		pid = waitpid(-1, &status, WUNTRACED);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			/* ECHILD: nothing left to wait for; should not happen,
			 * but never hang on it. */
			for (size_t i = 0; i < job->nprocs; i++)
				if (job->procs[i].state == JOB_RUNNING)
					job->procs[i].state = JOB_DONE;
			break;
		}
		record_status(sh, pid, status);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return job_status(job);
}

/* The word `jobs` shows for a job's state. */
static const char *state_text(const struct job *job, char *buf, size_t len)
{
	int last;

	switch (job_state(job)) {
	case JOB_RUNNING:
		return "Running";
	case JOB_STOPPED:
		return "Stopped";
	case JOB_DONE:
		break;
	}
	last = job->procs[job->nprocs - 1].status;
	if (WIFSIGNALED(last)) {
		snprintf(buf, len, "%s%s", signal_description(WTERMSIG(last)),
			 WCOREDUMP(last) ? " (core dumped)" : "");
		return buf;
	}
	if (WIFEXITED(last) && WEXITSTATUS(last)) {
		snprintf(buf, len, "Exit %d", WEXITSTATUS(last));
		return buf;
	}
	return "Done";
}

static char job_mark(struct shell *sh, struct job *job)
{
	if (job == job_current(sh))
		return '+';
	if (job == job_previous(sh))
		return '-';
	return ' ';
}

void job_print(struct shell *sh, struct job *job, int long_format)
{
	char buf[64];
	const char *state = state_text(job, buf, sizeof buf);
	int running_bg = job_state(job) == JOB_RUNNING && job->background;

	if (long_format && job->nprocs) {
		nsh_out("[%d]%c %6d %-24s%s%s\n", job->id, job_mark(sh, job), (int)job->procs[0].pid, state,
			job->text, running_bg ? " &" : "");
		for (size_t i = 1; i < job->nprocs; i++)
			nsh_out("     %6d\n", (int)job->procs[i].pid);
	} else {
		nsh_out("[%d]%c  %-24s%s%s\n", job->id, job_mark(sh, job), state, job->text,
			running_bg ? " &" : "");
	}
}

void jobs_notify(struct shell *sh, int print)
{
	struct job *job, *next;

	jobs_reap(sh);
	fflush(stdout);
	for (job = sh->jobs->head; job; job = next) {
		enum job_state st = job_state(job);
		next = job->next;
		if (st == JOB_DONE) {
			if (print && job->background) {
				FILE *saved = nsh_stdout;
				nsh_stdout = nsh_stderr ? nsh_stderr : stderr;
				job_print(sh, job, 0);
				fflush(nsh_stdout);
				nsh_stdout = saved;
			}
			job_remove(sh, job);
		} else if (st == JOB_STOPPED && !job->notified) {
			if (print) {
				FILE *saved = nsh_stdout;
				nsh_stdout = nsh_stderr ? nsh_stderr : stderr;
				job_print(sh, job, 0);
				fflush(nsh_stdout);
				nsh_stdout = saved;
			}
			job->notified = 1;
		}
	}
}

/* After a foreground job ends: say what killed it, as bash does (not for
 * SIGINT and SIGPIPE, which the user caused or expects). */
static void report_signal(struct shell *sh, struct job *job)
{
	int killer = 0, core = 0;

	for (size_t i = 0; i < job->nprocs; i++) {
		int st = job->procs[i].status;
		if (job->procs[i].state == JOB_DONE && WIFSIGNALED(st)) {
			killer = WTERMSIG(st);
			core = WCOREDUMP(st);
		}
	}
	if (!killer || killer == SIGPIPE)
		return;
	if (killer == SIGINT) {
		if (sh->interactive)
			nsh_err("\n");
		return;
	}
	nsh_err("%s%s\n", signal_description(killer), core ? " (core dumped)" : "");
}

int jobs_foreground(struct shell *sh, struct job *job, int cont)
{
	int status, use_tty = sh->job_control && sh->tty_fd >= 0 && job->pgid > 0;

	job->background = 0;
	/* The job's first process took the terminal itself (child_start).
	 * Give it again only while the shell still holds it: by now a nested
	 * shell in the job may have made a group of its own and taken the
	 * terminal, and taking it back for the job's group would leave that
	 * shell reading from the background (EIO: it exits at once). */
	if (use_tty && (cont || tcgetpgrp(sh->tty_fd) == sh->pgid)) {
		tcsetpgrp(sh->tty_fd, job->pgid);
		if (cont && job->have_tmodes)
			tcsetattr(sh->tty_fd, TCSADRAIN, &job->tmodes);
	}
	if (cont) {
		for (size_t i = 0; i < job->nprocs; i++)
			if (job->procs[i].state == JOB_STOPPED)
				job->procs[i].state = JOB_RUNNING;
		if (kill(sh->job_control ? -job->pgid : job->pgid, SIGCONT) < 0 && !sh->job_control)
			for (size_t i = 0; i < job->nprocs; i++)
				kill(job->procs[i].pid, SIGCONT);
	}
	status = jobs_wait(sh, job);
	if (use_tty) {
		tcsetpgrp(sh->tty_fd, sh->pgid);
		if (job_state(job) == JOB_STOPPED && tcgetattr(sh->tty_fd, &job->tmodes) == 0)
			job->have_tmodes = 1;
		if (have_shell_tmodes)
			tcsetattr(sh->tty_fd, TCSADRAIN, &shell_tmodes);
	}
	if (job_state(job) == JOB_STOPPED) {
		job->background = 1;
		job_touch(sh, job);
		job->notified = 1;
		nsh_err("\n");
		FILE *saved = nsh_stdout;
		nsh_stdout = nsh_stderr ? nsh_stderr : stderr;
		job_print(sh, job, 0);
		fflush(nsh_stdout);
		nsh_stdout = saved;
	} else {
		report_signal(sh, job);
		job_remove(sh, job);
	}
	return status;
}

void jobs_prune(struct shell *sh, size_t keep)
{
	size_t done = 0;

	for (struct job *j = sh->jobs->head; j; j = j->next)
		if (job_state(j) == JOB_DONE)
			done++;
	for (struct job *j = sh->jobs->head, *next; j && done > keep; j = next) {
		next = j->next;
		if (job_state(j) == JOB_DONE) {
			job_remove(sh, j);
			done--;
		}
	}
}

void jobs_hangup_stopped(struct shell *sh)
{
	if (!sh->jobs)
		return;
	for (struct job *j = sh->jobs->head; j; j = j->next) {
		if (job_state(j) != JOB_STOPPED || j->pgid <= 0)
			continue;
		kill(-j->pgid, SIGHUP);
		kill(-j->pgid, SIGCONT);
	}
}
