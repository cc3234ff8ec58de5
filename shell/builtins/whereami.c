/* whereami [-J] [PID]: where a process stands among the namespaces (default:
 * this shell).  It reads /proc only:
 *   - the 8 links of /proc/PID/ns/, each compared with the session's start
 *     (NSH_SESSION, session.h) and with the host's: PID 1's links, used only
 *     when readable and when this /proc shows the initial PID namespace
 *     (inode 0xEFFFFFFC, PROC_PID_INIT_INO), so PID 1 is the host's init;
 *   - the NStgid chain of /proc/PID/status: its PID in every PID namespace
 *     from the one this /proc shows down to its own; the depth is the
 *     number of steps;
 *   - uid_map and gid_map of its user namespace;
 *   - whether its /proc shows its own PID namespace or an ancestor's (the
 *     lesson's "contaminated /proc"): for this shell, its NStgid through
 *     /proc has one entry exactly when /proc is of its own namespace; for
 *     another process, its own /proc (/proc/PID/root/proc) must list it
 *     under its innermost PID with a one-entry NStgid and the same start time;
 *   - the init of its PID namespace: the process in the same PID namespace
 *     whose innermost PID is 1, when this /proc shows it. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "builtins/options.h"
#include "io.h"
#include "nsh.h"
#include "session.h"
#include "sys/ns.h"
#include "sys/proc.h"

#define CMD "whereami"
#define PROC_PID_INIT_INO 0xEFFFFFFCu

const struct builtin_option whereami_options[] = {
    OPTION_PARAGRAPH("Show where PID (default: this shell) stands: each namespace's inode and\n"
		     "whether it differs from the session's start and from the host's (PID 1's,\n"
		     "when this /proc shows the initial PID namespace and its links are\n"
		     "readable); the PID chain (NStgid) and the depth; the uid/gid maps of its\n"
		     "user namespace; whether its /proc shows its own PID namespace or an\n"
		     "ancestor's (a \"contaminated\" /proc); and its PID namespace's init."),
    {'J', "json", OPTION_FLAG, ARG_NONE, NULL, "the same as JSON"},
    OPTION_HELP,
    OPTION_PARAGRAPH("See namespaces(7), pid_namespaces(7), user_namespaces(7), proc(5)."),
    {0},
};

/* Everything whereami shows, read before anything is printed. */
struct position {
	pid_t pid; /* as this /proc names it */
	int self;
	char comm[64];
	ino_t ns[NS_KIND_COUNT];
	ino_t start[NS_KIND_COUNT]; /* 0: not recorded */
	ino_t host[NS_KIND_COUNT];  /* 0: not visible */
	int host_visible;
	struct proc_status status;
	int session_depth; /* this shell only; -1 otherwise */
	char uid_map[1024], gid_map[1024];
	int proc_own; /* 1: its /proc shows its own PID namespace, 0: an ancestor's, -1: cannot tell */
	pid_t init;   /* 0: not visible */
	char init_comm[64];
};

#define usage_error(...) builtin_usage_errorf(CMD, __VA_ARGS__)

static ino_t inode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* A map file, trimmed of the kernel's column padding: "0 65534 1\n...". */
static void read_map(const char *dir, const char *name, char *out, size_t len)
{
	char path[PATH_MAX], raw[1024];
	ssize_t n;
	size_t used = 0;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	out[0] = '\0';
	n = proc_read_small_at(AT_FDCWD, path, raw, sizeof raw);
	if (n <= 0)
		return;
	for (char *line = strtok(raw, "\n"); line && used < len; line = strtok(NULL, "\n")) {
		unsigned long a, b, c;

		if (sscanf(line, "%lu %lu %lu", &a, &b, &c) == 3)
			used += (size_t)snprintf(out + used, len - used, "%s%lu %lu %lu", used ? "\n" : "", a,
						 b, c);
	}
}

static unsigned long long starttime_of(const char *procdir, pid_t pid)
{
	struct proc_stat st;

	return proc_read_stat(procdir, pid, &st) == 0 ? st.starttime : 0;
}

