/* pidtree on the fixture tree tests/fixtures/pidtree-nested/ (written by
 * tests/fixtures/pidtree-make.sh): the layout against golden files in
 * tests/fixtures/pidtree-expected/, and every option.
 *
 * The builtin's file is included to reach its statics (pidtree_run takes
 * the drawing style, which otherwise depends on the terminal); its public
 * function is renamed so it does not clash with the copy in the nsh objects.
 * PIDTREE_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing:
 * review the diff before committing it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define builtin_pidtree builtin_pidtree_under_test
#define pidtree_options pidtree_options_under_test
#include "../../shell/builtins/pidtree.c"
#undef builtin_pidtree

#define FIXTURE "tests/fixtures/pidtree-nested"
#define EXPECTED "tests/fixtures/pidtree-expected"

/* What one call printed on stdout and stderr, and its status. */
struct run {
	char *out, *err;
	size_t out_len, err_len;
	int status;
};

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

static void capture_begin(struct run *r, FILE **out, FILE **err)
{
	memset(r, 0, sizeof *r);
	*out = open_memstream(&r->out, &r->out_len);
	*err = open_memstream(&r->err, &r->err_len);
	assert_non_null(*out);
	assert_non_null(*err);
	nsh_stdout = *out;
	nsh_stderr = *err;
}

static void capture_end(FILE *out, FILE *err)
{
	fclose(out);
	fclose(err);
	nsh_stdout = NULL;
	nsh_stderr = NULL;
}

/* The builtin with these arguments (argv[0] added), on the fixture unless
 * the arguments name another --proc. */
static struct run run_builtin(const char *first, ...)
{
	char *argv[32];
	int argc = 0;
	const char *a;
	va_list ap;
	struct run r;
	FILE *out, *err;

	argv[argc++] = "pidtree";
	va_start(ap, first);
	for (a = first; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	setenv("NSH_PROC", FIXTURE, 1);
	capture_begin(&r, &out, &err);
	r.status = builtin_pidtree_under_test(NULL, argc, argv);
	capture_end(out, err);
	unsetenv("NSH_PROC");
	return r;
}

/* pidtree_run with options set by the test and a fixed drawing style. */
static struct run run_opts(struct pt_opts *o, int unicode)
{
	struct run r;
	FILE *out, *err;

	if (!o->proc_root)
		o->proc_root = FIXTURE;
	capture_begin(&r, &out, &err);
	r.status = pidtree_run(o, unicode);
	capture_end(out, err);
	return r;
}

static char *read_whole(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Compares with EXPECTED/name, or rewrites it under PIDTREE_UPDATE_GOLDEN. */
static void assert_golden(const char *text, const char *name)
{
	char path[256];
	char *want;

	snprintf(path, sizeof path, "%s/%s", EXPECTED, name);
	if (getenv("PIDTREE_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
		return;
	}
	want = read_whole(path);
	if (!want)
		fail_msg("missing golden file %s", path);
	if (strcmp(want, text) != 0) {
		print_error("--- expected %s\n%s--- actual\n%s", path, want, text);
		free(want);
		fail_msg("output differs from %s", path);
	}
	free(want);
}

/* The line of the output that contains needle (a static copy), or NULL. */
static const char *line_with(const char *text, const char *needle)
{
	static char line[1024];
	const char *p = strstr(text, needle), *start, *end;

	if (!p)
		return NULL;
	for (start = p; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(p, '\n');
	if (!end)
		end = p + strlen(p);
	snprintf(line, sizeof line, "%.*s", (int)(end - start), start);
	return line;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t count_lines(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* ---- a small JSON checker: the whole text must be one value ---------------- */

static const char *json_value(const char *p, int depth);

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)p[i]))
						return NULL;
				p += 4;
			} else if (!strchr("\"\\/bfnrt", *p) || !*p) {
				return NULL;
			}
		}
		p++;
	}
	return *p == '"' ? p + 1 : NULL;
}

