/* The lab sandbox.  See sandbox.h and the design note in supervisor.c.
 *
 * Process shape (host PIDs on the left):
 *
 *   supervisor (nsh lab ...)
 *   ├── holder        host namespaces + new user/mnt/uts; PDEATHSIG(supervisor)
 *   │   └── init      PID 1 of the sandbox; PDEATHSIG(holder); reaps
 *   │       └── ...   orphans of the lab
 *   └── spawn helper  setns into the sandbox; PDEATHSIG(supervisor)
 *       └── nsh       the student's shell, PID 2.. in the sandbox
 *
 * If the supervisor dies, even by SIGKILL, the holder and the spawn helpers
 * get SIGKILL; the holder's death SIGKILLs init; init's death makes the
 * kernel SIGKILL every process of its PID namespace (pid_namespaces(7)).
 * The mount namespace dies with its last process, so the sandbox's /proc
 * and any mount made in the lab vanish too. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "lab/sandbox.h"
#include "sys/ns.h"
#include "sys/probe.h"
#include "sys/proc.h"

#define NOBODY 65534

struct ready_msg {
	int tag;   /* 1: init's host PID (from the holder); 2: init ready; 3: error */
	int value; /* PID, or errno */
	char what[48];
};

static void send_msg(int fd, int tag, int value, const char *what)
{
	struct ready_msg m = {.tag = tag, .value = value};
	ssize_t n;

	snprintf(m.what, sizeof m.what, "%s", what ? what : "");
	do
		n = write(fd, &m, sizeof m);
	while (n < 0 && errno == EINTR);
}

static void close_from(int lowfd)
{
	if (syscall(SYS_close_range, lowfd, ~0U, 0) == 0)
		return;
	for (int fd = lowfd; fd < 1024; fd++)
		close(fd);
}

static void on_sigchld(int sig)
{
	(void)sig;
}

/* PID 1 is a fork of the supervisor and would show its command line
 * ("nsh lab check ...") in the lab's ps.  Rewrite the argument area in
 * place (its bounds are fields 48 and 49 of /proc/self/stat) so that it
 * reads "lab-init". */
static void set_command_line(const char *name)
{
	char buf[2048], *p;
	unsigned long start = 0, end = 0;
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p)
		return;
	/* after ") " come fields 3..; arg_start is field 48 */
	p += 2;
	for (int field = 3; field < 48 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (!p || sscanf(p, "%lu %lu", &start, &end) != 2 || end <= start || end - start <= strlen(name))
		return;
	memset((void *)start, 0, end - start);
	memcpy((void *)start, name, strlen(name));
}

/* PID 1 of the sandbox: mount its /proc, say ready, then reap whatever is
 * re-parented to it until the holder dies (PDEATHSIG) or the supervisor
 * kills it.  SIGCHLD is blocked except inside sigsuspend, so no child's
 * exit can slip between the reaping and the wait. */
static void __attribute__((noreturn)) init_main(int ready_fd)
{
	sigset_t block, empty;
	struct sigaction sa;
	int rc;

	prctl(PR_SET_NAME, "lab-init");
	set_command_line("lab-init");
	setsid(); /* no controlling terminal: the student's is not init's */
	rc = sys_mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	if (rc < 0) {
		send_msg(ready_fd, 3, -rc, "mount proc");
		_exit(1);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigchld;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, NULL);
	sigemptyset(&empty);
	send_msg(ready_fd, 2, 0, NULL);
	close(ready_fd);
	close_from(0);
	for (;;) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		sigsuspend(&empty);
	}
}

static int write_id_maps(int unprivileged)
{
	char map[64];
	uid_t uid = getuid();
	gid_t gid = getgid();
	int rc;

	if ((rc = sys_write_file("/proc/self/setgroups", "deny")) < 0)
		return rc;
	/* Root in the sandbox, or (an unprivileged lab) the student's own id. */
	snprintf(map, sizeof map, "%u %u 1", unprivileged ? (unsigned)uid : 0, (unsigned)uid);
	if ((rc = sys_write_file("/proc/self/uid_map", map)) < 0)
		return rc;
	snprintf(map, sizeof map, "%u %u 1", unprivileged ? (unsigned)gid : 0, (unsigned)gid);
	if ((rc = sys_write_file("/proc/self/gid_map", map)) < 0)
		return rc;
	return 0;
}

