/* What this machine allows (see probe.h).  The steps that create
 * namespaces, write id maps or mount run in children; each step's result
 * travels back as one fixed-size record on a pipe, so that a child that
 * dies half-way still leaves the steps it finished.  The caller only reads
 * files and waits. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <grp.h>
#include <time.h>
#include <unistd.h>

#include "sys/ns.h"
#include "sys/probe.h"
#include "sys/proc.h"

#define NOBODY_ID 65534

/* One step's result on the pipe; smaller than PIPE_BUF, so each write is
 * atomic even when a child and a grandchild share the pipe. */
struct probe_record {
	int step; /* enum probe_step, or -1: the switch to nobody failed */
	int result;
	char detail[96];
};

static const struct {
	const char *name, *key;
} step_names[PROBE_STEP_COUNT] = {
    [PROBE_USERNS] = {"unshare(CLONE_NEWUSER)", "userns"},
    [PROBE_SETGROUPS] = {"write /proc/self/setgroups", "setgroups"},
    [PROBE_UID_MAP] = {"write /proc/self/uid_map", "uid_map"},
    [PROBE_GID_MAP] = {"write /proc/self/gid_map", "gid_map"},
    [PROBE_PID_MNT_NS] = {"unshare(CLONE_NEWPID|CLONE_NEWNS)", "pid_mnt_ns"},
    [PROBE_FORK_PID1] = {"fork into the new PID namespace", "fork_pid1"},
    [PROBE_ROOT_PRIVATE] = {"mount --make-rprivate /", "root_private"},
    [PROBE_MOUNT_PROC] = {"mount proc on a temporary directory", "mount_proc"},
    [PROBE_SETNS_PIDFD] = {"setns through a pidfd", "setns_pidfd"},
};

const char *probe_step_name(enum probe_step step)
{
	return (unsigned)step < PROBE_STEP_COUNT ? step_names[step].name : "?";
}

const char *probe_step_key(enum probe_step step)
{
	return (unsigned)step < PROBE_STEP_COUNT ? step_names[step].key : "?";
}

/* ---- in the children --------------------------------------------------- */

static void report(int fd, int step, int result, const char *detail)
{
	struct probe_record rec;
	ssize_t n;

	memset(&rec, 0, sizeof rec);
	rec.step = step;
	rec.result = result;
	if (detail)
		snprintf(rec.detail, sizeof rec.detail, "%s", detail);
	do
		n = write(fd, &rec, sizeof rec);
	while (n < 0 && errno == EINTR);
}

/* Every child: dies with its parent, and Ctrl-C reaches it. */
static void child_setup(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
}

/* Root's run as nobody: drop the supplementary groups, then the gid, then
 * the uid (in that order: after setresuid nothing else is allowed).  The
 * change of uid makes the process non-dumpable, which would leave its
 * /proc/self files (uid_map, setgroups) owned by root and its namespaces
 * closed to a ptrace check; a real unprivileged user is dumpable, so we
 * are made dumpable again (see prctl(2), PR_SET_DUMPABLE). */
static int drop_to_nobody(void)
{
	if (setgroups(0, NULL) < 0 || setresgid(NOBODY_ID, NOBODY_ID, NOBODY_ID) < 0 ||
	    setresuid(NOBODY_ID, NOBODY_ID, NOBODY_ID) < 0)
		return -errno;
	if (prctl(PR_SET_DUMPABLE, 1) < 0)
		return -errno;
	return 0;
}

/* The user namespace steps; 0 if the namespace exists (whatever the maps
 * did), -errno if unshare failed. */
static int userns_steps(int fd, uid_t uid, gid_t gid)
{
	char map[64];
	int rc = sys_unshare(CLONE_NEWUSER);

	report(fd, PROBE_USERNS, rc, NULL);
	if (rc < 0) {
		report(fd, PROBE_SETGROUPS, PROBE_NOT_TRIED, "needs a user namespace");
		report(fd, PROBE_UID_MAP, PROBE_NOT_TRIED, "needs a user namespace");
		report(fd, PROBE_GID_MAP, PROBE_NOT_TRIED, "needs a user namespace");
		return rc;
	}
	rc = sys_write_file("/proc/self/setgroups", "deny");
	report(fd, PROBE_SETGROUPS, rc < 0 ? rc : 0, "deny");
	snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
	rc = sys_write_file("/proc/self/uid_map", map);
	report(fd, PROBE_UID_MAP, rc < 0 ? rc : 0, map);
	snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
	rc = sys_write_file("/proc/self/gid_map", map);
	report(fd, PROBE_GID_MAP, rc < 0 ? rc : 0, map);
	return 0;
}