static const char *json_value(const char *p, int depth)
{
	if (depth > 200)
		return NULL;
	p = json_ws(p);
	if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';
		int object = *p == '{';
		p = json_ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (object) {
				p = json_string(json_ws(p));
				if (!p)
					return NULL;
				p = json_ws(p);
				if (*p++ != ':')
					return NULL;
			}
			p = json_value(p, depth + 1);
			if (!p)
				return NULL;
			p = json_ws(p);
			if (*p == ',') {
				p++;
				continue;
			}
			return *p == close ? p + 1 : NULL;
		}
	}
	if (*p == '"')
		return json_string(p);
	if (*p == '-' || isdigit((unsigned char)*p)) {
		char *end;
		strtod(p, &end);
		return end;
	}
	if (strncmp(p, "true", 4) == 0)
		return p + 4;
	if (strncmp(p, "false", 5) == 0 || strncmp(p, "null", 4) == 0)
		return p + (*p == 'f' ? 5 : 4);
	return NULL;
}

static int json_well_formed(const char *text)
{
	const char *end = json_value(text, 0);

	return end && *json_ws(end) == '\0';
}

/* ---- tests ------------------------------------------------------------------ */

/* The whole nested fixture, ASCII and Unicode: layout, chains, markers,
 * threads, the vanished process left out, the 32 levels capped. */
static void test_golden_whole_tree(void **state)
{
	struct pt_opts o = {0};
	struct run r = run_opts(&o, 0);

	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_golden(r.out, "nested.ascii");
	run_free(&r);

	memset(&o, 0, sizeof o);
	r = run_opts(&o, 1);
	assert_int_equal(r.status, 0);
	assert_golden(r.out, "nested.utf8");
	run_free(&r);
}

static void test_golden_from_and_parents(void **state)
{
	struct run r = run_builtin("--from", "201", NULL);

	assert_int_equal(r.status, 0);
	assert_golden(r.out, "from-201.ascii");
	run_free(&r);

	r = run_builtin("-s", "-a", "206", NULL);
	assert_int_equal(r.status, 0);
	assert_golden(r.out, "show-parents-206.ascii");
	run_free(&r);
}

/* The facts the golden files hold, asserted one by one so that a wrong
 * golden file cannot hide them. */
static void test_chains_and_markers(void **state)
{
	struct run r = run_builtin("--ascii", NULL);
	const char *l;

	assert_int_equal(r.status, 0);
	assert_non_null(l = line_with(r.out, "bash 205"));
	assert_non_null(strstr(l, "bash 205 -> 5 -> 1 [pid:4026532002 level 2 init]"));
	assert_non_null(l = line_with(r.out, "sleep 206"));
	assert_non_null(strstr(l, "sleep 206 -> 6 -> 2"));
	assert_null(strstr(l, "[pid:")); /* same namespace as its parent: no marker */
	assert_non_null(l = line_with(r.out, "a) b (c"));
	assert_non_null(strstr(l, "-a) b (c 203 -> 3"));
	/* entered with setns: a boundary, but not an init */
	assert_non_null(l = line_with(r.out, "sh 209"));
	assert_non_null(strstr(l, "sh 209 -> 7 -> 3 [pid:4026532002 level 2]"));
	/* a zombie whose ns links are gone stays, in its parent's namespace */
	assert_non_null(strstr(r.out, "\n  |   `-zombie 210 -> 8\n"));
	/* the process that vanished between readdir and open is left out */
	assert_null(strstr(r.out, " 207"));
	/* two roots: init and kthreadd */
	assert_true(starts_with(r.out, "init 1 [pid:4026531836 level 0 init]\n"));
	assert_non_null(strstr(r.out, "\nkthreadd 2 [pid:4026531836 level 0]\n`-kworker/0:1 3\n"));
	/* threads, after the children, in braces */
	assert_non_null(strstr(r.out, "  | |-{worker-io} 151\n  | `-{worker-cpu} 152\n"));
	run_free(&r);
}

/* 32 nested PID namespaces: a 33-element chain shortened, the indentation
 * capped with [+N], and every line within 100 columns. */
