/* nsenter: run a command in the namespaces of another process, option for
 * option as util-linux nsenter(1), on setns(2) and pidfd_open(2).
 *
 * The shell itself never calls setns: it forks one
 * child that opens the target, enters its namespaces, and either execs the
 * command or - after entering a PID namespace, which moves only future
 * children (pid_namespaces(7)) - forks once more so that the command really
 * runs inside, and passes that grandchild's exit status or signal on.
 * Every error is printed by that child, which then exits with status 1, so
 * no descriptor or half-entered process is left in the shell.
 *
 * Where nsh differs from util-linux 2.38 (on purpose):
 *  - the target's namespaces are entered with one setns(pidfd, flags) call
 *    (atomic, kernel >= 5.8), falling back to /proc/PID/ns/ files;
 *  - --all skips every namespace the caller is already in, not only the user
 *    namespace (so `nsenter -t $$ -a pwd` keeps the working directory);
 *  - with nothing to do at all (no namespace, no -r/-w/-S/-G) it is a usage
 *    error rather than a shell started where one already is;
 *  - usage errors return 2, as every nsh builtin does. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "builtin.h"
#include "builtins/nsenter.h"
#include "builtins/options.h"
#include "exec.h"
#include "io.h"
#include "nsh.h"
#include "sys/ns.h"
#include "sys/proc.h"
#include "sys/trace.h"

#define CMD "nsenter"

extern char **environ;

enum { OPT_PRESERVE_CREDENTIALS = OPTION_LONG_ONLY, OPT_TRACE };

const struct builtin_option nsenter_options[] = {
    OPTION_PARAGRAPH("Enter the namespaces of process PID (or those named by files) and run\n"
		     "COMMAND there; without COMMAND, a nested nsh (or $NSH_UNSHARE_SHELL).\n"
		     "After entering a PID namespace it forks, so that COMMAND is inside."),
    {'t', "target", OPTION_VALUE, ARG_PID, "PID", "the process whose namespaces to enter"},
    {'a', "all", OPTION_FLAG, ARG_NONE, NULL, "every namespace of PID that differs from ours"},
    {'m', "mount", OPTION_MAYBE, ARG_FILE, "FILE", "its mount namespace (or the one FILE names)"},
    {'u', "uts", OPTION_MAYBE, ARG_FILE, "FILE", "its UTS namespace (host and domain name)"},
    {'i', "ipc", OPTION_MAYBE, ARG_FILE, "FILE", "its System V IPC namespace"},
    {'n', "net", OPTION_MAYBE, ARG_FILE, "FILE", "its network namespace"},
    {'p', "pid", OPTION_MAYBE, ARG_FILE, "FILE", "its PID namespace"},
    {'U', "user", OPTION_MAYBE, ARG_FILE, "FILE", "its user namespace (you become uid/gid 0 there)"},
    {'C', "cgroup", OPTION_MAYBE, ARG_FILE, "FILE", "its cgroup namespace"},
    {'T', "time", OPTION_MAYBE, ARG_FILE, "FILE", "its time namespace"},
    {OPT_PRESERVE_CREDENTIALS, "preserve-credentials", OPTION_FLAG, ARG_NONE, NULL,
     "keep your uid and gid when entering a user namespace"},
    {'S', "setuid", OPTION_VALUE, ARG_NONE, "UID", "run COMMAND as UID"},
    {'G', "setgid", OPTION_VALUE, ARG_NONE, "GID", "run COMMAND as GID, without supplementary groups"},
    {'r', "root", OPTION_MAYBE, ARG_DIR, "DIR", "root directory: PID's, or DIR"},
    {'w', "wd", OPTION_MAYBE, ARG_DIR, "DIR", "working directory: PID's, or DIR"},
    {'F', "no-fork", OPTION_FLAG, ARG_NONE, NULL,
     "exec COMMAND in the process that called setns:\n"
     "after -p, COMMAND stays outside (its children\n"
     "are inside)"},
    {OPT_TRACE, "trace", OPTION_FLAG, ARG_NONE, NULL, "print the system calls this command makes"},
    OPTION_HELP,
    OPTION_PARAGRAPH("FILE is /proc/PID/ns/TYPE or a bind mount of one; short options take it\n"
		     "attached (-p/proc/42/ns/pid), long ones after '=' (--pid=/proc/42/ns/pid).\n"
		     "\n"
		     "Examples:\n"
		     "  nsenter -t 4242 -a ps -ef      the process list as PID 4242's namespaces see it\n"
		     "  nsenter -t 4242 -U --preserve-credentials   your own user namespace, as you\n"
		     "See nsenter(1), setns(2), namespaces(7), pid_namespaces(7)."),
    {0},
};

/* The order util-linux enters namespace files in: the user namespace first
 * (it may grant the capabilities the others need), the mount namespace
 * late (it resets root and working directory). */