/* In the new PID namespace's first process: make / private (so nothing can
 * propagate to the host's mounts), then mount proc on tmpdir and look for
 * PID 1 in it, then unmount.  Never mounts anything while / may still be
 * shared. */
static void mount_steps(int fd, const char *tmpdir)
{
	char path[PATH_MAX], detail[96];
	int rc = sys_mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL);

	report(fd, PROBE_ROOT_PRIVATE, rc, NULL);
	if (rc < 0) {
		report(fd, PROBE_MOUNT_PROC, PROBE_NOT_TRIED,
		       "/ is not private: a mount could reach the host");
		return;
	}
	rc = sys_mount("proc", tmpdir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	if (rc == 0) {
		snprintf(path, sizeof path, "%s/1/stat", tmpdir);
		if (access(path, R_OK) == 0)
			snprintf(detail, sizeof detail, "PID 1 is visible in it");
		else
			snprintf(detail, sizeof detail, "mounted, but PID 1 is not in it (%s)",
				 strerror(errno));
		sys_umount(tmpdir, MNT_DETACH);
		report(fd, PROBE_MOUNT_PROC, 0, detail);
		return;
	}
	report(fd, PROBE_MOUNT_PROC, rc, NULL);
}

/* New PID and mount namespaces, a fork into them, and the mount steps in
 * the child that is PID 1 there. */
static void pid_mount_steps(int fd, const char *tmpdir)
{
	int rc = sys_unshare(CLONE_NEWPID | CLONE_NEWNS), status;
	pid_t pid;

	report(fd, PROBE_PID_MNT_NS, rc, NULL);
	if (rc < 0) {
		report(fd, PROBE_FORK_PID1, PROBE_NOT_TRIED, "needs the new namespaces");
		report(fd, PROBE_ROOT_PRIVATE, PROBE_NOT_TRIED, "needs the new namespaces");
		report(fd, PROBE_MOUNT_PROC, PROBE_NOT_TRIED, "needs the new namespaces");
		return;
	}
	pid = sys_fork();
	if (pid == 0) {
		child_setup();
		if (getpid() == 1) {
			report(fd, PROBE_FORK_PID1, 0, "the child is PID 1");
		} else {
			char detail[96];
			snprintf(detail, sizeof detail, "the child is PID %d, not 1", (int)getpid());
			report(fd, PROBE_FORK_PID1, -ECHILD, detail);
		}
		mount_steps(fd, tmpdir);
		_exit(0);
	}
	if (pid < 0) {
		report(fd, PROBE_FORK_PID1, pid, NULL);
		report(fd, PROBE_ROOT_PRIVATE, PROBE_NOT_TRIED, "needs a process in the new PID namespace");
		report(fd, PROBE_MOUNT_PROC, PROBE_NOT_TRIED, "needs a process in the new PID namespace");
		return;
	}
	sys_waitpid(pid, &status, 0);
}

/* setns(pidfd): a target child makes a namespace of its own (a user
 * namespace; a UTS namespace for root), and this process enters it through
 * a pidfd of the target.  The target waits on a pipe and exits at its EOF. */