static void test_depth_32_readable(void **state)
{
	struct pt_opts o = {0};
	struct run r = run_opts(&o, 1);
	const char *p, *l;
	size_t width = 0, max_width = 0;

	assert_int_equal(r.status, 0);
	for (p = r.out; *p; p++) {
		if (*p == '\n') {
			if (width > max_width)
				max_width = width;
			width = 0;
		} else if (((unsigned char)*p & 0xc0) != 0x80) {
			width++;
		}
	}
	assert_true(max_width <= 100);
	assert_non_null(l = line_with(r.out, "sh 432"));
	assert_non_null(strstr(l, "[+21]"));
	assert_non_null(strstr(l, "sh 432 \u2192 32 \u2192 \u2026(28 more)\u2026 \u2192 3 \u2192 2 \u2192 1 "
				  "[pid:4026533032 level 32 init]"));
	assert_non_null(l = line_with(r.out, "sleep 433"));
	assert_non_null(
	    strstr(l, "sleep 433 \u2192 33 \u2192 \u2026(28 more)\u2026 \u2192 4 \u2192 3 \u2192 2"));
	run_free(&r);
}

/* --from: only what the namespace can see, with its own PIDs, its init as
 * the root, levels counted from it. */
static void test_from(void **state)
{
	struct run r = run_builtin("--from", "202", NULL);
	const char *l;

	assert_int_equal(r.status, 0);
	assert_true(starts_with(r.out, "bash 1 [pid:4026532001 level 0 init]\n"));
	assert_non_null(strstr(r.out, "\n|-unshare 4\n| `-bash 5 -> 1 [pid:4026532002 level 1 init]\n"));
	/* ancestors, the host and the sibling namespace are hidden */
	assert_null(strstr(r.out, "init 1"));
	assert_null(strstr(r.out, "unshare 200"));
	assert_null(strstr(r.out, "sleep 302"));
	assert_null(strstr(r.out, "worker"));
	/* a process that entered a namespace below with setns, from outside:
	 * visible, a root of the view (its parent is not) */
	assert_non_null(l = line_with(r.out, "sh 7"));
	assert_string_equal(l, "sh 7 -> 3 [pid:4026532002 level 1]");
	run_free(&r);

	r = run_builtin("--from", "206", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "bash 1 [pid:4026532002 level 0 init]\n`-sleep 2\n"
				   "sh 3 [pid:4026532002 level 0]\n");
	run_free(&r);

	/* a PID outside the view */
	r = run_builtin("--from", "202", "302", NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "PID 302 is not visible from the PID namespace of PID 202"));
	run_free(&r);

	r = run_builtin("--from", "99", NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "nsh: pidtree: --from: no process with PID 99"));
	run_free(&r);
}

/* -s: the ancestors of PID, one a line, then PID's subtree; without -s
 * only the subtree. */
static void test_show_parents(void **state)
{
	struct run r = run_builtin("-s", "204", NULL);

	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "init 1 [pid:4026531836 level 0 init]\n"
				   "`-bash 100\n"
				   "  `-unshare 200\n"
				   "    `-bash 201 -> 1 [pid:4026532001 level 1 init]\n"
				   "      `-unshare 204 -> 4\n"
				   "        `-bash 205 -> 5 -> 1 [pid:4026532002 level 2 init]\n"
				   "          `-sleep 206 -> 6 -> 2\n");
	run_free(&r);

	r = run_builtin("204", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "unshare 204 -> 4 [pid:4026532001 level 1]\n"
				   "`-bash 205 -> 5 -> 1 [pid:4026532002 level 2 init]\n"
				   "  `-sleep 206 -> 6 -> 2\n");
	run_free(&r);
}

static void test_hide_threads(void **state)
{
	struct run r = run_builtin("150", NULL);

	assert_int_equal(r.status, 0);
	assert_string_equal(r.out,
			    "worker 150 [pid:4026531836 level 0]\n|-{worker-io} 151\n`-{worker-cpu} 152\n");
	run_free(&r);
	r = run_builtin("-T", "150", NULL);
	assert_string_equal(r.out, "worker 150 [pid:4026531836 level 0]\n");
	run_free(&r);
	/* options after the PID too, as pstree takes them */
	r = run_builtin("150", "-T", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "worker 150 [pid:4026531836 level 0]\n");
	run_free(&r);
	r = run_builtin("-T", "--", "150", NULL);
	assert_string_equal(r.out, "worker 150 [pid:4026531836 level 0]\n");
	run_free(&r);
	r = run_builtin("--hide-threads", NULL);
	assert_null(strstr(r.out, "{"));
	run_free(&r);
}

