/* The lab supervisor.
 *
 * Design, and the choices made:
 *
 *  - The supervisor is the `nsh lab ...` process itself; its Lua state is
 *    created only now (labrt.c).  It never enters the sandbox: it reads
 *    the sandbox's /proc through /proc/INIT/root/proc, which shows the
 *    sandbox's own PID numbers, so checks and students see the same PIDs.
 *
 *  - The sandbox (sandbox.c) is made by a "holder" child that unshares
 *    user (when not root), PID, mount and UTS namespaces and forks PID 1, a
 *    reaper.  Both carry PR_SET_PDEATHSIG(SIGKILL): supervisor -> holder ->
 *    init, so killing the supervisor by any signal ends the holder, then
 *    init, and the kernel kills every process of the sandbox's PID
 *    namespace.  We use a holder rather than clone(CLONE_NEWPID) from the
 *    supervisor so that every namespace call goes through the sys/ wrappers
 *    (sys_unshare, sys_setns, sys_mount) like the rest of nsh.
 *
 *  - Shells are not started by init: a helper setns()es into the sandbox
 *    through a pidfd of init and forks the shell, which is how `nsh lab
 *    attach` and the second terminal work too — one way in for all.
 *
 *  - Each terminal is a pty the supervisor owns.  Its output goes through a
 *    cmd_tracker (marks.c) that follows the OSC 133 marks at any nesting
 *    depth and reports commands; the current step is checked after each.
 *    Messages for the student wait for the next prompt mark, so they never
 *    land in the middle of a command's output.  The `lab` builtin inside
 *    writes a private OSC (7770) on its terminal; the tracker takes it out
 *    of the stream and the supervisor answers on that terminal.
 *
 *  - In guided mode the supervisor relays the real terminal (raw mode,
 *    restored on every exit path) to terminal 1, and listens on a socket for
 *    `nsh lab attach`, which is relayed to terminal 2 the same way, so
 *    commands typed in the second terminal are seen and checked too.  The
 *    auto modes (check, demo, verify) type into both terminals themselves.
 *
 *  - Waiting is always on an event with a deadline (a prompt mark, a
 *    child's exit), never a fixed sleep; only demo mode paces on purpose. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "labrt.h"
#include "lab/marks.h"
#include "lab/progress.h"
#include "lab/record.h" /* recordings and results */
#include "lab/report.h"
#include "lab/sandbox.h"
#include "lab/supervisor.h"

extern char **environ;

#define DEFAULT_TIMEOUT 10.0
#define BASH_PROMPT_GRACE 0.3 /* bash gives A but no B: type this long after A */

struct session;

struct term {
	int n;	    /* 1 or 2 */
	int master; /* -1 if not started */
	pid_t helper;
	int alive;
	int ready;     /* the prompt is complete; nothing typed since */
	int at_prompt; /* an A arrived and nothing typed since */
	double prompt_at;
	int saw_b;
	struct cmd_tracker tracker;
	struct session *s;
	int client;	      /* attach client (terminal 2 in guided mode), or -1 */
	struct strbuf notice; /* shown at the next prompt */
};

struct session {
	const struct lab_options *o;
	enum lab_mode mode;
	int idle; /* verify's idle pass: record commands, check nothing */
	struct labrt rt;
	struct sandbox sb;
	int have_sandbox;
	struct term term[2];
	int step, nsteps;
	int last_passed;
	int quit;
	struct lab_report *report;
	double step_started;
	char *last_reason;
	char *lab_id;
	int out; /* the real terminal or transcript, or -1 */
	int in;	 /* the real terminal's input (guided/demo), or -1 */
	int raw; /* out is in raw mode: our \n become \r\n */
	int color;
	int shown_term; /* which terminal's output was last shown */
	struct progress progress;
	char progress_file[4096];
	int save_progress;
	int listen_fd;
	char sock_path[108];
	struct labrt_record idle_rec; /* verify: the last command of the idle pass */
	char *idle_cmd, *idle_out;
	int idle_done;
	char *shell;	     /* the program of the terminals */
	size_t unread_chars; /* demo: narration shown since the last pause */
	struct {	     /* guided: a failed check re-run in the background */
		int active;
		struct term *t;
		int step;
		struct labrt_record rec;
		char *cmd, *output;
		double deadline, next;
	} recheck;
	int late; /* finish_step: the prompt is already shown */
};

/* ---- time, signals, terminal ------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int sigchld_pipe[2] = {-1, -1};
static struct termios saved_termios;
static int saved_termios_fd = -1;

static volatile sig_atomic_t window_changed;

/* SIGWINCH on the real terminal: noted here, passed on to terminal 1 by
 * the event loop (woken through the same pipe as SIGCHLD). */
static void on_sigwinch(int sig)
{
	int saved = errno;
	(void)sig;
	window_changed = 1;
	if (sigchld_pipe[1] >= 0 && write(sigchld_pipe[1], "w", 1) < 0) {
		/* full: a wake-up is pending anyway */
	}
	errno = saved;
}

static void on_sigchld(int sig)
{
	int saved = errno;
	(void)sig;
	if (sigchld_pipe[1] >= 0 && write(sigchld_pipe[1], "c", 1) < 0) {
		/* the pipe is full: a wake-up is pending anyway */
	}
	errno = saved;
}

static void restore_terminal(void)
{
	if (saved_termios_fd >= 0) {
		tcsetattr(saved_termios_fd, TCSAFLUSH, &saved_termios);
		saved_termios_fd = -1;
	}
}

/* SIGTERM/SIGHUP/SIGQUIT while the terminal is raw: restore it, then die
 * of the same signal (the sandbox follows through PDEATHSIG). */
