/* The progress file: see progress.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/json.h"
#include "lab/progress.h"

const char *progress_path(char *buf, size_t len)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (state && *state == '/')
		snprintf(buf, len, "%s/nsh/progress.json", state);
	else if (home && *home)
		snprintf(buf, len, "%s/.local/state/nsh/progress.json", home);
	else
		return NULL;
	return buf;
}

static void format_time(char *buf, size_t len, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static time_t parse_time(const struct json *v)
{
	struct tm tm;

	if (!v || v->type != JSON_STRING)
		return 0;
	memset(&tm, 0, sizeof tm);
	if (!strptime(v->string, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return 0;
	return timegm(&tm);
}

struct progress_lab *progress_find(struct progress *p, const char *id, int create)
{
	struct progress_lab *labs;

	for (int i = 0; i < p->nlabs; i++)
		if (strcmp(p->labs[i].id, id) == 0)
			return &p->labs[i];
	if (!create)
		return NULL;
	labs = realloc(p->labs, sizeof *labs * (size_t)(p->nlabs + 1));
	if (!labs)
		return NULL;
	p->labs = labs;
	memset(&labs[p->nlabs], 0, sizeof labs[0]);
	labs[p->nlabs].id = strdup(id);
	return &labs[p->nlabs++];
}

void progress_mark(struct progress_lab *lab, int index, char result, time_t now)
{
	struct progress_step *s = NULL;

	for (int i = 0; i < lab->nsteps; i++)
		if (lab->steps[i].index == index)
			s = &lab->steps[i];
	if (!s) {
		struct progress_step *grown = realloc(lab->steps, sizeof *grown * (size_t)(lab->nsteps + 1));
		if (!grown)
			return;
		lab->steps = grown;
		s = &grown[lab->nsteps++];
		s->index = index;
	}
	s->result = result;
	s->at = now;
	if (!lab->started)
		lab->started = now;
	lab->updated = now;
}

char progress_step_result(const struct progress_lab *lab, int index)
{
	for (int i = 0; lab && i < lab->nsteps; i++)
		if (lab->steps[i].index == index)
			return lab->steps[i].result;
	return 0;
}

int progress_next_step(const struct progress_lab *lab, int nsteps)
{
	for (int i = 1; i <= nsteps; i++)
		if (!progress_step_result(lab, i))
			return i;
	return nsteps + 1;
}

static void free_lab(struct progress_lab *l)
{
	free(l->id);
	free(l->steps);
}

void progress_reset(struct progress *p, const char *id)
{
	for (int i = 0; i < p->nlabs;) {
		if (!id || strcmp(p->labs[i].id, id) == 0) {
			free_lab(&p->labs[i]);
			memmove(&p->labs[i], &p->labs[i + 1], sizeof p->labs[0] * (size_t)(p->nlabs - i - 1));
			p->nlabs--;
		} else {
			i++;
		}
	}
}

void progress_free(struct progress *p)
{
	progress_reset(p, NULL);
	free(p->labs);
	p->labs = NULL;
}

/* The JSON tree into p; 0, or -1 if its shape is wrong. */
static int from_json(const struct json *root, struct progress *p)
{
	const struct json *labs = json_get(root, "labs");

	if (!root || root->type != JSON_OBJECT || !labs || labs->type != JSON_OBJECT)
		return -1;
	for (size_t i = 0; i < labs->n; i++) {
		const struct json *l = labs->items[i], *steps = json_get(l, "steps");
		struct progress_lab *lab;

		if (l->type != JSON_OBJECT)
			return -1;
		lab = progress_find(p, labs->keys[i], 1);
		if (!lab)
			return -1;
		lab->started = parse_time(json_get(l, "started"));
		lab->updated = parse_time(json_get(l, "updated"));
		lab->completed = parse_time(json_get(l, "completed"));
		for (size_t s = 0; steps && steps->type == JSON_OBJECT && s < steps->n; s++) {
			const struct json *st = steps->items[s], *res = json_get(st, "result");
			int index = atoi(steps->keys[s]);
			time_t updated = lab->updated, started = lab->started;

			if (index <= 0 || !res || res->type != JSON_STRING)
				return -1;
			progress_mark(lab, index, strcmp(res->string, "skip") == 0 ? 's' : 'p',
				      parse_time(json_get(st, "at")));
			lab->updated = updated;
			lab->started = started;
		}
	}
	return 0;
}

