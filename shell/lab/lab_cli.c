/* `nsh lab ...`: the lab command line (menu, list, start, reset, demo,
 * check, verify, attach).  The supervisor (supervisor.c) runs the labs;
 * this file finds them, parses options, and writes reports. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "classreport.h" /* nsh lab report */
#include "lab/lab_cli.h"
#include "labrt.h"
#include "lab/progress.h"
#include "lab/record.h"  /* --record, --student */
#include "lab/replay.h"  /* nsh lab replay */
#include "lab/report.h"
#include "lab/sandbox.h"
#include "lab/supervisor.h"

/* Paths here are built from PATH_MAX-sized pieces; a truncated path fails
 * to open and is reported, so GCC's truncation warnings add nothing. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#ifndef NSH_DATADIR
#define NSH_DATADIR "/usr/local/share/nsh"
#endif

static const char usage_text[] =
    "usage: nsh lab                          the menu of labs\n"
    "       nsh lab list [--examples]\n"
    "       nsh lab start ID|FILE.lua [--restart]\n"
    "       nsh lab reset [ID|--all]\n"
    "       nsh lab demo ID|FILE.lua [--speed X]\n"
    "       nsh lab check [ID...|FILE.lua...|--all] [--format text|tap|junit|json] [--output FILE] "
    "[--verbose]\n"
    "       nsh lab verify [ID...|FILE.lua...|--all] [--format F] [--output FILE]\n"
    "       nsh lab attach                   a second terminal into the running lab\n"
    "       nsh lab replay FILE.cast [--speed N] [--from-step K] [--pause-at-markers]\n"
    "       nsh lab report RESULT.json... [--html FILE]\n"
    "  start, demo, check, verify also take --record DIR and --student NAME\n"
    "inside a lab: lab hint | lab status | lab skip | lab why | lab answer N | lab quit\n";

static int usage(void)
{
	fputs(usage_text, stderr);
	return 2;
}

static int has_lab_engine(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/lua/lab.lua", dir);
	return access(path, R_OK) == 0;
}

/* $NSH_DATADIR; else, for a binary in a source tree (build/nsh), that tree
 * (../lua/lab.lua exists); else the installed data directory (compiled in,
 * or ../share/nsh beside the binary).  The source tree comes before the
 * compiled-in directory so that an old `make install` never shadows the
 * files being worked on. */
static const char *find_datadir(char *buf, size_t len)
{
	const char *env = getenv("NSH_DATADIR");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return buf;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, len, "%s/..", exe);
			if (has_lab_engine(buf))
				return buf;
		}
	}
	if (has_lab_engine(NSH_DATADIR)) {
		snprintf(buf, len, "%s", NSH_DATADIR);
		return buf;
	}
	if (n > 0) {
		snprintf(buf, len, "%s/../share/nsh", exe);
		if (has_lab_engine(buf))
			return buf;
	}
	snprintf(buf, len, "%s", NSH_DATADIR);
	return buf;
}

struct lab_entry {
	char *path;
	char *id;
	char *title;
	char *error; /* load error */
	char *skip;  /* a need not met */
	int nsteps;
	char **examples; /* "slug\tstep\ttitle" */
	int nexamples;
};

struct lab_index {
	struct lab_entry *labs;
	int n;
};

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_entry(struct lab_index *ix, struct labrt *rt, const char *path, int probe)
{
	char err[2048];
	struct lab_entry *e;
	struct lab_entry *grown = realloc(ix->labs, sizeof *grown * (size_t)(ix->n + 1));

	if (!grown)
		return;
	ix->labs = grown;
	e = &ix->labs[ix->n++];
	memset(e, 0, sizeof *e);
	e->path = strdup(path);
	if (labrt_load(rt, path, "/proc", err, sizeof err) < 0) {
		const char *base = strrchr(path, '/');
		e->id = strdup(base ? base + 1 : path);
		e->error = strdup(err);
		return;
	}
	e->id = labrt_lab_string(rt, "id");
	e->title = labrt_lab_string(rt, "title");
	e->nsteps = rt->nsteps;
	for (int i = 1; i <= e->nsteps; i++) {
		char *slug = labrt_step_string(rt, i, "example");
		if (slug) {
			char *title = labrt_step_string(rt, i, "title");
			char line[1024];
			snprintf(line, sizeof line, "%s\t%d\t%s", slug, i, title ? title : "");
			e->examples = realloc(e->examples, sizeof *e->examples * (size_t)(e->nexamples + 1));
			if (e->examples)
				e->examples[e->nexamples++] = strdup(line);
			free(title);
			free(slug);
		}
	}
	if (probe) {
		char **needs = labrt_needs(rt);
		for (int i = 0; needs && needs[i] && !e->skip; i++) {
			const char *why = probe_need(needs[i]);
			if (why)
				e->skip = strdup(why);
		}
		labrt_free_strings(needs);
	}
}