static void on_fatal_signal(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int enter_raw_mode(int fd)
{
	struct termios raw;

	if (tcgetattr(fd, &saved_termios) < 0)
		return -errno;
	raw = saved_termios;
	cfmakeraw(&raw);
	if (tcsetattr(fd, TCSAFLUSH, &raw) < 0)
		return -errno;
	saved_termios_fd = fd;
	atexit(restore_terminal);
	signal(SIGTERM, on_fatal_signal);
	signal(SIGHUP, on_fatal_signal);
	signal(SIGQUIT, on_fatal_signal);
	return 0;
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (fd >= 0 && len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				struct pollfd p = {.fd = fd, .events = POLLOUT};
				poll(&p, 1, 100);
				continue;
			}
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* Text of ours on a display: \n becomes \r\n when the display is raw. */
static void display(struct session *s, int fd, int raw, const char *text)
{
	struct strbuf b = {0};

	if (fd < 0)
		return;
	for (const char *p = text; *p; p++) {
		if (*p == '\n' && raw)
			sb_addc(&b, '\r');
		sb_addc(&b, *p);
	}
	write_all(fd, sb_str(&b), b.len);
	sb_free(&b);
	(void)s;
}

/* Where a terminal's messages go: terminal 2's attach client, or ours. */
static void show_on(struct term *t, const char *text)
{
	struct session *s = t->s;

	record_message(t->n, text); /* recording (record.c) */
	if (t->n == 2 && t->client >= 0)
		display(s, t->client, 1, text);
	else
		display(s, s->out, s->raw, text);
}

/* ---- messages ----------------------------------------------------------- */

static const char *c_on(struct session *s, const char *code)
{
	return s->color ? code : "";
}

/* Indented block of text (trailing newlines trimmed). */
static void add_block(struct strbuf *b, const char *indent, const char *text)
{
	const char *p = text;

	while (*p == '\n')
		p++;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (!nl && len == 0)
			break;
		sb_add(b, indent, strlen(indent));
		sb_add(b, p, len);
		sb_addc(b, '\n');
		p += len;
		if (*p == '\n')
			p++;
	}
}

/* The instruction of step i: its number, say, and prediction question. */
static void add_step_intro(struct session *s, struct strbuf *b, int i)
{
	char *say = labrt_step_string(&s->rt, i, "say");
	char *predict = labrt_prediction_text(&s->rt, i);

	sb_addf(b, "\n%s[lab] Step %d of %d%s\n", c_on(s, "\033[1;36m"), i, s->nsteps, c_on(s, "\033[0m"));
	add_block(b, "  ", say ? say : "");
	if (predict)
		add_block(b, "  ", predict);
	if (s->mode == LAB_GUIDED)
		sb_addf(b, "  %s(lab hint: a hint; lab status: where you are)%s\n", c_on(s, "\033[2m"),
			c_on(s, "\033[0m"));
	free(say);
	free(predict);
}

static void queue_notice(struct term *t, const char *text)
{
	sb_add(&t->notice, text, strlen(text));
}

static void flush_notice(struct term *t)
{
	if (t->notice.len) {
		t->s->unread_chars += t->notice.len;
		show_on(t, sb_str(&t->notice));
		t->notice.len = 0;
		t->notice.s[0] = '\0';
	}
}

/* A message for a terminal where nothing happened (the step passed on the
 * other one): if its shell waits at the prompt, show it now, then draw the
 * prompt and the typed text again as they were (readline keeps its cursor:
 * the line looks the same to it); if a command runs there, at its next
 * prompt. */
static void notify_idle_term(struct term *t, const char *text)
{
	if (!t->at_prompt && !t->ready) {
		queue_notice(t, text);
		return;
	}
	t->s->unread_chars += strlen(text); /* demo: time to read it */
	show_on(t, "\n");
	show_on(t, text);
	/* redraw the prompt and what was typed, as the terminal showed them */
	const char *prompt, *typed;
	size_t prompt_len;
	if (tracker_input_line(&t->tracker, &prompt, &prompt_len, &typed)) {
		int fd = t->n == 2 && t->client >= 0 ? t->client : t->s->out;
		write_all(fd, prompt, prompt_len);
		write_all(fd, typed, strlen(typed));
	}
}

/* ---- steps --------------------------------------------------------------- */

static struct step_report *current_report(struct session *s)
{
	if (!s->report || s->step < 1 || s->step > s->report->nsteps)
		return NULL;
	return &s->report->steps[s->step - 1];
}

static void set_reason(struct session *s, const char *why)
{
	free(s->last_reason);
	s->last_reason = why ? strdup(why) : NULL;
}

/* The current step is over: passed (1), failed (0) or skipped (-1).  The
 * report, the progress, and (guided/demo) the messages. */
static void finish_step(struct session *s, struct term *t, int result, const char *command)
{
	struct step_report *r = current_report(s);
	int i = s->step;
	struct strbuf b = {0};

	if (r) {
		r->result = result > 0 ? STEP_PASS : result == 0 ? STEP_FAIL : STEP_SKIP;
		r->seconds = now() - s->step_started;
		if (result <= 0)
			report_set_message(&r->message, s->last_reason ? s->last_reason
							: result < 0   ? "skipped"
								       : "the check did not pass");
		if (command)
			report_set_message(&r->command, command);
	}
	labrt_advance(&s->rt, i, result > 0);
	record_step_end(i, result, r ? r->title : NULL, s->mode); /* marker, result file (record.c) */
	if (result > 0)
		s->last_passed = i;
	if (s->save_progress && result != 0) {
		struct progress_lab *pl = progress_find(&s->progress, s->lab_id, 1);
		if (pl) {
			progress_mark(pl, i, result > 0 ? 'p' : 's', time(NULL));
			if (i == s->nsteps)
				pl->completed = time(NULL);
			progress_save(s->progress_file, &s->progress);
		}
	}
	if (s->mode != LAB_CHECK && t) {
		if (result > 0) {
			char *why = labrt_step_string(&s->rt, i, "why");
			char *outcome = labrt_prediction_outcome(&s->rt, i);

			sb_addf(&b, "\n%s[lab] Step %d passed.%s\n", c_on(s, "\033[1;32m"), i,
				c_on(s, "\033[0m"));
			if (outcome)
				add_block(&b, "  ", outcome);
			if (why)
				add_block(&b, "  ", why);
			free(why);
			free(outcome);
		} else if (result < 0) {
			sb_addf(&b, "\n[lab] Step %d skipped.\n", i);
		}
	}
	s->step++;
	s->step_started = now();
	set_reason(s, NULL);
	if (s->mode != LAB_CHECK && t) {
		if (s->step <= s->nsteps) {
			add_step_intro(s, &b, s->step);
		} else {
			char *outro = labrt_lab_string(&s->rt, "outro");
			sb_addf(&b, "\n%s[lab] Lab complete.%s\n", c_on(s, "\033[1;32m"), c_on(s, "\033[0m"));
			if (outro)
				add_block(&b, "  ", outro);
			if (s->mode == LAB_GUIDED)
				sb_addf(&b, "  (type exit or lab quit to leave)\n");
			free(outro);
		}
		if (s->late)
			notify_idle_term(t, sb_str(&b));
		else
			queue_notice(t, sb_str(&b));
		/* guided: terminal 2 has a screen of its own; tell terminal 1 too */
		if (t->n == 2 && s->mode == LAB_GUIDED && s->term[0].master >= 0)
			notify_idle_term(&s->term[0], sb_str(&b));
	}
	sb_free(&b);
}

/* ctx.shell: the sandbox PID of the terminal's foreground process group
 * now (the innermost shell, at its prompt), or 0. */
static long term_shell(struct session *s, struct term *t)
{
	pid_t fg = t->master >= 0 ? tcgetpgrp(t->master) : -1;

	return fg > 0 && s->have_sandbox ? sandbox_pid_of(&s->sb, fg) : 0;
}

static void cancel_recheck(struct session *s)
{
	if (!s->recheck.active)
		return;
	free(s->recheck.cmd);
	free(s->recheck.output);
	memset(&s->recheck, 0, sizeof s->recheck);
}

/* A failed check re-run from the event loop (every 20 ms until the step's
 * `wait` is over), when its time has come. */
static void run_recheck(struct session *s)
{
	char *message = NULL;
	int lab_error = 0;
	struct term *t = s->recheck.t;

	if (!s->recheck.active || now() < s->recheck.next)
		return;
	if (s->step != s->recheck.step || now() >= s->recheck.deadline) {
		cancel_recheck(s);
		return;
	}
	/* what comes from the live state is taken again: the shell at the
	 * prompt changes when a nested shell that ran `exit` is gone */
	s->recheck.rec.shell = term_shell(s, t);
	if (labrt_evaluate(&s->rt, s->step, &s->recheck.rec, 1, &message, &lab_error)) {
		char *cmd = strdup(s->recheck.cmd);

		cancel_recheck(s);
		s->late = 1;
		finish_step(s, t, 1, cmd);
		s->late = 0;
		free(cmd);
	} else if (lab_error) {
		char buf[1200];

		snprintf(buf, sizeof buf, "error in the lab's check: %s", message ? message : "?");
		set_reason(s, buf);
		cancel_recheck(s);
	} else {
		s->recheck.next = now() + 0.02;
		if (message)
			set_reason(s, message);
	}
	free(message);
}

/* A command is over (or started a nested shell): check the current step. */
static void check_command(struct session *s, struct term *t, const struct tracked_command *c)
{
	struct labrt_record rec = {
	    .cmd = c->cmd,
	    .output = c->output,
	    .has_status = c->has_status,
	    .status = c->status,
	    .term = t->n,
	    .depth = c->depth,
	};
	char *message = NULL;
	int lab_error = 0, passed;
	double wait, deadline;

	rec.shell = term_shell(s, t);
	if (s->idle) {
		free(s->idle_cmd);
		free(s->idle_out);
		s->idle_cmd = strdup(c->cmd);
		s->idle_out = strdup(c->output);
		s->idle_rec = rec;
		s->idle_rec.cmd = s->idle_cmd;
		s->idle_rec.output = s->idle_out;
		s->idle_done = 1;
		return;
	}
	if (s->step < 1 || s->step > s->nsteps)
		return;
	/* the lab's own commands are not attempts at the step */
	if (strcmp(c->cmd, "lab") == 0 || strncmp(c->cmd, "lab ", 4) == 0)
		return;
	/* the result's attempts (record.c) */
	record_attempt(s->step, t->n, c->cmd, c->has_status, c->depth, s->mode);
	passed = labrt_evaluate(&s->rt, s->step, &rec, 0, &message, &lab_error);
	/* State catches up just after the prompt returns (a background job
	 * not yet exec'd, a killed process not yet gone): a failing check is
	 * re-run for a moment (a step's `wait`), but only when `expect` held:
	 * a command line, output or status that does not match cannot change
	 * by waiting, and an earlier command's re-runs go on.  The re-runs
	 * are a timer of the event loop, never a blocking loop: the terminals
	 * stay relayed meanwhile, so a shell that is exiting, or a job writing
	 * to the terminal, is never held up by an unread pty.  Guided: the
	 * prompt comes back at once and a late pass is announced at the
	 * prompt; check and demo wait for the re-runs before typing on. */
	wait = labrt_step_number(&s->rt, s->step, "wait", 1.0);
	deadline = now() + wait;
	if (!passed && !lab_error && !s->rt.settled && wait > 0) {
		cancel_recheck(s);
		s->recheck.active = 1;
		s->recheck.t = t;
		s->recheck.step = s->step;
		s->recheck.rec = rec;
		s->recheck.cmd = strdup(c->cmd);
		s->recheck.output = strdup(c->output);
		s->recheck.rec.cmd = s->recheck.cmd;
		s->recheck.rec.output = s->recheck.output;
		s->recheck.deadline = deadline;
		s->recheck.next = now() + 0.02;
	}
	if (passed) {
		free(message);
		finish_step(s, t, 1, c->cmd);
		return;
	}
	if (!lab_error && s->rt.settled && s->recheck.active) {
		/* an earlier command is still re-checked (an outer unshare ends
		 * while its shell's `exit` is): its reason and command stand */
		free(message);
		return;
	}
	if (lab_error) {
		char buf[1200];
		snprintf(buf, sizeof buf, "error in the lab's check: %s", message ? message : "?");
		set_reason(s, buf);
		if (s->mode != LAB_CHECK) {
			char shown[1300];
			snprintf(shown, sizeof shown, "\n[lab] %s\n", buf);
			queue_notice(t, shown);
		}
	} else {
		set_reason(s, message);
	}
	struct step_report *r = current_report(s);
	if (r) {
		report_set_message(&r->command, c->cmd);
		free(r->output);
		r->output = strndup(c->output, REPORT_OUTPUT_MAX);
	}
	free(message);
}

/* ---- the `lab` builtin -------------------------------------------------- */

static void lab_verb(struct session *s, struct term *t, const char *verb, const char *arg)
{
	struct strbuf b = {0};
	int i = s->step;

	if (strcmp(verb, "hint") == 0) {
		if (i > s->nsteps) {
			sb_addf(&b, "[lab] The lab is complete: no more hints.\n");
		} else {
			int n = 0, total = 0;
			char *hint = labrt_hint(&s->rt, i, &n, &total);
			record_hint(i, n, total, s->mode); /* marker (record.c) */
			sb_addf(&b, "%s[lab] Hint %d of %d:%s\n", c_on(s, "\033[1;33m"), n, total,
				c_on(s, "\033[0m"));
			add_block(&b, "  ", hint ? hint : "(none)");
			free(hint);
		}
	} else if (strcmp(verb, "status") == 0) {
		char *title = labrt_lab_string(&s->rt, "title");
		sb_addf(&b, "[lab] %s: %s\n", s->lab_id, title ? title : "");
		free(title);
		if (i <= s->nsteps) {
			char *say = labrt_step_string(&s->rt, i, "say");
			sb_addf(&b, "  Step %d of %d:\n", i, s->nsteps);
			add_block(&b, "    ", say ? say : "");
			if (s->last_reason)
				sb_addf(&b, "  Last command: %s\n", s->last_reason);
			free(say);
		} else {
			sb_addf(&b, "  All %d steps done.\n", s->nsteps);
		}
	} else if (strcmp(verb, "why") == 0) {
		char *why = s->last_passed ? labrt_step_string(&s->rt, s->last_passed, "why") : NULL;
		if (why) {
			sb_addf(&b, "[lab] Why (step %d):\n", s->last_passed);
			add_block(&b, "  ", why);
		} else {
			sb_addf(&b, "[lab] No step has passed yet%s.\n",
				s->last_passed ? " with an explanation" : "");
		}
		free(why);
	} else if (strcmp(verb, "skip") == 0) {
		if (i <= s->nsteps) {
			set_reason(s, "skipped by the student");
			finish_step(s, t, -1, NULL);
			flush_notice(t);
		}
	} else if (strcmp(verb, "answer") == 0) {
		if (i > s->nsteps) {
			sb_addf(&b, "[lab] The lab is complete.\n");
		} else {
			int right = 0;
			char *fb = labrt_answer(&s->rt, i, arg, &right);
			record_answer(i, arg, right, s->mode); /* marker (record.c) */
			sb_addf(&b, "[lab] %s\n",
				right < 0 ? (fb ? fb : "no prediction here")
					  : "Answer noted. Now run the command and see.");
			free(fb);
		}
	} else if (strcmp(verb, "quit") == 0) {
		sb_addf(&b, "[lab] Leaving the lab; your progress is saved.\n");
		s->quit = 1;
	} else {
		sb_addf(&b, "[lab] unknown request '%s'\n", verb);
	}
	if (b.len)
		show_on(t, sb_str(&b));
	sb_free(&b);
}

/* ---- tracker callbacks ------------------------------------------------- */

static void on_event(void *ctx, enum tracker_event ev, const struct tracked_command *c, const struct mark *m)
{
	struct term *t = ctx;
	struct session *s = t->s;

	switch (ev) {
	case TRACK_PROMPT:
		t->ready = 0;
		t->at_prompt = 1;
		t->prompt_at = now();
		flush_notice(t);
		break;
	case TRACK_READY:
		t->ready = 1;
		t->saw_b = 1;
		break;
	case TRACK_COMMAND:
		t->ready = 0;
		t->at_prompt = 0;
		if (s->recheck.active && s->recheck.t == t)
			cancel_recheck(s); /* the next try is under way */
		break;
	case TRACK_DONE:
	case TRACK_NESTED:
		check_command(s, t, c);
		break;
	case TRACK_LAB:
		lab_verb(s, t, m->verb, m->arg);
		break;
	}
}

static pid_t on_foreground(void *ctx)
{
	struct term *t = ctx;
	return t->master >= 0 ? tcgetpgrp(t->master) : 0;
}

/* The terminal's output, passed on to whoever watches it. */
static void on_relay(void *ctx, const char *text, size_t len)
{
	struct term *t = ctx;
	struct session *s = t->s;

	record_output(t->n, text, len); /* recording (record.c) */
	if (t->n == 2 && t->client >= 0) {
		write_all(t->client, text, len);
		if (s->mode == LAB_GUIDED)
			return;
	}
	if (s->out < 0)
		return;
	if (s->mode != LAB_GUIDED && s->shown_term != t->n) {
		char banner[64];
		snprintf(banner, sizeof banner, "\n%s--- terminal %d ---%s\n", c_on(s, "\033[2m"), t->n,
			 c_on(s, "\033[0m"));
		display(s, s->out, s->raw, banner);
		s->shown_term = t->n;
	}
	if (s->mode == LAB_GUIDED && t->n == 2)
		return; /* terminal 2 belongs to the attach client */
	write_all(s->out, text, len);
}

/* ---- terminals ---------------------------------------------------------- */

/* The environment of the lab's shells: ours, minus what must not leak in,
 * plus the marks switch and bash's equivalents. */
static char **shell_environment(struct session *s, int n)
{
	static const char *const drop[] = {
	    "NSH_SESSION=",	      "NSH_LAB=", "NSH_LAB_TERM=", "PROMPT_COMMAND=", "PS0=",
	    "NSH_SHELL_INTEGRATION=", "TERM=",	  "LINES=",	   "COLUMNS=",	      NULL};
	size_t count = 0, k = 0;
	char **env;
	char buf[256];
	const char *term = getenv("TERM");

	while (environ[count])
		count++;
	env = calloc(count + 12, sizeof *env);
	if (!env)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		int skip = 0;
		for (int d = 0; drop[d]; d++)
			if (strncmp(environ[i], drop[d], strlen(drop[d])) == 0)
				skip = 1;
		if (!skip)
			env[k++] = strdup(environ[i]);
	}
	env[k++] = strdup("NSH_SHELL_INTEGRATION=1");
	snprintf(buf, sizeof buf, "NSH_LAB=%s", s->lab_id);
	env[k++] = strdup(buf);
	snprintf(buf, sizeof buf, "NSH_LAB_TERM=%d", n);
	env[k++] = strdup(buf);
	if (s->mode == LAB_GUIDED && term && *term) {
		snprintf(buf, sizeof buf, "TERM=%s", term);
		env[k++] = strdup(buf);
	} else {
		env[k++] = strdup("TERM=dumb");
	}
	if (s->mode != LAB_GUIDED)
		env[k++] = strdup("NSH_HISTFILE=/dev/null");
	/* A bash started in the lab: the end-of-command and prompt marks from
	 * PROMPT_COMMAND, B appended to its PS1, C from PS0. */
	env[k++] =
	    strdup("PROMPT_COMMAND=__nsh_s=$?; printf '\\033]133;D;%s\\007\\033]133;A\\007' \"$__nsh_s\"; "
		   "case \"$PS1\" in *133\\;B*) ;; *) PS1=\"$PS1\\[\\033]133;B\\007\\]\";; esac");
	env[k++] = strdup("PS0=\\033]133;C\\007");
	env[k] = NULL;
	return env;
}