static void test_arguments(void **state)
{
	struct run r = run_builtin("-a", NULL);
	const char *l;

	assert_int_equal(r.status, 0);
	assert_non_null(l = line_with(r.out, "(203"));
	assert_non_null(strstr(l, "-./a) b (c --flag (203 -> 3)"));
	/* an empty command line (a kernel thread) falls back to the name */
	assert_non_null(strstr(r.out, "\n[kthreadd] (2) [pid:4026531836 level 0]\n"));
	run_free(&r);
}

static void test_ns_types(void **state)
{
	struct run r = run_builtin("-n", "net", "200", NULL);
	const char *l;

	assert_int_equal(r.status, 0);
	/* the head of the display shows where it starts */
	assert_non_null(l = line_with(r.out, "unshare 200"));
	assert_non_null(strstr(l, "[net:4026531840]"));
	assert_non_null(l = line_with(r.out, "bash 201"));
	assert_non_null(strstr(l, "[pid:4026532001 level 1 init] [net:4026532101]"));
	assert_non_null(l = line_with(r.out, "sleep 202"));
	assert_null(strstr(l, "[net:"));
	/* 205 is in a new PID namespace but the same net namespace */
	assert_non_null(l = line_with(r.out, "bash 205"));
	assert_null(strstr(l, "[net:"));
	assert_null(strstr(r.out, "[uts:"));
	run_free(&r);

	r = run_builtin("-n", "all", "200", NULL);
	assert_non_null(l = line_with(r.out, "bash 201"));
	assert_non_null(strstr(l, "[net:4026532101] [uts:4026532102]"));
	run_free(&r);

	r = run_builtin("--ns", "net,uts", "200", NULL);
	assert_non_null(l = line_with(r.out, "bash 201"));
	assert_non_null(strstr(l, "[net:4026532101] [uts:4026532102]"));
	run_free(&r);
}

/* -J: well-formed, with the chain, the awkward name, args, inodes. */
static void test_json(void **state)
{
	struct run r = run_builtin("-J", NULL);

	assert_int_equal(r.status, 0);
	assert_true(json_well_formed(r.out));
	assert_non_null(strstr(r.out,
			       "{\"pid\":[203,3],\"name\":\"a) b (c\",\"args\":\"./a) b (c --flag\","
			       "\"pidns\":4026532001,\"level\":1,\"init\":false,\"newns\":[],\"threads\":[],"
			       "\"children\":[]}"));
	assert_non_null(strstr(r.out, "{\"pid\":[205,5,1],\"name\":\"bash\""));
	assert_non_null(strstr(r.out, "\"init\":true,\"newns\":[\"pid\"]"));
	assert_non_null(strstr(r.out, "\"threads\":[{\"tid\":[151],\"name\":\"worker-io\"},"));
	/* the whole 33-element chain, not shortened */
	assert_non_null(strstr(r.out,
			       "{\"pid\":[432,32,31,30,29,28,27,26,25,24,23,22,21,20,19,18,17,16,15,14,"
			       "13,12,11,10,9,8,7,6,5,4,3,2,1],"));
	assert_null(strstr(r.out, "207"));
	run_free(&r);

	r = run_builtin("-J", "-T", "-n", "net", "--from", "202", NULL);
	assert_int_equal(r.status, 0);
	assert_true(json_well_formed(r.out));
	assert_non_null(
	    strstr(r.out, "{\"pid\":[1],\"name\":\"bash\",\"args\":\"bash\",\"pidns\":4026532001,"
			  "\"level\":0,\"init\":true,\"ns\":{\"net\":4026532101},\"newns\":[\"pid\",\"net\"],"
			  "\"children\":["));
	assert_null(strstr(r.out, "\"threads\""));
	run_free(&r);

	r = run_builtin("-J", "-s", "206", NULL);
	assert_true(json_well_formed(r.out));
	run_free(&r);

	/* the checker itself rejects what it must */
	assert_false(json_well_formed("{\"a\":[1,2,]}"));
	assert_false(json_well_formed("{\"a\":\"x\ny\"}"));
	assert_false(json_well_formed("{\"a\":1} x"));
}