static const char *const enter_order[] = {"user", "cgroup", "ipc", "uts", "net", "pid", "mnt", "time"};

/* "nsh: nsenter: MESSAGE", the usage line, status 2. */
#define usage_error(...) builtin_usage_errorf(CMD, __VA_ARGS__)

int nsenter_parse_args(int argc, char **argv, struct nsenter_request *req)
{
	const struct ns_kind *kind;
	long id;
	int c;

	memset(req, 0, sizeof *req);
	optind = 0;
	while ((c = builtin_getopt(argc, argv, nsenter_options)) != -1) {
		switch (c) {
		case 'h':
			req->help = 1;
			return 0;
		case 'a':
			req->all = 1;
			break;
		case 't':
			if ((id = builtin_parse_pid(optarg)) <= 0)
				return usage_error("-t %s: not a PID (a whole number above 0)", optarg);
			req->target = (pid_t)id;
			break;
		case 'm':
		case 'u':
		case 'i':
		case 'n':
		case 'p':
		case 'U':
		case 'C':
		case 'T':
			kind = ns_kind_by_short_opt((char)c);
			if (!kind)
				return usage_error("namespace option -%c unknown to this build", c);
			if (optarg && *optarg) {
				req->ns_file[kind - ns_kinds] = optarg;
				req->from_target &= ~kind->clone_flag;
			} else {
				req->ns_file[kind - ns_kinds] = NULL;
				req->from_target |= kind->clone_flag;
			}
			break;
		case 'S':
			if ((id = builtin_parse_id(optarg)) < 0)
				return usage_error("invalid user ID: '%s'", optarg);
			req->uid = (uid_t)id;
			req->uid_set = 1;
			break;
		case 'G':
			if ((id = builtin_parse_id(optarg)) < 0)
				return usage_error("invalid group ID: '%s'", optarg);
			req->gid = (gid_t)id;
			req->gid_set = 1;
			break;
		case OPT_PRESERVE_CREDENTIALS:
			req->preserve_credentials = 1;
			break;
		case 'r':
			req->root_source = optarg && *optarg ? NSENTER_DIR_PATH : NSENTER_DIR_TARGET;
			req->root_dir = optarg && *optarg ? optarg : NULL;
			break;
		case 'w':
			req->wd_source = optarg && *optarg ? NSENTER_DIR_PATH : NSENTER_DIR_TARGET;
			req->wd_dir = optarg && *optarg ? optarg : NULL;
			break;
		case 'F':
			req->no_fork = 1;
			break;
		case OPT_TRACE:
			req->trace = 1;
			break;
		default:
			return builtin_option_error(CMD, c, argv);
		}
	}
	req->command = argv + optind;

	if (req->all && !req->target)
		return usage_error("%s", "--all: whose namespaces? give -t PID");
	if (req->from_target && !req->target) {
		kind = NULL;
		for (size_t i = 0; i < NS_KIND_COUNT; i++)
			if (req->from_target & ns_kinds[i].clone_flag) {
				kind = &ns_kinds[i];
				break;
			}
		return usage_error("--%s needs a target: give -t PID or --%s=FILE", kind->long_opt,
				   kind->long_opt);
	}
	if ((req->root_source == NSENTER_DIR_TARGET || req->wd_source == NSENTER_DIR_TARGET) && !req->target)
		return usage_error("%s", "-r/-w without a directory need a target: give -t PID");
	if (!req->all && !req->from_target && !req->root_source && !req->wd_source && !req->uid_set &&
	    !req->gid_set) {
		int any_file = 0;

		for (size_t i = 0; i < NS_KIND_COUNT; i++)
			any_file |= req->ns_file[i] != NULL;
		if (!any_file)
			return usage_error("%s", "no namespace specified: use -a or a namespace option");
	}
	return 0;
}

