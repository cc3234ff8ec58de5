/* The executor: simple commands, pipelines, and-or lists, background jobs,
 * redirections.  Every child is started here (or by a builtin through
 * shell_child_setup) and reaped through the job table (jobs.c). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "builtin.h"
#include "exec.h"
#include "io.h"
#include "jobs.h"
#include "nsh.h"
#include "sys/ns.h"
#include "sys/trace.h"

extern char **environ;

/* A command after expansion: what to run, with what, where. */
struct prepared_cmd {
	const struct cmd *cmd;
	struct strvec argv;
	struct strvec assigns; /* "NAME=value", expanded */
	char **targets;	       /* expanded redirection targets (NULL for dups) */
	const struct builtin *builtin;
};

/* A descriptor saved before a builtin's redirection, to put back after. */
struct saved_fd {
	int fd;
	int copy;     /* -1: fd was closed before */
	int fd_flags; /* FD_CLOEXEC of the original (nsh's own descriptors keep it) */
};

struct saved_fds {
	struct saved_fd *v;
	size_t n;
};

static void flush_output(void)
{
	if (nsh_stdout)
		fflush(nsh_stdout);
	fflush(stdout);
	fflush(stderr);
}

/* ---- expansion ----------------------------------------------------------- */

static void prepared_free(struct prepared_cmd *pc)
{
	strvec_free(&pc->argv);
	strvec_free(&pc->assigns);
	if (pc->targets) {
		for (size_t i = 0; i < pc->cmd->nredirs; i++)
			free(pc->targets[i]);
		free(pc->targets);
	}
	memset(pc, 0, sizeof *pc);
}

static int expansion_error(char *errmsg)
{
	nsh_error(NULL, "%s", errmsg ? errmsg : "bad substitution");
	free(errmsg);
	return -1;
}

/* Expand words, assignments and redirection targets of one command. */
static int prepare_cmd(struct shell *sh, const struct cmd *cmd, struct prepared_cmd *pc)
{
	const struct expand_env *env = shell_expand_env(sh);
	char *errmsg = NULL;

	memset(pc, 0, sizeof *pc);
	pc->cmd = cmd;
	for (size_t i = 0; i < cmd->nassigns; i++) {
		const char *eq = strchr(cmd->assigns[i], '=');
		char *value, *assign;
		size_t namelen;

		if (!eq)
			continue;
		namelen = (size_t)(eq - cmd->assigns[i]);
		value = expand_string(eq + 1, env, &errmsg);
		if (!value)
			return expansion_error(errmsg);
		assign = malloc(namelen + strlen(value) + 2);
		if (!assign) {
			free(value);
			return expansion_error(strdup("out of memory"));
		}
		memcpy(assign, cmd->assigns[i], namelen + 1);
		strcpy(assign + namelen + 1, value);
		free(value);
		strvec_push_owned(&pc->assigns, assign);
	}
	for (size_t i = 0; i < cmd->nwords; i++)
		if (expand_word(cmd->words[i], env, &pc->argv, &errmsg) < 0)
			return expansion_error(errmsg);
	if (cmd->nredirs) {
		pc->targets = calloc(cmd->nredirs, sizeof *pc->targets);
		if (!pc->targets)
			return expansion_error(strdup("out of memory"));
		for (size_t i = 0; i < cmd->nredirs; i++) {
			if (!cmd->redirs[i].target)
				continue;
			pc->targets[i] = expand_string(cmd->redirs[i].target, env, &errmsg);
			if (!pc->targets[i])
				return expansion_error(errmsg);
		}
	}
	if (pc->argv.n)
		pc->builtin = builtin_find(pc->argv.v[0]);
	return 0;
}

/* ---- redirections -------------------------------------------------------- */

static int remember_fd(struct saved_fds *saves, int fd)
{
	struct saved_fd *v;

	for (size_t i = 0; i < saves->n; i++)
		if (saves->v[i].fd == fd)
			return 0;
	v = realloc(saves->v, (saves->n + 1) * sizeof *v);
	if (!v)
		return -1;
	saves->v = v;
	v[saves->n].fd = fd;
	v[saves->n].fd_flags = fcntl(fd, F_GETFD);
	v[saves->n].copy = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	saves->n++;
	return 0;
}

