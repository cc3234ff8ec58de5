/* /proc readers: pure parsers for stat and status, and small readers that
 * take the proc root as a parameter so the same code runs on the real /proc
 * and on the fixture trees under tests/fixtures/.  No printing, no exit;
 * 0 (or a length) on success, -errno on failure.  Every fd is O_CLOEXEC: the
 * shell forks and execs while builtins run. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys/proc.h"

/* ---- small helpers -------------------------------------------------------- */

/* Reads a whole (small) file from an open fd: /proc files are generated on
 * read, so one read(2) usually returns everything; loop only while it fills
 * the buffer.  Returns the length (NUL-terminated at buf[len]) or -errno. */
static ssize_t read_fd_into(int fd, char *buf, size_t size)
{
	size_t used = 0;

	if (size == 0)
		return -EINVAL;
	while (used < size - 1) {
		ssize_t got = read(fd, buf + used, size - 1 - used);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (got == 0)
			break;
		used += (size_t)got;
	}
	buf[used] = '\0';
	return (ssize_t)used;
}

ssize_t proc_read_small_at(int dirfd, const char *name, char *buf, size_t size)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read_fd_into(fd, buf, size);
	close(fd);
	return n;
}

/* "PROOT/PID/NAME" into buf; -ENAMETOOLONG when it does not fit. */
static int pid_path(char *buf, size_t size, const char *proc_root, pid_t pid, const char *name)
{
	int n = snprintf(buf, size, "%s/%d/%s", proc_root, (int)pid, name);

	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

static ssize_t read_pid_file(const char *proc_root, pid_t pid, const char *name, char *buf, size_t size)
{
	char path[PATH_MAX];
	int r = pid_path(path, sizeof(path), proc_root, pid, name);

	if (r < 0)
		return r;
	return proc_read_small_at(AT_FDCWD, path, buf, size);
}

/* Parses an unsigned decimal at *p (below end), skipping leading blanks;
 * advances *p past it.  0 or -EINVAL (no digits, overflow). */
static int parse_ull(const char **p, const char *end, unsigned long long *out)
{
	const char *s = *p;
	unsigned long long v = 0;
	int digits = 0;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (s < end && *s >= '0' && *s <= '9') {
		unsigned d = (unsigned)(*s - '0');
		if (v > (ULLONG_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
		s++;
		digits++;
	}
	if (!digits)
		return -EINVAL;
	*p = s;
	*out = v;
	return 0;
}

/* A signed decimal (stat's tty_nr, priority and nice may be negative). */
static int parse_ll(const char **p, const char *end, long long *out)
{
	const char *s = *p;
	unsigned long long v;
	int neg = 0;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s < end && *s == '-') {
		neg = 1;
		s++;
	}
	if (parse_ull(&s, end, &v) < 0 || v > (unsigned long long)LLONG_MAX)
		return -EINVAL;
	*p = s;
	*out = neg ? -(long long)v : (long long)v;
	return 0;
}

static int parse_pid(const char **p, const char *end, pid_t *out)
{
	long long v;

	if (parse_ll(p, end, &v) < 0 || v < INT_MIN || v > INT_MAX)
		return -EINVAL;
	*out = (pid_t)v;
	return 0;
}

/* ---- parsers -------------------------------------------------------------- */

/* /proc/PID/stat: "pid (comm) state ppid pgrp session tty tpgid flags minflt
 * cminflt majflt cmajflt utime stime cutime cstime priority nice nthreads
 * itrealvalue starttime ...".  comm is whatever the process named itself and
 * may hold spaces and parentheses ("a) b (c"), so it runs from the first '('
 * to the LAST ')' of the buffer (see proc(5)). */
int proc_parse_stat(const char *buf, size_t len, struct proc_stat *out)
{
	const char *end = buf + len, *open, *close_paren = NULL, *p;
	long long field;
	size_t comm_len;
	int i;

	if (!buf || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	p = buf;
	if (parse_pid(&p, end, &out->pid) < 0)
		return -EINVAL;
	open = memchr(p, '(', (size_t)(end - p));
	if (!open)
		return -EINVAL;
	for (p = end; p > open + 1; p--)
		if (p[-1] == ')') {
			close_paren = p - 1;
			break;
		}
	if (!close_paren || close_paren <= open)
		return -EINVAL;
	comm_len = (size_t)(close_paren - open - 1);
	if (comm_len >= sizeof(out->comm))
		comm_len = sizeof(out->comm) - 1;
	memcpy(out->comm, open + 1, comm_len);
	out->comm[comm_len] = '\0';

	p = close_paren + 1;
	if (p >= end || *p != ' ')
		return -EINVAL;
	p++;
	if (p >= end || !isalpha((unsigned char)*p))
		return -EINVAL;
	out->state = *p++;
	if (parse_pid(&p, end, &out->ppid) < 0 || parse_pid(&p, end, &out->pgrp) < 0 ||
	    parse_pid(&p, end, &out->session) < 0)
		return -EINVAL;
	/* fields 7..19: tty_nr tpgid flags minflt cminflt majflt cmajflt utime
	 * stime cutime cstime priority nice */
	for (i = 7; i <= 19; i++)
		if (parse_ll(&p, end, &field) < 0)
			return -EINVAL;
	if (parse_ll(&p, end, &field) < 0)
		return -EINVAL;
	out->nthreads = (long)field;
	if (parse_ll(&p, end, &field) < 0) /* itrealvalue */
		return -EINVAL;
	if (parse_ull(&p, end, &out->starttime) < 0)
		return -EINVAL;
	return 0;
}

/* Copies a status value (the rest of the line) and undoes the kernel's
 * escaping of Name ("\n" for a newline, "\\" for a backslash). */
static void copy_status_name(char *dst, size_t size, const char *s, const char *eol)
{
	size_t n = 0;

	while (s < eol && n + 1 < size) {
		char c = *s++;
		if (c == '\\' && s < eol) {
			if (*s == 'n') {
				c = '\n';
				s++;
			} else if (*s == '\\') {
				s++;
			}
		}
		dst[n++] = c;
	}
	dst[n] = '\0';
}

/* A tab-separated list of ids ("Uid:\t0\t0\t0\t0"): up to max values. */
static int parse_id_list(const char *s, const char *eol, unsigned long long *vals, int max)
{
	int n = 0;

	for (;;) {
		while (s < eol && (*s == ' ' || *s == '\t'))
			s++;
		if (s >= eol)
			return n;
		if (n >= max)
			return -EINVAL;
		if (parse_ull(&s, eol, &vals[n]) < 0)
			return -EINVAL;
		n++;
	}
}

/* /proc/PID/status, the lines nsh needs.  Name, Tgid, PPid, Uid and Gid are
 * required.  NStgid/NSpid (kernels >= 4.1) list a PID in every PID namespace
 * from the one the proc mount belongs to inward; when they are missing the
 * chain is just Tgid (resp. Tgid too for NSpid: the thread's own PID is not
 * known from here) so callers always get at least one level. */
int proc_parse_status(const char *buf, size_t len, struct proc_status *out)
{
	const char *p = buf, *end = buf + len;
	enum { HAVE_NAME = 1, HAVE_TGID = 2, HAVE_PPID = 4, HAVE_UID = 8, HAVE_GID = 16 };
	unsigned have = 0;

	if (!buf || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *colon, *val;
		size_t key_len;
		unsigned long long vals[PROC_MAX_NS_LEVELS];
		int n, i;

		if (!eol)
			eol = end;
		colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon) {
			p = eol + 1;
			continue;
		}
		key_len = (size_t)(colon - p);
		val = colon + 1;
#define KEY(k) (key_len == sizeof(k) - 1 && memcmp(p, k, sizeof(k) - 1) == 0)
		if (KEY("Name")) {
			if (val < eol && *val == '\t')
				val++;
			copy_status_name(out->name, sizeof(out->name), val, eol);
			have |= HAVE_NAME;
		} else if (KEY("Tgid") || KEY("PPid")) {
			n = parse_id_list(val, eol, vals, 1);
			if (n != 1 || vals[0] > INT_MAX)
				return -EINVAL;
			if (KEY("Tgid")) {
				out->tgid = (pid_t)vals[0];
				have |= HAVE_TGID;
			} else {
				out->ppid = (pid_t)vals[0];
				have |= HAVE_PPID;
			}
		} else if (KEY("Uid") || KEY("Gid")) {
			n = parse_id_list(val, eol, vals, 4);
			if (n != 4)
				return -EINVAL;
			for (i = 0; i < 4; i++) {
				if (vals[i] > UINT32_MAX)
					return -EINVAL;
				if (KEY("Uid"))
					out->uid[i] = (uid_t)vals[i];
				else
					out->gid[i] = (gid_t)vals[i];
			}
			have |= KEY("Uid") ? HAVE_UID : HAVE_GID;
		} else if (KEY("NStgid") || KEY("NSpid")) {
			pid_t *dst = KEY("NStgid") ? out->nstgid : out->nspid;
			n = parse_id_list(val, eol, vals, PROC_MAX_NS_LEVELS);
			if (n < 1)
				return -EINVAL;
			for (i = 0; i < n; i++) {
				if (vals[i] > INT_MAX)
					return -EINVAL;
				dst[i] = (pid_t)vals[i];
			}
			if (KEY("NStgid"))
				out->nstgid_len = n;
			else
				out->nspid_len = n;
		}
#undef KEY
		p = eol + 1;
	}
	if ((have & (HAVE_NAME | HAVE_TGID | HAVE_PPID | HAVE_UID | HAVE_GID)) !=
	    (HAVE_NAME | HAVE_TGID | HAVE_PPID | HAVE_UID | HAVE_GID))
		return -EINVAL;
	if (out->nstgid_len == 0) {
		out->nstgid[0] = out->tgid;
		out->nstgid_len = 1;
	}
	if (out->nspid_len == 0) {
		out->nspid[0] = out->tgid;
		out->nspid_len = 1;
	}
	return 0;
}

/* ---- readers -------------------------------------------------------------- */

int proc_read_stat(const char *proc_root, pid_t pid, struct proc_stat *out)
{
	char buf[1024];
	ssize_t n = read_pid_file(proc_root, pid, "stat", buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return proc_parse_stat(buf, (size_t)n, out) < 0 ? -EINVAL : 0;
}

pid_t proc_self_pid(const char *proc_root)
{
	char path[PATH_MAX], link[32], *end;
	ssize_t n;
	long pid;

	if (snprintf(path, sizeof path, "%s/self", proc_root) >= (int)sizeof path)
		return -ENAMETOOLONG;
	n = readlink(path, link, sizeof link - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	pid = strtol(link, &end, 10);
	return *end || pid <= 0 ? -EINVAL : (pid_t)pid;
}

int proc_read_status(const char *proc_root, pid_t pid, struct proc_status *out)
{
	char buf[8192];
	ssize_t n = read_pid_file(proc_root, pid, "status", buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return proc_parse_status(buf, (size_t)n, out) < 0 ? -EINVAL : 0;
}

/* Turns the raw NUL-separated cmdline of length n into one line. */
ssize_t proc_cmdline_join(char *buf, size_t n)
{
	size_t i;

	/* the arguments end in NULs; drop the trailing ones, join the rest */
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return (ssize_t)n;
}

ssize_t proc_read_cmdline(const char *proc_root, pid_t pid, char *buf, size_t len)
{
	ssize_t n;

	if (len == 0)
		return -EINVAL;
	n = read_pid_file(proc_root, pid, "cmdline", buf, len);
	if (n < 0)
		return n;
	return proc_cmdline_join(buf, (size_t)n);
}

/* "type:[4026531836]" (the text of an ns link) or a bare decimal: the inode. */
int proc_parse_ns_link(const char *text, size_t len, ino_t *ino)
{
	const char *p = text, *end = text + len, *open = memchr(text, '[', len);
	unsigned long long v;

	while (end > p && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	if (open) {
		p = open + 1;
		if (parse_ull(&p, end, &v) < 0 || p >= end || *p != ']' || p + 1 != end)
			return -EINVAL;
	} else if (parse_ull(&p, end, &v) < 0 || p != end) {
		return -EINVAL;
	}
	*ino = (ino_t)v;
	return 0;
}

/* The inode of a namespace from its link, relative to a dirfd (the
 * /proc/PID directory).  On the real /proc, readlink(2) of ns/NAME gives
 * "NAME:[INODE]": one syscall, the same number stat(2) would give as st_ino
 * (see namespaces(7)).  A fixture tree holds either such a symlink (dangling,
 * which is fine: only its text is read) or a plain file whose content is
 * "NAME:[INODE]" or just "INODE".  When a link's text is something else, we
 * follow it and take st_ino. */
int proc_ns_inode_at(int piddirfd, const char *ns_name, ino_t *ino)
{
	char rel[64], text[128];
	ssize_t n;
	struct stat st;

	if (snprintf(rel, sizeof(rel), "ns/%s", ns_name) >= (int)sizeof(rel))
		return -ENAMETOOLONG;
	n = readlinkat(piddirfd, rel, text, sizeof(text) - 1);
	if (n >= 0) {
		if (proc_parse_ns_link(text, (size_t)n, ino) == 0)
			return 0;
	} else if (errno == EINVAL) {
		/* not a symlink: a fixture's plain file */
		n = proc_read_small_at(piddirfd, rel, text, sizeof(text));
		if (n < 0)
			return (int)n;
		return proc_parse_ns_link(text, (size_t)n, ino);
	} else {
		return -errno;
	}
	if (fstatat(piddirfd, rel, &st, 0) < 0)
		return -errno;
	*ino = st.st_ino;
	return 0;
}

int proc_ns_inode(const char *proc_root, pid_t pid, const char *ns_name, ino_t *ino)
{
	char path[PATH_MAX];
	int r = pid_path(path, sizeof(path), proc_root, pid, "");
	int dirfd;

	if (r < 0)
		return r;
	dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	r = proc_ns_inode_at(dirfd, ns_name, ino);
	close(dirfd);
	return r;
}

static int compare_pids(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* A name made only of digits (a PID in /proc, a TID in task/): its value,
 * or -1. */
static pid_t numeric_name(const char *name)
{
	long v = 0;

	if (!*name)
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9')
			return -1;
		v = v * 10 + (*name - '0');
		if (v > INT_MAX)
			return -1;
	}
	return (pid_t)v;
}

/* The numeric entries of a directory, sorted ascending. */
static int list_numeric_entries(const char *dir, pid_t **out, size_t *n)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;
	struct dirent *de;
	pid_t *v = NULL;
	size_t len = 0, cap = 0;

	*out = NULL;
	*n = 0;
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		return -e;
	}
	while ((de = readdir(d)) != NULL) {
		pid_t pid = numeric_name(de->d_name);
		if (pid < 0)
			continue;
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			pid_t *nv = realloc(v, ncap * sizeof(*nv));
			if (!nv) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = nv;
			cap = ncap;
		}
		v[len++] = pid;
	}
	closedir(d);
	if (v) /* qsort(NULL, 0) is undefined: a directory without numeric entries */
		qsort(v, len, sizeof(*v), compare_pids);
	*out = v;
	*n = len;
	return 0;
}

int proc_list_pids(const char *proc_root, pid_t **pids, size_t *n)
{
	return list_numeric_entries(proc_root, pids, n);
}

int proc_list_tasks(const char *proc_root, pid_t pid, pid_t **tids, size_t *n)
{
	char path[PATH_MAX];
	int r = pid_path(path, sizeof(path), proc_root, pid, "task");

	if (r < 0) {
		*tids = NULL;
		*n = 0;
		return r;
	}
	return list_numeric_entries(path, tids, n);
}

/* Any file under the proc root, whole: /proc files report size 0, so the
 * buffer grows as the reads fill it. */
int proc_read_file(const char *proc_root, const char *relpath, char **buf, size_t *len)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s", proc_root, relpath);
	int fd;
	char *b = NULL;
	size_t used = 0, cap = 0;

	*buf = NULL;
	if (len)
		*len = 0;
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t got;
		if (cap - used < 2) {
			size_t ncap = cap ? cap * 2 : 4096;
			char *nb = realloc(b, ncap);
			if (!nb) {
				free(b);
				close(fd);
				return -ENOMEM;
			}
			b = nb;
			cap = ncap;
		}
		got = read(fd, b + used, cap - used - 1);
		if (got < 0) {
			int e = errno;
			if (e == EINTR)
				continue;
			free(b);
			close(fd);
			return -e;
		}
		if (got == 0)
			break;
		used += (size_t)got;
	}
	close(fd);
	b[used] = '\0';
	*buf = b;
	if (len)
		*len = used;
	return 0;
}

const char *proc_default_root(void)
{
	const char *r = getenv("NSH_PROC");

	return r && *r ? r : "/proc";
}

/* ---- one-pass namespace scan ---------------------------------------------- */

static int compare_scan_entries(const void *a, const void *b)
{
	pid_t x = ((const struct proc_ns_entry *)a)->pid, y = ((const struct proc_ns_entry *)b)->pid;

	return (x > y) - (x < y);
}

/* Reads the namespace links of one process.  Only the directory open and one
 * readlinkat(2) per wanted type: a fraction of the syscalls of stat+open+
 * ioctl per link.  A process that is gone (ENOENT, ESRCH) returns -ENOENT;
 * one whose links we may not read keeps its entry with err = EACCES and the
 * inodes it could read (none, in practice: the check is per process). */
static int scan_one_process(int procfd, const char *name, const char *const names[], int nnames,
			    struct proc_ns_entry *e)
{
	int dirfd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int i, r, any = 0;

	if (dirfd < 0)
		return errno == ENOTDIR ? -ENOENT : -errno;
	for (i = 0; i < nnames && i < PROC_SCAN_MAX_TYPES; i++) {
		e->ns[i] = 0;
		if (!names[i])
			continue;
		r = proc_ns_inode_at(dirfd, names[i], &e->ns[i]);
		if (r == 0) {
			any = 1;
			continue;
		}
		e->ns[i] = 0;
		if (r == -EACCES || r == -EPERM) {
			if (!e->err)
				e->err = -r;
		} else if (r != -ENOENT && r != -ESRCH && !e->err) {
			e->err = -r;
		}
	}
	close(dirfd);
	if (!any && !e->err)
		return -ENOENT; /* vanished while we read it */
	return 0;
}

int proc_scan_ns(const char *proc_root, const char *const names[], int nnames, struct proc_ns_scan *out)
{
	int procfd, sorted = 1;
	DIR *d;
	struct dirent *de;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (nnames > PROC_SCAN_MAX_TYPES)
		return -EINVAL;
	procfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	d = fdopendir(procfd);
	if (!d) {
		int e = errno;
		close(procfd);
		return -e;
	}
	while ((de = readdir(d)) != NULL) {
		pid_t pid = numeric_name(de->d_name);
		struct proc_ns_entry *e;
		int r;

		if (pid < 0)
			continue;
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 512;
			struct proc_ns_entry *nv = realloc(out->procs, ncap * sizeof(*nv));
			if (!nv) {
				closedir(d);
				proc_ns_scan_free(out);
				return -ENOMEM;
			}
			out->procs = nv;
			cap = ncap;
		}
		e = &out->procs[out->n];
		memset(e, 0, sizeof(*e));
		e->pid = pid;
		r = scan_one_process(dirfd(d), de->d_name, names, nnames, e);
		if (r == -ENOENT || r == -ESRCH) {
			out->vanished++;
			continue;
		}
		if (r < 0) {
			/* the directory itself is unreadable: count, keep nothing */
			out->unreadable++;
			continue;
		}
		if (e->err == EACCES || e->err == EPERM)
			out->unreadable++;
		if (out->n && out->procs[out->n - 1].pid > pid)
			sorted = 0;
		out->n++;
	}
	closedir(d);
	if (!sorted)
		qsort(out->procs, out->n, sizeof(*out->procs), compare_scan_entries);
	return 0;
}

void proc_ns_scan_free(struct proc_ns_scan *s)
{
	free(s->procs);
	memset(s, 0, sizeof(*s));
}