/* Does the target's own /proc show its own PID namespace?  See the top. */
static int proc_shows_own(const struct position *p)
{
	char procdir[64];
	struct proc_status there;
	pid_t inner;
	unsigned long long ours;

	if (p->status.nstgid_len < 1)
		return -1;
	if (p->self)
		return p->status.nstgid_len == 1;
	inner = p->status.nstgid[p->status.nstgid_len - 1];
	snprintf(procdir, sizeof procdir, "/proc/%d/root/proc", (int)p->pid);
	if (access(procdir, X_OK) < 0)
		return -1;
	ours = starttime_of("/proc", p->pid);
	if (proc_read_status(procdir, inner, &there) < 0)
		return 0; /* it is not under its own PID there: another namespace's /proc */
	return there.nstgid_len == 1 && ours && starttime_of(procdir, inner) == ours;
}

/* The init of the target's PID namespace, as this /proc shows it. */
static void find_init(struct position *p)
{
	const char *const names[] = {"pid"};
	struct proc_ns_scan scan;
	size_t pid_index = 2; /* ns_kinds[2] is pid */

	p->init = 0;
	if (p->status.nstgid_len == 1) {
		/* in the PID namespace this /proc shows: its PID 1 is the init */
		struct proc_stat ps;

		if (proc_read_stat("/proc", 1, &ps) == 0) {
			p->init = 1;
			snprintf(p->init_comm, sizeof p->init_comm, "%s", ps.comm);
		}
		return;
	}
	if (!p->ns[pid_index] || proc_scan_ns("/proc", names, 1, &scan) < 0)
		return;
	for (size_t i = 0; i < scan.n && !p->init; i++) {
		struct proc_status st;
		struct proc_stat ps;

		if (scan.procs[i].ns[0] != p->ns[pid_index])
			continue;
		if (proc_read_status("/proc", scan.procs[i].pid, &st) < 0 || st.nstgid_len < 1 ||
		    st.nstgid[st.nstgid_len - 1] != 1)
			continue;
		p->init = scan.procs[i].pid;
		if (proc_read_stat("/proc", p->init, &ps) == 0)
			snprintf(p->init_comm, sizeof p->init_comm, "%s", ps.comm);
	}
	proc_ns_scan_free(&scan);
}

/* Read everything about `pid` (0: this shell, through /proc/self). */
static int read_position(pid_t pid, struct position *p)
{
	char dir[64], path[96], buf[8192];
	struct proc_stat ps;
	ssize_t n;
	int rc;

	memset(p, 0, sizeof *p);
	p->self = pid == 0;
	p->session_depth = -1;
	if (p->self)
		snprintf(dir, sizeof dir, "/proc/self");
	else
		snprintf(dir, sizeof dir, "/proc/%d", (int)pid);
	snprintf(path, sizeof path, "%s/status", dir);
	n = proc_read_small_at(AT_FDCWD, path, buf, sizeof buf);
	if (n < 0)
		return (int)n;
	if ((rc = proc_parse_status(buf, (size_t)n, &p->status)) < 0)
		return rc;
	p->pid = p->status.tgid;
	if (p->status.nstgid_len == 0) { /* kernels before 4.1 */
		p->status.nstgid[0] = p->status.tgid;
		p->status.nstgid_len = 1;
	}
	snprintf(p->comm, sizeof p->comm, "%s", p->status.name);
	if (proc_read_stat("/proc", p->pid, &ps) == 0 && !p->self)
		snprintf(p->comm, sizeof p->comm, "%s", ps.comm);
	p->host_visible = inode_of("/proc/1/ns/pid") == PROC_PID_INIT_INO;
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		snprintf(path, sizeof path, "%s/ns/%s", dir, ns_kinds[i].proc_name);
		p->ns[i] = inode_of(path);
		if (session_start_ns(ns_kinds[i].name, &p->start[i]) < 0)
			p->start[i] = 0;
		if (p->host_visible) {
			snprintf(path, sizeof path, "/proc/1/ns/%s", ns_kinds[i].proc_name);
			p->host[i] = inode_of(path);
		}
	}
	if (p->self)
		p->session_depth = session_pid_depth();
	read_map(dir, "uid_map", p->uid_map, sizeof p->uid_map);
	read_map(dir, "gid_map", p->gid_map, sizeof p->gid_map);
	p->proc_own = proc_shows_own(p);
	find_init(p);
	return 0;
}