/* Put back what the redirections of a builtin changed. */
static void restore_fds(struct saved_fds *saves)
{
	flush_output();
	for (size_t i = saves->n; i-- > 0;) {
		if (saves->v[i].copy >= 0) {
			dup2(saves->v[i].copy, saves->v[i].fd);
			if (saves->v[i].fd_flags > 0)
				fcntl(saves->v[i].fd, F_SETFD, saves->v[i].fd_flags);
			close(saves->v[i].copy);
		} else {
			close(saves->v[i].fd);
		}
	}
	free(saves->v);
	saves->v = NULL;
	saves->n = 0;
}

/* Forget the saved copies: `exec >file` keeps its redirections. */
static void keep_fds(struct saved_fds *saves)
{
	for (size_t i = 0; i < saves->n; i++)
		if (saves->v[i].copy >= 0)
			close(saves->v[i].copy);
	free(saves->v);
	saves->v = NULL;
	saves->n = 0;
}

/* Apply the redirections of pc in order.  With saves, every descriptor is
 * saved first so that a builtin run in the shell can restore it.  Files are
 * opened close-on-exec and dup2'd to their place, so only the descriptors
 * the user named reach a program. */
static int apply_redirs(const struct prepared_cmd *pc, struct saved_fds *saves)
{
	const struct cmd *cmd = pc->cmd;

	flush_output();
	for (size_t i = 0; i < cmd->nredirs; i++) {
		const struct redir *r = &cmd->redirs[i];
		int fd, flags;

		if (saves && remember_fd(saves, r->fd) < 0)
			return nsh_error(NULL, "out of memory"), -1;
		if (r->kind == REDIR_DUP) {
			if (r->dup_fd == r->fd)
				continue;
			if (fcntl(r->dup_fd, F_GETFD) < 0 || dup2(r->dup_fd, r->fd) < 0) {
				nsh_error(NULL, "%d: %s", r->dup_fd, strerror(errno));
				return -1;
			}
			continue;
		}
		switch (r->kind) {
		case REDIR_IN:
			flags = O_RDONLY;
			break;
		case REDIR_OUT:
			flags = O_WRONLY | O_CREAT | O_TRUNC;
			break;
		default:
			flags = O_WRONLY | O_CREAT | O_APPEND;
			break;
		}
		fd = open(pc->targets[i], flags | O_CLOEXEC, 0666);
		if (fd < 0) {
			int err = errno;
			nsh_error(NULL, "%s: %s", pc->targets[i], strerror(err));
			nsh_print_hints("open", err);
			return -1;
		}
		if (fd == r->fd) {
			fcntl(fd, F_SETFD, 0);
		} else {
			if (dup2(fd, r->fd) < 0) {
				nsh_error(NULL, "%d: %s", r->fd, strerror(errno));
				close(fd);
				return -1;
			}
			close(fd);
		}
	}
	return 0;
}

/* ---- children ------------------------------------------------------------ */

static void exec_reset_dispositions(void)
{
	static const int sigs[] = {SIGINT,  SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU,
				   SIGCHLD, SIGPIPE, SIGTERM, SIGHUP};

	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
}

void exec_reset_signals(void)
{
	sigset_t none;

	exec_reset_dispositions();
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* In a new child: join the job's process group (pgid 0: lead a new one),
 * take the terminal for a foreground job, then reset the signals.  The
 * terminal is taken before SIGTTOU goes back to its default. */
static void child_start(struct shell *sh, pid_t pgid, int foreground, int background)
{
	if (sh->job_control) {
		pid_t self = getpid();
		setpgid(0, pgid ? pgid : self);
		if (foreground && sh->tty_fd >= 0)
			tcsetpgrp(sh->tty_fd, pgid ? pgid : self);
	}
	if (background && !sh->job_control) {
		/* POSIX: without job control an asynchronous list ignores the
		 * keyboard's signals. */
		exec_reset_dispositions();
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
	} else {
		exec_reset_signals();
	}
	sh->job_control = 0;
	sh->interactive = 0;
	sh->is_init = 0;
}

void shell_child_setup(struct shell *sh)
{
	child_start(sh, 0, 1, 0);
}

/* unshare and nsenter print it in the process that is about to exec, in
 * the namespaces and root it has entered: the search runs there. */
void exec_trace_execve_of(const char *name)
{
	char *path = NULL;

	if (sys_trace_fd < 0)
		return;
	if (exec_find_command(name, &path, 0) == 0)
		sys_trace_execve(path);
	else
		sys_trace_execve(name);
	free(path);
}

/* As execvp: the first regular file with the name that we may execute;
 * failing that, the first one we may not (126, "Permission denied"). */
int exec_search_path(const char *name, const char *dirs, char **path)
{
	const char *p, *colon;
	char *denied = NULL;
	struct stat st;

	*path = NULL;
	if (!*name)
		return 127;
	if (strchr(name, '/')) {
		*path = strdup(name);
		return *path ? 0 : 126;
	}
	if (!dirs)
		dirs = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
	for (p = dirs;; p = colon + 1) {
		size_t dlen;
		char *cand;

		colon = strchr(p, ':');
		dlen = colon ? (size_t)(colon - p) : strlen(p);
		cand = malloc(dlen + strlen(name) + 3);
		if (!cand)
			break;
		if (dlen)
			sprintf(cand, "%.*s/%s", (int)dlen, p, name);
		else
			sprintf(cand, "./%s", name);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(cand, X_OK) == 0) {
				free(denied);
				*path = cand;
				return 0;
			}
			if (!denied) {
				denied = cand;
				cand = NULL;
			}
		}
		free(cand);
		if (!colon)
			break;
	}
	*path = denied;
	return denied ? 126 : 127;
}

