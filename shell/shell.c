/* nsh's entry point and the loops that feed the executor: `-c`, a script
 * file, commands from a pipe, or the interactive REPL on a terminal. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "ast.h"
#include "exec.h"
#include "io.h"
#include "jobs.h"
#include "doctor.h"
#include "lab/lab_cli.h"
#include "nsh.h"
#include "repl.h"
#include "session.h"
#include "sys/trace.h"

#ifndef NSH_VERSION
#define NSH_VERSION "0.0.0"
#endif

struct shell *nsh_shell;

/* ---- feeding source text to the parser, line by line -------------------- */

/* Lines accumulate until they parse: an open quote, a trailing backslash,
 * `|` or `&&` at the end ask for the next line (parse_error.incomplete). */
struct line_feed {
	char *buf;
	size_t len, cap;
	int first_line; /* line number of buf's first line */
	int next_line;	/* line number of the next line fed */
	const char *origin;
	int show_line; /* name the line in syntax errors (not on a terminal) */
};

static int feed_append(struct line_feed *lf, const char *text, size_t len)
{
	if (lf->len + len + 2 > lf->cap) {
		size_t cap = (lf->len + len + 2) * 2;
		char *buf = realloc(lf->buf, cap);
		if (!buf)
			return -1;
		lf->buf = buf;
		lf->cap = cap;
	}
	memcpy(lf->buf + lf->len, text, len);
	lf->len += len;
	lf->buf[lf->len] = '\0';
	return 0;
}

/* "nsh: -c: line 1, column 8: syntax error near unexpected token `|'".
 * The parser counts lines from the start of the text it was given and
 * columns from the start of that line; the feed knows where the text
 * started in the whole input. */
static void report_syntax_error(struct line_feed *lf, const struct parse_error *err)
{
	int line = lf->first_line + (err->line > 0 ? err->line - 1 : 0);

	if (lf->show_line)
		nsh_error(lf->origin, "line %d, column %d: %s", line, err->column, err->msg);
	else
		nsh_error(lf->origin, "column %d: %s", err->column, err->msg);
}

static void feed_reset(struct line_feed *lf)
{
	lf->len = 0;
	if (lf->buf)
		lf->buf[0] = '\0';
	lf->first_line = lf->next_line;
}

/* Parse what has accumulated and run it if complete.  at_eof: no more
 * lines will come, so an incomplete input is an error. */
static void feed_try(struct shell *sh, struct line_feed *lf, int at_eof)
{
	struct program *prog = NULL;
	struct parse_error err;

	memset(&err, 0, sizeof err);
	if (parse_program(lf->buf ? lf->buf : "", &prog, &err) == 0) {
		feed_reset(lf);
		exec_program(sh, prog);
		program_free(prog);
		return;
	}
	if (err.incomplete && !at_eof)
		return;
	if (err.incomplete && !err.msg[0])
		snprintf(err.msg, sizeof err.msg, "syntax error: unexpected end of file");
	report_syntax_error(lf, &err);
	sh->status = 2;
	feed_reset(lf);
}

/* One line (without its newline) from a script, -c or stdin.  A NUL byte
 * cannot be part of a command (the parser takes C strings): it is dropped
 * with a warning and the rest of the line kept, as bash does, rather than
 * cutting the line short without a word. */
static void feed_line(struct shell *sh, struct line_feed *lf, const char *line, size_t len)
{
	const char *p = line, *end = line + len, *nul;
	int dropped = 0;

	if (lf->len && feed_append(lf, "\n", 1) < 0)
		return;
	while ((nul = memchr(p, '\0', (size_t)(end - p))) != NULL) {
		if (feed_append(lf, p, (size_t)(nul - p)) < 0)
			goto oom;
		dropped = 1;
		p = nul + 1;
	}
	if (feed_append(lf, p, (size_t)(end - p)) < 0)
		goto oom;
	if (dropped) {
		if (lf->show_line)
			nsh_error(lf->origin, "line %d: warning: ignored null byte in input", lf->next_line);
		else
			nsh_error(lf->origin, "warning: ignored null byte in input");
	}
	lf->next_line++;
	feed_try(sh, lf, 0);
	return;
oom:
	nsh_error(NULL, "out of memory");
}

static void feed_finish(struct shell *sh, struct line_feed *lf)
{
	if (lf->len && !sh->exiting)
		feed_try(sh, lf, 1);
	free(lf->buf);
	lf->buf = NULL;
}

