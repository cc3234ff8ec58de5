/* The interactive loop: GNU Readline, history kept across sessions, the
 * prompt, tab completion and the OSC 133 marks.
 *
 * The shape is lua.c's: read a line, and when the parser says the input is
 * unfinished (an open quote, a trailing backslash, | && || at the end), ask
 * for more with the continuation prompt and parse the joined text again.
 * The SIGINT handler only sets a flag.  Readline's own signal handling is
 * off (rl_catch_signals = 0) and readline reads through repl_getc, which
 * waits for input with pselect so that a Ctrl-C at the prompt wakes it; it
 * then hands readline the key Ctrl-C (byte 3, which the terminal never
 * sends while ISIG is on, since it turns it into SIGINT), bound to
 * abandon_line.  During a foreground job the terminal belongs to the job's
 * process group, so its Ctrl-C never reaches nsh. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "ast.h"
#include "complete.h"
#include "io.h"
#include "jobs.h"
#include "nsh.h"
#include "osc133.h"
#include "prompt.h"
#include "repl.h"
#include "session.h"

#define HISTORY_DEFAULT_SIZE 1000
#define INTERRUPT_KEY 3 /* Ctrl-C */
#define ABORT_KEY 7	/* Ctrl-G: readline's abort */

static volatile sig_atomic_t sigint_seen, sigwinch_seen, sighup_seen, waiting_for_key;
static struct sigaction previous_sigint, previous_sigwinch, previous_sighup;
static int line_abandoned;
static char *history_path; /* NULL: history is not saved */
static int history_size = HISTORY_DEFAULT_SIZE;

/* ---- signals and input ----------------------------------------------------- */

static void on_sigint(int sig)
{
	sigint_seen = 1;
	/* whoever installed a handler before us (the executor) hears it too */
	if (!(previous_sigint.sa_flags & SA_SIGINFO) && previous_sigint.sa_handler != SIG_DFL &&
	    previous_sigint.sa_handler != SIG_IGN && previous_sigint.sa_handler)
		previous_sigint.sa_handler(sig);
}

static void on_sigwinch(int sig)
{
	(void)sig;
	sigwinch_seen = 1;
}

/* A hang-up while readline waits for a key: the terminal is in readline's
 * mode, which dying here would leave behind; repl_getc restores it first
 * (hang_up).  At any other time the job code's handler does the work. */