int exec_find_command(const char *name, char **path, int report)
{
	int status = exec_search_path(name, getenv("PATH"), path);

	if (status == 0)
		return 0;
	if (report && status == 126 && *path)
		nsh_error(NULL, "%s: %s", *path, strerror(EACCES));
	else if (report)
		nsh_error(NULL, "%s: command not found", name);
	free(*path);
	*path = NULL;
	return status;
}

/* execve failed on a file that exists but has a "#!" line: bash names the
 * missing interpreter; so do we. */
static int report_bad_interpreter(const char *path, int err)
{
	char line[256];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, line, sizeof line - 1);
	close(fd);
	if (n < 3 || line[0] != '#' || line[1] != '!')
		return 0;
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	char *interp = line + 2;
	interp += strspn(interp, " \t");
	interp[strcspn(interp, " \t")] = '\0';
	nsh_error(NULL, "%s: %s: bad interpreter: %s", path, interp, strerror(err));
	return 1;
}

void shell_exec_or_die(struct shell *sh, char **argv)
{
	char *path;
	int status, err;

	flush_output();
	/* Starting nsh itself (a nested shell) where its path cannot be
	 * reached (a directory on it closed to the current user: a lab shell
	 * run as nobody, a private checkout): the /proc/self/exe magic link
	 * still can.  The path comes first, so the new comm is "nsh". */
	if (sh && sh->self_exe && strcmp(argv[0], sh->self_exe) == 0) {
		execve(sh->self_exe, argv, environ);
		execve("/proc/self/exe", argv, environ);
	}
	status = exec_find_command(argv[0], &path, 1);
	if (status)
		_exit(status);
	execve(path, argv, environ);
	err = errno;
	if (err == ENOEXEC && sh && sh->self_exe) {
		/* No "#!": run it as an nsh script, as shells do for theirs. */
		size_t n = 0;
		while (argv[n])
			n++;
		char **args = calloc(n + 2, sizeof *args);
		if (args) {
			args[0] = (char *)sh->self_exe;
			args[1] = path;
			for (size_t i = 1; i < n; i++)
				args[i + 1] = argv[i];
			execve(sh->self_exe, args, environ);
		}
	}
	if (err == EISDIR || (err == EACCES && strchr(argv[0], '/') && !access(path, F_OK))) {
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			err = EISDIR;
	}
	if (!(err == ENOENT && !access(path, F_OK) && report_bad_interpreter(path, err)))
		nsh_error(NULL, "%s: %s", argv[0], strerror(err));
	nsh_print_hints("exec", err);
	flush_output();
	_exit(err == ENOENT ? 127 : 126);
}

/* A builtin's output that could not be written (a full disk, /dev/full, a
 * closed pipe) fails the builtin, as in bash: "nsh: echo: write error: ...". */
static int check_write_error(const char *name, int status)
{
	FILE *out = nsh_stdout ? nsh_stdout : stdout;

	if (fflush(out) == 0 && !ferror(out)) {
		flush_output();
		return status;
	}
	int err = errno;
	clearerr(out);
	flush_output();
	nsh_error(name, "write error: %s", strerror(err));
	return status ? status : 1;
}