static void setns_step(int fd)
{
	int ready[2], hold[2], pidfd, rc;
	unsigned long flag = geteuid() == 0 ? CLONE_NEWUTS : CLONE_NEWUSER;
	char detail[96];
	pid_t target;

	if (pipe2(ready, O_CLOEXEC) < 0) {
		report(fd, PROBE_SETNS_PIDFD, -errno, "pipe");
		return;
	}
	if (pipe2(hold, O_CLOEXEC) < 0) {
		report(fd, PROBE_SETNS_PIDFD, -errno, "pipe");
		close(ready[0]);
		close(ready[1]);
		return;
	}
	target = sys_fork();
	if (target == 0) {
		char byte;
		child_setup();
		close(ready[0]);
		close(hold[1]);
		rc = sys_unshare(flag);
		if (write(ready[1], &rc, sizeof rc) < 0)
			_exit(1);
		while (read(hold[0], &byte, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	if (target < 0) {
		report(fd, PROBE_SETNS_PIDFD, target, "fork of the target");
		close(ready[0]);
		close(hold[1]);
		return;
	}
	if (read(ready[0], &rc, sizeof rc) != (ssize_t)sizeof rc) {
		rc = -EPIPE;
	}
	if (rc < 0) {
		snprintf(detail, sizeof detail, "the target could not make a %s namespace (%s)",
			 flag == CLONE_NEWUSER ? "user" : "UTS", strerror(-rc));
		report(fd, PROBE_SETNS_PIDFD, PROBE_NOT_TRIED, detail);
	} else if ((pidfd = sys_pidfd_open(target)) < 0) {
		report(fd, PROBE_SETNS_PIDFD, pidfd, "pidfd_open");
	} else {
		rc = sys_setns(pidfd, flag);
		snprintf(detail, sizeof detail, "setns(pidfd, %s)",
			 flag == CLONE_NEWUSER ? "CLONE_NEWUSER" : "CLONE_NEWUTS");
		report(fd, PROBE_SETNS_PIDFD, rc, detail);
		close(pidfd);
	}
	close(hold[1]);
	close(ready[0]);
	sys_waitpid(target, NULL, 0);
}

/* The body of an identity's probe child. */
static void probe_child(int fd, int as_nobody, const char *tmpdir)
{
	uid_t uid;
	gid_t gid;
	int rc;

	child_setup();
	if (as_nobody && (rc = drop_to_nobody()) < 0) {
		report(fd, -1, rc, NULL);
		_exit(1);
	}
	uid = geteuid();
	gid = getegid();
	if (uid == 0) {
		/* Root: the user namespace steps in a child of their own, the
		 * PID and mount steps without a user namespace (as root labs
		 * run them). */
		pid_t pid = sys_fork();
		if (pid == 0) {
			child_setup();
			userns_steps(fd, uid, gid);
			_exit(0);
		}
		if (pid < 0)
			report(fd, PROBE_USERNS, pid, "fork");
		else
			sys_waitpid(pid, NULL, 0);
		pid = sys_fork();
		if (pid == 0) {
			child_setup();
			setns_step(fd);
			_exit(0);
		}
		if (pid < 0)
			report(fd, PROBE_SETNS_PIDFD, pid, "fork");
		else
			sys_waitpid(pid, NULL, 0);
		pid_mount_steps(fd, tmpdir);
		_exit(0);
	}
	/* Unprivileged: setns first (it needs a clean process), then
	 * everything inside the new user namespace. */
	pid_t pid = sys_fork();
	if (pid == 0) {
		child_setup();
		setns_step(fd);
		_exit(0);
	}
	if (pid < 0)
		report(fd, PROBE_SETNS_PIDFD, pid, "fork");
	else
		sys_waitpid(pid, NULL, 0);
	if (userns_steps(fd, uid, gid) < 0) {
		report(fd, PROBE_PID_MNT_NS, PROBE_NOT_TRIED, "needs a user namespace (unprivileged)");
		report(fd, PROBE_FORK_PID1, PROBE_NOT_TRIED, "needs a user namespace (unprivileged)");
		report(fd, PROBE_ROOT_PRIVATE, PROBE_NOT_TRIED, "needs a user namespace (unprivileged)");
		report(fd, PROBE_MOUNT_PROC, PROBE_NOT_TRIED, "needs a user namespace (unprivileged)");
		_exit(0);
	}
	pid_mount_steps(fd, tmpdir);
	_exit(0);
}

/* ---- in the caller ------------------------------------------------------ */

static long monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Collects the records of one child until EOF or the deadline; kills and
 * reaps the child in every case. */
static void collect(struct probe_identity *out, int fd, pid_t child, int timeout_ms)
{
	long deadline = monotonic_ms() + timeout_ms;
	struct probe_record rec;
	int timed_out = 0, status;

	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		long left = deadline - monotonic_ms();
		ssize_t n;
		int rc;

		if (left <= 0) {
			timed_out = 1;
			break;
		}
		rc = poll(&pfd, 1, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0) {
			timed_out = rc == 0;
			break;
		}
		n = read(fd, &rec, sizeof rec);
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof rec)
			break; /* EOF: every writer is gone */
		if (rec.step == -1) {
			out->drop_error = rec.result;
		} else if (rec.step >= 0 && rec.step < PROBE_STEP_COUNT) {
			out->step[rec.step].result = rec.result;
			rec.detail[sizeof rec.detail - 1] = '\0';
			snprintf(out->step[rec.step].detail, sizeof out->step[rec.step].detail, "%s",
				 rec.detail);
		}
	}
	kill(child, SIGKILL); /* its children die with it (PR_SET_PDEATHSIG) */
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	for (int i = 0; i < PROBE_STEP_COUNT; i++)
		if (out->step[i].result == PROBE_NOT_TRIED && !out->step[i].detail[0])
			snprintf(out->step[i].detail, sizeof out->step[i].detail, "%s",
				 timed_out ? "no answer in time: the probe was killed"
					   : "no answer: the probe process died before this step");
}

int probe_identity_run(struct probe_identity *out, int as_nobody, const char *tmp_parent, int timeout_ms)
{
	char tmpdir[PATH_MAX];
	int fds[2], err;
	pid_t child;

	memset(out, 0, sizeof *out);
	for (int i = 0; i < PROBE_STEP_COUNT; i++)
		out->step[i].result = PROBE_NOT_TRIED;
	out->as_nobody = as_nobody;
	out->uid = as_nobody ? NOBODY_ID : geteuid();
	out->gid = as_nobody ? NOBODY_ID : getegid();
	out->with_userns = out->uid != 0;
	if (as_nobody && geteuid() != 0) {
		out->drop_error = -EPERM;
		return 0;
	}
	snprintf(tmpdir, sizeof tmpdir, "%s/nsh-probe.XXXXXX", tmp_parent ? tmp_parent : "/tmp");
	if (!mkdtemp(tmpdir))
		return -errno;
	chmod(tmpdir, 0755); /* nobody's run must reach it */
	if (pipe2(fds, O_CLOEXEC) < 0) {
		err = -errno;
		rmdir(tmpdir);
		return err;
	}
	child = sys_fork();
	if (child == 0) {
		close(fds[0]);
		probe_child(fds[1], as_nobody, tmpdir);
		_exit(0);
	}
	close(fds[1]);
	if (child < 0) {
		close(fds[0]);
		rmdir(tmpdir);
		return (int)child;
	}
	collect(out, fds[0], child, timeout_ms);
	close(fds[0]);
	/* The proc mount lived in the child's mount namespace, which is gone;
	 * if a lazy unmount is still on its way, rmdir gets EBUSY: try a few
	 * times. */
	for (int i = 0; i < 50 && rmdir(tmpdir) < 0 && errno == EBUSY; i++)
		usleep(10000);
	return 0;
}

/* A sysctl as a number, or -errno. */
static long read_sysctl(const char *path)
{
	char buf[64];
	ssize_t n = proc_read_small_at(AT_FDCWD, path, buf, sizeof buf);
	char *end;
	long v;

	if (n < 0)
		return n;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (end == buf || errno)
		return -EINVAL;
	return v < 0 ? -EINVAL : v;
}

/* / in /proc/self/mountinfo (the last line for "/" wins: a later mount
 * covers an earlier one): is it in a shared peer group?  And every mount
 * under /proc/ apart from binfmt_misc, which a normal host has too. */
static void read_mountinfo(struct probe_host *out)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len;
	int rc = proc_read_file("/proc", "self/mountinfo", &buf, &len);

	if (rc < 0) {
		out->root_shared = rc;
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *field[6] = {0}, *p = line, *sep;
		int i;
		for (i = 0; i < 6 && p; i++) {
			field[i] = p;
			p = strchr(p, ' ');
			if (p)
				*p++ = '\0';
		}
		if (i < 6 || !p)
			continue;
		/* field[4] is the mount point; p holds the optional fields up to " - " */
		sep = strstr(p, " - ");
		if (sep)
			*sep = '\0';
		if (strcmp(field[4], "/") == 0) {
			char *shared = strstr(p, "shared:");
			out->root_shared = shared != NULL;
			out->root_peer_group = shared ? atoi(shared + 7) : 0;
		} else if (strncmp(field[4], "/proc/", 6) == 0 &&
			   strncmp(field[4], "/proc/sys/fs/binfmt_misc", 24) != 0) {
			if (out->nmasked < PROBE_MAX_MASKED)
				snprintf(out->masked[out->nmasked], sizeof out->masked[0], "%s", field[4]);
			out->nmasked++;
		}
	}
	free(buf);
}