/* Every labs/NAME.lua of the data directory, in file-name order. */
static int index_labs(const char *datadir, struct lab_index *ix, int probe, char *err, size_t errlen)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	struct labrt rt;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	int n = 0;

	memset(ix, 0, sizeof *ix);
	snprintf(dir, sizeof dir, "%s/labs", datadir);
	d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len > 4 && strcmp(de->d_name + len - 4, ".lua") == 0 && de->d_name[0] != '.') {
			names = realloc(names, sizeof *names * (size_t)(n + 1));
			names[n++] = strdup(de->d_name);
		}
	}
	closedir(d);
	/* An empty labs/ leaves names NULL, which qsort may not be given. */
	if (n > 1)
		qsort(names, (size_t)n, sizeof *names, compare_names);
	if (labrt_open(&rt, datadir, err, errlen) < 0) {
		for (int i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		add_entry(ix, &rt, path, probe);
		free(names[i]);
	}
	free(names);
	labrt_close(&rt);
	return 0;
}

static void free_index(struct lab_index *ix)
{
	for (int i = 0; i < ix->n; i++) {
		struct lab_entry *e = &ix->labs[i];
		free(e->path);
		free(e->id);
		free(e->title);
		free(e->error);
		free(e->skip);
		for (int k = 0; k < e->nexamples; k++)
			free(e->examples[k]);
		free(e->examples);
	}
	free(ix->labs);
}

static int ends_with_lua(const char *s)
{
	size_t len = strlen(s);
	return len > 4 && strcmp(s + len - 4, ".lua") == 0;
}

/* ID or FILE.lua -> the lab file's path (malloc'd), or NULL. */
static char *resolve_lab(const char *datadir, const char *name)
{
	char path[PATH_MAX];
	struct lab_index ix;
	char err[512];
	char *found = NULL;

	if (ends_with_lua(name) || strchr(name, '/'))
		return access(name, R_OK) == 0 ? realpath(name, NULL) : NULL;
	/* the file's name without .lua (what tab completion offers) ... */
	snprintf(path, sizeof path, "%s/labs/%s.lua", datadir, name);
	if (access(path, R_OK) == 0)
		return realpath(path, NULL);
	/* ... or the lab's id */
	if (index_labs(datadir, &ix, 0, err, sizeof err) < 0)
		return NULL;
	for (int i = 0; i < ix.n && !found; i++)
		if (strcmp(ix.labs[i].id, name) == 0)
			found = strdup(ix.labs[i].path);
	free_index(&ix);
	return found;
}

static const char *progress_summary(struct progress *p, const struct lab_entry *e, char *buf, size_t len)
{
	struct progress_lab *pl = progress_find(p, e->id, 0);
	int done = 0;

	for (int i = 1; pl && i <= e->nsteps; i++)
		if (progress_step_result(pl, i))
			done++;
	if (pl && pl->completed && done == e->nsteps)
		snprintf(buf, len, "done");
	else
		snprintf(buf, len, "%d/%d", done, e->nsteps);
	return buf;
}