/* Run a prepared command in a child that nsh forked; never returns. */
static void run_in_child(struct shell *sh, struct prepared_cmd *pc)
{
	int status;

	if (apply_redirs(pc, NULL) < 0) {
		flush_output();
		_exit(1);
	}
	for (size_t i = 0; i < pc->assigns.n; i++)
		putenv(strdup(pc->assigns.v[i]));
	if (!pc->argv.n)
		_exit(0);
	if (pc->builtin) {
		status = pc->builtin->fn(sh, (int)pc->argv.n, pc->argv.v);
		if (sh->exiting)
			status = sh->exit_status;
		status = check_write_error(pc->argv.v[0], status);
		_exit(status & 0xff);
	}
	shell_exec_or_die(sh, pc->argv.v);
}

/* ---- commands in the shell itself ---------------------------------------- */

/* NAME=value for the duration of one builtin: old values to put back. */
struct saved_var {
	char *name;
	char *old; /* NULL: was unset */
};

static int run_in_shell(struct shell *sh, struct prepared_cmd *pc)
{
	struct saved_fds saves = {NULL, 0};
	struct saved_var *vars = NULL;
	size_t nvars = 0;
	int status = 0, is_exec;

	if (apply_redirs(pc, &saves) < 0) {
		restore_fds(&saves);
		return 1;
	}
	if (!pc->argv.n) {
		/* NAME=value alone: set (and export) it. */
		for (size_t i = 0; i < pc->assigns.n; i++) {
			char *eq = strchr(pc->assigns.v[i], '=');
			*eq = '\0';
			if (setenv(pc->assigns.v[i], eq + 1, 1) < 0)
				status = nsh_error(NULL, "%s: %s", pc->assigns.v[i], strerror(errno));
			*eq = '=';
		}
		restore_fds(&saves);
		return status;
	}
	if (pc->assigns.n)
		vars = calloc(pc->assigns.n, sizeof *vars);
	for (size_t i = 0; vars && i < pc->assigns.n; i++) {
		char *eq = strchr(pc->assigns.v[i], '=');
		const char *old;
		*eq = '\0';
		old = getenv(pc->assigns.v[i]);
		vars[nvars].name = strdup(pc->assigns.v[i]);
		vars[nvars].old = old ? strdup(old) : NULL;
		nvars++;
		setenv(pc->assigns.v[i], eq + 1, 1);
		*eq = '=';
	}
	is_exec = !strcmp(pc->argv.v[0], "exec");
	jobs_hold_reaping(1);
	status = pc->builtin->fn(sh, (int)pc->argv.n, pc->argv.v);
	jobs_hold_reaping(0);
	status = check_write_error(pc->argv.v[0], status);
	for (size_t i = nvars; i-- > 0;) {
		if (vars[i].old)
			setenv(vars[i].name, vars[i].old, 1);
		else
			unsetenv(vars[i].name);
		free(vars[i].name);
		free(vars[i].old);
	}
	free(vars);
	if (is_exec && pc->argv.n == 1 && status == 0)
		keep_fds(&saves);
	else
		restore_fds(&saves);
	return status;
}

/* ---- pipelines ----------------------------------------------------------- */

/* fork for the executor.  Signals stay blocked from just before fork until
 * the child has set its dispositions: a SIGINT sent to a new background
 * child at once (kill -INT $!) must find it ignoring SIGINT, not still with
 * the shell's disposition (exec_reset_signals() unblocks them in the
 * child).  SIGPIPE is the exception: it is ignored, not blocked, in the
 * parent for the moment of the fork, since the traced sys_fork() talks to
 * the child over a pipe and a child that dies at once (the PID 1 of a dying
 * namespace takes its siblings with it) must not kill the shell by a
 * SIGPIPE left pending.  Returns the pid, 0 in the child, or -errno. */
static pid_t fork_child(void)
{
	struct sigaction ignore, old_pipe;
	sigset_t all, old_mask;
	pid_t pid;

	memset(&ignore, 0, sizeof ignore);
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &old_pipe);
	sigfillset(&all);
	sigdelset(&all, SIGPIPE);
	sigprocmask(SIG_BLOCK, &all, &old_mask);
	pid = sys_fork(); /* traced: set -o trace shows fork() = -1 ENOMEM */
	if (pid != 0) {
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		sigaction(SIGPIPE, &old_pipe, NULL);
	}
	return pid;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Fork one child per command, connected by pipes, all in one process group;
 * run it in the foreground (returns $?) or leave it in the background. */