static void free_env(char **env)
{
	for (size_t i = 0; env && env[i]; i++)
		free(env[i]);
	free(env);
}

static int start_term(struct session *s, struct term *t)
{
	int master, slave;
	struct winsize ws = {.ws_row = 40, .ws_col = 200};
	char *argv[] = {s->shell, NULL};
	char **env;
	const char *home = getenv("HOME");

	if (t->master >= 0) {
		/* a terminal whose shell went away (exit in check mode) */
		tracker_free(&t->tracker);
		close(t->master);
		t->master = -1;
	}
	if (s->mode == LAB_GUIDED && s->in >= 0 && t->n == 1)
		ioctl(s->in, TIOCGWINSZ, &ws);
	if (openpty(&master, &slave, NULL, NULL, &ws) < 0)
		return -errno;
	fcntl(master, F_SETFD, FD_CLOEXEC);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	env = shell_environment(s, t->n);
	t->helper = sandbox_spawn(&s->sb, slave, s->sb.unprivileged && t->n == 1, argv, env,
				  home && s->mode == LAB_GUIDED ? home : "/tmp");
	free_env(env);
	close(slave);
	if (t->helper < 0) {
		close(master);
		return (int)t->helper;
	}
	t->master = master;
	t->alive = 1;
	t->ready = t->at_prompt = 0;
	{
		struct tracker_cb cb = {.event = on_event, .foreground = on_foreground, .ctx = t};
		tracker_init(&t->tracker, &cb, on_relay, t);
	}
	return 0;
}