/* Feed LEN bytes of text line by line; the text may hold NUL bytes (a
 * file read whole), so lines are found by length, not by C string. */
static void feed_text(struct shell *sh, struct line_feed *lf, const char *src, size_t len)
{
	const char *p = src, *end = src + len, *nl;

	while (p < end && !sh->exiting) {
		nl = memchr(p, '\n', (size_t)(end - p));
		feed_line(sh, lf, p, nl ? (size_t)(nl - p) : (size_t)(end - p));
		if (!nl)
			break;
		p = nl + 1;
	}
	feed_finish(sh, lf);
}

int shell_run_string(struct shell *sh, const char *src, const char *origin)
{
	struct line_feed lf = {.first_line = 1, .next_line = 1, .origin = origin};

	lf.show_line = origin != NULL || !sh->interactive;
	feed_text(sh, &lf, src, strlen(src));
	return sh->status;
}

int shell_run_file(struct shell *sh, const char *path)
{
	struct line_feed lf = {.first_line = 1, .next_line = 1, .origin = path, .show_line = 1};
	char *text = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *grown;
			cap = (len + 4096 + 1) * 2;
			grown = realloc(text, cap);
			if (!grown) {
				free(text);
				close(fd);
				errno = ENOMEM;
				return -1;
			}
			text = grown;
		}
		n = read(fd, text + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) { /* EISDIR: `nsh /tmp` */
			int err = errno;
			free(text);
			close(fd);
			errno = err;
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (!text)
		return sh->status = 0;
	text[len] = '\0';
	sh->status = 0;
	feed_text(sh, &lf, text, len);
	free(text);
	return sh->status;
}

/* Commands from a pipe or file on stdin.  A command that reads stdin must
 * find the rest of the input there, so nsh never reads past the end of the
 * current line: byte by byte on a pipe, by blocks and a seek back on a file. */