/* JSON strings: quotes, backslashes, control bytes and bytes that are not
 * UTF-8 are escaped so that the text always parses. */
static void test_json_escaping(void **state)
{
	struct pt_buf b = {0};

	buf_json_string(&b, "a\"b\\c\nd\x01\xff\xc3\xa9");
	assert_string_equal(b.s, "\"a\\\"b\\\\c\\nd\\u0001\\ufffd\xc3\xa9\"");
	assert_true(json_well_formed(b.s));
	free(b.s);
	b = (struct pt_buf){0};
	buf_text(&b, "x\ny\tz");
	assert_string_equal(b.s, "x?y?z");
	free(b.s);
}

static void test_ascii_and_unicode(void **state)
{
	struct run r = run_builtin("--ascii", NULL);
	const char *p;

	for (p = r.out; *p; p++)
		assert_true((unsigned char)*p < 0x80);
	assert_non_null(strstr(r.out, "|-unshare 200\n  | `-bash 201 -> 1"));
	run_free(&r);

	struct pt_opts o = {0};
	r = run_opts(&o, 1);
	assert_non_null(strstr(r.out, "\u251c\u2500unshare 200\n  \u2502 \u2514\u2500bash 201 \u2192 1"));
	run_free(&r);

	/* not a terminal: ASCII whatever the locale says */
	setenv("LC_ALL", "C.UTF-8", 1);
	r = run_builtin(NULL);
	for (p = r.out; *p; p++)
		assert_true((unsigned char)*p < 0x80);
	unsetenv("LC_ALL");
	run_free(&r);
}

static void test_usage_errors(void **state)
{
	struct run r = run_builtin("--frok", NULL);

	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "nsh: pidtree: unrecognized option '--frok'\nusage: pidtree"));
	run_free(&r);

	r = run_builtin("-x", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "nsh: pidtree: invalid option -- 'x'"));
	run_free(&r);

	r = run_builtin("-n", "foo", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "unknown namespace type 'foo'"));
	run_free(&r);

	r = run_builtin("--from", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "option '--from' requires an argument"));
	run_free(&r);

	r = run_builtin("-n", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "option requires an argument -- 'n'"));
	run_free(&r);

	r = run_builtin("abc", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "'abc' is not a PID"));
	run_free(&r);

	r = run_builtin("150", "151", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "nsh: pidtree: too many arguments"));
	run_free(&r);

	r = run_builtin("12345", NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.err, "nsh: pidtree: no process with PID 12345\n");
	run_free(&r);

	r = run_builtin("--proc", "tests/fixtures/no-such-dir", NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "No such file or directory"));
	run_free(&r);

	r = run_builtin("--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "--from PID"));
	run_free(&r);
	r = run_builtin("-h", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "usage: pidtree"));
	run_free(&r);
}

/* --proc wins over NSH_PROC; the number of lines is the number of readable
 * processes and threads. */
static void test_proc_root(void **state)
{
	struct run r = run_builtin("--proc", FIXTURE, "-T", NULL);

	assert_int_equal(r.status, 0);
	/* 1 2 3 100 150 200..206 208..210 300..302 400..433: 52 processes */
	assert_int_equal(count_lines(r.out), 52);
	run_free(&r);
}

/* pidtree_run in a child that is uid/gid 65534 (root bypasses file
 * permissions), on proc_root; the child's output comes back on a pipe. */
static struct run run_as_nobody(const char *proc_root, pid_t from_pid)
{
	struct run r;
	int pipefd[2], status;
	pid_t child;
	FILE *in;

