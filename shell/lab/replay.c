/* `nsh lab replay FILE [--speed N] [--from-step K] [--pause-at-markers]
 * [--idle-limit S] [--info]`: plays a recording (asciicast v2, as record.c
 * writes it and asciinema plays it) in the terminal.
 *
 * The file is validated first, whole: a header object with version 2 and
 * a positive width and height, then one event per line, [time, type,
 * data], times never going back.  A last line cut short (the session
 * crashed while writing) is left out with a warning; anything else wrong
 * stops with the line and what is wrong.
 *
 * Timing: the gaps between events, each capped at the idle limit (2 s by
 * default, so a student who went for coffee does not stall the replay),
 * divided by the speed.  --from-step K starts where step K began: the
 * output before the marker that ended step K-1 is written at once (so the
 * screen is what it was then), and the timed replay starts there. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/json.h"
#include "lab/replay.h"

#define CAST_MAX_SIZE (512L * 1024 * 1024)

static const char replay_usage[] =
    "usage: nsh lab replay FILE.cast [--speed N] [--from-step K] [--pause-at-markers]\n"
    "                      [--idle-limit SECONDS] [--info]\n"
    "  --speed N            play N times as fast (default 1)\n"
    "  --from-step K        start where step K began (after the marker of step K-1)\n"
    "  --pause-at-markers   stop at each marker (step passed, hint, prediction) until Enter\n"
    "  --idle-limit S       longest pause kept from the recording (default 2; 0: no limit)\n"
    "  --info               check the file and list its markers, play nothing\n";

void cast_free(struct cast *c)
{
	for (size_t i = 0; i < c->nevents; i++)
		free(c->events[i].data);
	free(c->events);
	free(c->title);
	memset(c, 0, sizeof *c);
}

static int positive_int(const struct json *v)
{
	return v && v->type == JSON_NUMBER && v->number >= 1 && v->number <= 10000 &&
	       v->number == (double)(int)v->number;
}

/* One event line into ev.  0, or -1 with what is wrong in err. */
static int parse_event(const char *line, size_t len, struct cast_event *ev, char *err, size_t errlen)
{
	char jerr[256];
	struct json *v = json_parse(line, len, jerr, sizeof jerr);
	const struct json *t, *ty, *d;

	if (!v) {
		/* the reader counts lines from 1 inside this one line */
		const char *what = strncmp(jerr, "line 1: ", 8) == 0 ? jerr + 8 : jerr;
		snprintf(err, errlen, "not JSON: %s", what);
		return -1;
	}
	if (v->type != JSON_ARRAY || v->n != 3) {
		snprintf(err, errlen, "an event is an array [time, type, data]");
		json_free(v);
		return -1;
	}
	t = v->items[0];
	ty = v->items[1];
	d = v->items[2];
	if (t->type != JSON_NUMBER || t->number < 0 || t->number != t->number) {
		snprintf(err, errlen, "the time is not a number of seconds >= 0");
		json_free(v);
		return -1;
	}
	if (ty->type != JSON_STRING || strlen(ty->string) != 1 || !strchr("oimr", ty->string[0])) {
		snprintf(err, errlen, "the event type is not one of \"o\", \"i\", \"m\", \"r\"");
		json_free(v);
		return -1;
	}
	if (d->type != JSON_STRING) {
		snprintf(err, errlen, "the event data is not a string");
		json_free(v);
		return -1;
	}
	ev->time = t->number;
	ev->type = ty->string[0];
	ev->data = strdup(d->string);
	ev->len = strlen(d->string);
	json_free(v);
	return 0;
}

