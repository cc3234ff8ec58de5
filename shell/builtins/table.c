/* The builtin table, generated from list.h, its lookups, and what is made
 * from each builtin's option declaration for people: the usage line and
 * the help. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "io.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

const struct builtin_option no_options[] = {{0}};

const struct builtin builtin_table[] = {
#define BUILTIN(name, fn, options, operands, summary, arg) {name, fn, options, operands, summary, arg},
#include "builtins/list.h"
#undef BUILTIN
};
const size_t builtin_count = sizeof builtin_table / sizeof builtin_table[0];

static int compare_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct builtin *)elem)->name);
}

const struct builtin *builtin_find(const char *name)
{
	return bsearch(name, builtin_table, builtin_count, sizeof builtin_table[0], compare_name);
}

/* ---- the usage line -------------------------------------------------------- */

/* At most this many options are written out in the usage line; with more,
 * it says "[options]". */
#define USAGE_OPTIONS_SHOWN 4

static int is_option(const struct builtin_option *o)
{
	return o->kind == OPTION_FLAG || o->kind == OPTION_VALUE || o->kind == OPTION_MAYBE ||
	       o->kind == OPTION_MAYBE_LONG;
}

/* --help and --version are not part of what a usage line teaches. */
static int in_usage(const struct builtin_option *o)
{
	return is_option(o) && !(o->name && (!strcmp(o->name, "help") || !strcmp(o->name, "version")));
}

static int has_letter(const struct builtin_option *o)
{
	return o->key > 0 && o->key < OPTION_LONG_ONLY;
}

/* "[-lp] [-s SIG] [--force] [+o OPTION]": the letters without a value in
 * one group, then each other option. */
static void add_usage_options(struct strbuf *sb, const struct builtin_option *opts)
{
	size_t count = 0;
	int letters = 0;

	for (const struct builtin_option *o = opts; o->kind != OPTION_END; o++)
		count += in_usage(o);
	if (count > USAGE_OPTIONS_SHOWN) {
		sb_adds(sb, " [options]");
		return;
	}
	for (const struct builtin_option *o = opts; o->kind != OPTION_END; o++)
		if (in_usage(o) && o->kind == OPTION_FLAG && has_letter(o)) {
			sb_adds(sb, letters++ ? "" : " [-");
			sb_addc(sb, (char)o->key);
		}
	if (letters)
		sb_addc(sb, ']');
	for (const struct builtin_option *o = opts; o->kind != OPTION_END; o++) {
		const char *value = o->value_name ? o->value_name : "VALUE";

		if (!in_usage(o) || (o->kind == OPTION_FLAG && has_letter(o)))
			continue;
		if (o->key & OPTION_PLUS)
			sb_addf(sb, " [+%c", (char)(o->key & ~OPTION_PLUS));
		else if (has_letter(o))
			sb_addf(sb, " [-%c", (char)o->key);
		else
			sb_addf(sb, " [--%s", o->name);
		if (o->kind == OPTION_VALUE)
			sb_addf(sb, " %s]", value);
		else if (o->kind == OPTION_MAYBE && has_letter(o))
			sb_addf(sb, "[%s]]", value);
		else if (o->kind == OPTION_MAYBE_LONG && has_letter(o))
			sb_addf(sb, "|--%s[=%s]]", o->name, value);
		else if (o->kind != OPTION_FLAG)
			sb_addf(sb, "[=%s]]", value);
		else
			sb_addc(sb, ']');
	}
}

/* "[list|start|hint]": the subcommand words. */
static void add_usage_words(struct strbuf *sb, const struct builtin_option *opts)
{
	int words = 0;

	for (const struct builtin_option *o = opts; o->kind != OPTION_END; o++)
		if (o->kind == OPTION_WORD)
			sb_addf(sb, "%s%s", words++ ? "|" : " [", o->name);
	if (words)
		sb_addc(sb, ']');
}

/* The lines of the table are made once each; a builtin from elsewhere (a
 * test's) gets its line in one buffer that the next such call reuses. */
const char *builtin_usage(const struct builtin *b)
{
	static char **made;
	static struct strbuf other;
	size_t i = (size_t)(b - builtin_table);
	struct strbuf sb = STRBUF_INIT;
	int of_table = b >= builtin_table && i < builtin_count;

	if (of_table && !made)
		made = xcalloc(builtin_count, sizeof *made);
	if (of_table && made[i])
		return made[i];
	sb_adds(&sb, b->name);
	add_usage_options(&sb, b->options);
	add_usage_words(&sb, b->options);
	if (b->operands && *b->operands)
		sb_addf(&sb, " %s", b->operands);
	if (of_table)
		return made[i] = sb_detach(&sb);
	sb_free(&other);
	other = sb;
	return sb_str(&other);
}