static void on_sighup(int sig)
{
	if (waiting_for_key) {
		sighup_seen = 1;
		return;
	}
	if (!(previous_sighup.sa_flags & SA_SIGINFO) && previous_sighup.sa_handler != SIG_DFL &&
	    previous_sighup.sa_handler != SIG_IGN && previous_sighup.sa_handler) {
		previous_sighup.sa_handler(sig);
		return;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void history_finish(void);

/* SIGHUP at the prompt, as bash: give the terminal its state back, pass
 * SIGHUP on to the jobs, keep the history, and die of SIGHUP (status 129
 * for whoever waits). */
static void hang_up(void) __attribute__((noreturn));
static void hang_up(void)
{
	rl_deprep_terminal();
	jobs_hangup_all();
	history_finish();
	fflush(NULL);
	signal(SIGHUP, SIG_DFL);
	sigset_t unblock;
	sigemptyset(&unblock);
	sigaddset(&unblock, SIGHUP);
	sigprocmask(SIG_UNBLOCK, &unblock, NULL);
	raise(SIGHUP);
	_exit(129);
}

/* readline's input function.  SIGINT and SIGWINCH stay blocked except
 * inside pselect, so a signal that comes just before we wait is not lost
 * (the flag is checked with the signals blocked, see pselect(2)). */
static int repl_getc(FILE *stream)
{
	int fd = fileno(stream), result = EOF;
	sigset_t block, saved, during_wait;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &saved);
	during_wait = saved;
	sigdelset(&during_wait, SIGINT);
	sigdelset(&during_wait, SIGWINCH);
	sigdelset(&during_wait, SIGHUP);
	waiting_for_key = 1;
	for (;;) {
		fd_set readable;
		unsigned char c;
		ssize_t n;

		if (sighup_seen)
			hang_up();

		/* checked before every read: a Ctrl-C typed ahead of other keys
		 * must win over them */
		if (sigint_seen) {
			sigint_seen = 0;
			/* inside a question or the --More-- pager of a completion
			 * listing, Ctrl-C aborts like Ctrl-G; elsewhere it drops the line */
			result = RL_ISSTATE(RL_STATE_MOREINPUT) ? ABORT_KEY : INTERRUPT_KEY;
			break;
		}
		if (sigwinch_seen) {
			sigwinch_seen = 0;
			rl_resize_terminal();
			continue;
		}
		FD_ZERO(&readable);
		FD_SET(fd, &readable);
		if (pselect(fd + 1, &readable, NULL, NULL, NULL, &during_wait) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (sigint_seen)
			continue;
		n = read(fd, &c, 1);
		if (n == 1) {
			result = c;
			break;
		}
		if (n == 0 || (errno != EINTR && errno != EAGAIN))
			break; /* EOF, or EIO: the terminal is gone */
	}
	waiting_for_key = 0;
	sigprocmask(SIG_SETMASK, &saved, NULL);
	return result;
}

/* Ctrl-C at the prompt: show ^C after the line, keep the line out of the
 * history, and start afresh with a new prompt. */
static int abandon_line(int count, int key)
{
	(void)count;
	(void)key;
	rl_point = rl_end;
	rl_redisplay();
	rl_echo_signal_char(SIGINT);
	line_abandoned = 1;
	rl_done = 1;
	return 0;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_sigint; /* no SA_RESTART: waits are interrupted */
	sigaction(SIGINT, &sa, &previous_sigint);
	sa.sa_handler = on_sigwinch;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, &previous_sigwinch);
	sa.sa_handler = on_sighup;
	sigfillset(&sa.sa_mask); /* as the job code's handler */
	sigaction(SIGHUP, &sa, &previous_sighup);
}

static void restore_signals(void)
{
	sigaction(SIGINT, &previous_sigint, NULL);
	sigaction(SIGWINCH, &previous_sigwinch, NULL);
	sigaction(SIGHUP, &previous_sighup, NULL);
}

/* ---- history --------------------------------------------------------------- */

/* mkdir -p with 0700 for what we create (the XDG base directory rule). */
static int make_private_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

/* Where the history lives: $NSH_HISTFILE ("" or /dev/null: nowhere), else
 * $XDG_STATE_HOME/nsh/history, else ~/.local/state/nsh/history. */
static char *history_file_name(void)
{
	const char *env = getenv("NSH_HISTFILE"), *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char dir[4096], *file;

	if (env)
		return *env && strcmp(env, "/dev/null") != 0 ? strdup(env) : NULL;
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());

		home = pw ? pw->pw_dir : NULL;
	}
	if (state && state[0] == '/')
		snprintf(dir, sizeof dir, "%s/nsh", state);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/state/nsh", home);
	else
		return NULL;
	if (make_private_dirs(dir) < 0)
		return NULL;
	if (asprintf(&file, "%s/history", dir) < 0)
		return NULL;
	return file;
}

/* Our files start with a "#<seconds>" time stamp line; entries of several
 * lines are only read back as one when the file has those (a file without
 * them, such as a bash history, would otherwise become a single entry). */
static int file_has_time_stamps(const char *path)
{
	char start[2] = {0};
	int fd = open(path, O_RDONLY | O_CLOEXEC), n;

	if (fd < 0)
		return 1; /* new file: ours */
	n = (int)read(fd, start, 2);
	close(fd);
	return n <= 0 || (n == 2 && start[0] == '#' && start[1] >= '0' && start[1] <= '9');
}