static const char *compare(ino_t mine, ino_t other)
{
	if (!mine || !other)
		return "-";
	return mine == other ? "same" : "differs";
}

static void print_text(const struct position *p)
{
	int depth = p->status.nstgid_len - 1;

	if (p->self)
		nsh_out("whereami: this shell, PID %d (%s) as this /proc shows it\n", (int)p->pid, p->comm);
	else
		nsh_out("whereami: PID %d (%s)\n", (int)p->pid, p->comm);
	nsh_out("\n%-8s %-12s %-15s %s\n", "TYPE", "INODE", "SESSION START",
		p->host_visible ? "HOST (PID 1)" : "HOST");
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		char ino[24];

		snprintf(ino, sizeof ino, "%lu", (unsigned long)p->ns[i]);
		nsh_out("%-8s %-12s %-15s %s\n", ns_kinds[i].name, p->ns[i] ? ino : "?",
			compare(p->ns[i], p->start[i]), compare(p->ns[i], p->host[i]));
	}
	if (!p->ns[0] && !p->ns[2])
		nsh_out(
		    "(its /proc/PID/ns/ links are not readable here: another user's process; run as root)\n");
	if (!p->host_visible)
		nsh_out(
		    "(host: not visible from here: /proc does not show the initial PID namespace, or PID 1's "
		    "links are not readable)\n");

	nsh_out("\nPID chain (NStgid):");
	for (int i = 0; i < p->status.nstgid_len; i++)
		nsh_out(" %d", (int)p->status.nstgid[i]);
	nsh_out("\n  depth %d: %d PID namespace%s below the one this /proc shows", depth, depth,
		depth == 1 ? "" : "s");
	if (p->session_depth >= 0)
		nsh_out("; %d below the session's start", p->session_depth);
	nsh_out("\n  its own PID there: %d\n", (int)p->status.nstgid[p->status.nstgid_len - 1]);

	nsh_out("\nuser namespace maps (inside outside count):\n");
	nsh_out("  uid_map: %s\n", *p->uid_map ? p->uid_map : "(none: every id shows as 65534)");
	nsh_out("  gid_map: %s\n", *p->gid_map ? p->gid_map : "(none: every id shows as 65534)");

	nsh_out("\n/proc: ");
	if (p->proc_own == 1)
		nsh_out("shows its own PID namespace: ps lists its namespace's processes only.\n");
	else if (p->proc_own == 0)
		nsh_out(
		    "shows an ANCESTOR's PID namespace (a \"contaminated\" /proc): ps lists processes it "
		    "cannot "
		    "see or signal, with outer PIDs.  Fix: mountproc (in a new mount namespace), or unshare "
		    "--mount-proc.\n");
	else
		nsh_out("cannot tell (its root is not readable here).\n");

	nsh_out("\ninit of its PID namespace: ");
	if (p->init)
		nsh_out("PID %d (%s) as this /proc shows it; PID 1 inside.\n", (int)p->init, p->init_comm);
	else
		nsh_out("not visible from this /proc%s.\n",
			p->proc_own == 1 ? "" : " (it may have exited, or this /proc does not reach it)");
}

static void json_inode(ino_t ino)
{
	if (ino)
		nsh_out("%lu", (unsigned long)ino);
	else
		nsh_out("null");
}

static void json_same(ino_t mine, ino_t other)
{
	if (!mine || !other)
		nsh_out("null");
	else
		nsh_out(mine == other ? "false" : "true");
}

