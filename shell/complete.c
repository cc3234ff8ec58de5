/* Tab completion as pure functions of the line (see complete.h). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "complete.h"
#include "sys/ns.h"
#include "sys/proc.h"

extern char **environ;

static const char *const signal_names[] = {
    "HUP",  "INT",  "QUIT", "ILL",  "TRAP", "ABRT",  "BUS",  "FPE",  "KILL", "USR1",
    "SEGV", "USR2", "PIPE", "ALRM", "TERM", "CHLD",  "CONT", "STOP", "TSTP", "TTIN",
    "TTOU", "URG",  "XCPU", "XFSZ", "PROF", "WINCH", "IO",   "PWR",  "SYS",  NULL,
};
static const char *const lsns_columns[] = {"NS",  "TYPE", "PATH",    "NPROCS", "PID", "PPID", "COMMAND",
					   "UID", "USER", "NETNSID", "NSFS",   "PNS", "ONS",  NULL};
static const char *const setgroups_values[] = {"allow", "deny", NULL};
static const char *const propagation_values[] = {"private", "shared", "slave", "unchanged", NULL};
static const char *const shell_options[] = {"hints", "trace", NULL};

/* ---- the result ------------------------------------------------------------ */

static int add_item(struct completion *c, const char *word, size_t wordlen, const char *display)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct complete_item *items = realloc(c->items, cap * sizeof *items);

		if (!items)
			return -ENOMEM;
		c->items = items;
		c->cap = cap;
	}
	c->items[c->n].word = strndup(word, wordlen);
	c->items[c->n].display = display ? strdup(display) : NULL;
	if (!c->items[c->n].word || (display && !c->items[c->n].display)) {
		free(c->items[c->n].word);
		free(c->items[c->n].display);
		return -ENOMEM;
	}
	c->n++;
	return 0;
}

/* Adds word if it starts with prefix. */
static int offer(struct completion *c, const char *prefix, const char *word)
{
	if (strncmp(word, prefix, strlen(prefix)) != 0)
		return 0;
	return add_item(c, word, strlen(word), NULL);
}

/* Adds lead + word for each word of list that extends prefix (lead is what
 * the typed word holds before the part being completed: "--type=", "NS,"). */
static int offer_list(struct completion *c, const char *lead, const char *prefix, const char *const *list)
{
	char buf[256];

	for (; *list; list++) {
		if (strncmp(*list, prefix, strlen(prefix)) != 0)
			continue;
		snprintf(buf, sizeof buf, "%s%s", lead, *list);
		if (add_item(c, buf, strlen(buf), NULL) < 0)
			return -ENOMEM;
	}
	return 0;
}

void completion_free(struct completion *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].word);
		free(c->items[i].display);
	}
	free(c->items);
	c->items = NULL;
	c->n = c->cap = 0;
}

static int compare_items(const void *a, const void *b)
{
	return strcmp(((const struct complete_item *)a)->word, ((const struct complete_item *)b)->word);
}

/* Sorted (unless PIDs, which come in numeric order), without duplicates. */
static void tidy(struct completion *c)
{
	size_t kept = 0;

	if (!c->numeric_order && c->n > 1)
		qsort(c->items, c->n, sizeof *c->items, compare_items);
	for (size_t i = 0; i < c->n; i++) {
		if (kept && strcmp(c->items[kept - 1].word, c->items[i].word) == 0) {
			free(c->items[i].word);
			free(c->items[i].display);
			continue;
		}
		c->items[kept++] = c->items[i];
	}
	c->n = kept;
}

/* ---- sources ---------------------------------------------------------------- */

static int offer_builtins(struct completion *c, const char *prefix)
{
	for (size_t i = 0; i < builtin_count; i++)
		if (offer(c, prefix, builtin_table[i].name) < 0)
			return -ENOMEM;
	return 0;
}

/* Executable regular files in the directories of PATH. */
static int offer_programs(struct completion *c, const char *prefix)
{
	const char *path = getenv("PATH");
	size_t plen = strlen(prefix);

	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (1) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		char dir[4096];
		struct dirent *e;
		DIR *d;

		snprintf(dir, sizeof dir, "%.*s", (int)len, len ? path : ".");
		if ((d = opendir(dir))) {
			while ((e = readdir(d))) {
				struct stat st;

				if (e->d_name[0] == '.' && plen == 0)
					continue;
				if (strncmp(e->d_name, prefix, plen) != 0)
					continue;
				if (fstatat(dirfd(d), e->d_name, &st, 0) < 0 || !S_ISREG(st.st_mode) ||
				    faccessat(dirfd(d), e->d_name, X_OK, AT_EACCESS) < 0)
					continue;
				if (add_item(c, e->d_name, strlen(e->d_name), NULL) < 0) {
					closedir(d);
					return -ENOMEM;
				}
			}
			closedir(d);
		}
		if (!colon)
			return 0;
		path = colon + 1;
	}
}

