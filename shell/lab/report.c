/* Report writers for lab check/verify: see report.h.
 *
 * TAP: "TAP version 13", the plan, one line per step (a skipped or broken
 * lab is one line), YAML diagnostics for failures.  JUnit: the shape that
 * Jenkins and GitLab accept: <testsuites> of one <testsuite> per lab, one
 * <testcase> per step with <failure>/<skipped>/<error>.  JSON: one object
 * with every lab, step, result, message and duration. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lab/report.h"

int report_format_by_name(const char *name)
{
	static const char *const names[] = {"text", "tap", "junit", "json"};

	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

void report_set_message(char **field, const char *text)
{
	free(*field);
	*field = text ? strdup(text) : NULL;
}

struct step_report *report_add_step(struct lab_report *lab, int index, const char *id, const char *title,
				    const char *example)
{
	struct step_report *s, *grown = realloc(lab->steps, sizeof *grown * (size_t)(lab->nsteps + 1));

	if (!grown)
		return NULL;
	lab->steps = grown;
	s = &lab->steps[lab->nsteps++];
	memset(s, 0, sizeof *s);
	s->index = index;
	s->id = strdup(id ? id : "");
	s->title = strdup(title ? title : "");
	s->example = example ? strdup(example) : NULL;
	s->result = STEP_SKIP;
	return s;
}

void report_free(struct lab_report *lab)
{
	for (int i = 0; i < lab->nsteps; i++) {
		free(lab->steps[i].id);
		free(lab->steps[i].title);
		free(lab->steps[i].example);
		free(lab->steps[i].message);
		free(lab->steps[i].command);
		free(lab->steps[i].output);
	}
	free(lab->steps);
	free(lab->id);
	free(lab->title);
	free(lab->file);
	free(lab->skip_reason);
	free(lab->error);
	memset(lab, 0, sizeof *lab);
}

int report_all_passed(const struct lab_report *labs, int nlabs)
{
	for (int i = 0; i < nlabs; i++) {
		if (labs[i].error)
			return 0;
		for (int s = 0; s < labs[i].nsteps; s++)
			if (labs[i].steps[s].result == STEP_FAIL)
				return 0;
	}
	return 1;
}

static void json_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* XML text and attribute values: the five entities, and control characters
 * (invalid in XML 1.0) replaced by '?'. */
static void xml_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		case '\n':
			fputs("&#10;", f);
			break;
		case '\t':
			fputc('\t', f);
			break;
		default:
			fputc(c < 0x20 ? '?' : c, f);
		}
	}
}

/* YAML block scalar lines for TAP diagnostics. */
static void tap_block(FILE *f, const char *key, const char *text)
{
	if (!text)
		return;
	fprintf(f, "  %s: |\n", key);
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		fprintf(f, "    %.*s\n", (int)len, p);
		p += len;
		if (*p == '\n')
			p++;
	}
}

/* A TAP description must not hold '#' (it starts a directive). */
static void tap_desc(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '#' ? '_' : (*s == '\n' ? ' ' : *s), f);
}

static void write_tap(FILE *f, const struct lab_report *labs, int nlabs)
{
	int total = 0, n = 0;

	for (int i = 0; i < nlabs; i++)
		total += (labs[i].error || labs[i].skip_reason || labs[i].nsteps == 0) ? 1 : labs[i].nsteps;
	fprintf(f, "TAP version 13\n1..%d\n", total);
	for (int i = 0; i < nlabs; i++) {
		const struct lab_report *l = &labs[i];

		if (l->error) {
			fprintf(f, "not ok %d - ", ++n);
			tap_desc(f, l->id);
			fputs(": the lab could not run\n  ---\n", f);
			tap_block(f, "message", l->error);
			fputs("  ...\n", f);
			continue;
		}
		if (l->skip_reason || l->nsteps == 0) {
			fprintf(f, "ok %d - ", ++n);
			tap_desc(f, l->id);
			fputs(" # SKIP ", f);
			tap_desc(f, l->skip_reason ? l->skip_reason : "no steps");
			fputc('\n', f);
			continue;
		}
		for (int s = 0; s < l->nsteps; s++) {
			const struct step_report *st = &l->steps[s];

			fprintf(f, "%s %d - ", st->result == STEP_FAIL ? "not ok" : "ok", ++n);
			tap_desc(f, l->id);
			fprintf(f, ": step %d: ", st->index);
			tap_desc(f, st->title);
			if (st->result == STEP_SKIP) {
				fputs(" # SKIP ", f);
				tap_desc(f, st->message ? st->message : "skipped");
			}
			fputc('\n', f);
			if (st->result == STEP_FAIL) {
				fputs("  ---\n", f);
				tap_block(f, "message", st->message ? st->message : "failed");
				tap_block(f, "command", st->command);
				tap_block(f, "output", st->output);
				fprintf(f, "  duration_ms: %.0f\n  ...\n", st->seconds * 1000);
			}
		}
	}
}