/* ---- in the child ------------------------------------------------------ */

/* Print an error and leave the child with util-linux's failure status. */
static void __attribute__((noreturn)) child_fail(const char *op, const char *object, int err)
{
	nsh_error_errno(CMD, op, object, err);
	_exit(1);
}

/* One namespace to enter: where from, and the descriptor once open. */
struct ns_entry {
	const struct ns_kind *kind;
	const char *option_file; /* --pid=FILE, or NULL: the target's */
	char path[PATH_MAX];	 /* what messages name */
	int fd;
};

/* The PID under which the target appears in the /proc mounted here.  When
 * /proc shows another PID namespace than ours (after `unshare -p` without a
 * new /proc, the article's "contaminated" /proc), /proc/TARGET would be some
 * other process: the pidfd's fdinfo tells the PID as that /proc sees it. */
static pid_t proc_visible_pid(int pidfd, pid_t target)
{
	char path[64], line[128];
	pid_t self = proc_self_pid("/proc");
	FILE *f;
	long pid = target;

	if (pidfd < 0 || self <= 0 || self == getpid())
		return target;
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
	if (!(f = fopen(path, "re")))
		return target;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "Pid:", 4) == 0)
			pid = strtol(line + 4, NULL, 10);
	fclose(f);
	return pid > 0 ? (pid_t)pid : target;
}

/* Open a namespace named by the user (--pid=FILE) and check that it is a
 * namespace of the kind the option names: a clear message here beats the
 * bare EINVAL setns would give. */
static int open_option_file(struct ns_entry *e)
{
	char what[PATH_MAX + 64];
	int type;

	snprintf(e->path, sizeof e->path, "%s", e->option_file);
	e->fd = open(e->option_file, O_RDONLY | O_CLOEXEC);
	if (e->fd < 0)
		child_fail("open", e->option_file, errno);
	type = sys_ns_ioctl(e->fd, NS_GET_NSTYPE);
	if (type == -ENOTTY || type == -EINVAL) {
		nsh_error(CMD, "--%s=%s: not a namespace file (give /proc/PID/ns/%s or a bind mount of one)",
			  e->kind->long_opt, e->option_file, e->kind->proc_name);
		_exit(1);
	}
	if (type >= 0 && (unsigned long)type != e->kind->clone_flag) {
		const struct ns_kind *actual = ns_kind_by_flag((unsigned long)type);

		snprintf(what, sizeof what, "--%s=%s", e->kind->long_opt, e->option_file);
		nsh_error(CMD, "%s: is a %s namespace, not a %s namespace", what,
			  actual ? actual->name : "different", e->kind->name);
		_exit(1);
	}
	return 0;
}

/* Open the target's namespace of e's kind through /proc/PID/ns/. */
static int open_target_file(struct ns_entry *e, pid_t proc_pid)
{
	snprintf(e->path, sizeof e->path, "/proc/%d/ns/%s", (int)proc_pid, e->kind->proc_name);
	e->fd = open(e->path, O_RDONLY | O_CLOEXEC);
	return e->fd < 0 ? -errno : 0;
}

/* Which namespaces --all adds: every kind the target has that differs from
 * ours.  Re-entering one's own user namespace is refused by the kernel
 * (EINVAL, setns(2): it would regain dropped capabilities); re-entering one's
 * own mount namespace would reset root and working directory for nothing. */