static int run_forked(struct shell *sh, struct prepared_cmd *pcs, size_t n, int background, const char *text)
{
	struct job *job = job_new(sh, text, background);
	int prev_read = -1, failed = 0;

	if (!job)
		return nsh_error(NULL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int pfd[2] = {-1, -1};
		pid_t pid;

		if (i + 1 < n && pipe2(pfd, O_CLOEXEC) < 0) {
			nsh_error_errno(NULL, "pipe", NULL, errno);
			failed = 1;
			break;
		}
		flush_output();
		pid = fork_child();
		if (pid < 0) {
			nsh_error_errno(NULL, "fork", NULL, -pid);
			close_fd(&pfd[0]);
			close_fd(&pfd[1]);
			failed = 1;
			break;
		}
		if (pid == 0) {
			int job_control = sh->job_control; /* child_start clears it */
			child_start(sh, job->pgid, !background, background);
			if (prev_read >= 0) {
				dup2(prev_read, 0);
			} else if (background && !job_control && i == 0) {
				int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
				if (null >= 0)
					dup2(null, 0);
			}
			if (pfd[1] >= 0)
				dup2(pfd[1], 1);
			run_in_child(sh, &pcs[i]);
		}
		if (sh->job_control)
			setpgid(pid, job->pgid ? job->pgid : pid);
		job_add_proc(job, pid);
		close_fd(&prev_read);
		close_fd(&pfd[1]);
		prev_read = pfd[0];
	}
	close_fd(&prev_read);
	if (failed) {
		/* The commands already started see EOF or EPIPE; collect them. */
		if (job->nprocs) {
			if (sh->job_control && sh->tty_fd >= 0)
				tcsetpgrp(sh->tty_fd, sh->pgid);
			jobs_wait(sh, job);
		}
		job_remove(sh, job);
		return 1;
	}
	if (background) {
		sh->last_bg = job->procs[job->nprocs - 1].pid;
		job_touch(sh, job);
		if (sh->interactive)
			nsh_err("[%d] %d\n", job->id, (int)sh->last_bg);
		return 0;
	}
	return jobs_foreground(sh, job, 0);
}

static int run_pipeline(struct shell *sh, const struct pipeline *pipe, int background, const char *text)
{
	struct prepared_cmd *pcs = calloc(pipe->ncmds ? pipe->ncmds : 1, sizeof *pcs);
	int status = 0;
	size_t prepared = 0;

	if (!pcs)
		return nsh_error(NULL, "out of memory");
	for (; prepared < pipe->ncmds; prepared++) {
		if (prepare_cmd(sh, &pipe->cmds[prepared], &pcs[prepared]) < 0) {
			prepared_free(&pcs[prepared]);
			status = 1;
			goto out;
		}
	}
	if (!background && pipe->ncmds == 1 && (!pcs[0].argv.n || pcs[0].builtin))
		status = run_in_shell(sh, &pcs[0]);
	else
		status = run_forked(sh, pcs, pipe->ncmds, background, text);
out:
	for (size_t i = 0; i < prepared; i++)
		prepared_free(&pcs[i]);
	free(pcs);
	return status;
}

/* p1 && p2 || p3: each pipeline runs depending on the status before it. */
static int run_andor_foreground(struct shell *sh, const struct andor *ao)
{
	int status = 0;

	for (size_t i = 0; i < ao->npipes; i++) {
		if (i > 0) {
			int ok = sh->status == 0;
			if ((ao->ops[i - 1] == ANDOR_AND) != ok)
				continue;
		}
		status = run_pipeline(sh, &ao->pipes[i], 0, ao->text);
		sh->status = status;
		if (sh->exiting)
			break;
	}
	return status;
}

/* `a && b &`: the whole list runs in one background child. */
static int run_andor_background(struct shell *sh, const struct andor *ao)
{
	struct job *job;
	pid_t pid;

	if (ao->npipes == 1)
		return run_pipeline(sh, &ao->pipes[0], 1, ao->text);
	job = job_new(sh, ao->text, 1);
	if (!job)
		return nsh_error(NULL, "out of memory");
	flush_output();
	pid = fork_child();
	if (pid < 0) {
		nsh_error_errno(NULL, "fork", NULL, -pid);
		job_remove(sh, job);
		return 1;
	}
	if (pid == 0) {
		int status, job_control = sh->job_control; /* child_start clears it */
		child_start(sh, 0, 0, 1);
		if (!job_control) {
			int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
			if (null >= 0)
				dup2(null, 0);
		}
		sh->jobs->head = NULL;
		status = run_andor_foreground(sh, ao);
		flush_output();
		_exit(sh->exiting ? sh->exit_status : status);
	}
	if (sh->job_control)
		setpgid(pid, pid);
	job_add_proc(job, pid);
	sh->last_bg = pid;
	job_touch(sh, job);
	if (sh->interactive)
		nsh_err("[%d] %d\n", job->id, (int)pid);
	return 0;
}