int cast_parse(const char *text, size_t len, struct cast *c, char *err, size_t errlen)
{
	const char *p = text, *end = text + len;
	int lineno = 0;
	size_t cap = 0;
	double last = 0;

	memset(c, 0, sizeof *c);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char what[300];

		lineno++;
		if (n == 0 || (n == 1 && *p == '\r')) {
			p += n + 1;
			continue;
		}
		if (lineno == 1) {
			char jerr[256];
			struct json *h = json_parse(p, n, jerr, sizeof jerr);
			const struct json *ver, *title;

			if (!h || h->type != JSON_OBJECT) {
				snprintf(err, errlen, "line 1: not an asciicast header (a JSON object): %s",
					 h ? "not an object" : jerr);
				json_free(h);
				return -1;
			}
			ver = json_get(h, "version");
			if (!ver || ver->type != JSON_NUMBER || ver->number != 2) {
				snprintf(err, errlen, "line 1: not asciicast version 2 (\"version\": %s)",
					 !ver			    ? "missing"
					 : ver->type == JSON_NUMBER ? "not 2"
								    : "not a number");
				json_free(h);
				return -1;
			}
			if (!positive_int(json_get(h, "width")) || !positive_int(json_get(h, "height"))) {
				snprintf(err, errlen,
					 "line 1: the header needs a positive \"width\" and \"height\"");
				json_free(h);
				return -1;
			}
			c->width = (int)json_get(h, "width")->number;
			c->height = (int)json_get(h, "height")->number;
			title = json_get(h, "title");
			if (title && title->type == JSON_STRING)
				c->title = strdup(title->string);
			json_free(h);
		} else {
			struct cast_event ev;

			if (parse_event(p, n, &ev, what, sizeof what) < 0) {
				if (!nl) {
					/* the last line, cut short: a crash while recording */
					c->truncated = 1;
					break;
				}
				snprintf(err, errlen, "line %d: %s", lineno, what);
				cast_free(c);
				return -1;
			}
			if (ev.time < last) {
				snprintf(err, errlen,
					 "line %d: the time %.6f goes back (the line before: %.6f)", lineno,
					 ev.time, last);
				free(ev.data);
				cast_free(c);
				return -1;
			}
			last = ev.time;
			if (c->nevents == cap) {
				size_t ncap = cap ? cap * 2 : 256;
				struct cast_event *grown = realloc(c->events, ncap * sizeof *grown);
				if (!grown) {
					free(ev.data);
					snprintf(err, errlen, "out of memory");
					cast_free(c);
					return -1;
				}
				c->events = grown;
				cap = ncap;
			}
			c->events[c->nevents++] = ev;
		}
		p += n + 1;
	}
	if (lineno == 0) {
		snprintf(err, errlen, "empty file (no asciicast header)");
		return -1;
	}
	return 0;
}

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t got = 0;

	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > CAST_MAX_SIZE) {
		snprintf(err, errlen,
			 S_ISREG(st.st_mode) ? "too large for a recording" : "not a regular file");
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	while (buf && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

static void out_all(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(1, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

static void sleep_for(double secs)
{
	struct timespec ts;

	if (secs <= 0)
		return;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int is_step_marker(const struct cast_event *e)
{
	return e->type == 'm' && strncmp(e->data, "step ", 5) == 0;
}

/* At a marker: show it and wait for Enter on the terminal.  Returns 1 to
 * stop (q, or the terminal is gone). */
static int pause_at(FILE *tty, const struct cast_event *e)
{
	char line[64];

	fprintf(tty, "\r\n\033[0;7m[marker: %s]\033[0m Enter: go on, q Enter: stop ", e->data);
	fflush(tty);
	if (!fgets(line, sizeof line, tty))
		return 1;
	return line[0] == 'q';
}

int replay_main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"speed", required_argument, NULL, 's'},
	    {"from-step", required_argument, NULL, 'f'},
	    {"pause-at-markers", no_argument, NULL, 'p'},
	    {"idle-limit", required_argument, NULL, 'i'},
	    {"info", no_argument, NULL, 'I'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	double speed = 1, idle = 2;
	long from_step = 1;
	int pause = 0, info = 0, c, rc = 0;
	const char *path;
	char err[512], *text, *end;
	size_t len = 0, start = 0;
	struct cast cast;
	FILE *tty = NULL;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:f:pi:Ih", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			speed = strtod(optarg, &end);
			if (*end || !(speed > 0) || speed > 1e9) {
				fprintf(stderr,
					"nsh: lab replay: --speed wants a positive number, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'f':
			from_step = strtol(optarg, &end, 10);
			if (*end || from_step < 1 || from_step > 100000) {
				fprintf(
				    stderr,
				    "nsh: lab replay: --from-step wants a step number (1, 2...), not '%s'\n",
				    optarg);
				return 2;
			}
			break;
		case 'p':
			pause = 1;
			break;
		case 'i':
			idle = strtod(optarg, &end);
			if (*end || idle < 0 || idle != idle) {
				fprintf(
				    stderr,
				    "nsh: lab replay: --idle-limit wants seconds (0: no limit), not '%s'\n",
				    optarg);
				return 2;
			}
			break;
		case 'I':
			info = 1;
			break;
		case 'h':
			fputs(replay_usage, stdout);
			return 0;
		case ':':
			fprintf(stderr, "nsh: lab replay: option '%s' needs an argument\n", argv[optind - 1]);
			fputs(replay_usage, stderr);
			return 2;
		default:
			fprintf(stderr, "nsh: lab replay: unrecognized option '%s'\n", argv[optind - 1]);
			fputs(replay_usage, stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "nsh: lab replay: %s\n",
			optind >= argc ? "name one recording" : "one recording at a time");
		fputs(replay_usage, stderr);
		return 2;
	}
	path = argv[optind];
	text = read_file(path, &len, err, sizeof err);
	if (!text) {
		fprintf(stderr, "nsh: lab replay: %s: %s\n", path, err);
		return 1;
	}
	if (cast_parse(text, len, &cast, err, sizeof err) < 0) {
		fprintf(stderr, "nsh: lab replay: %s: not a valid recording: %s\n", path, err);
		free(text);
		return 1;
	}
	free(text);
	if (cast.truncated)
		fprintf(stderr,
			"nsh: lab replay: %s: the last line is cut short (the session ended while "
			"recording); playing the rest\n",
			path);
	if (info) {
		size_t out = 0, markers = 0;
		for (size_t i = 0; i < cast.nevents; i++)
			if (cast.events[i].type == 'o')
				out += cast.events[i].len;
		printf("%s: asciicast v2, %dx%d, %zu events, %zu bytes of output, %.1f s\n", path, cast.width,
		       cast.height, cast.nevents, out,
		       cast.nevents ? cast.events[cast.nevents - 1].time : 0.0);
		if (cast.title)
			printf("title: %s\n", cast.title);
		for (size_t i = 0; i < cast.nevents; i++)
			if (cast.events[i].type == 'm') {
				markers++;
				printf("  %9.3f  %s\n", cast.events[i].time, cast.events[i].data);
			}
		if (!markers)
			printf("  (no markers)\n");
		cast_free(&cast);
		return 0;
	}
	if (from_step > 1) {
		long seen = 0;
		size_t i;
		for (i = 0; i < cast.nevents && seen < from_step - 1; i++)
			seen += is_step_marker(&cast.events[i]);
		if (seen < from_step - 1) {
			fprintf(stderr,
				"nsh: lab replay: %s: no step %ld: the recording has %ld step marker%s "
				"(steps 1-%ld "
				"can be started from)\n",
				path, from_step, seen, seen == 1 ? "" : "s", seen + 1);
			cast_free(&cast);
			return 1;
		}
		start = i;
		/* fast-forward: the screen as it was when step K began */
		for (size_t k = 0; k < start; k++)
			if (cast.events[k].type == 'o')
				out_all(cast.events[k].data, cast.events[k].len);
	}
	if (pause) {
		tty = fopen("/dev/tty", "r+e");
		if (!tty)
			fprintf(stderr,
				"nsh: lab replay: --pause-at-markers: no terminal to wait on (%s); not "
				"pausing\n",
				strerror(errno));
	}
	if (isatty(1)) {
		struct winsize ws;
		if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
		    (ws.ws_col < cast.width || ws.ws_row < cast.height) && cast.width <= 400)
			fprintf(stderr,
				"nsh: lab replay: the recording is %dx%d, this terminal %dx%d: lines may "
				"wrap\r\n",
				cast.width, cast.height, ws.ws_col, ws.ws_row);
	}
	{
		double prev = start > 0 ? cast.events[start - 1].time : 0;
		for (size_t i = start; i < cast.nevents; i++) {
			struct cast_event *e = &cast.events[i];
			double gap = e->time - prev;

			if (idle > 0 && gap > idle)
				gap = idle;
			sleep_for(gap / speed);
			prev = e->time;
			if (e->type == 'o')
				out_all(e->data, e->len);
			else if (e->type == 'm' && tty && pause_at(tty, e)) {
				rc = 0;
				break;
			}
		}
	}
	if (tty)
		fclose(tty);
	cast_free(&cast);
	return rc;
}
