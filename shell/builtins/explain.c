/* explain CMDLINE: what a command line of unshare, nsenter or mountproc
 * would do, told before anything runs (the logic is in explain.c).
 *
 *   explain unshare -Urpf --mount-proc
 *   explain 'nsenter -t 4711 -a'
 *
 * The command line is parsed by the builtin's own parse function, so an
 * unknown option gives the very usage error the builtin gives (status 2). */
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "explain.h"
#include "io.h"
#include "nsh.h"

#define CMD "explain"
#define MAX_WORDS 256

const struct builtin_option explain_options[] = {
    OPTION_PARAGRAPH("Without running anything, explain what a builtin command line would do\n"
		     "here: the system calls in order (as --trace prints them, with symbolic\n"
		     "PIDs: <nsh> is this shell, <child> the process it forks, <pid1> the PID 1\n"
		     "of a new PID namespace), which namespace each option makes or enters,\n"
		     "what you will see afterwards, whether it will fail here and why (from the\n"
		     "live state of this shell: privileges, nesting level, who owns its PID\n"
		     "namespace), the util-linux equivalent, and the man pages to read.  The\n"
		     "last line is 'Outcome: ok: ...' or 'Outcome: fails: ...'.  CMDLINE may be\n"
		     "one quoted word."),
    OPTION_HELP,
    {0},
};

static const char explain_help_examples[] =
    "Examples:\n"
    "  explain unshare -Urp                the ENOMEM of the lesson, before it happens\n"
    "  explain 'nsenter -t 4711 -a'\n"
    "  explain mountproc\n";

/* unshare, explained in full.  Each explainer parses with the builtin's own
 * parser: status 0 explained (whatever the predicted outcome), 2 for that
 * builtin's usage error. */
static int explain_unshare_words(struct shell *sh, int argc, char **argv)
{
	struct explain_facts facts;
	struct unshare_plan plan;
	int rc = unshare_parse_args(argc, argv, &plan);

	if (rc < 0)
		return 0; /* --help or --version was printed */
	if (rc > 0)
		return rc;
	explain_read_facts(&facts, sh ? sh->self_exe : NULL);
	explain_unshare(&plan, &facts, argc, argv);
	return 0;
}

static int explain_nsenter_words(struct shell *sh, int argc, char **argv)
{
	struct explain_facts facts;
	struct nsenter_request req;
	struct explain_target target;
	int rc = nsenter_parse_args(argc, argv, &req);

	if (rc)
		return rc;
	if (req.help) {
		nsh_out("usage: %s\n", builtin_usage(builtin_find("nsenter")));
		return 0;
	}
	explain_read_facts(&facts, sh ? sh->self_exe : NULL);
	memset(&target, 0, sizeof target);
	if (req.target)
		explain_read_target(&target, req.target);
	explain_nsenter(&req, &target, &facts, argc, argv);
	return 0;
}

static int explain_mountproc_words(struct shell *sh, int argc, char **argv)
{
	struct explain_facts facts;
	struct mountproc_request req;
	struct explain_dir dir;
	int rc = mountproc_parse_args(argc, argv, &req);

	if (rc)
		return rc;
	if (req.help) {
		nsh_out("usage: %s\n", builtin_usage(builtin_find("mountproc")));
		return 0;
	}
	explain_read_facts(&facts, sh ? sh->self_exe : NULL);
	explain_read_dir(&dir, req.dir);
	explain_mountproc(&req, &dir, &facts);
	return 0;
}

/* The builtins explained in full; the brief ones are explain.c's table
 * (explain_other).  The help and the "not a builtin" error list both. */
static const struct {
	const char *name;
	int (*explain)(struct shell *sh, int argc, char **argv);
} full_explainers[] = {
    {"unshare", explain_unshare_words},
    {"nsenter", explain_nsenter_words},
    {"mountproc", explain_mountproc_words},
};
#define FULL_COUNT (sizeof full_explainers / sizeof full_explainers[0])

/* The names explained in full (brief = 0) or briefly (brief = 1), joined
 * by ", " into buf. */
static const char *known_names(int brief, char *buf, size_t len)
{
	const char *name;
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0;; i++) {
		if (brief)
			name = explain_other_name(i);
		else
			name = i < FULL_COUNT ? full_explainers[i].name : NULL;
		if (!name)
			return buf;
		used +=
		    (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s", i ? ", " : "", name);
	}
}

/* The help of the declaration, then what explain knows (from the
 * tables), the examples. */
static void explain_help(void)
{
	char full[128], brief[128];

	builtin_print_help(builtin_find(CMD));
	nsh_out("\nExplained in full: %s.\nBriefly: %s.\n\n%s", known_names(0, full, sizeof full),
		known_names(1, brief, sizeof brief), explain_help_examples);
}

/* Dispatch one parsed command line.  Status: 0 explained (whatever the
 * predicted outcome), 2 usage error of the explained builtin, 1 unknown. */
static int explain_words(struct shell *sh, int argc, char **argv)
{
	char full[128], brief[128];

	for (size_t i = 0; i < FULL_COUNT; i++)
		if (strcmp(argv[0], full_explainers[i].name) == 0)
			return full_explainers[i].explain(sh, argc, argv);
	if (explain_other(argv[0]) == 0)
		return 0;
	if (builtin_find(argv[0]))
		return nsh_error(CMD, "%s: a builtin without namespace work; see 'help %s'", argv[0],
				 argv[0]);
	return nsh_error(CMD, "%s: not a builtin; explain knows %s in full; %s briefly", argv[0],
			 known_names(0, full, sizeof full), known_names(1, brief, sizeof brief));
}

/* explain CMDLINE... */
int builtin_explain(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find(CMD);
	char *split[MAX_WORDS + 1], *copy;
	int n, rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		explain_help();
		return 0;
	}
	if (argc < 2) {
		nsh_error(
		    CMD,
		    "what should I explain? give a command line, e.g. explain unshare -Urpf --mount-proc");
		return builtin_usage_error(self);
	}
	if (strcmp(argv[1], "-h") == 0) {
		explain_help();
		return 0;
	}
	if (argc > 2 || !strpbrk(argv[1], " \t\n"))
		return explain_words(sh, argc - 1, argv + 1);
	/* One quoted word: split it as the shell would have. */
	if (!(copy = strdup(argv[1])))
		return nsh_error(CMD, "out of memory");
	n = explain_split_words(copy, split, MAX_WORDS);
	if (n < 0) {
		free(copy);
		nsh_error(CMD, "cannot split '%s': an unfinished quote, or too many words", argv[1]);
		return builtin_usage_error(self);
	}
	if (n == 0) {
		free(copy);
		nsh_error(CMD, "an empty command line");
		return builtin_usage_error(self);
	}
	split[n] = NULL;
	rc = explain_words(sh, n, split);
	free(copy);
	return rc;
}