static int read_stdin_line(char **line, size_t *cap, size_t *len)
{
	int seekable = lseek(0, 0, SEEK_CUR) >= 0;
	char block[4096];

	*len = 0;
	for (;;) {
		ssize_t n = read(0, block, seekable ? sizeof block : 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return *len ? 0 : -1;
		char *nl = memchr(block, '\n', (size_t)n);
		size_t take = nl ? (size_t)(nl - block) : (size_t)n;
		if (*len + take + 1 > *cap) {
			*cap = (*len + take + 1) * 2;
			char *grown = realloc(*line, *cap);
			if (!grown)
				return -1;
			*line = grown;
		}
		memcpy(*line + *len, block, take);
		*len += take;
		(*line)[*len] = '\0';
		if (nl) {
			if (seekable)
				lseek(0, (off_t)(take + 1) - n, SEEK_CUR);
			return 0;
		}
	}
}

static int run_stdin(struct shell *sh)
{
	struct line_feed lf = {.first_line = 1, .next_line = 1, .origin = NULL, .show_line = 1};
	char *line = NULL;
	size_t cap = 0, len;

	while (!sh->exiting && read_stdin_line(&line, &cap, &len) == 0)
		feed_line(sh, &lf, line, len);
	free(line);
	feed_finish(sh, &lf);
	return sh->status;
}

void shell_notify_jobs(struct shell *sh)
{
	if (sh->jobs)
		jobs_notify(sh, sh->interactive);
}

/* ---- start-up ------------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f, "usage: nsh [-c COMMANDS [ARG0 [ARGS...]] | FILE [ARGS...]]\n"
		   "       nsh lab [list|start|check|demo|verify|...] [ARGS...]\n"
		   "       nsh --help | --version\n"
		   "\n"
		   "nsh is an interactive teaching shell for Linux namespaces.  Without\n"
		   "arguments it reads commands from the terminal (or from stdin when that\n"
		   "is not a terminal).  Its builtins (unshare, nsenter, mountproc, lsns,\n"
		   "pidtree, kill, ...) explain what the kernel did and why it refused;\n"
		   "`help` lists them, `lab` starts a guided lab.  See nsh(1).\n");
}

/* Ctrl-C while the shell itself waits (`wait`): only a flag; the REPL
 * installs its own handler while it reads a line. */
static void on_sigint(int sig)
{
	(void)sig;
	jobs_interrupted = 1;
}

/* A shell on a terminal puts itself in its own process group, takes the
 * terminal, and ignores the job-control signals: Ctrl-Z and Ctrl-\ reach
 * the foreground job, never the shell (see credentials(7), termios(3)). */
static void setup_job_control(struct shell *sh)
{
	struct sigaction sa;
	pid_t pgrp;

	sh->tty_fd = fcntl(0, F_DUPFD_CLOEXEC, 10);
	if (sh->tty_fd < 0)
		return;
	/* Started in the background: stop until the terminal is ours.  A
	 * terminal that is not our controlling terminal (tcgetpgrp fails)
	 * gives a shell without job control. */
	signal(SIGTTIN, SIG_DFL);
	for (;;) {
		pid_t foreground = tcgetpgrp(sh->tty_fd);
		pgrp = getpgrp();
		if (foreground < 0) {
			close(sh->tty_fd);
			sh->tty_fd = -1;
			return;
		}
		if (foreground == pgrp)
			break;
		kill(-pgrp, SIGTTIN);
	}
	signal(SIGTTOU, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTERM, SIG_IGN); /* as bash: `kill 0` must not end the shell */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	if (getpgrp() != getpid())
		setpgid(0, 0);
	sh->pgid = getpgrp();
	tcsetpgrp(sh->tty_fd, sh->pgid);
	sh->job_control = 1;
}

static const char *find_self_exe(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

int nsh_main(int argc, char **argv)
{
	static struct shell shell;
	struct shell *sh = &shell;
	const char *command = NULL, *script = NULL, *env;
	int first_param = argc, status;

	if (argc >= 2 && !strcmp(argv[1], "lab"))
		return lab_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "doctor"))
		return doctor_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("nsh %s\n", NSH_VERSION);
		return 0;
	}

	sh->pid = getpid();
	sh->is_init = sh->pid == 1;
	sh->tty_fd = -1;
	sh->pgid = getpgrp();
	env = getenv("NSH_HINTS");
	sh->opt_hints = !(env && !strcmp(env, "0"));
	env = getenv("NO_COLOR"); /* no-color.org: set and not empty */
	sh->color = !(env && *env) && isatty(2);
	env = getenv("NSH_SHELL_INTEGRATION");
	sh->shell_integration = env && !strcmp(env, "1");
	sh->self_exe = find_self_exe();
	sh->arg0 = argv[0];
	nsh_shell = sh;

	if (argc >= 2 && !strcmp(argv[1], "-c")) {
		if (argc < 3) {
			nsh_error(NULL, "-c: option requires an argument");
			usage(stderr);
			return 2;
		}
		command = argv[2];
		if (argc >= 4)
			sh->arg0 = argv[3];
		first_param = argc >= 4 ? 4 : argc;
	} else if (argc >= 2 && !strcmp(argv[1], "-s")) {
		first_param = 2;
	} else if (argc >= 2 && argv[1][0] == '-' && strcmp(argv[1], "-") != 0) {
		int start = !strcmp(argv[1], "--") ? 2 : 1;
		if (start == 1) {
			nsh_error(NULL, "%s: invalid option", argv[1]);
			usage(stderr);
			return 2;
		}
		if (argc > 2) {
			script = argv[2];
			sh->arg0 = argv[2];
			first_param = 3;
		}
	} else if (argc >= 2 && strcmp(argv[1], "-") != 0) {
		script = argv[1];
		sh->arg0 = argv[1];
		first_param = 2;
	} else if (argc >= 2) {
		first_param = 2;
	}
	shell_set_params(sh, argv + first_param, argc - first_param, NULL, NULL);

	session_init();
	env = getenv("NSH_TRACE");
	if (env && !strcmp(env, "1")) {
		sh->opt_trace = 1;
		sys_trace_set(2, sh->color);
	}

	if (command) {
		jobs_init(sh);
		status = shell_run_string(sh, command, "-c");
	} else if (script) {
		jobs_init(sh);
		status = shell_run_file(sh, script);
		if (status < 0) {
			int err = errno;
			nsh_error(NULL, "%s: %s", script, strerror(err));
			status = err == ENOENT ? 127 : 126;
		}
	} else if (isatty(0) && isatty(2)) {
		sh->interactive = 1;
		setup_job_control(sh);
		jobs_init(sh);
		status = repl_run(sh);
	} else {
		jobs_init(sh);
		status = run_stdin(sh);
	}
	if (sh->exiting)
		status = sh->exit_status;
	jobs_hangup_stopped(sh);
	fflush(stdout);
	return status & 0xff;
}