static unsigned long resolve_all(struct nsenter_request *req, pid_t proc_pid)
{
	unsigned long flags = 0;
	char path[PATH_MAX], own[64];
	struct stat theirs, ours;

	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		const struct ns_kind *k = &ns_kinds[i];

		if (req->ns_file[i])
			continue;
		snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)proc_pid, k->proc_name);
		if (stat(path, &theirs) < 0) {
			int err = errno;
			char dir[64];

			snprintf(dir, sizeof dir, "/proc/%d", (int)proc_pid);
			if (err == ENOENT && access(dir, F_OK) == 0)
				continue; /* a kind this kernel does not have */
			child_fail("open namespace", path, err == ENOENT ? ESRCH : err);
		}
		snprintf(own, sizeof own, "/proc/self/ns/%s", k->proc_name);
		if (stat(own, &ours) == 0 && ours.st_ino == theirs.st_ino && ours.st_dev == theirs.st_dev)
			continue;
		flags |= k->clone_flag;
	}
	return flags;
}

/* "mnt,pid,user": the kinds in flags, for messages. */
static const char *kind_list(unsigned long flags, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NS_KIND_COUNT && used < len; i++)
		if (flags & ns_kinds[i].clone_flag)
			used += snprintf(buf + used, len - used, "%s%s", used ? "," : "", ns_kinds[i].name);
	return buf;
}

/* One setns of enter_by_files: 1 when entered (the file is closed then).
 * A failure ends the child when must is set (the last pass); before that
 * it leaves the entry for the next pass. */
static int enter_entry(struct ns_entry *e, int must)
{
	int rc = sys_setns(e->fd, e->kind->clone_flag);

	if (rc < 0) {
		if (must)
			child_fail("setns", e->path, -rc);
		return 0;
	}
	close(e->fd);
	e->fd = -1;
	return 1;
}

/* Enter by files, util-linux's way: first every namespace but the user one,
 * tolerating failures; then the user namespace and whatever failed before
 * (entering a user namespace we own grants the capabilities the rest need;
 * leaving privilege works the other way round, hence two passes).
 * Returns the CLONE_NEW* flags entered. */
static unsigned long enter_by_files(struct ns_entry *entries, size_t n)
{
	unsigned long entered = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t o = 0; o < sizeof enter_order / sizeof enter_order[0]; o++)
			for (size_t i = 0; i < n; i++) {
				struct ns_entry *e = &entries[i];

				if (e->fd < 0 || strcmp(e->kind->name, enter_order[o]) != 0)
					continue;
				if (pass == 0 && e->kind->clone_flag == CLONE_NEWUSER)
					continue;
				if (enter_entry(e, pass == 1))
					entered |= e->kind->clone_flag;
			}
	return entered;
}

/* Open a directory for -r/-w before entering anything: a path given by
 * the user is a "tunnel" back into the namespaces we leave. */
static int open_dir(enum nsenter_dir_source source, const char *dir, pid_t proc_pid, const char *link)
{
	char path[PATH_MAX];
	int fd;

	if (source == NSENTER_DIR_NONE)
		return -1;
	if (source == NSENTER_DIR_TARGET)
		snprintf(path, sizeof path, "/proc/%d/%s", (int)proc_pid, link);
	else
		snprintf(path, sizeof path, "%s", dir);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		child_fail("open", path, errno);
	return fd;
}

/* Whether /proc/self/setgroups says "deny": then setgroups(2) cannot work
 * in this user namespace, and util-linux goes on without it.  Read through
 * proc_fd, the /proc of before entering (see open_proc_early), when open. */
static int setgroups_denied(int proc_fd)
{
	char buf[16] = "";
	int fd = proc_fd >= 0 ? openat(proc_fd, "self/setgroups", O_RDONLY | O_CLOEXEC)
			      : open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	return n > 0 && strncmp(buf, "deny", 4) == 0;
}

/* util-linux's credential rule: entering a user namespace makes us root
 * there (gid 0, uid 0, no supplementary groups) unless
 * --preserve-credentials; -S/-G choose other IDs, with or without one. */
static void set_credentials(const struct nsenter_request *req, unsigned long entered, int proc_fd)
{
	int uid_set = req->uid_set, gid_set = req->gid_set;
	uid_t uid = req->uid;
	gid_t gid = req->gid;
	char id[32];

	if ((entered & CLONE_NEWUSER) && !req->preserve_credentials) {
		if (!gid_set)
			gid = 0, gid_set = 1;
		if (!uid_set)
			uid = 0, uid_set = 1;
	}
	if (gid_set) {
		if (setgroups(0, NULL) < 0 && !(errno == EPERM && setgroups_denied(proc_fd)))
			child_fail("setgroups", NULL, errno);
		snprintf(id, sizeof id, "%u", (unsigned)gid);
		if (setgid(gid) < 0)
			child_fail("setgid", id, errno);
	}
	if (uid_set) {
		snprintf(id, sizeof id, "%u", (unsigned)uid);
		if (setuid(uid) < 0)
			child_fail("setuid", id, errno);
	}
}