static void stop_term(struct term *t)
{
	if (t->master >= 0) {
		tracker_free(&t->tracker);
		close(t->master);
	}
	t->master = -1;
	if (t->helper > 0) {
		kill(t->helper, SIGKILL);
		while (waitpid(t->helper, NULL, 0) < 0 && errno == EINTR)
			;
	}
	t->helper = 0;
	t->alive = 0;
	if (t->client >= 0)
		close(t->client);
	t->client = -1;
	sb_free(&t->notice);
}

/* Reads what the terminal has; 0 when it has nothing more now. */
static void drain_term(struct term *t)
{
	char buf[8192];

	for (;;) {
		ssize_t n = read(t->master, buf, sizeof buf);
		if (n > 0) {
			tracker_feed(&t->tracker, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return;
	}
}

/* ---- the attach socket -------------------------------------------------- */

const char *supervisor_socket_path(char *buf, size_t len)
{
	const char *run = getenv("XDG_RUNTIME_DIR");
	char state[4096];

	if (run && *run == '/' && access(run, W_OK) == 0) {
		snprintf(buf, len, "%s/nsh-lab.sock", run);
		return buf;
	}
	if (!progress_path(state, sizeof state))
		return NULL;
	char *slash = strrchr(state, '/');
	if (slash)
		*slash = '\0';
	snprintf(buf, len, "%s/lab.sock", state);
	return buf;
}

static void open_attach_socket(struct session *s)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	s->listen_fd = -1;
	if (!supervisor_socket_path(s->sock_path, sizeof s->sock_path))
		return;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return;
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", s->sock_path);
	/* a live lab answers on it; a stale socket file is replaced */
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0) {
		close(fd);
		s->sock_path[0] = '\0';
		return;
	}
	unlink(s->sock_path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 2) < 0) {
		close(fd);
		s->sock_path[0] = '\0';
		return;
	}
	chmod(s->sock_path, 0600);
	s->listen_fd = fd;
}