int builtin_usage_error(const struct builtin *b)
{
	nsh_err("usage: %s\n", builtin_usage(b));
	return 2;
}

/* ---- the help --------------------------------------------------------------- */

/* Where the help texts of the options start, at most. */
#define HELP_COLUMN_MAX 30

/* " -m, --mount[=FILE]", "     --fork", " -s SIG", " +o OPTION", " list" */
static void option_form(const struct builtin_option *o, struct strbuf *sb)
{
	const char *value = o->value_name ? o->value_name : "VALUE";

	if (o->kind == OPTION_WORD) {
		sb_addf(sb, "  %s", o->name);
		return;
	}
	if (o->key & OPTION_PLUS)
		sb_addf(sb, " +%c", (char)(o->key & ~OPTION_PLUS));
	else if (has_letter(o))
		sb_addf(sb, " -%c%s", (char)o->key, o->name ? "," : "");
	else
		sb_adds(sb, "    ");
	if (o->name && o->kind != OPTION_WORD && !(o->key & OPTION_PLUS))
		sb_addf(sb, " --%s", o->name);
	if (o->kind == OPTION_VALUE)
		sb_addf(sb, " %s", value);
	else if (o->kind == OPTION_MAYBE || o->kind == OPTION_MAYBE_LONG)
		sb_addf(sb, o->name ? "[=%s]" : "[%s]", value);
}

static size_t help_column(const struct builtin_option *opts)
{
	size_t width = 0;

	for (const struct builtin_option *o = opts; o->kind != OPTION_END; o++) {
		struct strbuf sb = STRBUF_INIT;

		if (!is_option(o) && o->kind != OPTION_WORD)
			continue;
		option_form(o, &sb);
		if (sb.len + 2 > width && sb.len + 2 <= HELP_COLUMN_MAX)
			width = sb.len + 2;
		sb_free(&sb);
	}
	return width ? width : HELP_COLUMN_MAX;
}

/* One option's line: its form, then its help from `column` on (on the next
 * line when the form is wider); the help's further lines indented alike. */
static void print_option_line(const struct builtin_option *o, size_t column)
{
	struct strbuf sb = STRBUF_INIT;
	const char *help = o->help ? o->help : "";

	option_form(o, &sb);
	if (sb.len + 1 > column) {
		sb_addc(&sb, '\n');
		sb_addf(&sb, "%*s", (int)column, "");
	} else {
		sb_addf(&sb, "%*s", (int)(column - sb.len), "");
	}
	for (const char *p = help; *p; p++) {
		sb_addc(&sb, *p);
		if (*p == '\n' && p[1])
			sb_addf(&sb, "%*s", (int)column, "");
	}
	nsh_out("%s\n", sb_str(&sb));
	sb_free(&sb);
}

void builtin_print_help(const struct builtin *b)
{
	size_t column = help_column(b->options);
	enum option_kind group = OPTION_END;

	nsh_out("usage: %s\n%s\n", builtin_usage(b), b->summary);
	for (const struct builtin_option *o = b->options; o->kind != OPTION_END; o++) {
		size_t len;

		if (o->kind == OPTION_TEXT) {
			len = strlen(o->help);
			nsh_out("\n%s%s", o->help, len && o->help[len - 1] == '\n' ? "" : "\n");
			group = OPTION_TEXT;
			continue;
		}
		if (o->kind == OPTION_WORD && group != OPTION_WORD)
			nsh_out("\nCommands:\n");
		else if (o->kind != OPTION_WORD && group != OPTION_FLAG)
			nsh_out("\nOptions:\n");
		group = o->kind == OPTION_WORD ? OPTION_WORD : OPTION_FLAG;
		print_option_line(o, column);
	}
}

int builtin_wants_help(const struct builtin *b, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") != 0)
		return 0;
	builtin_print_help(b);
	return 1;
}

/* ---- a word as an option ---------------------------------------------------- */

const struct builtin_option *builtin_option_named(const struct builtin *b, const char *word)
{
	size_t len;

	if (!word || (word[0] != '-' && word[0] != '+') || !word[1])
		return NULL;
	len = strcspn(word + 2, "=");
	for (const struct builtin_option *o = b->options; o->kind != OPTION_END; o++) {
		if (!is_option(o))
			continue;
		if (word[0] == '+') {
			if ((o->key & OPTION_PLUS) && (o->key & ~OPTION_PLUS) == word[1] && !word[2])
				return o;
		} else if (word[1] == '-') {
			if (o->name && strlen(o->name) == len && strncmp(o->name, word + 2, len) == 0)
				return o;
		} else if (has_letter(o) && o->key == word[1] && !word[2]) {
			return o;
		}
	}
	return NULL;
}