/* The nested nsh to start when there is no command: its path, and the
 * binary opened before entering anything, because the target's mount
 * namespace (a container's root) may have no nsh at that path.
 * NSH_UNSHARE_SHELL, read by unshare too, names another program. */
struct nested_shell {
	const char *path;
	int fd;
	char buf[PATH_MAX];
};

static void open_nested_shell(struct shell *sh, struct nested_shell *ns)
{
	ssize_t n;

	ns->fd = -1;
	ns->path = getenv("NSH_UNSHARE_SHELL");
	if (ns->path && *ns->path)
		return;
	ns->path = sh ? sh->self_exe : NULL;
	if (!ns->path) {
		n = readlink("/proc/self/exe", ns->buf, sizeof ns->buf - 1);
		ns->buf[n > 0 ? n : 0] = '\0';
		ns->path = n > 0 ? ns->buf : "/bin/sh";
	}
	ns->fd = open(ns->path, O_RDONLY | O_CLOEXEC);
	/* A directory on the path closed to this user (a lab shell run as
	 * nobody, a private checkout): the magic link still reaches nsh. */
	if (ns->fd < 0 && (!sh || ns->path == sh->self_exe))
		ns->fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
}

/* The command, or the nested shell. */
static void __attribute__((noreturn))
run_command(struct shell *sh, char **command, struct nested_shell *nested)
{
	char *shell_argv[] = {"nsh", NULL};
	int rc;

	if (command && command[0]) {
		exec_trace_execve_of(command[0]);
		shell_exec_or_die(sh, command);
	}
	if (nested->fd < 0) {
		shell_argv[0] = (char *)nested->path;
		exec_trace_execve_of(nested->path);
		shell_exec_or_die(sh, shell_argv);
	}
	rc = sys_execve(nested->path, shell_argv, environ);
	if (rc == -ENOENT || rc == -EACCES) {
		/* not at that path in here, or not reachable by this user: run
		 * the binary opened outside */
		sys_trace_execve(nested->path);
		fexecve(nested->fd, shell_argv, environ);
		rc = -errno;
	}
	nsh_error_errno(CMD, "exec", nested->path, -rc);
	_exit(rc == -ENOENT ? 127 : 126);
}

/* This process's /proc, opened before entering anything: once the target's
 * mount namespace is entered, /proc is the target's, which has no
 * /proc/self for a process outside its PID namespace (-F, or -m without
 * -p), so set_credentials could not read self/setgroups there.  The
 * descriptor is moved above the small numbers that the trace shows for the
 * namespace files (and explain predicts).  -1 when there is no /proc. */
static int open_proc_early(void)
{
	int fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC), high;

	if (fd < 0)
		return -1;
	high = fcntl(fd, F_DUPFD_CLOEXEC, 64);
	close(fd);
	return high;
}

/* Everything after the shell's fork: open, enter, chroot/chdir, fork into
 * the PID namespace, credentials, exec.  Never returns. */
