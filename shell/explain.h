/* explain: what a command line of unshare, nsenter or mountproc would do,
 * told before anything runs.
 *
 * The builtin (builtins/explain.c) parses the command line with the
 * builtin's own parse function, reads the live facts that decide the
 * outcome (explain_read_facts: privileges, the PID nesting level, who owns
 * this shell's PID namespace...), and the explainers below turn both into
 * text: the system calls in the order the trace would print them (with
 * symbolic PIDs: <nsh> is this shell, <child> the process it forks, <pid1>
 * the PID 1 of a new PID namespace...), which namespace each option makes or
 * enters, what the student will see afterwards, and one line
 *
 *   Outcome: ok ...        or        Outcome: fails: ...
 *
 * that tests compare with what really happens.  The explainers read no
 * system state themselves: everything comes from the facts, so unit tests
 * can feed any situation. */
#ifndef NSH_EXPLAIN_H
#define NSH_EXPLAIN_H

#include <sys/types.h>

#include "builtins/mountproc.h"
#include "builtins/nsenter.h"
#include "builtins/unshare.h"
#include "sys/ns.h"

/* Where this shell's children go, for the PID namespace
 * (/proc/self/ns/pid_for_children against /proc/self/ns/pid). */
enum explain_children {
	CHILDREN_HERE,	/* the shell's own PID namespace: the normal case */
	CHILDREN_EMPTY, /* a new namespace without a process yet: the next child is its PID 1 */
	CHILDREN_ALIVE, /* a namespace the shell is not in, whose PID 1 lives */
	CHILDREN_DEAD,	/* its PID 1 has exited: every fork fails with ENOMEM */
};

struct explain_facts {
	uid_t uid, euid;
	gid_t gid, egid;
	int cap_sys_admin;    /* CAP_SYS_ADMIN in the current user namespace (CapEff) */
	int initial_userns;   /* the current user namespace is the initial one */
	int pid_level;	      /* PID namespaces below the initial one (a lower bound); -1 unknown */
	int start_mnt;	      /* 1: the session's starting mount namespace, 0: not, -1: cannot tell */
	int pidns_capable;    /* 1: may mount a procfs for its own PID namespace; 0: not; -1: unknown */
	int mntns_capable;    /* 1: may mount in its own mount namespace; 0: not; -1: unknown */
	int setgroups_denied; /* /proc/self/setgroups says deny */
	enum explain_children children;
	pid_t children_init;	  /* CHILDREN_ALIVE: the PID 1 there, as this /proc shows it */
	unsigned max_zero;	  /* bit i: user.max_<ns_kinds[i]>_namespaces is 0 */
	int userns_clone_off;	  /* kernel.unprivileged_userns_clone is 0 */
	const char *path;	  /* $PATH, to name the program execve runs */
	const char *nested_shell; /* what unshare/nsenter start without a command */
};

/* The target of nsenter -t PID as this shell sees it. */
struct explain_target {
	pid_t pid;
	int exists;		   /* kill(PID, 0) found it in this PID namespace */
	int ns_err;		   /* errno reading /proc/PID/ns/ (EACCES: not ours), 0 if read */
	ino_t ns[NS_KIND_COUNT];   /* its namespaces, by ns_kinds index (0: unknown) */
	ino_t self[NS_KIND_COUNT]; /* this shell's, for comparison */
	int user_owner_known;
	uid_t user_owner; /* NS_GET_OWNER_UID of its user namespace */
};

/* A mountproc DIR as the facts see it. */
struct explain_dir {
	int stat_err; /* errno of stat(DIR), 0 if it exists */
	int is_dir;
};

/* Read the live facts for this shell (self_exe: the nsh binary, may be NULL). */
void explain_read_facts(struct explain_facts *facts, const char *self_exe);
void explain_read_target(struct explain_target *target, pid_t pid);
void explain_read_dir(struct explain_dir *dir, const char *path);

/* Each prints its explanation with nsh_out and returns 0 when the command
 * is predicted to work, 1 when it is predicted to fail.  argv is the
 * command line as typed (argv[0] is the builtin's name). */
int explain_unshare(const struct unshare_plan *plan, const struct explain_facts *facts, int argc,
		    char **argv);
int explain_nsenter(const struct nsenter_request *req, const struct explain_target *target,
		    const struct explain_facts *facts, int argc, char **argv);
int explain_mountproc(const struct mountproc_request *req, const struct explain_dir *dir,
		      const struct explain_facts *facts);

/* A short description of another builtin (lsns, pidtree, kill...): what it
 * reads and calls.  Returns 0, or -1 if explain knows nothing about it. */
int explain_other(const char *name);
/* The name of the i-th builtin explain_other knows, or NULL past the last. */
const char *explain_other_name(size_t i);

/* Split one string into words as a shell would for simple text: blanks
 * separate words, '...' and "..." quote, backslash escapes one character.
 * Returns the number of words (words[] point into buf, which is modified),
 * or -1 on an unfinished quote or too many words. */
int explain_split_words(char *buf, char **words, int max_words);

#endif