static int offer_commands(struct completion *c, const char *prefix)
{
	if (strchr(prefix, '/')) {
		c->files = COMPLETE_FILES;
		return 0;
	}
	if (offer_builtins(c, prefix) < 0)
		return -ENOMEM;
	return offer_programs(c, prefix);
}

static int offer_nstypes(struct completion *c, const char *lead, const char *prefix)
{
	const char *names[NS_KIND_COUNT + 1];

	for (size_t i = 0; i < NS_KIND_COUNT; i++)
		names[i] = ns_kinds[i].name;
	names[NS_KIND_COUNT] = NULL;
	return offer_list(c, lead, prefix, names);
}

/* PIDs of the proc root in force, shown with their command name. */
static int offer_pids(struct completion *c, const char *lead, const char *prefix)
{
	const char *root = proc_default_root();
	pid_t *pids = NULL;
	size_t n = 0;
	int rc = 0;

	for (const char *p = prefix; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	if (proc_list_pids(root, &pids, &n) < 0)
		return 0;
	c->numeric_order = 1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char word[64], display[160];
		struct proc_stat st;

		snprintf(word, sizeof word, "%d", (int)pids[i]);
		if (strncmp(word, prefix, strlen(prefix)) != 0)
			continue;
		if (proc_read_stat(root, pids[i], &st) < 0)
			continue; /* gone since the listing */
		snprintf(display, sizeof display, "%s (%s)", word, st.comm);
		snprintf(word, sizeof word, "%s%d", lead, (int)pids[i]);
		rc = add_item(c, word, strlen(word), display);
	}
	free(pids);
	return rc;
}

/* Lab names: the *.lua files of $NSH_DATADIR/labs and ./labs. */
static int offer_labs(struct completion *c, const char *prefix)
{
	const char *datadir = getenv("NSH_DATADIR");
	char dirs[2][4096];
	int ndirs = 0;

	if (datadir && *datadir)
		snprintf(dirs[ndirs++], sizeof dirs[0], "%s/labs", datadir);
	snprintf(dirs[ndirs++], sizeof dirs[0], "labs");
	for (int i = 0; i < ndirs; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;

		if (!d)
			continue;
		while ((e = readdir(d))) {
			size_t len = strlen(e->d_name);

			if (e->d_name[0] == '.' || len <= 4 || strcmp(e->d_name + len - 4, ".lua") != 0)
				continue;
			if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || len - 4 < strlen(prefix))
				continue;
			if (add_item(c, e->d_name, len - 4, NULL) < 0) {
				closedir(d);
				return -ENOMEM;
			}
		}
		closedir(d);
	}
	return 0;
}