static void print_list(struct lab_index *ix, int numbered)
{
	char path[PATH_MAX], warn[1024], done[32];
	struct progress p = {0};

	if (progress_path(path, sizeof path))
		progress_load(path, &p, warn, sizeof warn);
	printf(numbered ? "  #  %-24s %-6s %s\n" : "%-24s %-6s %s\n", "ID", "DONE", "TITLE");
	for (int i = 0; i < ix->n; i++) {
		const struct lab_entry *e = &ix->labs[i];

		if (numbered)
			printf("%3d  ", i + 1);
		if (e->error) {
			printf("%-24s %-6s ERROR: %s\n", e->id, "-", e->error);
			continue;
		}
		printf("%-24s %-6s %s", e->id, progress_summary(&p, e, done, sizeof done),
		       e->title ? e->title : "");
		if (e->skip)
			printf("  (skipped here: %s)", e->skip);
		putchar('\n');
	}
	progress_free(&p);
}

static int cmd_list(const char *datadir, int argc, char **argv)
{
	struct lab_index ix;
	char err[2048];
	int examples = 0, broken = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--examples") == 0 || strcmp(argv[i], "-e") == 0)
			examples = 1;
		else {
			fprintf(stderr, "nsh: lab list: unrecognized argument '%s'\n", argv[i]);
			return usage();
		}
	}
	if (index_labs(datadir, &ix, !examples, err, sizeof err) < 0) {
		fprintf(stderr, "nsh: lab: %s\n", err);
		return 1;
	}
	if (examples) {
		printf("%-22s %-22s %-4s %s\n", "EXAMPLE", "LAB", "STEP", "TITLE");
		for (int i = 0; i < ix.n; i++) {
			const struct lab_entry *e = &ix.labs[i];
			if (e->error) {
				fprintf(stderr, "nsh: lab: %s\n", e->error);
				broken = 1;
			}
			for (int k = 0; k < e->nexamples; k++) {
				char slug[256], title[512];
				int step = 0;
				if (sscanf(e->examples[k], "%255[^\t]\t%d\t%511[^\n]", slug, &step, title) <
				    2)
					continue;
				if (sscanf(e->examples[k], "%*[^\t]\t%*d\t%511[^\n]", title) != 1)
					title[0] = '\0';
				printf("%-22s %-22s %-4d %s\n", slug, e->id, step, title);
			}
		}
	} else {
		print_list(&ix, 0);
		for (int i = 0; i < ix.n; i++)
			broken |= ix.labs[i].error != NULL;
	}
	free_index(&ix);
	return broken;
}

static int cmd_reset(const char *datadir, int argc, char **argv)
{
	char path[PATH_MAX], warn[1024];
	struct progress p;
	const char *id = NULL;
	int all = 0, rc;

	(void)datadir;
	if (argc != 2)
		return usage();
	if (strcmp(argv[1], "--all") == 0)
		all = 1;
	else
		id = argv[1];
	if (!progress_path(path, sizeof path)) {
		fprintf(stderr, "nsh: lab reset: no state directory (set HOME or XDG_STATE_HOME)\n");
		return 1;
	}
	if ((rc = progress_load(path, &p, warn, sizeof warn)) < 0) {
		fprintf(stderr, "nsh: lab reset: %s: %s\n", path, strerror(-rc));
		return 1;
	}
	if (warn[0])
		fprintf(stderr, "%s\n", warn);
	if (!all && !progress_find(&p, id, 0)) {
		printf("nsh: lab reset: no progress recorded for '%s'\n", id);
		progress_free(&p);
		return 0;
	}
	progress_reset(&p, all ? NULL : id);
	rc = progress_save(path, &p);
	progress_free(&p);
	if (rc < 0) {
		fprintf(stderr, "nsh: lab reset: %s: %s\n", path, strerror(-rc));
		return 1;
	}
	printf(all ? "nsh: lab: all progress forgotten\n" : "nsh: lab: progress of '%s' forgotten\n", id);
	return 0;
}