int exec_program(struct shell *sh, const struct program *prog)
{
	for (size_t i = 0; i < prog->nitems && !sh->exiting; i++) {
		const struct andor *ao = &prog->items[i];
		if (ao->background)
			sh->status = run_andor_background(sh, ao);
		else
			sh->status = run_andor_foreground(sh, ao);
		/* A command boundary: collect what has died meanwhile (as
		 * PID 1 these include the orphans of the namespace).  On a
		 * terminal the REPL reports finished jobs before its prompt;
		 * elsewhere they stay for `wait %N` until there are many. */
		jobs_reap(sh);
		if (!sh->interactive)
			jobs_prune(sh, 64);
	}
	return sh->status;
}

/* The signals a waiting process passes on to the command it stands for. */
static const int passed_on_signals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2};
#define N_PASSED_ON (sizeof passed_on_signals / sizeof passed_on_signals[0])

static volatile sig_atomic_t pass_on_target, pass_on_caught, pass_on_to_init;

/* Whether PID has a handler for SIG (SigCgt of /proc/PID/status, a mask
 * in hex whose bit SIG-1 is that signal).  Only open/read/close: this runs
 * in a signal handler.  0 when it cannot be read. */
static int process_catches(pid_t pid, int sig)
{
	char path[64], buf[2048], *p;
	int fd, len = 0, bit = sig - 1;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (len < (int)sizeof buf - 1 && (n = read(fd, buf + len, sizeof buf - 1 - (size_t)len)) > 0)
		len += (int)n;
	close(fd);
	buf[len] = '\0';
	p = strstr(buf, "SigCgt:\t");
	if (!p)
		return 0;
	p += 8;
	len = 0;
	while (p[len] && p[len] != '\n')
		len++;
	if (bit / 4 >= len)
		return 0;
	char digit = p[len - 1 - bit / 4];
	int value = digit >= 'a' ? digit - 'a' + 10 : digit - '0';
	return (value >> (bit % 4)) & 1;
}

/* A signal sent to the waiting process alone (kill PID, kill %N of a
 * shell without job control) goes on to the command; one from the
 * terminal (SI_KERNEL) reached the command's process group already.  The
 * init of a new PID namespace never gets a signal it does not catch from
 * us (pid_namespaces(7)); it would have died of it anywhere else, so it
 * gets SIGKILL, which the kernel always delivers from outside. */
static void pass_on_signal(int sig, siginfo_t *info, void *context)
{
	int saved_errno = errno;

	(void)context;
	pass_on_caught = sig;
	if (pass_on_target > 0 && (!info || info->si_code != SI_KERNEL)) {
		kill(pass_on_target, sig);
		if (pass_on_to_init && !process_catches(pass_on_target, sig))
			kill(pass_on_target, SIGKILL);
	}
	errno = saved_errno;
}

/* Catch the passed-on signals whose disposition is the default one (the
 * process would die of them); OLD receives the dispositions to restore. */
static void pass_on_catch(pid_t target, struct sigaction old[N_PASSED_ON])
{
	struct sigaction sa;

	pass_on_target = target;
	pass_on_caught = 0;
	pass_on_to_init = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = pass_on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_PASSED_ON; i++) {
		sigaction(passed_on_signals[i], NULL, &old[i]);
		if (!(old[i].sa_flags & SA_SIGINFO) && old[i].sa_handler == SIG_DFL)
			sigaction(passed_on_signals[i], &sa, NULL);
	}
}

static sigset_t fork_saved_mask;
static int fork_mask_held;

pid_t shell_fork_command(struct shell *sh)
{
	sigset_t hold;
	pid_t pid;

	if (!sh->interactive && !fork_mask_held) {
		sigemptyset(&hold);
		for (size_t i = 0; i < N_PASSED_ON; i++)
			sigaddset(&hold, passed_on_signals[i]);
		sigprocmask(SIG_BLOCK, &hold, &fork_saved_mask);
		fork_mask_held = 1;
	}
	pid = sys_fork();
	if (pid <= 0 && fork_mask_held) {
		/* the child: its own signals; a failed fork: nothing to wait */
		sigprocmask(SIG_SETMASK, &fork_saved_mask, NULL);
		fork_mask_held = 0;
	}
	return pid;
}