int progress_load(const char *path, struct progress *p, char *warn, size_t warnlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char err[128], *text = NULL;
	size_t len = 0, cap = 0;
	struct json *root;

	memset(p, 0, sizeof *p);
	if (warn && warnlen)
		warn[0] = '\0';
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	for (;;) {
		ssize_t n;

		if (len + 4096 > cap) {
			char *grown = realloc(text, cap = cap ? cap * 2 : 8192);
			if (!grown) {
				free(text);
				close(fd);
				return -ENOMEM;
			}
			text = grown;
		}
		n = read(fd, text + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(text);
			close(fd);
			return -e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	root = json_parse(text ? text : "", len, err, sizeof err);
	free(text);
	if (root && from_json(root, p) == 0) {
		json_free(root);
		return 0;
	}
	if (root)
		snprintf(err, sizeof err, "not a progress file");
	json_free(root);
	progress_free(p);
	/* Keep the bad file for a human to look at, and start afresh. */
	char aside[4096 + 64], stamp[32];
	format_time(stamp, sizeof stamp, time(NULL));
	snprintf(aside, sizeof aside, "%s.corrupt-%s", path, stamp);
	if (rename(path, aside) < 0)
		snprintf(aside, sizeof aside, "(could not move it aside: %s)", strerror(errno));
	if (warn)
		snprintf(warn, warnlen,
			 "nsh: lab: %s is corrupt (%s); saved as %s, starting with no progress", path, err,
			 aside);
	return 0;
}

static void json_write_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_write_time(FILE *f, time_t t)
{
	char buf[32];

	if (!t) {
		fputs("null", f);
		return;
	}
	format_time(buf, sizeof buf, t);
	fprintf(f, "\"%s\"", buf);
}

/* mkdir -p of the directory part of path. */
static int make_parent_dirs(const char *path)
{
	char dir[4096];
	char *slash;

	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int progress_save(const char *path, const struct progress *p)
{
	char tmp[4096 + 32];
	int fd, rc, err = 0;
	FILE *f;

	if ((rc = make_parent_dirs(path)) < 0)
		return rc;
	snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		err = errno;
		close(fd);
		unlink(tmp);
		return -err;
	}
	fputs("{\n  \"version\": 1,\n  \"labs\": {", f);
	for (int i = 0; i < p->nlabs; i++) {
		const struct progress_lab *l = &p->labs[i];

		fputs(i ? ",\n    " : "\n    ", f);
		json_write_string(f, l->id);
		fputs(": {\"started\": ", f);
		json_write_time(f, l->started);
		fputs(", \"updated\": ", f);
		json_write_time(f, l->updated);
		fputs(", \"completed\": ", f);
		json_write_time(f, l->completed);
		fputs(", \"steps\": {", f);
		for (int s = 0; s < l->nsteps; s++) {
			fprintf(f, "%s\"%d\": {\"result\": \"%s\", \"at\": ", s ? ", " : "",
				l->steps[s].index, l->steps[s].result == 's' ? "skip" : "pass");
			json_write_time(f, l->steps[s].at);
			fputc('}', f);
		}
		fputs("}}", f);
	}
	fputs(p->nlabs ? "\n  }\n}\n" : "}\n}\n", f);
	if (fflush(f) != 0 || ferror(f) || fsync(fd) < 0)
		err = errno ? errno : EIO;
	if (fclose(f) != 0 && !err)
		err = errno;
	if (!err && rename(tmp, path) < 0)
		err = errno;
	if (err) {
		unlink(tmp);
		return -err;
	}
	/* the rename itself is durable once the directory is synced */
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	return 0;
}
