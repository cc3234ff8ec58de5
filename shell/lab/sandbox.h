/* The lab sandbox: new PID + mount + UTS namespaces (and a user namespace
 * when the student is not root) with their own /proc, whose PID 1 is a
 * small reaper tied to the supervisor by parent-death signals.  See the
 * comment at the top of supervisor.c for the whole design. */
#ifndef NSH_LAB_SANDBOX_H
#define NSH_LAB_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

struct sandbox {
	pid_t holder;	    /* our child, in the host's namespaces; parent of init */
	pid_t init;	    /* the sandbox's PID 1, host PID */
	int userns;	    /* the sandbox has its own user namespace */
	int unprivileged;   /* terminal 1 runs without privilege (user = "nobody") */
	int level;	    /* index of the sandbox's PID in a host NSpid chain */
	char proc_root[64]; /* "/proc/INIT/root/proc": the sandbox's /proc */
};

/* Creates the sandbox.  unprivileged: the lab's terminal 1 runs as nobody
 * (root student) or with the student's own uid and no capability (non-root
 * student).  Returns 0, or -errno with a message in err. */
int sandbox_create(struct sandbox *sb, int unprivileged, char *err, size_t errlen);

/* Starts argv in the sandbox (at its top level) on the terminal tty_fd, as
 * a session leader with tty_fd as its controlling terminal.  as_nobody: drop
 * to uid/gid 65534 when the sandbox has no user namespace.  Returns the host
 * PID of a helper that exits with the program's status (waitpid it), or
 * -errno. */
pid_t sandbox_spawn(struct sandbox *sb, int tty_fd, int as_nobody, char *const argv[], char *const envp[],
		    const char *cwd);

/* 1 if path is nsh's own binary.  The sandbox then execs it through the
 * /proc/self/exe magic link, which needs no search permission on the
 * directories of its path: a shell dropped to nobody can start nsh even
 * from a checkout under a directory closed to other users. */
int sandbox_runs_self(const char *path);

/* Enters the sandbox's namespaces in this process (for `nsh lab attach`):
 * the caller's next child is in the sandbox.  0 or -errno. */
int sandbox_enter(pid_t init, int userns);

/* Kills everything in the sandbox and reaps the holder. */
void sandbox_destroy(struct sandbox *sb);

/* The PID of host process hostpid as the sandbox sees it, or 0. */
pid_t sandbox_pid_of(const struct sandbox *sb, pid_t hostpid);

/* 1 if uid 65534 can execute path (every directory on the way must be
 * searchable by it): a user = "nobody" lab runs the shell as that user. */
int probe_nobody_can_exec(const char *path);

/* 1 if the caller is root. */
int probe_root(void);
/* The one-line reason and fix when need ("root", "userns", "sandbox") is
 * not met, or NULL when it is.  The verdict is the shared probe's
 * (shell/sys/probe.c: probe_need_met), the one `nsh doctor` shows. */
const char *probe_need(const char *need);

#endif