/* Die of SIG, as the process would have at once had it not waited for its
 * command first. */
static void die_of_signal(int sig) __attribute__((noreturn));
static void die_of_signal(int sig)
{
	sigset_t unblock;

	fflush(NULL);
	signal(sig, SIG_DFL);
	sigemptyset(&unblock);
	sigaddset(&unblock, sig);
	sigprocmask(SIG_UNBLOCK, &unblock, NULL);
	raise(sig);
	_exit(128 + sig);
}

/* A shell that is not interactive (a background job's child, nsh -c, a
 * script) stands for the command unshare, nsenter or lab runs: `kill %1`
 * or `kill $!` reaches the shell process, which would die and leave the
 * command running on.  So a signal that would kill it is passed on to the
 * command, and the shell dies of it once the command has ended. */
int shell_wait_foreground(struct shell *sh, pid_t pid, const char *what)
{
	struct job *job = job_new(sh, what, 0);
	struct sigaction old[N_PASSED_ON];
	int status, caught, id;

	if (!job) {
		if (fork_mask_held) {
			sigprocmask(SIG_SETMASK, &fork_saved_mask, NULL);
			fork_mask_held = 0;
		}
		return nsh_error(NULL, "out of memory");
	}
	if (sh->job_control)
		setpgid(pid, pid);
	job_add_proc(job, pid);
	if (sh->interactive)
		return jobs_foreground(sh, job, 0);
	id = job->id;
	pass_on_catch(pid, old);
	if (fork_mask_held) { /* what came since the fork is passed on now */
		sigprocmask(SIG_SETMASK, &fork_saved_mask, NULL);
		fork_mask_held = 0;
	}
	status = jobs_foreground(sh, job, 0); /* a job that ended is freed */
	pass_on_target = 0;
	for (size_t i = 0; i < N_PASSED_ON; i++)
		sigaction(passed_on_signals[i], &old[i], NULL);
	caught = pass_on_caught;
	if (caught && !job_by_id(sh, id))
		die_of_signal(caught);
	return status;
}

/* The process between the shell and the command (unshare --fork's C,
 * nsenter's process outside a PID namespace) waits for its child and ends
 * the same way, so the shell sees the command's own status or signal.
 * Signals sent to it alone are passed on; the terminal's reach both (one
 * process group) and it ignores SIGINT and SIGQUIT.  The caller may have
 * blocked SIGINT and SIGTERM before forking, so that none is lost before
 * this runs.  EXEC_PASS_ON_INIT: the child is PID 1 of a new PID
 * namespace.  EXEC_PASS_ON_STOPS: a stop of the child (even one sent to it
 * alone) stops this process too, and `fg` resumes the pair at once;
 * without it this process stops only of the terminal's SIGTSTP, as
 * util-linux unshare does, and a stopped child stays stopped alone. */
void exec_wait_and_pass_on(pid_t child, int flags)
{
	struct sigaction old[N_PASSED_ON];
	struct rlimit no_core = {0, 0};
	sigset_t unblock;
	int status, mirror_stops = (flags & EXEC_PASS_ON_STOPS) != 0;
	pid_t rc;

	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	if (mirror_stops) {
		signal(SIGTSTP, SIG_IGN);
		signal(SIGTTIN, SIG_IGN);
		signal(SIGTTOU, SIG_IGN);
	}
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	pass_on_catch(child, old);
	pass_on_to_init = (flags & EXEC_PASS_ON_INIT) != 0;
	sigemptyset(&unblock);
	for (size_t i = 0; i < N_PASSED_ON; i++)
		sigaddset(&unblock, passed_on_signals[i]);
	sigprocmask(SIG_UNBLOCK, &unblock, NULL);
	for (;;) {
		rc = sys_waitpid(child, &status, mirror_stops ? WUNTRACED : 0);
		if (rc < 0)
			_exit(1);
		if (!WIFSTOPPED(status))
			break;
		raise(SIGSTOP);
		kill(child, SIGCONT);
	}
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	setrlimit(RLIMIT_CORE, &no_core); /* the command dumped core already */
	die_of_signal(WTERMSIG(status));
}
