/* /proc readers.  No printing, no exit: 0 (or a length) on success, -errno
 * on failure.  Every reader takes the proc root ("/proc", or a fixture tree
 * under tests/fixtures/) so that tests can run on trees made on disk. */
#ifndef NSH_SYS_PROC_H
#define NSH_SYS_PROC_H

#include <stddef.h>
#include <sys/types.h>

#define PROC_MAX_NS_LEVELS 33 /* the initial namespace + 32 nested ones */

struct proc_stat {
	pid_t pid;
	char comm[64];       /* between the first '(' and the LAST ')' */
	char state;
	pid_t ppid;
	pid_t pgrp;
	pid_t session;
	long nthreads;
	unsigned long long starttime; /* clock ticks after boot */
};

struct proc_status {
	char name[64];
	pid_t tgid;
	pid_t ppid;
	uid_t uid[4];        /* real, effective, saved, fs */
	gid_t gid[4];
	pid_t nstgid[PROC_MAX_NS_LEVELS]; /* outermost (as the proc mount sees it) first */
	int nstgid_len;
	pid_t nspid[PROC_MAX_NS_LEVELS];
	int nspid_len;
};

/* Pure parsers (fuzzed): 0, or -EINVAL on malformed input. */
int proc_parse_stat(const char *buf, size_t len, struct proc_stat *out);
int proc_parse_status(const char *buf, size_t len, struct proc_status *out);

int proc_read_stat(const char *proc_root, pid_t pid, struct proc_stat *out);
int proc_read_status(const char *proc_root, pid_t pid, struct proc_status *out);

/* The command line with arguments joined by single spaces; when it is empty
 * (kernel threads, zombies) "[comm]"-less empty string.  Returns the length
 * written (truncated to len-1), or -errno. */
ssize_t proc_read_cmdline(const char *proc_root, pid_t pid, char *buf, size_t len);

/* Inode of /proc/PID/ns/NAME (NAME as in ns_kinds[].proc_name). */
int proc_ns_inode(const char *proc_root, pid_t pid, const char *ns_name, ino_t *ino);

/* All numeric entries of proc_root, ascending.  *pids is malloc'd. */
int proc_list_pids(const char *proc_root, pid_t **pids, size_t *n);

/* Threads of a process (numeric entries of PID/task), ascending. */
int proc_list_tasks(const char *proc_root, pid_t pid, pid_t **tids, size_t *n);

/* Whole file proc_root/relpath into a malloc'd NUL-terminated buffer. */
int proc_read_file(const char *proc_root, const char *relpath, char **buf, size_t *len);

/* The proc root in force: $NSH_PROC or "/proc". */
const char *proc_default_root(void);

/* This process's PID as the proc mounted at proc_root names it (its "self"
 * link), or -errno.  It differs from getpid() when that proc shows another
 * PID namespace than ours: the "contaminated" /proc after unshare -p
 * without a new proc mount (pid_namespaces(7)). */
pid_t proc_self_pid(const char *proc_root);

/* Additions for fast scanners (lsns, pidtree), relative to an open
 * /proc/PID directory fd. */

/* One small file (NAME relative to dirfd, AT_FDCWD for a path) with
 * open+read: its length, NUL-terminated, truncated to size-1; or -errno. */
ssize_t proc_read_small_at(int dirfd, const char *name, char *buf, size_t size);

/* The raw cmdline (n bytes, NUL-separated) into one line joined by single
 * spaces, trailing NULs dropped; buf must have room for buf[n]. */
ssize_t proc_cmdline_join(char *buf, size_t n);

/* "type:[4026531836]" or "4026531836" -> inode; -EINVAL otherwise. */
int proc_parse_ns_link(const char *text, size_t len, ino_t *ino);

/* proc_ns_inode relative to an open /proc/PID directory. */
int proc_ns_inode_at(int piddirfd, const char *ns_name, ino_t *ino);

/* One pass over proc_root for lsns and friends: every process (ascending
 * PID) with the inodes of its namespaces.  names[i] is a link name under
 * PID/ns/ ("mnt", "net", ...) or NULL to skip that slot; ns[i] is 0 where a
 * link could not be read.  Processes that vanish between readdir and open
 * are dropped and counted in `vanished`; processes whose links we may not
 * read (EACCES: another user's process, unprivileged) are kept with err set
 * and counted in `unreadable`. */
#define PROC_SCAN_MAX_TYPES 8

struct proc_ns_entry {
	pid_t pid;
	int err;                          /* first errno from the links, or 0 */
	ino_t ns[PROC_SCAN_MAX_TYPES];
};

struct proc_ns_scan {
	struct proc_ns_entry *procs;
	size_t n;
	size_t unreadable;
	size_t vanished;
};

int proc_scan_ns(const char *proc_root, const char *const names[], int nnames, struct proc_ns_scan *out);
void proc_ns_scan_free(struct proc_ns_scan *s);

#endif