/* The holder: new namespaces for itself, then its first child is PID 1. */
static void __attribute__((noreturn))
holder_main(pid_t supervisor, int ready_fd, int userns, int unprivileged)
{
	unsigned long flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | (userns ? CLONE_NEWUSER : 0);
	int rc;
	pid_t init;

	sys_set_pdeathsig(SIGKILL);
	if (getppid() != supervisor)
		_exit(1);
	setsid();
	if ((rc = sys_unshare(flags)) < 0) {
		send_msg(ready_fd, 3, -rc, "unshare");
		_exit(1);
	}
	if (userns && (rc = write_id_maps(unprivileged)) < 0) {
		send_msg(ready_fd, 3, -rc, "write uid_map");
		_exit(1);
	}
	/* Nothing mounted in the lab may propagate to the host. */
	if ((rc = sys_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) < 0) {
		send_msg(ready_fd, 3, -rc, "make mounts private");
		_exit(1);
	}
	sys_sethostname("lab");
	init = fork();
	if (init < 0) {
		send_msg(ready_fd, 3, errno, "fork init");
		_exit(1);
	}
	if (init == 0) {
		/* (getppid() says 0 here: the holder is outside the namespace.) */
		sys_set_pdeathsig(SIGKILL);
		init_main(ready_fd);
	}
	send_msg(ready_fd, 1, init, NULL);
	close(ready_fd);
	close_from(0);
	for (;;) {
		int status;
		pid_t p = waitpid(init, &status, 0);
		if (p == init || (p < 0 && errno != EINTR))
			_exit(0);
	}
}

static int read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

/* The sandbox's level in a host NSpid chain: where init's chain says 1. */
static int find_level(pid_t init)
{
	struct proc_status st;

	if (proc_read_status("/proc", init, &st) < 0 || st.nstgid_len < 1)
		return 1;
	return st.nstgid_len - 1;
}

int sandbox_create(struct sandbox *sb, int unprivileged, char *err, size_t errlen)
{
	int pipefd[2];
	pid_t self = getpid(), holder;
	struct ready_msg m;
	int have_pid = 0, have_ready = 0;

	memset(sb, 0, sizeof *sb);
	sb->userns = geteuid() != 0;
	sb->unprivileged = unprivileged;
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -errno;
	}
	holder = fork();
	if (holder < 0) {
		int e = errno;
		close(pipefd[0]);
		close(pipefd[1]);
		snprintf(err, errlen, "fork: %s", strerror(e));
		return -e;
	}
	if (holder == 0) {
		close(pipefd[0]);
		holder_main(self, pipefd[1], sb->userns, unprivileged);
	}
	close(pipefd[1]);
	sb->holder = holder;
	while ((!have_pid || !have_ready) && read_full(pipefd[0], &m, sizeof m) == 0) {
		if (m.tag == 1) {
			sb->init = m.value;
			have_pid = 1;
		} else if (m.tag == 2) {
			have_ready = 1;
		} else {
			snprintf(err, errlen, "%s: %s", m.what, strerror(m.value));
			close(pipefd[0]);
			sandbox_destroy(sb);
			return -m.value;
		}
	}
	close(pipefd[0]);
	if (!have_pid || !have_ready) {
		snprintf(err, errlen, "the sandbox's init did not start");
		sandbox_destroy(sb);
		return -ECHILD;
	}
	sb->level = find_level(sb->init);
	snprintf(sb->proc_root, sizeof sb->proc_root, "/proc/%d/root/proc", (int)sb->init);
	return 0;
}

int sandbox_enter(pid_t init, int userns)
{
	int fd = sys_pidfd_open(init), rc;
	unsigned long flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | (userns ? CLONE_NEWUSER : 0);

	if (fd < 0)
		return fd;
	rc = sys_setns(fd, flags);
	close(fd);
	return rc;
}

int sandbox_runs_self(const char *path)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n <= 0 || !path)
		return 0;
	self[n] = '\0';
	return strcmp(self, path) == 0;
}

/* The shell's side of a spawn: its own session on the terminal, privileges
 * dropped if asked, then exec. */
