/* lab: take a lab, or control the running one.
 *
 * Inside a running lab (NSH_LAB is set by the supervisor), `lab hint`,
 * `lab status`, `lab skip`, `lab why`, `lab answer N` and `lab quit` are
 * requests to the supervisor, which owns the other end of this terminal:
 * the builtin writes a private escape sequence (OSC 7770, see
 * shell/lab/marks.h) on the controlling terminal, and the supervisor, which
 * reads every byte the shell writes there, answers on the same terminal.
 * /dev/tty rather than stdout, so `lab hint | less` still reaches it.
 *
 * Anywhere else (and for list/start/check/... inside a lab too), `lab ARGS`
 * runs `nsh lab ARGS` as a foreground child: the supervisor needs a process
 * of its own (raw terminal, a Lua state, its own children), never the
 * student's shell. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "builtin.h"
#include "io.h"
#include "nsh.h"

static const char *const supervisor_verbs[] = {"hint", "status", "skip", "why", "answer", "quit", NULL};

static int is_supervisor_verb(const char *verb)
{
	for (int i = 0; supervisor_verbs[i]; i++)
		if (strcmp(verb, supervisor_verbs[i]) == 0)
			return 1;
	return 0;
}

/* The request to the supervisor: ESC ] 7770 ; lab ; VERB ; ARG BEL.  The
 * argument may not hold the sequence's terminators. */
static int ask_supervisor(int argc, char **argv)
{
	char msg[1024];
	size_t len;
	int fd;

	len = (size_t)snprintf(msg, sizeof msg, "\033]7770;lab;%s;", argv[1]);
	for (int i = 2; i < argc && len < sizeof msg - 2; i++) {
		for (const char *p = argv[i]; *p && len < sizeof msg - 2; p++)
			msg[len++] = (*p == '\a' || *p == '\033') ? ' ' : *p;
		if (i + 1 < argc && len < sizeof msg - 2)
			msg[len++] = ' ';
	}
	msg[len++] = '\a';
	fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return nsh_error_errno("lab", "open", "/dev/tty", errno);
	if (write(fd, msg, len) < 0) {
		int err = errno;
		close(fd);
		return nsh_error_errno("lab", "write", "/dev/tty", err);
	}
	close(fd);
	return 0;
}

/* `nsh lab ARGS...` in a child, waited for as a foreground job. */
static int run_lab_command(struct shell *sh, int argc, char **argv)
{
	char **args = calloc((size_t)argc + 2, sizeof *args);
	const char *exe = sh->self_exe ? sh->self_exe : "/proc/self/exe";
	pid_t pid;

	if (!args)
		return nsh_error_errno("lab", "malloc", NULL, ENOMEM);
	args[0] = (char *)exe;
	args[1] = "lab";
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	args[argc + 1] = NULL;
	fflush(nsh_stdout ? nsh_stdout : stdout);
	pid = shell_fork_command(sh);
	if (pid < 0) {
		free(args);
		return nsh_error_errno("lab", "fork", NULL, (int)-pid);
	}
	if (pid == 0) {
		shell_child_setup(sh);
		execv(exe, args);
		_exit(127);
	}
	free(args);
	return shell_wait_foreground(sh, pid, "lab");
}

/* The subcommands; `nsh lab` itself reads their options. */
const struct builtin_option lab_options[] = {
    {0, "list", OPTION_WORD, ARG_NONE, NULL, "the labs, with your progress"},
    {0, "start", OPTION_WORD, ARG_NONE, NULL, "take lab ID"},
    {0, "hint", OPTION_WORD, ARG_NONE, NULL, "inside a lab: the next hint of this step"},
    {0, "status", OPTION_WORD, ARG_NONE, NULL, "inside a lab: where you are"},
    {0, "skip", OPTION_WORD, ARG_NONE, NULL, "inside a lab: go on to the next step"},
    {0, "why", OPTION_WORD, ARG_NONE, NULL, "inside a lab: why the last step worked as it did"},
    {0, "answer", OPTION_WORD, ARG_NONE, NULL, "inside a lab: answer a question (lab answer N)"},
    {0, "quit", OPTION_WORD, ARG_NONE, NULL, "inside a lab: leave it (the progress is kept)"},
    {0, "check", OPTION_WORD, ARG_NONE, NULL, "grade labs (TAP, JUnit, JSON reports)"},
    {0, "demo", OPTION_WORD, ARG_NONE, NULL, "let a lab type its own commands"},
    {0, "verify", OPTION_WORD, ARG_NONE, NULL,
     "for lab authors: fails when nothing is done, passes when solved"},
    {0, "reset", OPTION_WORD, ARG_NONE, NULL, "forget the progress of a lab (or --all)"},
    {0, "attach", OPTION_WORD, ARG_NONE, NULL, "a second terminal into the running lab"},
    {0, "replay", OPTION_WORD, ARG_NONE, NULL, "play a recorded lab back"},
    {0, "report", OPTION_WORD, ARG_NONE, NULL, "sum up a class from result files"},
    OPTION_PARAGRAPH("`nsh lab --help` tells every subcommand's options."),
    {0},
};

int builtin_lab(struct shell *sh, int argc, char **argv)
{
	const char *in_lab = getenv("NSH_LAB");

	if (builtin_wants_help(builtin_find("lab"), argc, argv))
		return 0;
	if (argc >= 2 && is_supervisor_verb(argv[1])) {
		if (!in_lab || !*in_lab) {
			nsh_error("lab",
				  "%s: no lab is running in this terminal (start one with: lab start ID)",
				  argv[1]);
			return 1;
		}
		if (strcmp(argv[1], "answer") == 0 && argc < 3) {
			nsh_error("lab", "answer: what is your answer? (lab answer N)");
			return 2;
		}
		return ask_supervisor(argc, argv);
	}
	if (in_lab && *in_lab && argc >= 2 &&
	    (!strcmp(argv[1], "start") || !strcmp(argv[1], "demo") || !strcmp(argv[1], "check") ||
	     !strcmp(argv[1], "verify") || !strcmp(argv[1], "attach"))) {
		nsh_error("lab", "%s: this terminal is already in lab '%s' (lab quit first)", argv[1],
			  in_lab);
		return 1;
	}
	if (in_lab && *in_lab && argc == 1) {
		/* inside a lab, plain `lab` is the status */
		char *status_argv[] = {argv[0], "status", NULL};
		return ask_supervisor(2, status_argv);
	}
	return run_lab_command(sh, argc, argv);
}
