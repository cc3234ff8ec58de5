/* Recordings (asciicast v2) and results of lab runs: see record.h.
 *
 * Every event is written with one write(2) as it happens, so the file on
 * disk is always a valid prefix of the recording.  The result file is
 * small and rewritten whole (temporary file + rename) after each step. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "lab/progress.h"
#include "lab/record.h"
#include "lab/supervisor.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#define RECORD_MAX_COMMANDS 100 /* commands kept per step in the result */
#define RECORD_MAX_COMMAND_LEN 500
#define RECORD_MAX_DEPTH 48 /* nesting depths followed (the tracker's limit) */

/* A string literal, its length counted by the compiler. */
#define sb_lit(b, lit) sb_add((b), (lit), sizeof(lit) - 1)

/* ---- options ------------------------------------------------------------ */

static char *opt_dir;	  /* --record DIR */
static char *opt_student; /* --student NAME */

static void set_opt(char **field, const char *value)
{
	free(*field);
	*field = strdup(value);
}

static int make_dirs(const char *dir);

int record_take_options(int argc, char **argv)
{
	int k = 1;

	if (argc < 2 || (strcmp(argv[1], "start") != 0 && strcmp(argv[1], "demo") != 0 &&
			 strcmp(argv[1], "check") != 0 && strcmp(argv[1], "verify") != 0))
		return argc;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		char **field = NULL;
		const char *value = NULL;

		if (strcmp(a, "--") == 0) {
			while (i < argc)
				argv[k++] = argv[i++];
			break;
		}
		if (strcmp(a, "--record") == 0 || strcmp(a, "--student") == 0) {
			field = a[2] == 'r' ? &opt_dir : &opt_student;
			if (i + 1 >= argc || argv[i + 1][0] == '\0') {
				fprintf(stderr, "nsh: lab %s: option '%s' needs an argument\n", argv[1], a);
				return -1;
			}
			value = argv[++i];
		} else if (strncmp(a, "--record=", 9) == 0 || strncmp(a, "--student=", 10) == 0) {
			field = a[2] == 'r' ? &opt_dir : &opt_student;
			value = strchr(a, '=') + 1;
			if (!*value) {
				fprintf(stderr, "nsh: lab %s: option '%.*s' needs an argument\n", argv[1],
					(int)(strchr(a, '=') - a), a);
				return -1;
			}
		}
		if (field == &opt_dir) {
			/* asked for: a directory that cannot be made is an error now,
			 * not a lab run without its recording */
			int rc = make_dirs(value);
			if (rc < 0) {
				fprintf(stderr, "nsh: lab %s: --record %s: %s\n", argv[1], value,
					strerror(-rc));
				return -1;
			}
		}
		if (field)
			set_opt(field, value);
		else
			argv[k++] = argv[i];
	}
	argv[k] = NULL;
	return k;
}

/* ---- UTF-8 and JSON ----------------------------------------------------- */

static void add_replacement(struct strbuf *out)
{
	sb_add(out, "\xef\xbf\xbd", 3);
}

static void add_ascii(struct strbuf *out, unsigned char c)
{
	switch (c) {
	case 0:
		return; /* terminals ignore NUL; C strings cannot hold it */
	case '"':
		sb_add(out, "\\\"", 2);
		return;
	case '\\':
		sb_add(out, "\\\\", 2);
		return;
	case '\n':
		sb_add(out, "\\n", 2);
		return;
	case '\r':
		sb_add(out, "\\r", 2);
		return;
	case '\t':
		sb_add(out, "\\t", 2);
		return;
	case '\b':
		sb_add(out, "\\b", 2);
		return;
	case '\f':
		sb_add(out, "\\f", 2);
		return;
	}
	if (c < 0x20 || c == 0x7f)
		sb_addf(out, "\\u%04x", c);
	else
		sb_addc(out, (char)c);
}

/* The length of the sequence led by c (2..4), or 0 for a byte that
 * cannot start one. */