static void __attribute__((noreturn))
shell_child(int tty_fd, int drop, char *const argv[], char *const envp[], const char *cwd)
{
	sigset_t none;
	int runs_self = sandbox_runs_self(argv[0]);

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	setsid();
	ioctl(tty_fd, TIOCSCTTY, 0);
	dup2(tty_fd, 0);
	dup2(tty_fd, 1);
	dup2(tty_fd, 2);
	close_from(3);
	if (drop) {
		if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
		    setresuid(NOBODY, NOBODY, NOBODY) < 0) {
			dprintf(2, "nsh: lab: cannot become nobody: %s\n", strerror(errno));
			_exit(126);
		}
	}
	if (!cwd || chdir(cwd) < 0)
		if (chdir("/tmp") < 0 && chdir("/") < 0)
			_exit(126);
	execve(argv[0], argv, envp);
	/* nsh's own binary through the magic link: as nobody, a directory on
	 * its path may be closed (see sandbox_runs_self). */
	if (runs_self)
		execve("/proc/self/exe", argv, envp);
	dprintf(2, "nsh: lab: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

pid_t sandbox_spawn(struct sandbox *sb, int tty_fd, int as_nobody, char *const argv[], char *const envp[],
		    const char *cwd)
{
	pid_t self = getpid(), helper = fork();

	if (helper < 0)
		return -errno;
	if (helper == 0) {
		pid_t child;
		int status, rc;

		sys_set_pdeathsig(SIGKILL);
		if (getppid() != self)
			_exit(1);
		if ((rc = sandbox_enter(sb->init, sb->userns)) < 0) {
			dprintf(tty_fd, "nsh: lab: setns into the sandbox: %s\r\n", strerror(-rc));
			_exit(126);
		}
		child = fork();
		if (child < 0)
			_exit(126);
		if (child == 0)
			shell_child(tty_fd, as_nobody && !sb->userns, argv, envp, cwd);
		close_from(0);
		while (waitpid(child, &status, 0) < 0)
			if (errno != EINTR)
				_exit(126);
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	}
	return helper;
}

void sandbox_destroy(struct sandbox *sb)
{
	if (sb->init > 0)
		kill(sb->init, SIGKILL);
	if (sb->holder > 0) {
		kill(sb->holder, SIGKILL);
		while (waitpid(sb->holder, NULL, 0) < 0 && errno == EINTR)
			;
	}
	sb->init = sb->holder = 0;
}

pid_t sandbox_pid_of(const struct sandbox *sb, pid_t hostpid)
{
	struct proc_status st;

	if (hostpid <= 0 || proc_read_status("/proc", hostpid, &st) < 0)
		return 0;
	if (sb->level < st.nstgid_len)
		return st.nstgid[sb->level];
	return 0;
}

int probe_root(void)
{
	return geteuid() == 0;
}

int probe_nobody_can_exec(const char *path)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return 0;
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
		    setresuid(NOBODY, NOBODY, NOBODY) < 0)
			_exit(1);
		_exit(access(path, X_OK) == 0 ? 0 : 1);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The shared probe of shell/sys/probe.c (the one `nsh doctor` prints), run
 * at most once per identity in this process: 0 the caller, 1 nobody (when
 * the caller is root: the user an unprivileged lab's shell runs as).  A
 * probe that could not even start leaves its steps "not tried", so every
 * need is then unmet. */
static const struct probe_identity *probed_identity(int as_nobody)
{
	static struct probe_identity identity[2];
	static int done[2];

	if (!done[as_nobody]) {
		probe_identity_run(&identity[as_nobody], as_nobody, NULL, 5000);
		done[as_nobody] = 1;
	}
	return &identity[as_nobody];
}

/* Why a user namespace cannot be made, with the fix, from the sysctls the
 * probe reads. */
static const char *userns_reason(void)
{
	const struct ns_kind *user = ns_kind_by_name("user");
	struct probe_host host;

	probe_host_facts(&host);
	if (host.apparmor_restrict_unprivileged_userns == 1)
		return "needs unprivileged user namespaces, which AppArmor restricts: "
		       "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0";
	if (host.unprivileged_userns_clone == 0)
		return "needs unprivileged user namespaces, which are off: sysctl -w "
		       "kernel.unprivileged_userns_clone=1";
	if (user && host.max_namespaces[user - ns_kinds] == 0)
		return "needs user namespaces, limited to 0: sysctl -w "
		       "user.max_user_namespaces=15000";
	return "needs unprivileged user namespaces, which this machine refuses (see "
	       "user_namespaces(7))";
}

/* The verdict is probe_need_met's on the identity the need is about:
 * "userns" is about the unprivileged user (nobody when the caller is root),
 * "root" and "sandbox" about the caller. */
const char *probe_need(const char *need)
{
	static char reason[256];
	int as_nobody = strcmp(need, "userns") == 0 && probe_root();
	const struct probe_identity *id = probed_identity(as_nobody);
	int rc = probe_need_met(id, need);
	enum probe_step step;

	if (rc == 0)
		return NULL;
	if (rc == PROBE_NEED_UNKNOWN)
		return "unknown need";
	if (rc == PROBE_NEED_NOT_ROOT)
		return "needs root: run it as root (sudo nsh lab ...)";
	step = (enum probe_step)(-1 - rc);
	if (step <= PROBE_GID_MAP)
		return userns_reason();
	snprintf(reason, sizeof reason,
		 "the lab sandbox cannot be made here: %s: %s (nsh doctor shows every step and its fix)",
		 probe_step_name(step),
		 id->step[step].result == PROBE_NOT_TRIED ? "was not tried"
		 : id->step[step].result < 0		  ? strerror(-id->step[step].result)
							  : "failed");
	return reason;
}
