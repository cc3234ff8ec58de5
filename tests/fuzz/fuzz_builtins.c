/* libFuzzer target for the argument parsing of every builtin.
 *
 * The input is a builtin selector (a builtin's name and a newline, or else
 * the first byte) and an argument list (the rest, split at newlines and
 * NULs).  The builtin's real handler runs in
 * this process with its output and errors going to /dev/null, so coverage
 * reaches every option parser, including the static ones of unshare,
 * nsenter and mountproc.
 *
 * What keeps that safe: this program defines its own fork, kill, unshare,
 * setns, mount, execve, chroot, sethostname and credential calls, which
 * win over libc's at link time (the objects call them through the PLT).
 * They never touch the system: fork fails with EAGAIN, kill with ESRCH,
 * the namespace and mount calls with EPERM, execve with ENOENT.  A builtin
 * therefore runs its parser and then its error path; nothing can kill a
 * process, fork, or change a namespace.  `source` and `.` are left out
 * (they would read any file named by the input, a FIFO or /dev/zero
 * included).  The working directory, the environment and the shell's
 * flags are put back after every run.
 *
 * The oracles, besides ASan/UBSan: the status is 0, 1 or 2 (any for exit,
 * exec, wait, fg and lab, whose status is a command's), and no file
 * descriptor is left open or closed behind the harness's back. */
#include <errno.h>
#include <sanitizer/common_interface_defs.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "builtin.h"
#include "exec.h"
#include "io.h"
#include "jobs.h"
#include "nsh.h"
#include "session.h"
#include "sys/trace.h"

/* ---- the system calls a builtin may not make here ---------------------- */

pid_t fork(void)
{
	errno = EAGAIN;
	return -1;
}
int kill(pid_t pid, int sig)
{
	(void)pid;
	(void)sig;
	errno = ESRCH;
	return -1;
}
int killpg(int pgrp, int sig)
{
	(void)pgrp;
	(void)sig;
	errno = ESRCH;
	return -1;
}
int unshare(int flags)
{
	(void)flags;
	errno = EPERM;
	return -1;
}
int setns(int fd, int nstype)
{
	(void)fd;
	(void)nstype;
	errno = EPERM;
	return -1;
}
int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data)
{
	(void)source;
	(void)target;
	(void)fstype;
	(void)flags;
	(void)data;
	errno = EPERM;
	return -1;
}
int umount(const char *target)
{
	(void)target;
	errno = EPERM;
	return -1;
}
int umount2(const char *target, int flags)
{
	(void)target;
	(void)flags;
	errno = EPERM;
	return -1;
}
int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	errno = ENOENT;
	return -1;
}
int execv(const char *path, char *const argv[])
{
	return execve(path, argv, NULL);
}
int execvp(const char *file, char *const argv[])
{
	return execve(file, argv, NULL);
}
int chroot(const char *path)
{
	(void)path;
	errno = EPERM;
	return -1;
}
int sethostname(const char *name, size_t len)
{
	(void)name;
	(void)len;
	errno = EPERM;
	return -1;
}
int setresuid(uid_t r, uid_t e, uid_t s)
{
	(void)r;
	(void)e;
	(void)s;
	errno = EPERM;
	return -1;
}
int setresgid(gid_t r, gid_t e, gid_t s)
{
	(void)r;
	(void)e;
	(void)s;
	errno = EPERM;
	return -1;
}
int setuid(uid_t uid)
{
	(void)uid;
	errno = EPERM;
	return -1;
}
int setgid(gid_t gid)
{
	(void)gid;
	errno = EPERM;
	return -1;
}
int setgroups(size_t n, const gid_t *list)
{
	(void)n;
	(void)list;
	errno = EPERM;
	return -1;
}

/* ---- the harness --------------------------------------------------------- */

#define MAX_ARGS 32

static struct shell fuzz_shell;
static const struct builtin *fuzzed[64];
static size_t nfuzzed;
static int home_dir_fd = -1;
static char open_at_start[256];
static char **saved_env;

static char **copy_environment(void)
{
	extern char **environ;
	size_t n = 0;
	char **copy;

	while (environ[n])
		n++;
	copy = calloc(n + 1, sizeof *copy);
	for (size_t i = 0; copy && i < n; i++)
		copy[i] = strdup(environ[i]);
	return copy;
}