void probe_host_facts(struct probe_host *out)
{
	struct utsname u;
	struct statvfs vfs;
	char path[128], *env = NULL;
	size_t len;

	memset(out, 0, sizeof *out);
	if (uname(&u) == 0) {
		snprintf(out->kernel_release, sizeof out->kernel_release, "%s", u.release);
		snprintf(out->kernel_version, sizeof out->kernel_version, "%s", u.version);
	}
	for (int i = 0; i < NS_KIND_COUNT && i < 8; i++) {
		snprintf(path, sizeof path, "/proc/sys/user/max_%s_namespaces", ns_kinds[i].name);
		out->max_namespaces[i] = read_sysctl(path);
	}
	out->unprivileged_userns_clone = read_sysctl("/proc/sys/kernel/unprivileged_userns_clone");
	out->apparmor_restrict_unprivileged_userns =
	    read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
	read_mountinfo(out);
	out->proc_sys_readonly = statvfs("/proc/sys", &vfs) == 0 && (vfs.f_flag & ST_RDONLY);
	out->dockerenv = access("/.dockerenv", F_OK) == 0;
	out->containerenv = access("/run/.containerenv", F_OK) == 0;
	if (proc_read_file("/proc", "1/environ", &env, &len) == 0) {
		for (size_t off = 0; off < len; off += strlen(env + off) + 1)
			if (strncmp(env + off, "container=", 10) == 0) {
				snprintf(out->container_env, sizeof out->container_env, "%s", env + off + 10);
				break;
			}
		free(env);
	}
}