static void __attribute__((noreturn)) nsenter_child(struct shell *sh, struct nsenter_request *req)
{
	struct ns_entry entries[NS_KIND_COUNT];
	struct nested_shell nested = {NULL, -1, ""};
	unsigned long from_target = req->from_target, entered = 0;
	int pidfd = -1, root_fd, wd_fd, any_file = 0, rc, proc_fd;
	pid_t proc_pid = req->target;
	size_t n = 0;
	char pidtext[32], kinds[128], object[192];

	if (sh)
		shell_child_setup(sh);
	if (req->trace)
		sys_trace_set(STDERR_FILENO, sh ? sh->color : 0);

	if (req->target) {
		snprintf(pidtext, sizeof pidtext, "%d", (int)req->target);
		pidfd = sys_pidfd_open(req->target);
		if (pidfd == -ESRCH)
			child_fail("pidfd_open", pidtext, ESRCH);
		if (pidfd < 0)
			pidfd = -1; /* ENOSYS (kernel < 5.3), or a thread ID: go by /proc/PID alone */
		proc_pid = proc_visible_pid(pidfd, req->target);
	}
	if (req->all)
		from_target |= resolve_all(req, proc_pid);

	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		if (!req->ns_file[i] && !(from_target & ns_kinds[i].clone_flag))
			continue;
		entries[n].kind = &ns_kinds[i];
		entries[n].option_file = req->ns_file[i];
		entries[n].fd = -1;
		entries[n].path[0] = '\0';
		if (req->ns_file[i]) {
			open_option_file(&entries[n]);
			any_file = 1;
		}
		n++;
	}

	if (!req->command || !req->command[0])
		open_nested_shell(sh, &nested);
	root_fd = open_dir(req->root_source, req->root_dir, proc_pid, "root");
	wd_fd = open_dir(req->wd_source, req->wd_dir, proc_pid, "cwd");
	if (root_fd >= 0 && wd_fd < 0 && (wd_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		child_fail("open", "the working directory", errno);
	proc_fd = open_proc_early();

	/* The target's namespaces in one atomic call through the pidfd; the
	 * kernel enters the user namespace first by itself.  EINVAL may mean a
	 * kernel without pidfd setns, or a namespace that refuses us (our own
	 * user namespace): the file path below names which. */
	if (from_target && pidfd >= 0 && !any_file) {
		rc = sys_setns(pidfd, from_target);
		if (rc == 0) {
			entered = from_target;
			n = 0;
		} else if (rc != -EINVAL) {
			snprintf(object, sizeof object, "%s of %s",
				 kind_list(from_target, kinds, sizeof kinds), pidtext);
			child_fail("setns", object, -rc);
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (entries[i].option_file)
			continue;
		rc = open_target_file(&entries[i], proc_pid);
		if (rc < 0)
			child_fail("open namespace", entries[i].path, -rc);
	}
	if (n)
		entered |= enter_by_files(entries, n);
	if (pidfd >= 0)
		close(pidfd);

	if (root_fd >= 0) {
		if (fchdir(root_fd) < 0)
			child_fail("chdir", "the new root", errno);
		if ((rc = sys_chroot(".")) < 0)
			child_fail("chroot", req->root_dir ? req->root_dir : "the target's root", -rc);
		close(root_fd);
	}
	if (wd_fd >= 0) {
		if (fchdir(wd_fd) < 0)
			child_fail("chdir", req->wd_dir ? req->wd_dir : "the working directory", errno);
		close(wd_fd);
	}

	if ((entered & CLONE_NEWPID) && !req->no_fork) {
		pid_t child = sys_fork();

		if (child < 0)
			child_fail("fork", NULL, (int)-child);
		if (child > 0)
			exec_wait_and_pass_on(child, EXEC_PASS_ON_STOPS);
		/* Die with the process that waits for us: nothing is left
		 * behind if it is killed. */
		sys_set_pdeathsig(SIGKILL);
	}
	set_credentials(req, entered, proc_fd);
	run_command(sh, req->command, &nested);
}

/* The command line as `jobs` shows it, cut to fit. */
static const char *join_words(int argc, char **argv, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < argc && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", i ? " " : "", argv[i]);
	return buf;
}

/* nsenter [options] [COMMAND [ARGS...]] */
int builtin_nsenter(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find(CMD);
	struct nsenter_request req;
	char jobtext[256];
	pid_t child;
	int rc;

	if (builtin_wants_help(self, argc, argv))
		return 0;
	if ((rc = nsenter_parse_args(argc, argv, &req)) != 0)
		return rc;
	if (req.help) {
		builtin_print_help(self);
		return 0;
	}
	fflush(NULL);
	child = shell_fork_command(sh);
	if (child < 0)
		return nsh_error_errno(CMD, "fork", NULL, (int)-child);
	if (child == 0)
		nsenter_child(sh, &req);
	return shell_wait_foreground(sh, child, join_words(argc, argv, jobtext, sizeof jobtext));
}