/* A map as a list of [inside, outside, count]. */
static void json_map(const char *map)
{
	const char *line = map;
	int first = 1;

	nsh_out("[");
	while (*line) {
		unsigned long a, b, c;

		if (sscanf(line, "%lu %lu %lu", &a, &b, &c) == 3) {
			nsh_out("%s[%lu, %lu, %lu]", first ? "" : ", ", a, b, c);
			first = 0;
		}
		line += strcspn(line, "\n");
		if (*line)
			line++;
	}
	nsh_out("]");
}

static void print_json(const struct position *p)
{
	nsh_out("{\n  \"pid\": %d,\n  \"self\": %s,\n  \"command\": ", (int)p->pid,
		p->self ? "true" : "false");
	nsh_out_json_string(p->comm);
	nsh_out(",\n  \"host_visible\": %s,\n  \"namespaces\": [\n", p->host_visible ? "true" : "false");
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		nsh_out("    {\"type\": \"%s\", \"inode\": ", ns_kinds[i].name);
		json_inode(p->ns[i]);
		nsh_out(", \"start_inode\": ");
		json_inode(p->start[i]);
		nsh_out(", \"differs_from_start\": ");
		json_same(p->ns[i], p->start[i]);
		nsh_out(", \"host_inode\": ");
		json_inode(p->host[i]);
		nsh_out(", \"differs_from_host\": ");
		json_same(p->ns[i], p->host[i]);
		nsh_out("}%s\n", i + 1 < NS_KIND_COUNT ? "," : "");
	}
	nsh_out("  ],\n  \"nstgid\": [");
	for (int i = 0; i < p->status.nstgid_len; i++)
		nsh_out("%s%d", i ? ", " : "", (int)p->status.nstgid[i]);
	nsh_out("],\n  \"depth\": %d,\n  \"session_depth\": ", p->status.nstgid_len - 1);
	if (p->session_depth >= 0)
		nsh_out("%d", p->session_depth);
	else
		nsh_out("null");
	nsh_out(",\n  \"uid_map\": ");
	json_map(p->uid_map);
	nsh_out(",\n  \"gid_map\": ");
	json_map(p->gid_map);
	nsh_out(",\n  \"proc_shows_own_pid_namespace\": %s,\n  \"contaminated_proc\": %s,\n  \"init\": ",
		p->proc_own < 0 ? "null"
		: p->proc_own	? "true"
				: "false",
		p->proc_own < 0 ? "null"
		: p->proc_own	? "false"
				: "true");
	if (p->init) {
		nsh_out("{\"pid\": %d, \"command\": ", (int)p->init);
		nsh_out_json_string(p->init_comm);
		nsh_out("}");
	} else {
		nsh_out("null");
	}
	nsh_out("\n}\n");
}

/* whereami [-J] [PID] */
int builtin_whereami(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find(CMD);
	struct position pos;
	int json = 0, c, rc;
	pid_t pid = 0;

	if (builtin_wants_help(self, argc, argv))
		return 0;
	optind = 0;
	while ((c = builtin_getopt(argc, argv, whereami_options)) != -1) {
		switch (c) {
		case 'J':
			json = 1;
			break;
		case 'h':
			builtin_print_help(self);
			return 0;
		default:
			return builtin_option_error(CMD, c, argv);
		}
	}
	if (argc - optind > 1)
		return usage_error("too many arguments: '%s'", argv[optind + 1]);
	if (optind < argc && !(pid = builtin_parse_pid(argv[optind])))
		return usage_error("invalid PID: '%s'", argv[optind]);
	rc = read_position(pid, &pos);
	if (rc < 0) {
		char what[32];

		snprintf(what, sizeof what, "%d", (int)pid);
		return nsh_error(CMD, "%s: %s", what, strerror(rc == -ENOENT ? ESRCH : -rc));
	}
	if (json)
		print_json(&pos);
	else
		print_text(&pos);
	return 0;
}