/* The attach protocol: a connection starts with a 4-byte tag and the
 * client's window size.  "ATCH": the connection is terminal 2's screen and
 * keyboard from then on (raw bytes both ways).  "SIZE": the attached
 * client's window changed; the connection ends there. */
struct attach_hello {
	char tag[4];
	struct winsize ws;
};

static void accept_attach(struct session *s)
{
	int c = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	struct term *t = &s->term[1];
	struct attach_hello hello = {.ws = {.ws_row = 24, .ws_col = 80}};
	struct pollfd p = {.fd = c, .events = POLLIN};

	if (c < 0)
		return;
	if (poll(&p, 1, 2000) != 1 || read(c, &hello, sizeof hello) != (ssize_t)sizeof hello) {
		close(c);
		return;
	}
	if (memcmp(hello.tag, "SIZE", 4) == 0) {
		if (t->master >= 0)
			ioctl(t->master, TIOCSWINSZ, &hello.ws);
		close(c);
		return;
	}
	if (memcmp(hello.tag, "ATCH", 4) != 0) {
		close(c);
		return;
	}
	if (t->client >= 0) {
		const char *busy = "nsh: lab attach: the second terminal is already attached\r\n";
		write_all(c, busy, strlen(busy));
		close(c);
		return;
	}
	t->client = c;
	if (t->master < 0 || !t->alive) {
		if (start_term(s, t) < 0) {
			close(c);
			t->client = -1;
			return;
		}
		ioctl(t->master, TIOCSWINSZ, &hello.ws);
	} else {
		ioctl(t->master, TIOCSWINSZ, &hello.ws);
		/* a fresh prompt for the newcomer */
		write_all(t->master, "\r", 1);
	}
}

/* ---- the event loop ----------------------------------------------------- */

typedef int (*until_fn)(struct session *s, void *arg);

static void reap_children(struct session *s)
{
	int status;
	pid_t pid;
	char c[64];

	while (read(sigchld_pipe[0], c, sizeof c) > 0)
		;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (int i = 0; i < 2; i++) {
			if (s->term[i].helper == pid) {
				s->term[i].helper = 0;
				if (s->term[i].master >= 0)
					drain_term(&s->term[i]);
				s->term[i].alive = 0;
				if (s->term[i].client >= 0) {
					close(s->term[i].client);
					s->term[i].client = -1;
				}
			}
		}
		if (pid == s->sb.holder)
			s->sb.holder = 0;
	}
}

/* Runs the relay until done(s, arg) holds, the deadline passes (0: none),
 * or the lab is quit.  Returns 1 if done() held. */
static int run_until(struct session *s, until_fn done, void *arg, double deadline)
{
	for (;;) {
		struct pollfd fds[8];
		int nfds = 0, idx_in = -1, idx_t[2] = {-1, -1}, idx_client = -1, idx_listen = -1;
		int timeout = -1;
		double left;

		if (done && done(s, arg))
			return 1;
		if (s->quit)
			return 0;
		if (deadline > 0) {
			left = deadline - now();
			if (left <= 0)
				return 0;
			timeout = (int)(left * 1000) + 1;
		}
		fds[nfds].fd = sigchld_pipe[0];
		fds[nfds++].events = POLLIN;
		for (int i = 0; i < 2; i++) {
			if (s->term[i].master >= 0) {
				idx_t[i] = nfds;
				fds[nfds].fd = s->term[i].master;
				fds[nfds++].events = POLLIN;
			}
		}
		if (s->in >= 0) {
			idx_in = nfds;
			fds[nfds].fd = s->in;
			fds[nfds++].events = POLLIN;
		}
		if (s->term[1].client >= 0) {
			idx_client = nfds;
			fds[nfds].fd = s->term[1].client;
			fds[nfds++].events = POLLIN;
		}
		if (s->listen_fd >= 0) {
			idx_listen = nfds;
			fds[nfds].fd = s->listen_fd;
			fds[nfds++].events = POLLIN;
		}
		if (s->recheck.active) {
			int ms = (int)((s->recheck.next - now()) * 1000) + 1;
			if (ms < 1)
				ms = 1;
			if (timeout < 0 || ms < timeout)
				timeout = ms;
		}
		/* bash gives no B: wake up when its grace period ends */
		for (int i = 0; i < 2; i++) {
			struct term *t = &s->term[i];
			if (t->master >= 0 && t->at_prompt && !t->ready && !t->saw_b) {
				int ms = (int)((t->prompt_at + BASH_PROMPT_GRACE - now()) * 1000) + 1;
				if (ms < 1)
					ms = 1;
				if (timeout < 0 || ms < timeout)
					timeout = ms;
			}
		}
		if (poll(fds, (nfds_t)nfds, timeout) < 0) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		if (fds[0].revents & POLLIN)
			reap_children(s);
		run_recheck(s);
		if (window_changed) {
			struct winsize ws;

			window_changed = 0;
			if (s->in >= 0 && s->term[0].master >= 0 && ioctl(s->in, TIOCGWINSZ, &ws) == 0) {
				ioctl(s->term[0].master, TIOCSWINSZ, &ws);
				record_resize(ws.ws_col, ws.ws_row); /* recording (record.c) */
			}
		}
		for (int i = 0; i < 2; i++) {
			if (idx_t[i] >= 0 && (fds[idx_t[i]].revents & (POLLIN | POLLHUP | POLLERR)) &&
			    s->term[i].master >= 0) {
				drain_term(&s->term[i]);
				if (fds[idx_t[i]].revents & (POLLHUP | POLLERR)) {
					/* no process holds the terminal any more */
					if (!(fds[idx_t[i]].revents & POLLIN)) {
						tracker_free(&s->term[i].tracker);
						close(s->term[i].master);
						s->term[i].master = -1;
						s->term[i].alive = 0;
					}
				}
			}
		}
		if (idx_in >= 0 && (fds[idx_in].revents & (POLLIN | POLLHUP))) {
			char buf[4096];
			ssize_t n = read(s->in, buf, sizeof buf);
			if (n <= 0) {
				if (s->mode == LAB_GUIDED)
					s->quit = 1;
				s->in = -1;
			} else if (s->mode == LAB_GUIDED) {
				if (s->term[0].master >= 0)
					write_all(s->term[0].master, buf, (size_t)n);
			} else {
				/* demo: q or Ctrl-C stops it */
				for (ssize_t k = 0; k < n; k++)
					if (buf[k] == 'q' || buf[k] == 3)
						s->quit = 1;
			}
		}
		if (idx_client >= 0 && (fds[idx_client].revents & (POLLIN | POLLHUP | POLLERR))) {
			char buf[4096];
			ssize_t n = read(s->term[1].client, buf, sizeof buf);
			if (n <= 0) {
				close(s->term[1].client);
				s->term[1].client = -1;
			} else if (s->term[1].master >= 0) {
				write_all(s->term[1].master, buf, (size_t)n);
			}
		}
		if (idx_listen >= 0 && (fds[idx_listen].revents & POLLIN))
			accept_attach(s);
	}
}

