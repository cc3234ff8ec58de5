/* The job table: every child process nsh starts belongs to a job (one
 * pipeline, or one command a builtin forked).  Children are reaped in one
 * place (jobs_reap / jobs_wait) so that a status is never lost, also when nsh
 * is PID 1 and reaps orphans it never started. */
#ifndef NSH_JOBS_H
#define NSH_JOBS_H

#include <signal.h>
#include <sys/types.h>
#include <termios.h>

struct shell;

enum job_state { JOB_RUNNING, JOB_STOPPED, JOB_DONE };

struct job_proc {
	pid_t pid;
	int status; /* raw wait status once stopped or done */
	enum job_state state;
};

struct job {
	int id;	    /* %1, %2, ... */
	pid_t pgid; /* 0 until the first process is added */
	struct job_proc *procs;
	size_t nprocs;
	char *text;	   /* the command as typed, for `jobs` */
	int background;	   /* started with & (or put there by bg) */
	int notified;	   /* the user has been told about the current state */
	unsigned long seq; /* when it was last started, stopped or resumed: %+ is the latest */
	int have_tmodes;   /* tmodes holds the terminal modes of a stopped job */
	struct termios tmodes;
	struct job *next;
};

/* Background processes already reaped and forgotten by the table, so that
 * `wait PID` still returns their status as bash does. */
#define JOBS_REMEMBERED 64

struct job_table {
	struct job *head; /* in order of creation */
	unsigned long seq;
	struct {
		pid_t pid;
		int status;
	} remembered[JOBS_REMEMBERED];
	size_t nremembered;
};

/* Set up the table and, when nsh is PID 1, the SIGCHLD handler that reaps
 * orphans as they die. */
void jobs_init(struct shell *sh);

struct job *job_new(struct shell *sh, const char *text, int background);
void job_add_proc(struct job *job, pid_t pid);
void job_remove(struct shell *sh, struct job *job);
struct job *job_by_id(struct shell *sh, int id);
struct job *job_by_pid(struct shell *sh, pid_t pid);
struct job *job_current(struct shell *sh);	   /* %+ */
struct job *job_previous(struct shell *sh);	   /* %- */
void job_touch(struct shell *sh, struct job *job); /* make it %+ */
/* The raw wait status of a forgotten background pid: 0 and *status, or -1. */
int jobs_remembered_status(struct shell *sh, pid_t pid, int *status);
enum job_state job_state(const struct job *job);

/* Parse a job spec (%N, %%, %+, %-, %PREFIX) or a PID; NULL and a message
 * (through nsh_error with cmd) if there is no such job. */
struct job *job_from_spec(struct shell *sh, const char *cmd, const char *spec);

/* $? for a finished or stopped job: the status of its last process,
 * 128+signal for a signal, 128+stop signal for a stopped job. */
int job_status(const struct job *job);
int wait_status_to_exit(int wstatus);

/* Collect every child that has changed state without blocking, attributing
 * known pids to their jobs and dropping orphans (PID 1). */
void jobs_reap(struct shell *sh);

/* Block until the job is done or stopped.  Returns job_status(), or 130
 * when a background job is waited for (`wait`) and SIGINT reached the
 * shell meanwhile (jobs_interrupted), as bash's wait does. */
int jobs_wait(struct shell *sh, struct job *job);

/* Set by the shell's SIGINT handler; cleared by whoever starts a wait. */
extern volatile sig_atomic_t jobs_interrupted;

/* Run a job in the foreground: hand it the terminal (if job control is on),
 * optionally send SIGCONT, wait, take the terminal back, report a stop or a
 * killing signal as bash does, and drop the job when it is done.  Returns $?. */
int jobs_foreground(struct shell *sh, struct job *job, int cont);

/* Print changes of background jobs ("[1]+  Done  sleep 1") and forget done
 * jobs; with print == 0 only forget them. */
void jobs_notify(struct shell *sh, int print);

/* Forget the oldest finished jobs beyond keep (without a terminal nobody
 * is told about them; `wait %N` may still ask). */
void jobs_prune(struct shell *sh, size_t keep);

/* One line of `jobs` output for job (long: with the pids). */
void job_print(struct shell *sh, struct job *job, int long_format);

/* Keep orphan reaping in the SIGCHLD handler from stealing the child of a
 * builtin that waits for it itself: 1 holds, 0 releases one hold. */
void jobs_hold_reaping(int hold);

/* Before nsh exits: wake stopped jobs with SIGHUP+SIGCONT so none is left
 * stopped forever. */
void jobs_hangup_stopped(struct shell *sh);
/* SIGHUP (and SIGCONT) to every live job's process group; safe in a
 * signal handler (it reads no job table). */
void jobs_hangup_all(void);

/* The text bash prints for a job killed by sig ("Killed", "Terminated"). */
const char *signal_description(int sig);

#endif