static void restore_environment(void)
{
	clearenv();
	for (size_t i = 0; saved_env && saved_env[i]; i++)
		putenv(saved_env[i]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char *no_params[] = {NULL};
	struct shell *sh = &fuzz_shell;
	(void)argc;
	(void)argv;

	/* A small fixed /proc for lsns and pidtree: fast and the same every run. */
	setenv("NSH_PROC", "tests/fixtures/proc-basic", 1);
	unsetenv("NSH_LAB");
	setenv("NSH_HINTS", "1", 1);
	setenv("NSH_HISTFILE", "/dev/null", 1);
	nsh_stdout = fopen("/dev/null", "w");
	nsh_stderr = fopen("/dev/null", "w");
	if (!nsh_stdout || !nsh_stderr)
		abort();

	sh->pid = getpid();
	sh->tty_fd = -1;
	sh->pgid = getpgrp();
	sh->opt_hints = 1;
	sh->arg0 = "nsh";
	sh->self_exe = "/nonexistent/nsh";
	nsh_shell = sh;
	shell_set_params(sh, no_params, 0, NULL, NULL);
	session_init();
	jobs_init(sh);

	for (size_t i = 0; i < builtin_count && nfuzzed < sizeof fuzzed / sizeof fuzzed[0]; i++) {
		const char *name = builtin_table[i].name;
		if (!strcmp(name, "source") || !strcmp(name, "."))
			continue;
		fuzzed[nfuzzed++] = &builtin_table[i];
	}
	saved_env = copy_environment();
	home_dir_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* libFuzzer symbolizes new functions as it finds them, through a
	 * symbolizer process it starts once and keeps pipes to: start it now,
	 * so that its descriptors are part of the starting set. */
	char where[128];
	__sanitizer_symbolize_pc(__builtin_return_address(0), "%p %F %L", where, sizeof where);
	for (int fd = 0; fd < 256; fd++)
		open_at_start[fd] = fcntl(fd, F_GETFD) >= 0;
	return 0;
}

/* Every descriptor from 0 to 255 that is open now must have been open at
 * the start, and the other way round; on a difference, say which before
 * stopping. */
static int open_fds_changed(const char *name)
{
	int changed = 0;

	for (int fd = 0; fd < 256; fd++) {
		int open_now = fcntl(fd, F_GETFD) >= 0;
		if (open_now != open_at_start[fd]) {
			char link[64], target[256] = "";
			snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
			ssize_t n = readlink(link, target, sizeof target - 1);
			target[n > 0 ? n : 0] = '\0';
			fprintf(stderr, "builtin %s: fd %d %s %s\n", name, fd,
				open_now ? "left open" : "closed", target);
			changed = 1;
		}
	}
	return changed;
}

/* Which builtin: "NAME\n..." names one (the seeds do, so they keep their
 * meaning when builtins are added); otherwise the first byte picks one. */
static const struct builtin *builtin_named(const uint8_t *data, size_t size, size_t *skip)
{
	const uint8_t *nl = memchr(data, '\n', size < 32 ? size : 32);

	if (nl) {
		for (size_t i = 0; i < nfuzzed; i++) {
			size_t len = strlen(fuzzed[i]->name);
			if (len == (size_t)(nl - data) && memcmp(data, fuzzed[i]->name, len) == 0) {
				*skip = len + 1;
				return fuzzed[i];
			}
		}
	}
	*skip = 1;
	return fuzzed[data[0] % nfuzzed];
}

/* Builtins whose status is a job's or a command's, as in bash (`wait 1`
 * is 127: not a child of this shell). */
static int any_status_allowed(const char *name)
{
	static const char *const names[] = {"exit", "exec", "wait", "fg", "lab", NULL};
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shell *sh = &fuzz_shell;
	char *args[MAX_ARGS + 2];
	char *text;
	int argc = 1, status;
	size_t skip;
	const struct builtin *b;

	if (size < 1 || size > 4096)
		return 0;
	b = builtin_named(data, size, &skip);
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + skip, size - skip);
	text[size - skip] = '\0';
	size = size - skip + 1; /* from here on: text holds size - 1 bytes */
	args[0] = (char *)b->name;
	if (size > 1) {
		char *p = text, *end = text + size - 1;
		args[argc++] = p;
		for (; p < end && argc <= MAX_ARGS; p++)
			if (*p == '\n' || *p == '\0') {
				*p = '\0';
				args[argc++] = p + 1;
			}
		if (argc > MAX_ARGS + 1)
			argc = MAX_ARGS + 1;
	}
	args[argc] = NULL;

	status = b->fn(sh, argc, args);

	if (!any_status_allowed(b->name) && (status < 0 || status > 2))
		__builtin_trap();

	/* Put back what a builtin may change in the shell. */
	sh->exiting = 0;
	sh->exit_status = 0;
	sh->opt_trace = 0;
	sh->opt_hints = 1;
	sys_trace_set(-1, 0);
	if (fchdir(home_dir_fd) < 0)
		abort();
	restore_environment();
	/* `set -o trace` keeps a descriptor for the trace, closed just above */
	if (open_fds_changed(b->name))
		__builtin_trap(); /* the builtin left a file descriptor open, or closed one */
	free(text);
	return 0;
}