int probe_machine(struct probe_report *out, const char *tmp_parent, int timeout_ms)
{
	int rc;

	memset(out, 0, sizeof *out);
	probe_host_facts(&out->host);
	rc = probe_identity_run(&out->identity[0], 0, tmp_parent, timeout_ms);
	if (rc < 0)
		return rc;
	out->nidentities = 1;
	if (geteuid() == 0) {
		rc = probe_identity_run(&out->identity[1], 1, tmp_parent, timeout_ms);
		if (rc < 0)
			return rc;
		out->nidentities = 2;
	}
	return 0;
}

int probe_need_met(const struct probe_identity *id, const char *need)
{
	static const enum probe_step userns_steps_needed[] = {PROBE_USERNS, PROBE_SETGROUPS, PROBE_UID_MAP,
							      PROBE_GID_MAP};
	static const enum probe_step sandbox_steps[] = {PROBE_PID_MNT_NS, PROBE_FORK_PID1, PROBE_ROOT_PRIVATE,
							PROBE_MOUNT_PROC};
	size_t i;

	if (id->drop_error)
		return -1 - PROBE_USERNS;
	if (strcmp(need, "root") == 0)
		return id->uid == 0 && !id->as_nobody ? 0 : PROBE_NEED_NOT_ROOT;
	if (strcmp(need, "userns") == 0 || (strcmp(need, "sandbox") == 0 && id->with_userns)) {
		for (i = 0; i < sizeof userns_steps_needed / sizeof userns_steps_needed[0]; i++)
			if (id->step[userns_steps_needed[i]].result != 0)
				return -1 - (int)userns_steps_needed[i];
		if (strcmp(need, "userns") == 0)
			return 0;
	}
	if (strcmp(need, "sandbox") == 0) {
		for (i = 0; i < sizeof sandbox_steps / sizeof sandbox_steps[0]; i++)
			if (id->step[sandbox_steps[i]].result != 0)
				return -1 - (int)sandbox_steps[i];
		return 0;
	}
	return PROBE_NEED_UNKNOWN;
}
