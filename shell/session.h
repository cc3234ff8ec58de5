/* The session's start: the namespaces of the first nsh of a session.
 *
 * The first nsh records them in the environment variable NSH_SESSION
 * ("mnt=4026531841,net=...,pid=...,...") and nested shells inherit it, so
 * that the prompt can say which namespace types differ from the start and
 * mountproc can refuse to cover the host's /proc. */
#ifndef NSH_SESSION_H
#define NSH_SESSION_H

#include <sys/types.h>

/* Record the start in NSH_SESSION unless it is already set.  Cheap: one
 * getenv on the common path; 8 stat calls the first time. */
void session_init(void);

/* The inode of namespace type `kind` ("mnt", "pid", ...) at the session's
 * start: 0 and *ino set, or -ENOENT if not recorded. */
int session_start_ns(const char *kind, ino_t *ino);

/* 1 if this process is in the same `kind` namespace as the session's start,
 * 0 if not, -errno if it cannot tell. */
int session_same_ns(const char *kind);

/* ---- the namespace position (prompt, whereami) ---------------------------
 *
 * How many PID namespaces below the session's start a shell is cannot be
 * read from inside: NS_GET_PARENT stops at the caller's own PID namespace
 * (see ioctl_ns(2)), and the NStgid line of /proc/self/status only lists
 * the levels from the PID namespace of the /proc mount down to ours.  So
 * each nsh hands its own depth down in the environment:
 *
 *   NSH_DEPTH=<depth>  NSH_DEPTH_PIDNS=<its PID namespace inode>
 *   NSH_DEPTH_NSTGID=<number of NStgid fields its /proc showed it>
 *
 * and a nested nsh works its depth out from that (session_depth_from):
 *   - in the start's PID namespace: 0;
 *   - in the same PID namespace as the record: the same depth;
 *   - its /proc shows more NStgid fields than the record's did (a
 *     "contaminated" /proc, still the parent's view): the record's depth
 *     plus the difference, which counts every level in between, even those
 *     crossed by programs that are not nsh;
 *   - otherwise (a fresh /proc of its own): the record's depth + 1, a floor
 *     that is exact when each level is entered by an nsh (unshare without
 *     a command starts one, which exports its own record).
 * The first nsh of a session records depth 0 in session_init. */

struct session_depth_record {
	int depth;
	unsigned long long pidns; /* inode of the PID namespace */
	int nstgid_len;		  /* NStgid fields as that shell's /proc showed them */
};

/* The pure rule above.  inherited may be NULL (no record); start_pidns is
 * 0 when the session start is unknown.  Returns the depth (>= 0). */
int session_depth_from(const struct session_depth_record *inherited, unsigned long long own_pidns,
		       int own_nstgid_len, unsigned long long start_pidns);

/* This process's depth (worked out afresh on each call), or -1
 * if /proc cannot tell.  session_export_depth also writes the record for
 * nested shells; the REPL calls it once at start. */
int session_pid_depth(void);
void session_export_depth(void);

/* Where this process stands relative to the session's start. */
struct session_position {
	int pid_depth;	  /* PID namespaces below the start; 0 same; -1 unknown */
	unsigned differs; /* bit i set: ns_kinds[i] is not the start's */
	unsigned unknown; /* bit i set: could not tell for ns_kinds[i] */
};

/* Fills pos (a few readlink calls; cheap enough for every prompt). */
void session_position(struct session_position *pos);

#endif