static int run_one(const char *datadir, const char *name, enum lab_mode mode, double speed, int restart)
{
	struct lab_options o = {.mode = mode, .datadir = datadir, .speed = speed, .restart = restart};
	struct lab_report report;
	char *path = resolve_lab(datadir, name);
	int rc;

	if (!path) {
		fprintf(stderr, "nsh: lab: no lab '%s' (nsh lab list shows them)\n", name);
		return 1;
	}
	rc = supervisor_run(path, &o, &report);
	if (report.error) {
		fprintf(stderr, "nsh: lab: %s\n", report.error);
		rc = 1;
	} else if (report.skip_reason) {
		fprintf(stderr, "nsh: lab: %s: skipped: %s\n", report.id, report.skip_reason);
		rc = 1;
	}
	report_free(&report);
	free(path);
	return rc;
}

static int cmd_start(const char *datadir, int argc, char **argv, enum lab_mode mode)
{
	static const struct option longopts[] = {
	    {"restart", no_argument, NULL, 'r'},
	    {"speed", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	double speed = 1;
	int restart = 0, c;
	const char *name = NULL;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:rs:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			restart = 1;
			break;
		case 's':
			speed = atof(optarg);
			if (speed <= 0) {
				fprintf(stderr, "nsh: lab %s: --speed wants a positive number\n", argv[0]);
				return 2;
			}
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fprintf(stderr, "nsh: lab %s: unrecognized option '%s'\n", argv[0], argv[optind - 1]);
			return usage();
		}
	}
	if (optind != argc - 1) {
		/* options may follow the lab's name */
		if (optind < argc)
			name = argv[optind];
		for (int i = optind + 1; i < argc; i++) {
			if (strcmp(argv[i], "--restart") == 0)
				restart = 1;
			else if (strcmp(argv[i], "--speed") == 0 && i + 1 < argc)
				speed = atof(argv[++i]);
			else
				return usage();
		}
		if (!name)
			return usage();
	} else {
		name = argv[optind];
	}
	return run_one(datadir, name, mode, speed > 0 ? speed : 1, restart);
}