static int term_ready(struct session *s, void *arg)
{
	struct term *t = arg;

	(void)s;
	if (!t->alive)
		return 1; /* its shell is gone: nothing more will come */
	if (t->ready)
		return 1;
	return t->at_prompt && !t->saw_b && now() - t->prompt_at >= BASH_PROMPT_GRACE;
}

/* Check and demo modes type on only once a failed check's re-runs are
 * over (it passed late, or its `wait` ran out). */
static int recheck_over(struct session *s, void *arg)
{
	(void)arg;
	return !s->recheck.active;
}

static int term_gone(struct session *s, void *arg)
{
	struct term *t = arg;
	(void)s;
	return !t->alive;
}

/* ---- typing ------------------------------------------------------------- */

static void pace(struct session *s, double seconds)
{
	run_until(s, NULL, NULL, now() + seconds);
}

static void type_text(struct session *s, struct term *t, const char *text)
{
	t->ready = 0;
	t->at_prompt = 0;
	if (s->mode == LAB_DEMO) {
		double per_char = 0.045 / (s->o->speed > 0 ? s->o->speed : 1);
		for (const char *p = text; *p && !s->quit; p++) {
			write_all(t->master, p, 1);
			pace(s, per_char);
		}
		pace(s, 4 * per_char);
		write_all(t->master, "\r", 1);
		return;
	}
	write_all(t->master, text, strlen(text));
	write_all(t->master, "\r", 1);
}

/* Demo mode: time to read the narration just shown before the next
 * command's output pushes it up (about 20 characters a second at speed 1,
 * at least a second, at most eight). */
static void demo_reading_pause(struct session *s)
{
	double speed = s->o->speed > 0 ? s->o->speed : 1;
	double secs = (double)s->unread_chars / 20.0;

	if (secs < 1)
		secs = 1;
	if (secs > 8)
		secs = 8;
	s->unread_chars = 0;
	pace(s, secs / speed);
}

/* ---- one lab ------------------------------------------------------------ */

static char *self_exe(void)
{
	char buf[4096];
	const char *override = getenv("NSH_LAB_SHELL");
	ssize_t n;

	if (override && *override)
		return strdup(override);
	n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return strdup("nsh");
	buf[n] = '\0';
	return strdup(buf);
}