static int utf8_lead_len(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* Whether c may be the k-th byte (k >= 1) after lead: the second byte is
 * restricted so that overlong forms, surrogates and code points above
 * U+10FFFF are refused. */
static int utf8_cont_ok(unsigned char lead, int k, unsigned char c)
{
	unsigned char lo = 0x80, hi = 0xbf;

	if (k == 1) {
		if (lead == 0xe0)
			lo = 0xa0;
		else if (lead == 0xed)
			hi = 0x9f;
		else if (lead == 0xf0)
			lo = 0x90;
		else if (lead == 0xf4)
			hi = 0x8f;
	}
	return c >= lo && c <= hi;
}

/* The sequence at p (avail bytes): its length if complete and valid; 0 if
 * valid so far but cut short; -n if invalid after n bytes (n >= 1, the
 * bytes to replace by one U+FFFD). */
static int utf8_check(const unsigned char *p, size_t avail)
{
	int need = utf8_lead_len(p[0]);

	if (!need)
		return -1;
	for (int k = 1; k < need; k++) {
		if ((size_t)k >= avail)
			return 0;
		if (!utf8_cont_ok(p[0], k, p[k]))
			return -k;
	}
	return need;
}

void record_json_utf8(struct strbuf *out, struct utf8_carry *carry, const char *in, size_t len, int final)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0;

	/* finish the sequence carried over from the last call */
	while (carry->n > 0) {
		unsigned char tmp[4];
		size_t have = (size_t)carry->n, take = 0;
		int r;

		memcpy(tmp, carry->b, have);
		while (have < 4 && take < len - i) {
			tmp[have++] = s[i + take];
			take++;
		}
		r = utf8_check(tmp, have);
		if (r > 0) {
			sb_add(out, (const char *)tmp, (size_t)r);
			i += (size_t)r - (size_t)carry->n;
			carry->n = 0;
		} else if (r == 0) {
			if (!final) { /* still short: all of in joins the carry */
				memcpy(carry->b, tmp, have);
				carry->n = (int)have;
				return;
			}
			add_replacement(out);
			i += have - (size_t)carry->n;
			carry->n = 0;
		} else {
			/* invalid: replace its valid prefix, go on after it */
			int bad = -r;
			add_replacement(out);
			if (bad < carry->n) {
				/* the rest of the carry is looked at again */
				memmove(carry->b, carry->b + bad, (size_t)(carry->n - bad));
				carry->n -= bad;
			} else {
				i += (size_t)(bad - carry->n);
				carry->n = 0;
			}
		}
	}
	while (i < len) {
		unsigned char c = s[i];
		int r;

		if (c < 0x80) {
			add_ascii(out, c);
			i++;
			continue;
		}
		r = utf8_check(s + i, len - i);
		if (r > 0) {
			sb_add(out, in + i, (size_t)r);
			i += (size_t)r;
		} else if (r == 0) {
			if (final) {
				add_replacement(out);
				return;
			}
			carry->n = (int)(len - i);
			memcpy(carry->b, s + i, len - i);
			return;
		} else {
			add_replacement(out);
			i += (size_t)-r;
		}
	}
}

/* A JSON string value, quotes included (NULL gives null). */
static void json_str(struct strbuf *b, const char *s)
{
	struct utf8_carry c = {{0}, 0};

	if (!s) {
		sb_add(b, "null", 4);
		return;
	}
	sb_addc(b, '"');
	record_json_utf8(b, &c, s, strlen(s), 1);
	sb_addc(b, '"');
}

size_t record_env_size(const char *name, size_t dflt)
{
	const char *v = getenv(name);
	char *end;
	unsigned long long n;

	if (!v || !*v)
		return dflt;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || end == v)
		return dflt;
	if (*end == 'k' || *end == 'K')
		n *= 1024, end++;
	else if (*end == 'm' || *end == 'M')
		n *= 1024 * 1024, end++;
	if (*end)
		return dflt;
	return (size_t)n;
}

/* ---- the recording ------------------------------------------------------ */

struct step_record {
	char *id, *title;
	char result; /* 'p' pass, 'f' fail, 's' skip, 'r' done in an earlier session, 0 not reached */
	int attempts, hints, hint_level, hints_total;
	char *answer;
	int answer_right; /* -1 none */
	double started, seconds;
	char **commands;
	int ncommands, commands_dropped;
};

