/* Namespaces on raw system calls.  The table of namespace kinds that every
 * builtin shares, and one thin wrapper per namespace-related system call:
 * each returns 0 (or a result) / -errno, never prints, never exits, and
 * reports through SYS_TRACE, which costs one branch when tracing is off.
 * See namespaces(7), unshare(2), setns(2), pidfd_open(2), ioctl_ns(2). */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sys/ns.h"
#include "sys/trace.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* lsns's order.  The long option names are util-linux's (--mount, --uts...);
 * the proc names are the links in /proc/PID/ns/. */
const struct ns_kind ns_kinds[NS_KIND_COUNT] = {
    {"mnt", "mnt", "mount", 'm', CLONE_NEWNS},
    {"net", "net", "net", 'n', CLONE_NEWNET},
    {"pid", "pid", "pid", 'p', CLONE_NEWPID},
    {"uts", "uts", "uts", 'u', CLONE_NEWUTS},
    {"ipc", "ipc", "ipc", 'i', CLONE_NEWIPC},
    {"user", "user", "user", 'U', CLONE_NEWUSER},
    {"cgroup", "cgroup", "cgroup", 'C', CLONE_NEWCGROUP},
    {"time", "time", "time", 'T', CLONE_NEWTIME},
};

const struct ns_kind *ns_kind_by_name(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < NS_KIND_COUNT; i++)
		if (strcmp(name, ns_kinds[i].name) == 0 || strcmp(name, ns_kinds[i].proc_name) == 0 ||
		    strcmp(name, ns_kinds[i].long_opt) == 0)
			return &ns_kinds[i];
	return NULL;
}

const struct ns_kind *ns_kind_by_flag(unsigned long clone_flag)
{
	size_t i;

	for (i = 0; i < NS_KIND_COUNT; i++)
		if (ns_kinds[i].clone_flag == clone_flag)
			return &ns_kinds[i];
	return NULL;
}

const struct ns_kind *ns_kind_by_short_opt(char letter)
{
	size_t i;

	for (i = 0; i < NS_KIND_COUNT; i++)
		if (ns_kinds[i].short_opt == letter)
			return &ns_kinds[i];
	return NULL;
}

/* "3<pid:[4026532451]>" for a namespace or pidfd descriptor, "3" when the
 * link cannot be read (only called while tracing). */
static const char *describe_fd(int fd, char *buf, size_t len)
{
	char link[64], target[128];
	ssize_t n;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof target - 1);
	if (n <= 0) {
		snprintf(buf, len, "%d", fd);
		return buf;
	}
	target[n] = '\0';
	snprintf(buf, len, "%d<%s>", fd, target);
	return buf;
}

/* Whether this process's future children go to a PID namespace it made
 * itself (unshare) or one it entered (setns): only to label the fork line. */
static int pid_children_ns_made_here;

int sys_unshare(unsigned long flags)
{
	char fl[256], res[128];
	int rc = unshare((int)flags) < 0 ? -errno : 0;

	if (rc == 0 && (flags & CLONE_NEWPID))
		pid_children_ns_made_here = 1;
	SYS_TRACE("unshare(%s) %s", sys_trace_clone_flags(flags, fl, sizeof fl),
		  sys_trace_result(rc, res, sizeof res));
	return rc;
}

int sys_setns(int fd, unsigned long nstype)
{
	char fdesc[160], fl[256], res[128];
	int rc;

	fdesc[0] = '\0';

	if (sys_trace_fd >= 0)
		describe_fd(fd, fdesc, sizeof fdesc); /* before: setns may change what /proc/self shows */
	rc = setns(fd, (int)nstype) < 0 ? -errno : 0;
	if (rc == 0 && (nstype & CLONE_NEWPID))
		pid_children_ns_made_here = 0;
	SYS_TRACE("setns(%s, %s) %s", fdesc, sys_trace_clone_flags(nstype, fl, sizeof fl),
		  sys_trace_result(rc, res, sizeof res));
	return rc;
}

int sys_pidfd_open(pid_t pid)
{
	char res[128];
	long rc = syscall(SYS_pidfd_open, pid, 0);

	if (rc < 0)
		rc = -errno;
	SYS_TRACE("pidfd_open(%d, 0) %s", (int)pid, sys_trace_result(rc, res, sizeof res));
	return (int)rc;
}