static void count(const struct lab_report *l, int *tests, int *fail, int *skip, int *err)
{
	*tests = *fail = *skip = *err = 0;
	if (l->error) {
		*tests = *err = 1;
		return;
	}
	if (l->skip_reason) {
		*tests = *skip = 1;
		return;
	}
	for (int s = 0; s < l->nsteps; s++) {
		(*tests)++;
		if (l->steps[s].result == STEP_FAIL)
			(*fail)++;
		else if (l->steps[s].result == STEP_SKIP)
			(*skip)++;
	}
}

static void write_junit(FILE *f, const struct lab_report *labs, int nlabs)
{
	int t = 0, fl = 0, sk = 0, er = 0;
	double secs = 0;

	for (int i = 0; i < nlabs; i++) {
		int a, b, c, d;
		count(&labs[i], &a, &b, &c, &d);
		t += a, fl += b, sk += c, er += d;
		secs += labs[i].seconds;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f,
		"<testsuites name=\"nsh lab\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" "
		"time=\"%.3f\">\n",
		t, fl, er, sk, secs);
	for (int i = 0; i < nlabs; i++) {
		const struct lab_report *l = &labs[i];
		int a, b, c, d;

		count(l, &a, &b, &c, &d);
		fputs("  <testsuite name=\"", f);
		xml_text(f, l->id);
		fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n", a,
			b, d, c, l->seconds);
		if (l->error || l->skip_reason) {
			fputs("    <testcase classname=\"", f);
			xml_text(f, l->id);
			fputs("\" name=\"load\" time=\"0\">\n", f);
			fputs(l->error ? "      <error message=\"" : "      <skipped message=\"", f);
			xml_text(f, l->error ? l->error : l->skip_reason);
			fputs("\"/>\n    </testcase>\n", f);
		}
		for (int s = 0; !l->error && !l->skip_reason && s < l->nsteps; s++) {
			const struct step_report *st = &l->steps[s];

			fputs("    <testcase classname=\"", f);
			xml_text(f, l->id);
			fprintf(f, "\" name=\"%d ", st->index);
			xml_text(f, st->title);
			fprintf(f, "\" time=\"%.3f\"", st->seconds);
			if (st->result == STEP_PASS) {
				fputs("/>\n", f);
				continue;
			}
			fputs(">\n", f);
			if (st->result == STEP_FAIL) {
				fputs("      <failure message=\"", f);
				xml_text(f, st->message ? st->message : "failed");
				fputs("\">", f);
				if (st->command) {
					fputs("command: ", f);
					xml_text(f, st->command);
				}
				if (st->output) {
					fputs("&#10;output:&#10;", f);
					xml_text(f, st->output);
				}
				fputs("</failure>\n", f);
			} else {
				fputs("      <skipped message=\"", f);
				xml_text(f, st->message ? st->message : "skipped");
				fputs("\"/>\n", f);
			}
			fputs("    </testcase>\n", f);
		}
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
}

static const char *result_name(enum step_result r)
{
	return r == STEP_PASS ? "pass" : r == STEP_FAIL ? "fail" : "skip";
}

