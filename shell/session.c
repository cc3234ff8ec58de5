/* The session's start record and the namespace position (see session.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session.h"
#include "sys/ns.h"
#include "sys/proc.h"

#define SESSION_ENV "NSH_SESSION"
#define DEPTH_ENV "NSH_DEPTH"
#define DEPTH_PIDNS_ENV "NSH_DEPTH_PIDNS"
#define DEPTH_NSTGID_ENV "NSH_DEPTH_NSTGID"

/* /proc/self, not /proc/<getpid()>: in a new PID namespace whose /proc is
 * still the parent's, getpid() names some other process of that /proc
 * (PID 1 there is the host's init), while "self" always resolves to us. */
static int open_self(void)
{
	return open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* How many NStgid fields this process's /proc shows it, or -errno. */
static int self_nstgid_len(int selfdir)
{
	char buf[4096];
	struct proc_status status;
	ssize_t n = proc_read_small_at(selfdir, "status", buf, sizeof buf);
	int rc;

	if (n < 0)
		return (int)n;
	if ((rc = proc_parse_status(buf, (size_t)n, &status)) < 0)
		return rc;
	return status.nstgid_len > 0 ? status.nstgid_len : 1; /* kernels before 4.1: no NStgid line */
}

static void export_depth_record(int depth, unsigned long long pidns, int nstgid_len)
{
	char num[32];

	snprintf(num, sizeof num, "%d", depth);
	setenv(DEPTH_ENV, num, 1);
	snprintf(num, sizeof num, "%llu", pidns);
	setenv(DEPTH_PIDNS_ENV, num, 1);
	snprintf(num, sizeof num, "%d", nstgid_len);
	setenv(DEPTH_NSTGID_ENV, num, 1);
}

void session_init(void)
{
	char buf[512];
	size_t used = 0;
	ino_t ino, pidns = 0;
	int selfdir, len;

	if (getenv(SESSION_ENV))
		return;
	if ((selfdir = open_self()) < 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		if (proc_ns_inode_at(selfdir, ns_kinds[i].proc_name, &ino) < 0)
			continue;
		if (strcmp(ns_kinds[i].name, "pid") == 0)
			pidns = ino;
		used += snprintf(buf + used, sizeof buf - used, "%s%s=%lu", used ? "," : "", ns_kinds[i].name,
				 (unsigned long)ino);
		if (used >= sizeof buf) {
			close(selfdir);
			return;
		}
	}
	if (used)
		setenv(SESSION_ENV, buf, 1);
	/* This shell is the start: depth 0 for the shells nested in it. */
	if (pidns && (len = self_nstgid_len(selfdir)) > 0)
		export_depth_record(0, pidns, len);
	close(selfdir);
}

int session_start_ns(const char *kind, ino_t *ino)
{
	const char *rec = getenv(SESSION_ENV), *p;
	size_t klen = strlen(kind);

	for (p = rec; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		if (strncmp(p, kind, klen) == 0 && p[klen] == '=') {
			*ino = (ino_t)strtoull(p + klen + 1, NULL, 10);
			return 0;
		}
	}
	return -ENOENT;
}

int session_same_ns(const char *kind)
{
	const struct ns_kind *k = ns_kind_by_name(kind);
	ino_t start, now;
	int rc, selfdir;

	if (!k)
		return -EINVAL;
	if ((rc = session_start_ns(k->name, &start)) < 0)
		return rc;
	if ((selfdir = open_self()) < 0)
		return -errno;
	rc = proc_ns_inode_at(selfdir, k->proc_name, &now);
	close(selfdir);
	if (rc < 0)
		return rc;
	return start == now;
}

int session_depth_from(const struct session_depth_record *inherited, unsigned long long own_pidns,
		       int own_nstgid_len, unsigned long long start_pidns)
{
	if (start_pidns && own_pidns == start_pidns)
		return 0;
	if (!inherited)
		return start_pidns ? 1 : 0;
	if (own_pidns == inherited->pidns)
		return inherited->depth;
	if (own_nstgid_len > inherited->nstgid_len)
		return inherited->depth + (own_nstgid_len - inherited->nstgid_len);
	return inherited->depth + 1;
}

/* The record in the environment, if it is whole and sane. */
static int read_depth_record(struct session_depth_record *rec)
{
	const char *depth = getenv(DEPTH_ENV), *pidns = getenv(DEPTH_PIDNS_ENV);
	const char *len = getenv(DEPTH_NSTGID_ENV);
	char *end;

	if (!depth || !pidns || !len)
		return -ENOENT;
	rec->depth = (int)strtol(depth, &end, 10);
	if (*end || rec->depth < 0 || rec->depth > PROC_MAX_NS_LEVELS)
		return -EINVAL;
	rec->pidns = strtoull(pidns, &end, 10);
	if (*end || !rec->pidns)
		return -EINVAL;
	rec->nstgid_len = (int)strtol(len, &end, 10);
	if (*end || rec->nstgid_len < 1 || rec->nstgid_len > PROC_MAX_NS_LEVELS)
		return -EINVAL;
	return 0;
}

/* Worked out afresh on every call (a handful of system calls): a cached
 * value would be wrong in a forked child that went down a level, and once
 * this shell has exported its record the answer cannot change. */
static int pid_depth(unsigned long long *pidns, int *nstgid_len)
{
	struct session_depth_record rec;
	ino_t own, start = 0;
	int selfdir, len, depth = -1;

	if ((selfdir = open_self()) < 0)
		return -1;
	if (proc_ns_inode_at(selfdir, "pid", &own) == 0 && (len = self_nstgid_len(selfdir)) > 0) {
		session_start_ns("pid", &start);
		depth = session_depth_from(read_depth_record(&rec) == 0 ? &rec : NULL, own, len, start);
		*pidns = own;
		*nstgid_len = len;
	}
	close(selfdir);
	return depth;
}

int session_pid_depth(void)
{
	unsigned long long pidns;
	int len;

	return pid_depth(&pidns, &len);
}

void session_export_depth(void)
{
	unsigned long long pidns;
	int len, depth = pid_depth(&pidns, &len);

	if (depth >= 0)
		export_depth_record(depth, pidns, len);
}

void session_position(struct session_position *pos)
{
	ino_t start, now;
	int selfdir = open_self();

	memset(pos, 0, sizeof *pos);
	pos->pid_depth = session_pid_depth();
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		if (selfdir < 0 || session_start_ns(ns_kinds[i].name, &start) < 0 ||
		    proc_ns_inode_at(selfdir, ns_kinds[i].proc_name, &now) < 0)
			pos->unknown |= 1u << i;
		else if (start != now)
			pos->differs |= 1u << i;
	}
	if (selfdir >= 0)
		close(selfdir);
}