static void history_setup(void)
{
	const char *size = getenv("NSH_HISTSIZE");
	int fd;

	using_history();
	if (size && atoi(size) > 0)
		history_size = atoi(size);
	stifle_history(history_size);
	history_comment_char = '#'; /* the time stamps readline writes start with it */
	history_write_timestamps = 1;
	if (!(history_path = history_file_name()))
		return;
	history_multiline_entries = file_has_time_stamps(history_path);
	read_history(history_path);
	/* append_history does not create the file */
	if ((fd = open(history_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) >= 0)
		close(fd);
}

/* Each entry goes to the file at once: a nested shell may be killed with
 * its PID namespace (SIGKILL, no chance to save at exit). */
static void history_remember(const char *text)
{
	HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;

	if (text[strspn(text, " \t\n")] == '\0')
		return;
	if (last && strcmp(last->line, text) == 0)
		return; /* no duplicates in a row */
	add_history(text);
	if (history_path)
		append_history(1, history_path);
}

/* Keep the file to the last history_size entries.  Not with
 * history_truncate_file: it counts lines, and an entry of several lines
 * (an open quote) would be cut in two.  The list is read back whole and
 * rewritten only when it is too long. */
static void history_finish(void)
{
	if (history_path) {
		clear_history();
		unstifle_history();
		if (read_history(history_path) == 0 && history_length > history_size) {
			stifle_history(history_size);
			write_history(history_path);
		}
	}
	free(history_path);
	history_path = NULL;
}

/* ---- completion -------------------------------------------------------------- */

static struct completion last_completion;

static void show_with_command_names(char **matches, int count, int max_length);

/* Directories only, for cd, mountproc, --root... */
static char *directory_generator(const char *text, int state)
{
	char *name;

	while ((name = rl_filename_completion_function(text, state))) {
		char *expanded = tilde_expand(name);
		struct stat st;
		int is_dir = stat(expanded, &st) == 0 && S_ISDIR(st.st_mode);

		free(expanded);
		if (is_dir)
			return name;
		free(name);
		state = 1;
	}
	return NULL;
}

/* readline's match list from our items: [0] the common prefix, then the
 * items, NULL at the end (see rl_completion_matches(3)). */
static char **match_list(const struct completion *c)
{
	char **matches = calloc(c->n + 2, sizeof *matches);
	size_t common;

	if (!matches)
		return NULL;
	common = strlen(c->items[0].word);
	for (size_t i = 1; i < c->n; i++) {
		size_t k = 0;

		while (k < common && c->items[i].word[k] == c->items[0].word[k])
			k++;
		common = k;
	}
	matches[0] = strndup(c->items[0].word, c->n == 1 ? strlen(c->items[0].word) : common);
	for (size_t i = 0; c->n > 1 && i < c->n; i++)
		matches[i + 1] = strdup(c->items[i].word);
	return matches;
}

static char **attempt_completion(const char *text, int start, int end)
{
	int displays = 0;

	(void)text;
	completion_free(&last_completion);
	rl_attempted_completion_over = 1; /* never readline's default on top of ours */
	rl_sort_completion_matches = 1;
	rl_completion_display_matches_hook = NULL;
	if (complete_word_at(rl_line_buffer, (size_t)start, (size_t)end, &last_completion) < 0)
		return NULL;
	if (last_completion.n == 0) {
		if (last_completion.files == COMPLETE_FILES)
			return rl_completion_matches(text, rl_filename_completion_function);
		if (last_completion.files == COMPLETE_DIRECTORIES)
			return rl_completion_matches(text, directory_generator);
		return NULL;
	}
	rl_filename_completion_desired = 0;
	if (last_completion.numeric_order)
		rl_sort_completion_matches = 0;
	for (size_t i = 0; i < last_completion.n; i++)
		displays |= last_completion.items[i].display != NULL;
	if (displays)
		rl_completion_display_matches_hook = show_with_command_names;
	return match_list(&last_completion);
}

/* PIDs are listed as "4711 (bash)" while only the number is inserted. */
static void show_with_command_names(char **matches, int count, int max_length)
{
	char **shown = calloc((size_t)count + 2, sizeof *shown);
	int width = 0;

	(void)max_length;
	if (!shown)
		return;
	if (rl_completion_query_items > 0 && count >= rl_completion_query_items) {
		int answer;

		rl_crlf();
		fprintf(rl_outstream, "Display all %d possibilities? (y or n)", count);
		fflush(rl_outstream);
		RL_SETSTATE(RL_STATE_MOREINPUT);
		answer = rl_read_key();
		RL_UNSETSTATE(RL_STATE_MOREINPUT);
		if (answer != 'y' && answer != 'Y' && answer != ' ') {
			rl_crlf();
			rl_forced_update_display();
			free(shown);
			return;
		}
	}
	shown[0] = matches[0];
	for (int i = 1; i <= count; i++) {
		shown[i] = matches[i];
		for (size_t k = 0; k < last_completion.n; k++) {
			if (last_completion.items[k].display &&
			    strcmp(last_completion.items[k].word, matches[i]) == 0) {
				shown[i] = last_completion.items[k].display;
				break;
			}
		}
		if ((int)strlen(shown[i]) > width)
			width = (int)strlen(shown[i]);
	}
	rl_crlf();
	rl_display_match_list(shown, count, width);
	rl_forced_update_display();
	free(shown);
}

/* ---- the loop -------------------------------------------------------------------- */

static void readline_setup(void)
{
	rl_readline_name = "nsh"; /* $if nsh in ~/.inputrc */
	rl_instream = stdin;
	rl_outstream = stderr; /* the prompt goes where bash puts it */
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_getc_function = repl_getc;
	rl_attempted_completion_function = attempt_completion;
	rl_completer_word_break_characters = (char *)" \t\n;|&<>";
	rl_completer_quote_characters = "'\"";
	rl_filename_quote_characters = " \t\n\\\"'@<>=;|&()#$`?*[!:{~";
	rl_initialize(); /* reads ~/.inputrc; our key binding comes after it */
	rl_add_defun("nsh-abandon-line", abandon_line, -1);
	rl_bind_key_in_map(INTERRUPT_KEY, abandon_line, emacs_standard_keymap);
	rl_bind_key_in_map(INTERRUPT_KEY, abandon_line, vi_insertion_keymap);
	rl_bind_key_in_map(INTERRUPT_KEY, abandon_line, vi_movement_keymap);
}

static void write_mark(const char *mark)
{
	fputs(mark, rl_outstream);
	fflush(rl_outstream);
}

/* The primary prompt, with the OSC 133 marks around it when wanted; the
 * marks are wrapped in \001 \002 so readline does not count them. */
static char *primary_prompt(int color, int marks)
{
	char *prompt = prompt_render(color), *wrapped;

	if (!prompt)
		return strdup("nsh$ ");
	if (!marks)
		return prompt;
	if (asprintf(&wrapped, "\001" OSC133_PROMPT_START "\002%s\001" OSC133_PROMPT_END "\002", prompt) < 0)
		return prompt;
	free(prompt);
	return wrapped;
}

/* Append line to the pending input (joined by a newline). */
static int pending_append(char **pending, size_t *len, const char *line)
{
	size_t add = strlen(line) + (*len ? 1 : 0);
	char *grown = realloc(*pending, *len + add + 1);

	if (!grown)
		return -1;
	if (*len)
		grown[(*len)++] = '\n';
	strcpy(grown + *len, line);
	*len += strlen(line);
	*pending = grown;
	return 0;
}

/* Run one complete input (or let the shell report its syntax error). */
static void run_input(struct shell *sh, const char *text, int marks)
{
	char end_mark[32];

	history_remember(text);
	if (marks) {
		char *start_mark = osc133_command_start(text);

		write_mark(start_mark ? start_mark : OSC133_COMMAND_START);
		free(start_mark);
	}
	sigint_seen = 0;
	shell_run_string(sh, text, NULL);
	fflush(stdout);
	if (sigint_seen) {
		/* Ctrl-C reached nsh itself (a builtin such as wait was running):
		 * the terminal echoed ^C, the next prompt starts on a new line */
		fputc('\n', rl_outstream);
		sigint_seen = 0;
	}
	if (marks) {
		osc133_format_end(end_mark, sizeof end_mark, sh->status);
		write_mark(end_mark);
	}
}

int repl_run(struct shell *sh)
{
	int color = prompt_color_allowed(STDERR_FILENO);
	int marks = osc133_wanted() || sh->shell_integration;
	char *pending = NULL;
	size_t pending_len = 0;

	sh->shell_integration = marks;
	session_export_depth(); /* nested shells work out their depth from ours */
	readline_setup();
	history_setup();
	install_signals();
	while (!sh->exiting) {
		struct program *prog = NULL;
		struct parse_error err;
		char *prompt, *line;
		int rc;

		if (!pending_len)
			shell_notify_jobs(sh);
		fflush(stdout);
		prompt = pending_len ? prompt_render_continuation() : primary_prompt(color, marks);
		line_abandoned = 0;
		sigint_seen = 0;
		line = readline(prompt ? prompt : "> ");
		free(prompt);
		if (line_abandoned) {
			fputc('\n', rl_outstream);
			free(line);
			pending_len = 0;
			sh->status = 130; /* as bash: $? after ^C at the prompt */
			continue;
		}
		if (!line) {
			if (!pending_len) {
				fputs("exit\n", rl_outstream);
				break;
			}
			/* Ctrl-D in the middle of an unfinished input */
			fputc('\n', rl_outstream);
			nsh_error(NULL, "syntax error: unexpected end of file");
			sh->status = 2;
			pending_len = 0;
			continue;
		}
		rc = pending_append(&pending, &pending_len, line);
		free(line);
		if (rc < 0) {
			nsh_error(NULL, "out of memory");
			pending_len = 0;
			continue;
		}
		memset(&err, 0, sizeof err);
		rc = parse_program(pending, &prog, &err);
		if (rc < 0 && err.incomplete)
			continue; /* ask for the rest with PS2 */
		if (rc == 0 && prog->nitems == 0) {
			/* blank or only a comment: nothing runs, no marks */
			if (pending[strspn(pending, " \t\n")])
				history_remember(pending);
		} else {
			run_input(sh, pending, marks);
		}
		if (rc == 0)
			program_free(prog);
		pending_len = 0;
	}
	free(pending);
	restore_signals();
	history_finish();
	completion_free(&last_completion);
	return sh->exiting ? sh->exit_status : sh->status;
}