static void write_json(FILE *f, const struct lab_report *labs, int nlabs)
{
	double secs = 0;

	for (int i = 0; i < nlabs; i++)
		secs += labs[i].seconds;
	fprintf(f, "{\n  \"passed\": %s,\n  \"duration\": %.3f,\n  \"labs\": [",
		report_all_passed(labs, nlabs) ? "true" : "false", secs);
	for (int i = 0; i < nlabs; i++) {
		const struct lab_report *l = &labs[i];
		const char *result = l->error		       ? "error"
				     : l->skip_reason	       ? "skip"
				     : report_all_passed(l, 1) ? "pass"
							       : "fail";

		fputs(i ? ",\n    {" : "\n    {", f);
		fputs("\"id\": ", f);
		json_string(f, l->id);
		fputs(", \"title\": ", f);
		json_string(f, l->title);
		fputs(", \"file\": ", f);
		json_string(f, l->file);
		fprintf(f, ", \"result\": \"%s\", \"reason\": ", result);
		json_string(f, l->error ? l->error : l->skip_reason);
		fprintf(f, ", \"duration\": %.3f, \"steps\": [", l->seconds);
		for (int s = 0; s < l->nsteps; s++) {
			const struct step_report *st = &l->steps[s];

			fputs(s ? ",\n      {" : "\n      {", f);
			fprintf(f, "\"index\": %d, \"id\": ", st->index);
			json_string(f, st->id);
			fputs(", \"title\": ", f);
			json_string(f, st->title);
			fputs(", \"example\": ", f);
			json_string(f, st->example);
			fprintf(f, ", \"result\": \"%s\", \"message\": ", result_name(st->result));
			json_string(f, st->message);
			fputs(", \"command\": ", f);
			json_string(f, st->command);
			fputs(", \"output\": ", f);
			json_string(f, st->output);
			fprintf(f, ", \"duration\": %.3f}", st->seconds);
		}
		fputs(l->nsteps ? "\n    ]}" : "]}", f);
	}
	fputs(nlabs ? "\n  ]\n}\n" : "]\n}\n", f);
}

static void write_text(FILE *f, const struct lab_report *labs, int nlabs)
{
	int steps = 0, passed = 0, failed = 0, skipped_labs = 0;

	for (int i = 0; i < nlabs; i++) {
		const struct lab_report *l = &labs[i];

		if (l->error) {
			fprintf(f, "%s: ERROR: %s\n", l->id, l->error);
			continue;
		}
		if (l->skip_reason) {
			fprintf(f, "%s: skipped: %s\n", l->id, l->skip_reason);
			skipped_labs++;
			continue;
		}
		fprintf(f, "%s: %s\n", l->id, l->title ? l->title : "");
		for (int s = 0; s < l->nsteps; s++) {
			const struct step_report *st = &l->steps[s];

			steps++;
			if (st->result == STEP_PASS)
				passed++;
			else if (st->result == STEP_FAIL)
				failed++;
			fprintf(f, "  %-4s %2d %s (%.2f s)\n",
				st->result == STEP_PASS	  ? "ok"
				: st->result == STEP_FAIL ? "FAIL"
							  : "skip",
				st->index, st->title, st->seconds);
			if (st->result != STEP_PASS && st->message)
				fprintf(f, "          %s\n", st->message);
			if (st->result == STEP_FAIL && st->command)
				fprintf(f, "          last command: %s\n", st->command);
			if (st->result == STEP_FAIL && st->output && *st->output) {
				/* its first lines: enough to see what went wrong */
				const char *p = st->output;
				int lines = 0;
				fputs("          its output:\n", f);
				while (*p && lines < 8) {
					size_t len = strcspn(p, "\n");
					fprintf(f, "          | %.*s\n", (int)len, p);
					p += len + (p[len] == '\n');
					lines++;
				}
				if (*p)
					fputs("          | ...\n", f);
			}
		}
	}
	fprintf(f, "%d steps: %d passed, %d failed", steps, passed, failed);
	if (skipped_labs)
		fprintf(f, "; %d lab%s skipped", skipped_labs, skipped_labs == 1 ? "" : "s");
	fputc('\n', f);
}

int report_write(FILE *f, enum report_format fmt, const struct lab_report *labs, int nlabs)
{
	switch (fmt) {
	case REPORT_TEXT:
		write_text(f, labs, nlabs);
		break;
	case REPORT_TAP:
		write_tap(f, labs, nlabs);
		break;
	case REPORT_JUNIT:
		write_junit(f, labs, nlabs);
		break;
	case REPORT_JSON:
		write_json(f, labs, nlabs);
		break;
	}
	fflush(f);
	return ferror(f) ? -EIO : 0;
}
