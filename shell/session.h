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

#endif