/* Send or receive all of a small message on a socket, retrying on EINTR.
 * MSG_NOSIGNAL: a peer that died (killed with its PID namespace) gives
 * EPIPE, never a SIGPIPE that would kill the caller. */
static int sock_io(int fd, void *buf, size_t len, int sending)
{
	ssize_t n;

	do
		n = sending ? send(fd, buf, len, MSG_NOSIGNAL) : recv(fd, buf, len, MSG_WAITALL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)len ? 0 : -1;
}

/* fork(2).  When tracing, parent and child shake hands over a socket pair:
 * the child says what getpid() is inside (1 in a new PID namespace), the
 * parent prints the fork line and then tells the child the PID the shell
 * sees, so the child's own lines carry that PID and come after the fork
 * line. */
pid_t sys_fork(void)
{
	int sv[2];
	pid_t pid, inner = 0, outer;
	char res[128], note[96];

	if (__builtin_expect(sys_trace_fd < 0, 1) ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		pid = fork();
		return pid < 0 ? -errno : pid;
	}
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		inner = getpid();
		if (sock_io(sv[1], &inner, sizeof inner, 1) == 0 && sock_io(sv[1], &outer, sizeof outer, 0) == 0)
			sys_trace_set_pid(outer);
		close(sv[1]);
		return 0;
	}
	close(sv[1]);
	if (pid < 0) {
		int err = errno;

		close(sv[0]);
		SYS_TRACE("fork() %s", sys_trace_result(-err, res, sizeof res));
		return -err;
	}
	note[0] = '\0';
	if (sock_io(sv[0], &inner, sizeof inner, 0) == 0 && inner != pid)
		snprintf(note, sizeof note, "  (PID %d in the %s PID namespace)", (int)inner,
			 pid_children_ns_made_here ? "new" : "entered");
	SYS_TRACE("fork() %s%s", sys_trace_result(pid, res, sizeof res), note);
	sock_io(sv[0], &pid, sizeof pid, 1);
	close(sv[0]);
	return pid;
}

/* "(exit status 3)", "(killed by SIGKILL)", "(stopped by SIGTSTP)". */
static const char *describe_wait_status(int status, char *buf, size_t len)
{
	char sig[32];

	if (WIFEXITED(status))
		snprintf(buf, len, "  (exit status %d)", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "  (killed by %s%s)", sys_trace_signal(WTERMSIG(status), sig, sizeof sig),
			 WCOREDUMP(status) ? ", core dumped" : "");
	else if (WIFSTOPPED(status))
		snprintf(buf, len, "  (stopped by %s)", sys_trace_signal(WSTOPSIG(status), sig, sizeof sig));
	else
		snprintf(buf, len, "  (continued)");
	return buf;
}

pid_t sys_waitpid(pid_t pid, int *status, int options)
{
	char res[128], what[96];
	int st = 0;
	pid_t rc;

	do
		rc = waitpid(pid, &st, options);
	while (rc < 0 && errno == EINTR);
	if (rc < 0)
		rc = -errno;
	if (status)
		*status = st;
	SYS_TRACE("waitpid(%d) %s%s", (int)pid, sys_trace_result(rc, res, sizeof res),
		  rc > 0 ? describe_wait_status(st, what, sizeof what) : "");
	return rc;
}

int sys_mount(const char *source, const char *target, const char *fstype, unsigned long flags,
	      const void *data)
{
	char src[256], tgt[256], fs[64], fl[256], dat[256], res[128];
	int rc = mount(source, target, fstype, flags, data) < 0 ? -errno : 0;

	SYS_TRACE("mount(%s, %s, %s, %s%s%s) %s", sys_trace_quote(source, src, sizeof src),
		  sys_trace_quote(target, tgt, sizeof tgt), sys_trace_quote(fstype, fs, sizeof fs),
		  sys_trace_mount_flags(flags, fl, sizeof fl), data ? ", " : "",
		  data ? sys_trace_quote(data, dat, sizeof dat) : "", sys_trace_result(rc, res, sizeof res));
	return rc;
}

int sys_umount(const char *target, int flags)
{
	char tgt[256], res[128];
	int rc = umount2(target, flags) < 0 ? -errno : 0;
	const char *fl = flags == 0			     ? "0"
			 : flags == MNT_DETACH		     ? "MNT_DETACH"
			 : flags == MNT_FORCE		     ? "MNT_FORCE"
			 : flags == (MNT_DETACH | MNT_FORCE) ? "MNT_FORCE|MNT_DETACH"
							     : "?";

	SYS_TRACE("umount2(%s, %s) %s", sys_trace_quote(target, tgt, sizeof tgt), fl,
		  sys_trace_result(rc, res, sizeof res));
	return rc;
}