/* check and verify: the labs named (ids or files), or every lab. */
static int cmd_check(const char *datadir, int argc, char **argv, int verify)
{
	static const struct option longopts[] = {
	    {"all", no_argument, NULL, 'a'},	      {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'}, {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},	      {NULL, 0, NULL, 0},
	};
	int all = 0, format = REPORT_TEXT, verbose = 0, c, nlabs = 0, rc;
	const char *output = NULL;
	char **paths = NULL;
	int npaths = 0;
	struct lab_report *reports;
	FILE *out = stdout;

	optind = 0;
	opterr = 0;
	/* options anywhere: permute */
	while ((c = getopt_long(argc, argv, ":af:o:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = 1;
			break;
		case 'f':
			format = report_format_by_name(optarg);
			if (format < 0) {
				fprintf(stderr, "nsh: lab %s: unknown format '%s' (text, tap, junit, json)\n",
					argv[0], optarg);
				return 2;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case ':':
			fprintf(stderr, "nsh: lab %s: option '%s' needs an argument\n", argv[0],
				argv[optind - 1]);
			return usage();
		default:
			fprintf(stderr, "nsh: lab %s: unrecognized option '%s'\n", argv[0], argv[optind - 1]);
			return usage();
		}
	}
	if (all || optind >= argc) {
		struct lab_index ix;
		char err[2048];

		if (!all) {
			fprintf(stderr, "nsh: lab %s: name the labs, or --all\n", argv[0]);
			return usage();
		}
		if (index_labs(datadir, &ix, 0, err, sizeof err) < 0) {
			fprintf(stderr, "nsh: lab: %s\n", err);
			return 1;
		}
		paths = calloc((size_t)ix.n + 1, sizeof *paths);
		for (int i = 0; i < ix.n; i++)
			paths[npaths++] = strdup(ix.labs[i].path);
		free_index(&ix);
	}
	for (int i = optind; i < argc; i++) {
		char *p = resolve_lab(datadir, argv[i]);
		if (!p) {
			fprintf(stderr, "nsh: lab %s: no lab '%s' (nsh lab list shows them)\n", argv[0],
				argv[i]);
			for (int k = 0; k < npaths; k++)
				free(paths[k]);
			free(paths);
			return 1;
		}
		paths = realloc(paths, sizeof *paths * (size_t)(npaths + 1));
		paths[npaths++] = p;
	}
	reports = calloc((size_t)npaths + 1, sizeof *reports);
	for (int i = 0; i < npaths; i++) {
		struct lab_options o = {
		    .mode = LAB_CHECK, .datadir = datadir, .speed = 1, .verbose = verbose};
		if (verify)
			supervisor_verify(paths[i], &o, &reports[nlabs++]);
		else
			supervisor_run(paths[i], &o, &reports[nlabs++]);
		free(paths[i]);
	}
	free(paths);
	if (output) {
		out = fopen(output, "we");
		if (!out) {
			fprintf(stderr, "nsh: lab %s: %s: %s\n", argv[0], output, strerror(errno));
			out = stdout;
		}
	}
	report_write(out, (enum report_format)format, reports, nlabs);
	if (out != stdout)
		fclose(out);
	rc = report_all_passed(reports, nlabs) ? 0 : 1;
	if (output && format != REPORT_TEXT)
		report_write(stderr, REPORT_TEXT, reports, nlabs);
	for (int i = 0; i < nlabs; i++)
		report_free(&reports[i]);
	free(reports);
	return rc;
}

/* `nsh lab` alone: the list, and (on a terminal) a choice. */
static int cmd_menu(const char *datadir)
{
	struct lab_index ix;
	char err[2048], line[256];
	int rc = 0;

	if (index_labs(datadir, &ix, 1, err, sizeof err) < 0) {
		fprintf(stderr, "nsh: lab: %s\n", err);
		return 1;
	}
	printf("Labs (nsh lab start ID, or pick one):\n");
	print_list(&ix, 1);
	if (!isatty(0) || ix.n == 0) {
		free_index(&ix);
		return 0;
	}
	printf("Lab number or id (Enter to leave): ");
	fflush(stdout);
	if (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0]) {
			char *endp;
			long n = strtol(line, &endp, 10);
			const char *name = line;
			if (*endp == '\0' && n >= 1 && n <= ix.n)
				name = ix.labs[n - 1].id;
			char *copy = strdup(name);
			free_index(&ix);
			rc = run_one(datadir, copy, LAB_GUIDED, 1, 0);
			free(copy);
			return rc;
		}
	}
	free_index(&ix);
	return rc;
}

int lab_main(int argc, char **argv)
{
	char datadir[PATH_MAX];
	const char *cmd = argc > 1 ? argv[1] : NULL;

	/* the teacher's tools (replay.c, classreport.c, record.c) */
	if (cmd && strcmp(cmd, "replay") == 0)
		return replay_main(argc - 1, argv + 1);
	if (cmd && (argc = record_take_options(argc, argv)) < 0)
		return 2;
	find_datadir(datadir, sizeof datadir);
	if (!has_lab_engine(datadir)) {
		fprintf(stderr,
			"nsh: lab: the lab files are not in %s (set NSH_DATADIR to the directory holding "
			"lua/ and labs/)\n",
			datadir);
		return 1;
	}
	if (!cmd)
		return cmd_menu(datadir);
	if (strcmp(cmd, "list") == 0)
		return cmd_list(datadir, argc - 1, argv + 1);
	if (strcmp(cmd, "start") == 0)
		return cmd_start(datadir, argc - 1, argv + 1, LAB_GUIDED);
	if (strcmp(cmd, "demo") == 0)
		return cmd_start(datadir, argc - 1, argv + 1, LAB_DEMO);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(datadir, argc - 1, argv + 1, 0);
	if (strcmp(cmd, "verify") == 0)
		return cmd_check(datadir, argc - 1, argv + 1, 1);
	if (strcmp(cmd, "reset") == 0)
		return cmd_reset(datadir, argc - 1, argv + 1);
	if (strcmp(cmd, "report") == 0)
		return classreport_main(datadir, argc - 1, argv + 1);
	if (strcmp(cmd, "attach") == 0)
		return argc == 2 ? supervisor_attach() : usage();
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	fprintf(stderr, "nsh: lab: unknown command '%s'\n", cmd);
	return usage();
}