static int offer_variables(struct completion *c, const char *word)
{
	const char *prefix = word[1] == '{' ? word + 2 : word + 1;
	size_t lead = (size_t)(prefix - word), plen = strlen(prefix);

	for (char **e = environ; e && *e; e++) {
		const char *eq = strchr(*e, '=');
		char buf[512];

		if (!eq || (size_t)(eq - *e) < plen || strncmp(*e, prefix, plen) != 0)
			continue;
		snprintf(buf, sizeof buf, "%.*s%.*s%s", (int)lead, word, (int)(eq - *e), *e,
			 lead == 2 ? "}" : "");
		if (add_item(c, buf, strlen(buf), NULL) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* The value of an option (lead: "--type=" when attached, else ""). */
static int offer_value(struct completion *c, enum builtin_arg kind, const char *lead, const char *prefix)
{
	const char *comma;

	switch (kind) {
	case ARG_NSTYPE:
		return offer_nstypes(c, lead, prefix);
	case ARG_PID:
		return offer_pids(c, lead, prefix);
	case ARG_DIR:
	case ARG_FILE:
		if (!*lead)
			c->files = kind == ARG_DIR ? COMPLETE_DIRECTORIES : COMPLETE_FILES;
		return 0;
	case ARG_SIGNAL:
		if (strncmp(prefix, "SIG", 3) == 0) {
			char withsig[300];

			snprintf(withsig, sizeof withsig, "%sSIG", lead);
			return offer_list(c, withsig, prefix + 3, signal_names);
		}
		return offer_list(c, lead, prefix, signal_names);
	case ARG_COLUMNS:
		/* a comma-separated list: complete the last column name */
		if ((comma = strrchr(prefix, ','))) {
			char lead2[300];

			snprintf(lead2, sizeof lead2, "%s%.*s", lead, (int)(comma + 1 - prefix), prefix);
			return offer_list(c, lead2, comma + 1, lsns_columns);
		}
		return offer_list(c, lead, prefix, lsns_columns);
	case ARG_SETGROUPS:
		return offer_list(c, lead, prefix, setgroups_values);
	case ARG_PROPAGATION:
		return offer_list(c, lead, prefix, propagation_values);
	case ARG_SETOPT:
		return offer_list(c, lead, prefix, shell_options);
	case ARG_BUILTIN:
		return offer_builtins(c, prefix);
	case ARG_NONE:
	case ARG_LAB:
	case ARG_COMMAND:
		return 0;
	}
	return 0;
}

/* ---- the builtin's option list ------------------------------------------- */

/* Builtins that run a command after their options ("unshare [options]
 * [COMMAND [ARGS...]]"): nsenter's argument kind is the PID of -t, but its
 * usage says a command follows. */
static int takes_command(const struct builtin *b)
{
	return b->arg == ARG_COMMAND || strstr(b->operands, "COMMAND") != NULL;
}

/* Adds word if it starts with prefix; "-x" and "--name" of an option. */
static int offer_option(struct completion *c, const struct builtin_option *o, const char *prefix)
{
	char word[80];

	if (o->key & OPTION_PLUS) {
		snprintf(word, sizeof word, "+%c", (char)(o->key & ~OPTION_PLUS));
		return offer(c, prefix, word);
	}
	if (o->key > 0 && o->key < OPTION_LONG_ONLY) {
		snprintf(word, sizeof word, "-%c", (char)o->key);
		if (offer(c, prefix, word) < 0)
			return -ENOMEM;
	}
	if (o->name) {
		snprintf(word, sizeof word, "--%s", o->name);
		return offer(c, prefix, word);
	}
	return 0;
}

static int offer_options(struct completion *c, const struct builtin *b, const char *prefix)
{
	for (const struct builtin_option *o = b->options; o->kind != OPTION_END; o++)
		if ((o->kind == OPTION_FLAG || o->kind == OPTION_VALUE || o->kind == OPTION_MAYBE ||
		     o->kind == OPTION_MAYBE_LONG) &&
		    offer_option(c, o, prefix) < 0)
			return -ENOMEM;
	return 0;
}

/* Subcommands: the words of b's declaration ("lab list"). */
static int offer_subcommands(struct completion *c, const struct builtin *b, const char *prefix)
{
	for (const struct builtin_option *o = b->options; o->kind != OPTION_END; o++)
		if (o->kind == OPTION_WORD && offer(c, prefix, o->name) < 0)
			return -ENOMEM;
	return 0;
}

/* Whether b has "+x" options (set +o): then a word starting with '+' is one. */
static int has_plus_options(const struct builtin *b)
{
	for (const struct builtin_option *o = b->options; o->kind != OPTION_END; o++)
		if (o->key & OPTION_PLUS)
			return 1;
	return 0;
}

static int offer_argument(struct completion *c, const struct builtin *b, int position, const char *word)
{
	if (position == 0 && offer_subcommands(c, b, word) < 0)
		return -ENOMEM;
	switch (b->arg) {
	case ARG_LAB:
		return offer_labs(c, word);
	case ARG_COMMAND:
		if (position == 0)
			return offer_commands(c, word);
		c->files = COMPLETE_FILES;
		return 0;
	case ARG_NONE:
		c->files = COMPLETE_FILES;
		return 0;
	default:
		return offer_value(c, b->arg, "", word);
	}
}

/* ---- the line ----------------------------------------------------------------- */

#define MAX_WORDS 256

/* The words of the simple command the cursor is in, up to (not including)
 * the word being completed.  Quotes are removed; a redirection and its
 * target are left out.  *redirect is set when the word being completed is
 * a redirection's target; *word_start to where the last word (complete or
 * not) began, or `end` if the prefix ends in a blank. */
struct context {
	char *words[MAX_WORDS];
	size_t nwords;
	int redirect;
	size_t word_start;
};

static void context_free(struct context *ctx)
{
	for (size_t i = 0; i < ctx->nwords; i++)
		free(ctx->words[i]);
	ctx->nwords = 0;
}

static int is_break(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == ';' || ch == '|' || ch == '&' || ch == '<' ||
	       ch == '>';
}

/* NAME=value before the command name: not a word of the command. */
static int is_assignment(const char *word)
{
	size_t n = strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789");

	return n > 0 && word[n] == '=' && !isdigit((unsigned char)word[0]);
}

static void scan_context(const char *line, size_t end, struct context *ctx)
{
	char word[4096];
	size_t wlen = 0;
	int in_word = 0, target_next = 0;
	char quote = 0;

	memset(ctx, 0, sizeof *ctx);
	ctx->word_start = end;
	for (size_t i = 0; i < end; i++) {
		char ch = line[i];

		if (quote) {
			if (ch == quote)
				quote = 0;
			else if (ch == '\\' && quote == '"' && i + 1 < end)
				word[wlen < sizeof word - 1 ? wlen++ : wlen] = line[++i];
			else if (wlen < sizeof word - 1)
				word[wlen++] = ch;
			continue;
		}
		if (!is_break(ch)) {
			if (!in_word) {
				in_word = 1;
				wlen = 0;
				ctx->word_start = i;
			}
			if (ch == '\'' || ch == '"')
				quote = ch;
			else if (ch == '\\' && i + 1 < end)
				word[wlen < sizeof word - 1 ? wlen++ : wlen] = line[++i];
			else if (wlen < sizeof word - 1)
				word[wlen++] = ch;
			continue;
		}
		/* a break character ends the word in progress */
		if (in_word) {
			word[wlen] = '\0';
			in_word = 0;
			if ((ch == '<' || ch == '>') && strspn(word, "0123456789") == wlen) {
				/* "2>": the digits are the redirected descriptor */
			} else if (target_next) {
				target_next = 0; /* a redirection's target is not an argument */
			} else if (ctx->nwords < MAX_WORDS && (ctx->nwords > 0 || !is_assignment(word))) {
				ctx->words[ctx->nwords++] = strdup(word);
			}
		}
		if (ch == ';' || ch == '|' || (ch == '&' && !(i > 0 && line[i - 1] == '>'))) {
			context_free(ctx); /* a new command starts */
			target_next = 0;
		} else if (ch == '<' || ch == '>') {
			target_next = 1;
			if (i + 1 < end && line[i + 1] == '&') /* >&2: the descriptor follows */
				i++;
		}
		ctx->word_start = i + 1;
	}
	ctx->redirect = target_next;
}

/* The decision for one simple command, words[0] its name. */
static int complete_command(struct completion *c, char **words, size_t nwords, const char *word)
{
	const struct builtin *b;
	const struct builtin_option *pending = NULL, *o;
	int options_ended = 0, position = 0;
	const char *eq;

	if (nwords == 0)
		return offer_commands(c, word);
	if (!(b = builtin_find(words[0]))) {
		c->files = COMPLETE_FILES;
		return 0;
	}
	for (size_t i = 1; i < nwords; i++) {
		const char *w = words[i];

		if (pending) {
			pending = NULL;
			continue;
		}
		if (!options_ended && strcmp(w, "--") == 0) {
			options_ended = 1;
			continue;
		}
		if (!options_ended &&
		    ((w[0] == '-' && w[1]) || (w[0] == '+' && builtin_option_named(b, w)))) {
			/* "-t" or "--target" alone: the next word is its value */
			o = strchr(w, '=') ? NULL : builtin_option_named(b, w);
			if (o && o->kind == OPTION_VALUE)
				pending = o;
			continue;
		}
		if (takes_command(b) && position == 0)
			return complete_command(c, words + i, nwords - i, word);
		position++;
	}
	if (pending)
		return offer_value(c, pending->value, "", word);
	if (!options_ended && word[0] == '-' && word[1] == '-' && (eq = strchr(word, '='))) {
		char lead[80];

		o = builtin_option_named(b, word);
		snprintf(lead, sizeof lead, "%.*s", (int)(eq + 1 - word), word);
		return o ? offer_value(c, o->value, lead, eq + 1) : 0;
	}
	if (!options_ended && (word[0] == '-' || (word[0] == '+' && has_plus_options(b))))
		return offer_options(c, b, word);
	if (takes_command(b) && position == 0)
		return offer_commands(c, word);
	return offer_argument(c, b, position, word);
}

int complete_word_at(const char *line, size_t start, size_t end, struct completion *out)
{
	struct context ctx;
	char *word = strndup(line + start, end - start);
	int rc;

	memset(out, 0, sizeof *out);
	out->start = start;
	if (!word)
		return -ENOMEM;
	scan_context(line, start, &ctx);
	if (ctx.redirect) {
		out->files = COMPLETE_FILES;
		rc = 0;
	} else if (word[0] == '$') {
		rc = offer_variables(out, word);
	} else {
		rc = complete_command(out, ctx.words, ctx.nwords, word);
	}
	context_free(&ctx);
	free(word);
	if (rc < 0) {
		completion_free(out);
		return rc;
	}
	tidy(out);
	return 0;
}

int complete_line(const char *line, size_t cursor, struct completion *out)
{
	struct context ctx;
	size_t start;

	scan_context(line, cursor, &ctx);
	start = ctx.word_start;
	context_free(&ctx);
	return complete_word_at(line, start, cursor, out);
}