/* One write of the whole text, as the id-map files require (user_namespaces(7):
 * a map must be written with a single write). */
int sys_write_file(const char *path, const char *data)
{
	char dat[256], res[128];
	size_t len = strlen(data);
	ssize_t n;
	int fd, rc;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
	} else {
		do
			n = write(fd, data, len);
		while (n < 0 && errno == EINTR);
		rc = n < 0 ? -errno : (int)n;
		if (close(fd) < 0 && rc >= 0)
			rc = -errno;
	}
	SYS_TRACE("write(%s, %s) %s", path, sys_trace_quote(data, dat, sizeof dat),
		  sys_trace_result(rc, res, sizeof res));
	return rc;
}

int sys_sethostname(const char *name)
{
	char nm[128], res[128];
	int rc = sethostname(name, strlen(name)) < 0 ? -errno : 0;

	SYS_TRACE("sethostname(%s) %s", sys_trace_quote(name, nm, sizeof nm),
		  sys_trace_result(rc, res, sizeof res));
	return rc;
}

int sys_kill(pid_t pid, int sig)
{
	char sg[32], res[128];
	int rc = kill(pid, sig) < 0 ? -errno : 0;

	SYS_TRACE("kill(%d, %s) %s", (int)pid, sys_trace_signal(sig, sg, sizeof sg),
		  sys_trace_result(rc, res, sizeof res));
	return rc;
}

static const char *ns_ioctl_name(unsigned long request)
{
	switch (request) {
	case NS_GET_USERNS:
		return "NS_GET_USERNS";
	case NS_GET_PARENT:
		return "NS_GET_PARENT";
	case NS_GET_NSTYPE:
		return "NS_GET_NSTYPE";
	case NS_GET_OWNER_UID:
		return "NS_GET_OWNER_UID";
	default:
		return NULL;
	}
}

int sys_ns_ioctl(int fd, unsigned long request)
{
	char fdesc[160], res[128], req[32];
	const char *name;
	int rc;

	fdesc[0] = '\0';

	if (sys_trace_fd >= 0)
		describe_fd(fd, fdesc, sizeof fdesc);
	rc = ioctl(fd, request);
	if (rc < 0)
		rc = -errno;
	name = ns_ioctl_name(request);
	if (!name) {
		snprintf(req, sizeof req, "%#lx", request);
		name = req;
	}
	SYS_TRACE("ioctl(%s, %s) %s", fdesc, name, sys_trace_result(rc, res, sizeof res));
	return rc;
}

int sys_set_pdeathsig(int sig)
{
	char sg[32], res[128];
	int rc = prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) < 0 ? -errno : 0;

	SYS_TRACE("prctl(PR_SET_PDEATHSIG, %s) %s", sys_trace_signal(sig, sg, sizeof sg),
		  sys_trace_result(rc, res, sizeof res));
	return rc;
}

int sys_chroot(const char *dir)
{
	char d[256], res[128];
	int rc = chroot(dir) < 0 ? -errno : 0;

	SYS_TRACE("chroot(%s) %s", sys_trace_quote(dir, d, sizeof d), sys_trace_result(rc, res, sizeof res));
	return rc;
}

int sys_chdir(const char *dir)
{
	char d[256], res[128];
	int rc = chdir(dir) < 0 ? -errno : 0;

	SYS_TRACE("chdir(%s) %s", sys_trace_quote(dir, d, sizeof d), sys_trace_result(rc, res, sizeof res));
	return rc;
}

/* The execve line is written before the call, since a successful execve
 * does not return; the argument list is abbreviated as in issue 8. */
void sys_trace_execve(const char *path)
{
	char p[512];

	SYS_TRACE("execve(%s, ...)", sys_trace_quote(path, p, sizeof p));
}

int sys_execve(const char *path, char *const argv[], char *const envp[])
{
	char p[512], res[128];
	int rc;

	sys_trace_execve(path);
	execve(path, argv, envp);
	rc = -errno;
	SYS_TRACE("execve(%s, ...) %s", sys_trace_quote(path, p, sizeof p),
		  sys_trace_result(rc, res, sizeof res));
	return rc;
}