static void setup_signals(void)
{
	struct sigaction sa;

	if (sigchld_pipe[0] < 0) {
		if (pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
			return;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Load the lab, fill the report's header and steps, check the needs.
 * Returns 0 to go on, 1 skipped, -1 error (in the report). */
static int prepare(struct session *s, const char *path, struct lab_report *report)
{
	char err[2048];
	char **needs;

	memset(report, 0, sizeof *report);
	report->file = strdup(path);
	if (labrt_open(&s->rt, s->o->datadir, err, sizeof err) < 0) {
		report->id = strdup(path);
		report->error = strdup(err);
		return -1;
	}
	if (labrt_load(&s->rt, path, "/proc", err, sizeof err) < 0) {
		const char *base = strrchr(path, '/');
		report->id = strdup(base ? base + 1 : path);
		report->error = strdup(err);
		return -1;
	}
	s->lab_id = labrt_lab_string(&s->rt, "id");
	report->id = strdup(s->lab_id);
	report->title = labrt_lab_string(&s->rt, "title");
	s->nsteps = s->rt.nsteps;
	for (int i = 1; i <= s->nsteps; i++) {
		char *id = labrt_step_string(&s->rt, i, "id");
		char *title = labrt_step_string(&s->rt, i, "title");
		char *example = labrt_step_string(&s->rt, i, "example");
		report_add_step(report, i, id, title, example);
		free(id);
		free(title);
		free(example);
	}
	s->report = report;
	needs = labrt_needs(&s->rt);
	for (int i = 0; needs && needs[i]; i++) {
		const char *why = probe_need(needs[i]);
		if (why) {
			report->skip_reason = strdup(why);
			break;
		}
	}
	labrt_free_strings(needs);
	if (!report->skip_reason) {
		const char *why = probe_need("sandbox");
		if (why)
			report->skip_reason = strdup(why);
	}
	if (!report->skip_reason && !probe_root()) {
		char *user = labrt_lab_string(&s->rt, "user");
		(void)user;
		free(user);
	}
	return report->skip_reason ? 1 : 0;
}

static int start_sandbox(struct session *s)
{
	char err[256];
	char *user = labrt_lab_string(&s->rt, "user");
	int rc;

	/* as root, terminal 1 of a user = "nobody" lab execs the shell as
	 * nobody: say so now if it cannot (NSH_LAB_SHELL under /root; nsh
	 * itself is reached through /proc/self/exe) */
	if (user && probe_root() && !sandbox_runs_self(s->shell) && !probe_nobody_can_exec(s->shell)) {
		char msg[4200];
		snprintf(
		    msg, sizeof msg,
		    "this lab runs its shell as nobody, who cannot execute %s (a directory on the way is "
		    "closed to other users): install nsh (make install) or build it where nobody can reach "
		    "it",
		    s->shell);
		free(user);
		free(s->report->error);
		s->report->error = strdup(msg);
		return -1;
	}
	rc = sandbox_create(&s->sb, user != NULL, err, sizeof err);
	free(user);
	if (rc < 0) {
		char msg[512];
		snprintf(msg, sizeof msg, "cannot create the lab sandbox: %s", err);
		free(s->report->error);
		s->report->error = strdup(msg);
		return -1;
	}
	s->have_sandbox = 1;
	labrt_bind_ns(&s->rt, s->sb.proc_root);
	return 0;
}

static void session_init(struct session *s, const struct lab_options *o)
{
	labrt_set_print(o->mode == LAB_CHECK);
	memset(s, 0, sizeof *s);
	s->o = o;
	s->mode = o->mode;
	s->out = s->in = -1;
	s->listen_fd = -1;
	for (int i = 0; i < 2; i++) {
		s->term[i].n = i + 1;
		s->term[i].master = -1;
		s->term[i].client = -1;
		s->term[i].s = s;
	}
	s->shell = self_exe();
	s->shown_term = 1;
	s->step = 1;
	s->step_started = now();
	setup_signals();
}

static void session_end(struct session *s)
{
	record_end(); /* recording (record.c) */
	cancel_recheck(s);
	for (int i = 0; i < 2; i++)
		stop_term(&s->term[i]);
	if (s->have_sandbox)
		sandbox_destroy(&s->sb);
	s->have_sandbox = 0;
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
		unlink(s->sock_path);
	}
	labrt_close(&s->rt);
	free(s->last_reason);
	free(s->lab_id);
	free(s->shell);
	free(s->idle_cmd);
	free(s->idle_out);
	progress_free(&s->progress);
}

/* Types every reference command of steps first..last (check, demo, and a
 * resumed guided run's replay). */
static void drive_steps(struct session *s, int first, int last)
{
	double lab_timeout = labrt_lab_number(&s->rt, "timeout", DEFAULT_TIMEOUT);

	for (int i = first; i <= last && !s->quit; i++) {
		int ncmd = labrt_step_ncommands(&s->rt, i);
		double timeout = labrt_step_number(&s->rt, i, "timeout", lab_timeout);
		char *last_cmd = NULL;

		if (s->step != i)
			continue; /* passed early by an earlier step's command */
		s->step_started = now();
		for (int k = 1; k <= ncmd && !s->quit; k++) {
			char err[1024];
			int termno = 1;
			char *text = labrt_command(&s->rt, i, k, &termno, err, sizeof err);
			struct term *t;

			if (!text) {
				char msg[1200];
				snprintf(msg, sizeof msg, "error in the lab's 'type': %s", err);
				set_reason(s, msg);
				break;
			}
			t = &s->term[termno == 2 ? 1 : 0];
			if (t->master < 0 || !t->alive) {
				if (start_term(s, t) < 0) {
					set_reason(s, "cannot start the terminal");
					free(text);
					break;
				}
			}
			if (!run_until(s, term_ready, t, now() + timeout) || !t->alive) {
				char msg[256];
				snprintf(msg, sizeof msg, "terminal %d shows no prompt after %.0f s", t->n,
					 timeout);
				set_reason(s, msg);
				free(text);
				break;
			}
			if (s->mode == LAB_DEMO) {
				flush_notice(t);
				demo_reading_pause(s);
			}
			type_text(s, t, text);
			free(last_cmd);
			last_cmd = text;
			if (!run_until(s, term_ready, t, now() + timeout)) {
				char msg[1200];
				snprintf(msg, sizeof msg, "no prompt %g s after typing: %s", timeout, text);
				write_all(t->master, "\003", 1); /* Ctrl-C, and give it a moment */
				run_until(s, term_ready, t, now() + 2);
				if (s->step == i)
					set_reason(s, msg); /* not the interrupted command's status */
				break;
			}
			run_until(s, recheck_over, NULL, 0);
		}
		if (s->step == i && !s->quit) {
			if (!s->last_reason)
				set_reason(s, "the check did not pass after the reference commands");
			finish_step(s, &s->term[0], 0, last_cmd);
		}
		free(last_cmd);
	}
}

static int all_terms_gone(struct session *s, void *arg)
{
	(void)arg;
	return !s->term[0].alive;
}

int supervisor_run(const char *path, const struct lab_options *o, struct lab_report *report)
{
	struct session s;
	int rc = 1, first = 1;

	session_init(&s, o);
	if (prepare(&s, path, report) != 0) {
		session_end(&s);
		return report->error ? 1 : 0;
	}
	if (o->mode == LAB_GUIDED && !isatty(0)) {
		report->error = strdup("a guided lab needs a terminal (nsh lab check runs without one)");
		session_end(&s);
		return 1;
	}
	if (start_sandbox(&s) < 0) {
		session_end(&s);
		return 1;
	}
	s.color = o->mode != LAB_CHECK && isatty(1) && !getenv("NO_COLOR");
	if (o->mode == LAB_CHECK) {
		s.out = o->verbose ? 2 : -1;
	} else {
		s.out = 1;
		s.in = isatty(0) ? 0 : -1;
		if (s.in >= 0 && enter_raw_mode(0) == 0)
			s.raw = 1;
		if (s.in >= 0 && o->mode == LAB_GUIDED) {
			struct sigaction sa;

			memset(&sa, 0, sizeof sa);
			sa.sa_handler = on_sigwinch;
			sa.sa_flags = SA_RESTART;
			sigaction(SIGWINCH, &sa, NULL);
		}
	}
	if (o->mode == LAB_GUIDED) {
		char warn[8192];

		if (progress_path(s.progress_file, sizeof s.progress_file)) {
			s.save_progress = 1;
			progress_load(s.progress_file, &s.progress, warn, sizeof warn);
			if (warn[0]) {
				display(&s, 2, s.raw, warn);
				display(&s, 2, s.raw, "\n");
			}
			struct progress_lab *pl = progress_find(&s.progress, s.lab_id, 0);
			if (o->restart && pl) {
				progress_reset(&s.progress, s.lab_id);
				progress_save(s.progress_file, &s.progress);
				pl = NULL;
			}
			first = progress_next_step(pl, s.nsteps);
			if (first > s.nsteps)
				first = 1; /* done before: take it again */
		}
		open_attach_socket(&s);
	}
	record_begin(report, o->mode, s.in); /* recording (record.c) */
	/* the welcome */
	if (o->mode != LAB_CHECK) {
		struct strbuf b = {0};
		char *title = labrt_lab_string(&s.rt, "title");
		char *intro = labrt_lab_string(&s.rt, "intro");

		sb_addf(&b, "%s[lab] %s%s\n", c_on(&s, "\033[1m"), title ? title : s.lab_id,
			c_on(&s, "\033[0m"));
		if (intro)
			add_block(&b, "  ", intro);
		if (o->mode == LAB_GUIDED)
			sb_addf(&b, "  You are in a sandbox: new PID, mount and UTS namespaces. A second "
				    "terminal: nsh lab attach\n");
		if (o->mode == LAB_GUIDED && record_active_path()) /* say so (record.c) */
			sb_addf(&b, "  This session is recorded for you and your teacher: %s\n",
				record_active_path());
		display(&s, s.out, s.raw, sb_str(&b));
		record_message(1, sb_str(&b)); /* recording (record.c) */
		s.unread_chars += b.len;       /* demo: read the intro too */
		sb_free(&b);
		free(title);
		free(intro);
	}
	if (start_term(&s, &s.term[0]) < 0) {
		report->error = strdup("cannot start the lab's shell");
		session_end(&s);
		return 1;
	}
	if (o->mode == LAB_GUIDED) {
		if (first > 1) {
			char msg[128];
			snprintf(msg, sizeof msg, "[lab] Resuming at step %d: replaying steps 1-%d...\n",
				 first, first - 1);
			display(&s, s.out, s.raw, msg);
			s.mode = LAB_CHECK; /* quiet replay: no notices */
			drive_steps(&s, 1, first - 1);
			s.mode = LAB_GUIDED;
			s.step = first;
		}
		{
			struct strbuf b = {0};
			add_step_intro(&s, &b, s.step);
			queue_notice(&s.term[0], sb_str(&b));
			sb_free(&b);
		}
		/* after a replay the shell already waits at its prompt: an empty
		 * line gives a fresh prompt, and the step's text before it */
		if (first > 1 && s.term[0].master >= 0)
			write_all(s.term[0].master, "\r", 1);
		run_until(&s, all_terms_gone, NULL, 0);
		rc = 0;
	} else {
		if (o->mode == LAB_DEMO) {
			struct strbuf b = {0};
			add_step_intro(&s, &b, 1);
			queue_notice(&s.term[0], sb_str(&b));
			sb_free(&b);
		}
		drive_steps(&s, 1, s.nsteps);
		/* the last step's messages */
		if (o->mode == LAB_DEMO) {
			flush_notice(&s.term[0]);
			demo_reading_pause(&s);
		}
		rc = report_all_passed(report, 1) ? 0 : 1;
	}
	restore_terminal();
	if (o->mode != LAB_CHECK)
		display(&s, s.out, 0, "\n");
	session_end(&s);
	(void)term_gone;
	return rc;
}

/* verify's advice on what a good lab has (warnings on stderr, never a
 * failure): a why for every step, at least one prediction. */
static void lint_lab(struct session *s)
{
	int predictions = 0;

	for (int i = 1; i <= s->nsteps; i++) {
		char *why = labrt_step_string(&s->rt, i, "why");
		char *predict = labrt_prediction_text(&s->rt, i);

		if (!why)
			fprintf(stderr, "nsh: lab verify: %s: warning: step %d has no 'why'\n", s->lab_id, i);
		predictions += predict != NULL;
		free(why);
		free(predict);
	}
	if (!predictions)
		fprintf(stderr, "nsh: lab verify: %s: warning: no step asks for a prediction ('predict')\n",
			s->lab_id);
}

static int idle_done(struct session *s, void *arg)
{
	(void)arg;
	return s->idle_done;
}

int supervisor_verify(const char *path, const struct lab_options *o, struct lab_report *report)
{
	struct lab_options check = *o;
	struct session s;
	struct lab_report idle;
	char msg[512];
	int bad = 0;

	check.mode = LAB_CHECK;
	/* 1. idle: nothing typed, then `true`: no step may pass */
	session_init(&s, &check);
	if (prepare(&s, path, &idle) != 0 || start_sandbox(&s) < 0 || start_term(&s, &s.term[0]) < 0) {
		int skipped = idle.skip_reason != NULL;
		*report = idle;
		if (!report->error && !skipped)
			report->error = strdup("cannot start the lab's shell");
		s.report = NULL;
		session_end(&s);
		return report->error ? 1 : 0;
	}
	lint_lab(&s);
	s.idle = 1;
	if (!run_until(&s, term_ready, &s.term[0], now() + DEFAULT_TIMEOUT)) {
		idle.error = strdup("the lab's shell shows no prompt");
		bad = 1;
	}
	for (int pass = 0; pass < 2 && !bad; pass++) {
		struct labrt_record empty = {.cmd = "", .output = "", .term = 1};
		const struct labrt_record *rec = &empty;

		if (pass == 1) {
			type_text(&s, &s.term[0], "true");
			if (!run_until(&s, idle_done, NULL, now() + DEFAULT_TIMEOUT))
				break;
			rec = &s.idle_rec;
		}
		for (int i = 1; i <= s.nsteps; i++) {
			char *message = NULL;
			int lab_error = 0;

			labrt_new_run(&s.rt);
			if (labrt_evaluate(&s.rt, i, rec, 0, &message, &lab_error)) {
				snprintf(msg, sizeof msg,
					 "passed on an idle sandbox (%s): the check must need the student's "
					 "action",
					 pass ? "after `true`" : "no command");
				idle.steps[i - 1].result = STEP_FAIL;
				report_set_message(&idle.steps[i - 1].message, msg);
				bad = 1;
			}
			free(message);
		}
	}
	s.report = NULL;
	session_end(&s);
	if (bad) {
		for (int i = 0; i < idle.nsteps; i++)
			if (idle.steps[i].result != STEP_FAIL) {
				idle.steps[i].result = STEP_SKIP;
				report_set_message(&idle.steps[i].message, "not run: the idle check failed");
			}
		*report = idle;
		return 1;
	}
	report_free(&idle);
	/* 2. the reference commands must pass */
	return supervisor_run(path, &check, report);
}

/* ---- attach ------------------------------------------------------------- */

static int connect_lab(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void send_hello(int fd, const char *tag)
{
	struct attach_hello hello = {.ws = {.ws_row = 24, .ws_col = 80}};

	memcpy(hello.tag, tag, 4);
	if (isatty(0))
		ioctl(0, TIOCGWINSZ, &hello.ws);
	write_all(fd, (const char *)&hello, sizeof hello);
}

/* `nsh lab attach`: relay this terminal to the running lab's terminal 2;
 * a window change is sent on a connection of its own ("SIZE"). */
int supervisor_attach(void)
{
	char path[108];
	int fd, raw = 0;

	if (!supervisor_socket_path(path, sizeof path)) {
		fprintf(stderr, "nsh: lab attach: no state directory (set HOME or XDG_STATE_HOME)\n");
		return 1;
	}
	fd = connect_lab(path);
	if (fd < 0) {
		fprintf(stderr, "nsh: lab attach: no running lab (start one with: nsh lab start ID)\n");
		return 1;
	}
	send_hello(fd, "ATCH");
	if (isatty(0) && enter_raw_mode(0) == 0) {
		struct sigaction sa;

		raw = 1;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_sigwinch;
		sigaction(SIGWINCH, &sa, NULL); /* no SA_RESTART: poll returns EINTR */
	}
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		struct pollfd p[2] = {{.fd = 0, .events = POLLIN}, {.fd = fd, .events = POLLIN}};
		char buf[4096];
		ssize_t n;

		if (window_changed) {
			int rs = connect_lab(path);

			window_changed = 0;
			if (rs >= 0) {
				send_hello(rs, "SIZE");
				close(rs);
			}
		}
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(fd, buf, sizeof buf);
			if (n <= 0)
				break;
			write_all(1, buf, (size_t)n);
		}
		if (p[0].revents & (POLLIN | POLLHUP)) {
			n = read(0, buf, sizeof buf);
			if (n <= 0)
				break;
			write_all(fd, buf, (size_t)n);
		}
	}
	if (raw)
		restore_terminal();
	close(fd);
	fprintf(stderr, "\nnsh: lab attach: detached\n");
	return 0;
}
