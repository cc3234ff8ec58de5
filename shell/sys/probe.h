/* What this machine allows: the probe behind `nsh doctor` and behind the
 * labs' `needs`.  Every step that could change a namespace runs in a child
 * process (fork; the child does the work and reports each step through a
 * pipe), so the caller never moves.  The sysctl limits, the kernel version,
 * the propagation of / and the signs of a container are plain reads done by
 * the caller.  No printing, no exit: the results are data, and the doctor
 * builtin (shell/builtins/doctor.c) turns them into text. */
#ifndef NSH_SYS_PROBE_H
#define NSH_SYS_PROBE_H

#include <sys/types.h>

/* The steps, in the order they run.  A step's result is 0 (ok), -errno
 * (failed), or PROBE_NOT_TRIED when an earlier step it depends on failed. */
enum probe_step {
	PROBE_USERNS,	    /* unshare(CLONE_NEWUSER) */
	PROBE_SETGROUPS,    /* write "deny" to /proc/self/setgroups */
	PROBE_UID_MAP,	    /* write "0 UID 1" to /proc/self/uid_map */
	PROBE_GID_MAP,	    /* write "0 GID 1" to /proc/self/gid_map */
	PROBE_PID_MNT_NS,   /* unshare(CLONE_NEWPID|CLONE_NEWNS) */
	PROBE_FORK_PID1,    /* fork: the child is PID 1 of the new namespace */
	PROBE_ROOT_PRIVATE, /* mount --make-rprivate / (in the new mount namespace) */
	PROBE_MOUNT_PROC,   /* mount proc on a temporary directory, see PID 1 in it */
	PROBE_SETNS_PIDFD,  /* pidfd_open(child) + setns(pidfd, ...) into its namespace */
	PROBE_STEP_COUNT
};

#define PROBE_NOT_TRIED 1

struct probe_step_result {
	int result;	 /* 0, -errno, or PROBE_NOT_TRIED */
	char detail[96]; /* what was tried or seen: "0 65534 1", "PID 1 in /tmp/nsh-probe.X" */
};

/* One identity's run of the steps. */
struct probe_identity {
	uid_t uid;
	gid_t gid;
	int as_nobody;	 /* root's run dropped to uid/gid 65534 first */
	int with_userns; /* the PID/mount steps ran inside a new user namespace */
	int drop_error;	 /* -errno if the switch to nobody failed (then nothing ran) */
	struct probe_step_result step[PROBE_STEP_COUNT];
};

#define PROBE_MAX_MASKED 8

/* Facts read without a child. */
struct probe_host {
	char kernel_release[65]; /* uname -r */
	char kernel_version[65]; /* uname -v */
	/* /proc/sys/user/max_<type>_namespaces for the types of ns_kinds[], in
	 * that order: the value, or -errno when it cannot be read (-ENOENT:
	 * the kernel has no such limit). */
	long max_namespaces[8];
	long unprivileged_userns_clone;		    /* kernel.unprivileged_userns_clone, -ENOENT if absent */
	long apparmor_restrict_unprivileged_userns; /* -ENOENT if absent */
	int root_shared;			    /* 1 if / has a "shared:N" peer group, 0 if not, -errno */
	int root_peer_group;			    /* N of shared:N, or 0 */
	/* Signs of a container: mounts over paths under /proc (a masked /proc
	 * covers /proc/kcore, /proc/sys, ... with other mounts), /proc/sys
	 * read-only, /.dockerenv, /run/.containerenv, container= in PID 1's
	 * environment (readable by root only). */
	int nmasked;
	char masked[PROBE_MAX_MASKED][64];
	int proc_sys_readonly;
	int dockerenv;
	int containerenv;
	char container_env[32]; /* the value of container=, or "" */
};

struct probe_report {
	struct probe_host host;
	int nidentities;
	struct probe_identity identity[2]; /* the caller; and, when the caller is root, nobody */
};

/* The whole probe.  tmp_parent is where the temporary mount point is made
 * ("/tmp" when NULL; nobody's run needs to reach it); it is removed again
 * on every path.  Each child is
 * killed after timeout_ms without an answer.  Returns 0 (the report says
 * what worked) or -errno when not even a child or a pipe could be made. */
int probe_machine(struct probe_report *out, const char *tmp_parent, int timeout_ms);

/* Just the reads of struct probe_host (no child). */
void probe_host_facts(struct probe_host *out);

/* One identity only: as the caller (as_nobody 0), or, when the caller is
 * root, as uid/gid 65534 (as_nobody 1). */
int probe_identity_run(struct probe_identity *out, int as_nobody, const char *tmp_parent, int timeout_ms);

/* Whether an identity's run meets a lab need: "root" (the caller is root),
 * "userns" (an unprivileged user namespace with its maps),
 * "sandbox" (what every lab's sandbox needs: new PID and mount namespaces,
 * a private /, proc mounted in them; inside a user namespace when not
 * root).  Returns 0 when met; otherwise the step that failed (>= 0 is not
 * possible, so: -1 - step), or -1 - PROBE_STEP_COUNT for an unknown need
 * and -2 - PROBE_STEP_COUNT for "root" when the identity is not root.
 * The labs engine (lua/) can call this on a probe_identity_run result
 * instead of probing on its own, so `nsh doctor` and the labs agree. */
int probe_need_met(const struct probe_identity *id, const char *need);
#define PROBE_NEED_UNKNOWN (-1 - PROBE_STEP_COUNT)
#define PROBE_NEED_NOT_ROOT (-2 - PROBE_STEP_COUNT)

/* "unshare(CLONE_NEWUSER)", ... for a step; "userns", ... as a JSON key. */
const char *probe_step_name(enum probe_step step);
const char *probe_step_key(enum probe_step step);

#endif