	assert_int_equal(pipe(pipefd), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct pt_opts o = {0};
		FILE *out;
		close(pipefd[0]);
		if (geteuid() == 0 && (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0))
			_exit(3);
		o.proc_root = proc_root;
		o.from_pid = from_pid;
		r = run_opts(&o, 0);
		out = fdopen(pipefd[1], "w");
		fprintf(out, "%d\n%zu\n%zu\n", r.status, r.out_len, r.err_len);
		fwrite(r.out, 1, r.out_len, out);
		fwrite(r.err, 1, r.err_len, out);
		fclose(out);
		_exit(0);
	}
	close(pipefd[1]);
	memset(&r, 0, sizeof r);
	in = fdopen(pipefd[0], "r");
	assert_int_equal(fscanf(in, "%d\n%zu\n%zu\n", &r.status, &r.out_len, &r.err_len), 3);
	r.out = calloc(1, r.out_len + 1);
	r.err = calloc(1, r.err_len + 1);
	assert_int_equal(fread(r.out, 1, r.out_len, in), r.out_len);
	assert_int_equal(fread(r.err, 1, r.err_len, in), r.err_len);
	fclose(in);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return r;
}

/* A process whose ns directory we may not read ("a task with no
 * permission"): still drawn, in the namespace of a parent or child at its
 * level when there is one, else as pid:? with a note that says why.  Git
 * keeps no mode 000, so the fixture is copied and chmod'ed. */
static void test_unreadable_namespace(void **state)
{
	char dir[] = "/tmp/nsh-test-pidtree.XXXXXX", cmd[512], path[600], proc[600];
	struct run r;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0755), 0);
	snprintf(cmd, sizeof cmd, "cp -a %s %s/proc", FIXTURE, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/proc/205/ns", dir);
	assert_int_equal(chmod(path, 0), 0);
	snprintf(path, sizeof path, "%s/proc/209/ns", dir);
	assert_int_equal(chmod(path, 0), 0);
	snprintf(proc, sizeof proc, "%s/proc", dir);

	r = run_as_nobody(proc, 0);
	assert_int_equal(r.status, 0);
	/* 205 shares the namespace of its child 206, at the same level */
	assert_non_null(strstr(r.out, "`-bash 205 -> 5 -> 1 [pid:4026532002 level 2 init]\n"));
	assert_non_null(strstr(r.out, "`-sleep 206 -> 6 -> 2\n"));
	/* 209 has no relative at its level */
	assert_non_null(strstr(r.out, "`-sh 209 -> 7 -> 3 [pid:? level 2]\n"));
	assert_string_equal(r.err,
			    "nsh: pidtree: note: pid:? marks 1 process whose /proc/PID/ns/pid could not be "
			    "read (Permission denied); the level still comes from NStgid\n");
	run_free(&r);

	/* 209's namespace is unknown, so it is not in the view */
	r = run_as_nobody(proc, 205);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "bash 1 [pid:4026532002 level 0 init]\n`-sleep 2\n");
	run_free(&r);

	r = run_as_nobody(proc, 209);
	assert_int_equal(r.status, 1);
	assert_string_equal(
	    r.err, "nsh: pidtree: --from: cannot read the PID namespace of PID 209: Permission denied\n");
	run_free(&r);

	snprintf(cmd, sizeof cmd, "chmod -R u+rwx %s && rm -rf %s", dir, dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_golden_whole_tree),
	    cmocka_unit_test(test_golden_from_and_parents),
	    cmocka_unit_test(test_chains_and_markers),
	    cmocka_unit_test(test_depth_32_readable),
	    cmocka_unit_test(test_from),
	    cmocka_unit_test(test_show_parents),
	    cmocka_unit_test(test_hide_threads),
	    cmocka_unit_test(test_arguments),
	    cmocka_unit_test(test_ns_types),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_json_escaping),
	    cmocka_unit_test(test_ascii_and_unicode),
	    cmocka_unit_test(test_usage_errors),
	    cmocka_unit_test(test_proc_root),
	    cmocka_unit_test(test_unreadable_namespace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