struct recording {
	int fd;
	char cast_path[PATH_MAX];
	char result_path[PATH_MAX];
	char *lab_id, *lab_title, *lab_file;
	int mode;
	double t0;	  /* monotonic start */
	time_t started;	  /* wall clock */
	double last_time; /* the last event's time, so times never go back */
	int last_term;	  /* the terminal of the last output */
	struct utf8_carry carry[2];
	size_t step_cap, total_cap;
	size_t step_bytes, total_bytes;
	size_t dropped; /* bytes not recorded in this step */
	size_t dropped_total;
	int capped_note_shown;
	int nsteps;
	struct step_record *steps;
	int current;			   /* 1-based step the output belongs to */
	char *nested[2][RECORD_MAX_DEPTH]; /* per terminal and depth: a command that opened a nested shell */
	char *student;
	char kernel[128], host[128];
	int root;
};

static struct recording *rec;
static char last_path[PATH_MAX];

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double rec_time(void)
{
	double t = mono() - rec->t0;

	if (t < rec->last_time)
		t = rec->last_time;
	rec->last_time = t;
	return t;
}

/* Writes a whole buffer; on an error the recording stops (the lab goes
 * on: a full disk must not end the student's session). */
static void rec_write(const char *buf, size_t len)
{
	while (rec->fd >= 0 && len > 0) {
		ssize_t n = write(rec->fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(rec->fd);
			rec->fd = -1;
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* One event line: [time, "type", "data"] with data already escaped. */
static void rec_event(char type, const char *escaped, size_t len)
{
	struct strbuf b = {0};

	sb_addf(&b, "[%.6f, \"%c\", \"", rec_time(), type);
	sb_add(&b, escaped, len);
	sb_lit(&b, "\"]\n");
	rec_write(b.s, b.len);
	sb_free(&b);
}

static void rec_text_event(char type, const char *text)
{
	struct strbuf e = {0};
	struct utf8_carry c = {{0}, 0};

	record_json_utf8(&e, &c, text, strlen(text), 1);
	rec_event(type, sb_str(&e), e.len);
	sb_free(&e);
}

/* The switch to the other terminal's output, as demo mode shows it. */
static void rec_switch_term(int term)
{
	if (rec->last_term != term) {
		char banner[64];
		snprintf(banner, sizeof banner, "\r\n\033[2m--- terminal %d ---\033[0m\r\n", term);
		rec_text_event('o', banner);
		rec->last_term = term;
	}
}

/* The note for output that went over the cap, once the step is over. */
static void rec_flush_dropped(void)
{
	char note[160];

	if (!rec->dropped)
		return;
	snprintf(note, sizeof note, "\033[0m\r\n[nsh record: output capped: %zu bytes not recorded]\r\n",
		 rec->dropped);
	rec_text_event('o', note);
	rec->dropped = 0;
}

static const char *mode_name(int mode)
{
	return mode == LAB_GUIDED ? "guided" : mode == LAB_DEMO ? "demo" : "check";
}

/* The directory recordings of this mode go to, or NULL (not recorded). */
static const char *recordings_dir(int mode, char *buf, size_t len)
{
	char state[PATH_MAX];
	char *slash;

	if (opt_dir) {
		snprintf(buf, len, "%s", opt_dir);
		return buf;
	}
	if (mode != LAB_GUIDED)
		return NULL;
	{
		const char *off = getenv("NSH_RECORD");
		if (off && strcmp(off, "0") == 0)
			return NULL;
	}
	if (!progress_path(state, sizeof state))
		return NULL;
	slash = strrchr(state, '/');
	if (slash)
		*slash = '\0';
	snprintf(buf, len, "%s/recordings", state);
	return buf;
}

/* mkdir -p, the last component 0700 (recordings are private). */
static int make_dirs(const char *dir)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof tmp, "%s", dir);
	for (char *p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
				return -errno;
			*p = '/';
		}
	}
	if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static char *login_name(void)
{
	const char *env = getenv("LOGNAME");
	struct passwd *pw = getpwuid(getuid());

	if (pw && pw->pw_name)
		return strdup(pw->pw_name);
	if (env && *env)
		return strdup(env);
	char buf[32];
	snprintf(buf, sizeof buf, "uid%u", (unsigned)getuid());
	return strdup(buf);
}

/* Lab ids are [a-z0-9-] in practice; anything else becomes '_' in a file
 * name. */
static void safe_name(char *dst, size_t len, const char *src)
{
	size_t k = 0;

	for (; src && *src && k + 1 < len; src++)
		dst[k++] = (char)((*src >= 'a' && *src <= 'z') || (*src >= 'A' && *src <= 'Z') ||
					  (*src >= '0' && *src <= '9') || *src == '-' || *src == '.'
				      ? *src
				      : '_');
	dst[k] = '\0';
	if (!k || dst[0] == '.')
		snprintf(dst, len, "lab");
}

/* Opens DIR/LAB-TIMESTAMP.cast exclusively (a run in the same second gets
 * -2, -3...), 0600 whatever the umask. */
static int open_cast(const char *dir, const char *lab, time_t t)
{
	char name[128], stamp[32];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	safe_name(name, sizeof name, lab);
	for (int n = 1; n < 100; n++) {
		int fd;

		if (n == 1)
			snprintf(rec->cast_path, sizeof rec->cast_path, "%s/%s-%s.cast", dir, name, stamp);
		else
			snprintf(rec->cast_path, sizeof rec->cast_path, "%s/%s-%s-%d.cast", dir, name, stamp,
				 n);
		fd = open(rec->cast_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0) {
			fchmod(fd, 0600);
			snprintf(rec->result_path, sizeof rec->result_path, "%.*s.json",
				 (int)(strlen(rec->cast_path) - 5), rec->cast_path);
			return fd;
		}
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

static void write_result(void);

/* The lab goes on without a recording; the terminal may be raw already. */
static void record_warn(const char *dir, int err)
{
	fprintf(stderr, "nsh: lab: not recording: cannot write into %s: %s%s", dir, strerror(err),
		isatty(2) ? "\r\n" : "\n");
}

void record_begin(const struct lab_report *report, int mode, int term_fd)
{
	char dir[PATH_MAX];
	struct winsize ws = {.ws_row = 40, .ws_col = 200}; /* the supervisor's pty size off a terminal */
	struct utsname u;
	struct strbuf h = {0};
	const char *term = getenv("TERM");
	int fd;

	if (rec)
		record_end();
	if (!report || !recordings_dir(mode, dir, sizeof dir))
		return;
	if ((fd = make_dirs(dir)) < 0) {
		record_warn(dir, -fd);
		return;
	}
	rec = calloc(1, sizeof *rec);
	if (!rec)
		return;
	rec->started = time(NULL);
	fd = open_cast(dir, report->id, rec->started);
	if (fd < 0) {
		record_warn(dir, -fd);
		free(rec);
		rec = NULL;
		return;
	}
	rec->fd = fd;
	rec->t0 = mono();
	rec->mode = mode;
	rec->last_term = 1;
	rec->current = 1;
	rec->lab_id = strdup(report->id ? report->id : "lab");
	rec->lab_title = report->title ? strdup(report->title) : NULL;
	rec->lab_file = report->file ? strdup(report->file) : NULL;
	rec->step_cap = record_env_size("NSH_RECORD_STEP_CAP", RECORD_STEP_CAP_DEFAULT);
	rec->total_cap = record_env_size("NSH_RECORD_TOTAL_CAP", RECORD_TOTAL_CAP_DEFAULT);
	rec->student = opt_student ? strdup(opt_student) : login_name();
	rec->root = geteuid() == 0;
	if (uname(&u) == 0) {
		snprintf(rec->kernel, sizeof rec->kernel, "%s", u.release);
		snprintf(rec->host, sizeof rec->host, "%s", u.nodename);
	}
	rec->nsteps = report->nsteps;
	rec->steps = calloc((size_t)rec->nsteps + 1, sizeof *rec->steps);
	for (int i = 0; i < rec->nsteps && rec->steps; i++) {
		rec->steps[i].id = strdup(report->steps[i].id ? report->steps[i].id : "");
		rec->steps[i].title = strdup(report->steps[i].title ? report->steps[i].title : "");
		rec->steps[i].answer_right = -1;
	}
	if (rec->steps && rec->nsteps > 0)
		rec->steps[0].started = rec->t0;
	if (term_fd >= 0 && ioctl(term_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
		/* the real terminal's size */
	} else {
		ws.ws_row = 40;
		ws.ws_col = 200;
	}
	sb_addf(&h,
		"{\"version\": 2, \"width\": %u, \"height\": %u, \"timestamp\": %lld, \"title\": ", ws.ws_col,
		ws.ws_row, (long long)rec->started);
	{
		char title[512];
		snprintf(title, sizeof title, "nsh lab %s: %s (%s, %s)", mode_name(mode),
			 rec->lab_title ? rec->lab_title : rec->lab_id, rec->student, rec->lab_id);
		json_str(&h, title);
	}
	sb_lit(&h, ", \"env\": {\"SHELL\": \"nsh\", \"TERM\": ");
	json_str(&h, mode == LAB_GUIDED && term && *term ? term : "dumb");
	sb_lit(&h, "}}\n");
	rec_write(h.s, h.len);
	sb_free(&h);
	snprintf(last_path, sizeof last_path, "%s", rec->cast_path);
	write_result();
}

static struct step_record *step_at(int step)
{
	if (!rec || !rec->steps || step < 1 || step > rec->nsteps)
		return NULL;
	return &rec->steps[step - 1];
}

void record_output(int term, const char *data, size_t len)
{
	struct strbuf e = {0};
	size_t keep = len;
	struct utf8_carry *carry;

	if (!rec || rec->fd < 0 || len == 0)
		return;
	if (term < 1 || term > 2)
		term = 1;
	carry = &rec->carry[term - 1];
	/* the caps: what goes over is counted, not written */
	if (rec->step_bytes >= rec->step_cap || rec->total_bytes >= rec->total_cap) {
		rec->dropped += len;
		rec->dropped_total += len;
		return;
	}
	if (rec->step_bytes + keep > rec->step_cap)
		keep = rec->step_cap - rec->step_bytes;
	if (rec->total_bytes + keep > rec->total_cap)
		keep = rec->total_cap - rec->total_bytes;
	rec_switch_term(term);
	record_json_utf8(&e, carry, data, keep, 0);
	if (e.len)
		rec_event('o', e.s, e.len);
	sb_free(&e);
	rec->step_bytes += keep;
	rec->total_bytes += keep;
	if (keep < len) {
		/* the cut: a partial character is dropped with the rest */
		rec->dropped += len - keep + (size_t)carry->n;
		rec->dropped_total += len - keep + (size_t)carry->n;
		carry->n = 0;
		if (!rec->capped_note_shown) {
			char note[200];
			snprintf(note, sizeof note,
				 "\033[0m\r\n[nsh record: output capped at %zu bytes for this step; the rest "
				 "of the step is counted, not recorded]\r\n",
				 rec->step_bytes >= rec->step_cap ? rec->step_cap : rec->total_cap);
			rec_text_event('o', note);
			rec->capped_note_shown = 1;
		}
	}
}

void record_message(int term, const char *text)
{
	struct strbuf b = {0};

	if (!rec || rec->fd < 0 || !text || !*text)
		return;
	if (rec->total_bytes >= rec->total_cap)
		return; /* counted by nobody: the lab's own words, bounded by the total */
	if (term < 1 || term > 2)
		term = 1;
	rec_switch_term(term);
	for (const char *p = text; *p; p++) {
		if (*p == '\n' && (p == text || p[-1] != '\r'))
			sb_addc(&b, '\r');
		sb_addc(&b, *p);
	}
	rec->total_bytes += b.len;
	rec_text_event('o', sb_str(&b));
	sb_free(&b);
}

void record_resize(int cols, int rows)
{
	char size[32];

	if (!rec || rec->fd < 0 || cols <= 0 || rows <= 0)
		return;
	snprintf(size, sizeof size, "%dx%d", cols, rows);
	rec_text_event('r', size);
}

/* A run that resumes replays the steps done earlier in check mode; those
 * are the earlier session's work, not this one's. */
static int replaying(int mode)
{
	return rec && rec->mode == LAB_GUIDED && mode != LAB_GUIDED;
}

void record_attempt(int step, int term, const char *cmd, int has_status, int depth, int mode)
{
	struct step_record *s = step_at(step);
	int counted_open = 0;
	char **nested;

	if (!rec || !cmd || depth < 0)
		return;
	nested = rec->nested[term == 2 ? 1 : 0];
	/* a command that started a nested shell was counted when it did: its
	 * end (the nested shell exited) is not a new attempt */
	if (depth < RECORD_MAX_DEPTH) {
		if (!has_status) {
			free(nested[depth]);
			nested[depth] = strdup(cmd);
		} else if (nested[depth] && strcmp(nested[depth], cmd) == 0) {
			counted_open = 1;
		}
		if (has_status) {
			/* this depth and the deeper ones are closed */
			for (int d = depth; d < RECORD_MAX_DEPTH; d++) {
				free(nested[d]);
				nested[d] = NULL;
			}
		}
	}
	if (!s || counted_open || replaying(mode))
		return;
	s->attempts++;
	if (s->ncommands >= RECORD_MAX_COMMANDS) {
		s->commands_dropped++;
		return;
	}
	char **grown = realloc(s->commands, sizeof *grown * (size_t)(s->ncommands + 1));
	if (!grown)
		return;
	s->commands = grown;
	s->commands[s->ncommands++] = strndup(cmd, RECORD_MAX_COMMAND_LEN);
	write_result(); /* a crash keeps the attempts too */
}

void record_step_end(int step, int result, const char *title, int mode)
{
	struct step_record *s = step_at(step);
	char label[600];
	double t;

	if (!rec)
		return;
	rec_flush_dropped();
	snprintf(label, sizeof label, "step %d %s%s%s", step,
		 replaying(mode) ? "done earlier"
		 : result > 0	 ? "passed"
		 : result == 0	 ? "failed"
				 : "skipped",
		 title && *title ? ": " : "", title && *title ? title : "");
	if (rec->fd >= 0)
		rec_text_event('m', label);
	t = mono();
	if (s) {
		s->result = replaying(mode) ? 'r' : result > 0 ? 'p' : result == 0 ? 'f' : 's';
		s->seconds = t - (s->started > 0 ? s->started : rec->t0);
	}
	if (step_at(step + 1))
		rec->steps[step].started = t;
	rec->current = step + 1;
	rec->step_bytes = 0;
	rec->capped_note_shown = 0;
	write_result();
}

void record_hint(int step, int n, int total, int mode)
{
	struct step_record *s = step_at(step);
	char label[128];

	if (!rec || replaying(mode))
		return;
	snprintf(label, sizeof label, "hint %d of %d for step %d", n, total, step);
	if (rec->fd >= 0)
		rec_text_event('m', label);
	if (s) {
		s->hints++;
		if (n > s->hint_level)
			s->hint_level = n;
		s->hints_total = total;
	}
	write_result();
}

void record_answer(int step, const char *answer, int right, int mode)
{
	struct step_record *s = step_at(step);
	char label[600];

	if (!rec || replaying(mode) || right < 0)
		return;
	snprintf(label, sizeof label, "prediction for step %d: %s (%s)", step, answer ? answer : "",
		 right ? "right" : "wrong");
	if (rec->fd >= 0)
		rec_text_event('m', label);
	if (s) {
		free(s->answer);
		s->answer = strdup(answer ? answer : "");
		s->answer_right = right;
	}
	write_result();
}

static const char *step_result_name(char r)
{
	switch (r) {
	case 'p':
		return "pass";
	case 'f':
		return "fail";
	case 's':
		return "skip";
	case 'r':
		return "earlier";
	}
	return "none";
}

static void iso_time(char *buf, size_t len, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The result file, rewritten whole (temporary file, rename). */
static void write_result(void)
{
	struct strbuf b = {0};
	char tmp[PATH_MAX + 16], when[32];
	const char *base = strrchr(rec->cast_path, '/');
	int passed = 0, fd;
	double now_t = mono() - rec->t0;

	for (int i = 0; i < rec->nsteps; i++)
		passed += rec->steps[i].result == 'p' || rec->steps[i].result == 'r';
	sb_lit(&b, "{\n  \"format\": \"nsh-lab-result\", \"version\": 1,\n  \"student\": ");
	json_str(&b, rec->student);
	sb_lit(&b, ",\n  \"machine\": {\"hostname\": ");
	json_str(&b, rec->host);
	sb_lit(&b, ", \"kernel\": ");
	json_str(&b, rec->kernel);
	sb_addf(&b, ", \"root\": %s},\n  \"lab\": {\"id\": ", rec->root ? "true" : "false");
	json_str(&b, rec->lab_id);
	sb_lit(&b, ", \"title\": ");
	json_str(&b, rec->lab_title);
	sb_lit(&b, ", \"file\": ");
	json_str(&b, rec->lab_file);
	sb_addf(&b, "},\n  \"mode\": \"%s\",\n  \"started\": ", mode_name(rec->mode));
	iso_time(when, sizeof when, rec->started);
	json_str(&b, when);
	sb_addf(
	    &b,
	    ",\n  \"duration\": %.3f,\n  \"finished\": %s,\n  \"steps_passed\": %d, \"steps_total\": %d,\n",
	    now_t, rec->fd == -2 ? "true" : "false", passed, rec->nsteps);
	sb_lit(&b, "  \"recording\": ");
	json_str(&b, base ? base + 1 : rec->cast_path);
	sb_addf(&b, ",\n  \"output_not_recorded\": %zu,\n  \"steps\": [", rec->dropped_total);
	for (int i = 0; i < rec->nsteps; i++) {
		struct step_record *s = &rec->steps[i];
		double secs = s->result ? s->seconds : (s->started > 0 ? mono() - s->started : 0);

		sb_addf(&b, "%s\n    {\"index\": %d, \"id\": ", i ? "," : "", i + 1);
		json_str(&b, s->id);
		sb_lit(&b, ", \"title\": ");
		json_str(&b, s->title);
		sb_addf(&b,
			", \"result\": \"%s\", \"passed\": %s, \"attempts\": %d, \"hints\": %d, "
			"\"hint_level\": %d, \"seconds\": %.3f,\n     \"prediction\": ",
			step_result_name(s->result), s->result == 'p' || s->result == 'r' ? "true" : "false",
			s->attempts, s->hints, s->hint_level, secs);
		if (s->answer) {
			sb_lit(&b, "{\"answer\": ");
			json_str(&b, s->answer);
			sb_addf(&b, ", \"right\": %s}", s->answer_right ? "true" : "false");
		} else {
			sb_lit(&b, "null");
		}
		sb_addf(&b, ", \"commands_not_kept\": %d, \"commands\": [", s->commands_dropped);
		for (int k = 0; k < s->ncommands; k++) {
			if (k)
				sb_lit(&b, ", ");
			json_str(&b, s->commands[k]);
		}
		sb_lit(&b, "]}");
	}
	sb_addf(&b, "%s", rec->nsteps ? "\n  ]\n}\n" : "]\n}\n");
	snprintf(tmp, sizeof tmp, "%s.tmp", rec->result_path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0) {
		const char *p = b.s;
		size_t left = b.len;
		int ok = 1;
		fchmod(fd, 0600);
		while (left > 0) {
			ssize_t n = write(fd, p, left);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				ok = 0;
				break;
			}
			p += n;
			left -= (size_t)n;
		}
		if (close(fd) < 0)
			ok = 0;
		if (ok)
			rename(tmp, rec->result_path);
		else
			unlink(tmp);
	}
	sb_free(&b);
}

void record_end(void)
{
	if (!rec)
		return;
	rec_flush_dropped();
	if (rec->fd >= 0) {
		/* the characters still waiting for their last bytes */
		for (int t = 0; t < 2; t++) {
			if (rec->carry[t].n) {
				struct strbuf e = {0};
				record_json_utf8(&e, &rec->carry[t], "", 0, 1);
				rec_event('o', sb_str(&e), e.len);
				sb_free(&e);
			}
		}
		fsync(rec->fd);
		close(rec->fd);
	}
	rec->fd = -2; /* finished */
	write_result();
	for (int i = 0; i < rec->nsteps; i++) {
		free(rec->steps[i].id);
		free(rec->steps[i].title);
		free(rec->steps[i].answer);
		for (int k = 0; k < rec->steps[i].ncommands; k++)
			free(rec->steps[i].commands[k]);
		free(rec->steps[i].commands);
	}
	free(rec->steps);
	for (int d = 0; d < RECORD_MAX_DEPTH; d++) {
		free(rec->nested[0][d]);
		free(rec->nested[1][d]);
	}
	free(rec->lab_id);
	free(rec->lab_title);
	free(rec->lab_file);
	free(rec->student);
	free(rec);
	rec = NULL;
}

const char *record_last_path(void)
{
	return last_path[0] ? last_path : NULL;
}

const char *record_active_path(void)
{
	return rec && rec->fd >= 0 ? rec->cast_path : NULL;
}
