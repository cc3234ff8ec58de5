/* unshare: run a command in new namespaces, option for option like
 * util-linux unshare(1), on raw system calls (sys/ns.c).
 *
 * Who does what (the shell itself never unshares):
 *
 *   nsh (P) ──fork──> C: plays util-linux's unshare process.  C calls
 *                        unshare(2), writes setgroups, uid_map, gid_map
 *                        in /proc/self, then
 *     without --fork:    sets up mounts/root/wd and execs the command itself;
 *     with --fork:       forks G and waits for it (exec_wait_and_pass_on:
 *                        the terminal's signals reach G directly, a kill
 *                        of C alone is passed on to G, where util-linux
 *                        ignores it; C ends as G ended); G sets up
 *                        mounts/root/wd and execs.
 *   P waits for C as a foreground job and returns its status.
 *
 * The lesson this keeps intact: unshare(CLONE_NEWPID) moves only the
 * *children* of the caller, so without --fork the command (C itself) stays
 * outside, and its first child becomes PID 1 of the new namespace
 * (pid_namespaces(7)). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "builtin.h"
#include "builtins/unshare.h"
#include "builtins/options.h"
#include "exec.h"
#include "io.h"
#include "nsh.h"
#include "sys/ns.h"
#include "sys/trace.h"

#define UNSHARE_CMD "unshare"
#define PROPAGATION_UNSET (~0UL)

/* "usage: ..." and where to read more: status 2. */
static int unshare_usage(void)
{
	builtin_usage_error(builtin_find(UNSHARE_CMD));
	nsh_err("Try 'unshare --help' for more information.\n");
	return 2;
}

enum {
	OPT_KILL_CHILD = OPTION_LONG_ONLY,
	OPT_MOUNT_PROC,
	OPT_MAP_USER,
	OPT_MAP_GROUP,
	OPT_SETGROUPS,
	OPT_PROPAGATION,
	OPT_MONOTONIC,
	OPT_BOOTTIME,
	OPT_TRACE,
	OPT_KEEP_CAPS,
};

const struct builtin_option unshare_options[] = {
    OPTION_PARAGRAPH("Run COMMAND in new namespaces (as util-linux unshare, on raw system calls).\n"
		     "Without COMMAND, start a nested nsh, so the builtins stay at hand; if\n"
		     "NSH_UNSHARE_SHELL is set, start that program (no arguments) instead\n"
		     "(util-linux starts $SHELL).  Options stop at the first word that is not\n"
		     "an option, so COMMAND keeps its own.  A namespace option with =FILE keeps\n"
		     "the namespace alive by bind-mounting it on FILE."),
    {'m', "mount", OPTION_MAYBE_LONG, ARG_FILE, "FILE", "new mount namespace"},
    {'u', "uts", OPTION_MAYBE_LONG, ARG_FILE, "FILE", "new UTS namespace (hostname and domain name)"},
    {'i', "ipc", OPTION_MAYBE_LONG, ARG_FILE, "FILE", "new System V IPC namespace"},
    {'n', "net", OPTION_MAYBE_LONG, ARG_FILE, "FILE", "new network namespace"},
    {'p', "pid", OPTION_MAYBE_LONG, ARG_FILE, "FILE",
     "new PID namespace (for the children of unshare:\nuse -f so that COMMAND is its PID 1)"},
    {'U', "user", OPTION_MAYBE_LONG, ARG_FILE, "FILE", "new user namespace"},
    {'C', "cgroup", OPTION_MAYBE_LONG, ARG_FILE, "FILE", "new cgroup namespace"},
    {'T', "time", OPTION_MAYBE_LONG, ARG_FILE, "FILE", "new time namespace"},
    {'f', "fork", OPTION_FLAG, ARG_NONE, NULL,
     "run COMMAND in a child of unshare (with -p, the\nchild is PID 1 of the new PID namespace)"},
    {OPT_KILL_CHILD, "kill-child", OPTION_MAYBE, ARG_SIGNAL, "SIGNAL",
     "if unshare itself dies, its child gets SIGNAL\n(SIGKILL when none is given); sets -f"},
    {OPT_MOUNT_PROC, "mount-proc", OPTION_MAYBE, ARG_DIR, "DIR",
     "give COMMAND a fresh procfs on DIR (default /proc),\nmounted in the new mount namespace; sets -m"},
    {'r', "map-root-user", OPTION_FLAG, ARG_NONE, NULL,
     "be root inside: your uid and gid show as 0 there;\nsets -U and --setgroups=deny"},
    {'c', "map-current-user", OPTION_FLAG, ARG_NONE, NULL,
     "keep your uid and gid inside (each maps to\nitself); sets -U and --setgroups=deny"},
    {OPT_MAP_USER, "map-user", OPTION_VALUE, ARG_NONE, "UID|NAME", "inside, your uid shows as UID; sets -U"},
    {OPT_MAP_GROUP, "map-group", OPTION_VALUE, ARG_NONE, "GID|NAME",
     "inside, your gid shows as GID; sets -U and\n--setgroups=deny"},
    {OPT_SETGROUPS, "setgroups", OPTION_VALUE, ARG_SETGROUPS, "allow|deny",
     "allow or deny setgroups(2) in the user namespace"},
    {OPT_PROPAGATION, "propagation", OPTION_VALUE, ARG_PROPAGATION, "MODE",
     "propagation of every mount in the new mount\nnamespace: private (the default, recursively),\n"
     "shared, slave or unchanged"},
    {'R', "root", OPTION_VALUE, ARG_DIR, "DIR", "chroot to DIR, then run COMMAND"},
    {'w', "wd", OPTION_VALUE, ARG_DIR, "DIR", "cd to DIR, then run COMMAND"},
    {'S', "setuid", OPTION_VALUE, ARG_NONE, "UID", "run COMMAND as UID (in the new user namespace)"},
    {'G', "setgid", OPTION_VALUE, ARG_NONE, "GID", "run COMMAND as GID, without supplementary groups"},
    {OPT_MONOTONIC, "monotonic", OPTION_VALUE, ARG_NONE, "OFFSET",
     "in the new time namespace, CLOCK_MONOTONIC reads\nOFFSET seconds more (or less, if negative)"},
    {OPT_BOOTTIME, "boottime", OPTION_VALUE, ARG_NONE, "OFFSET", "the same for CLOCK_BOOTTIME"},
    {OPT_KEEP_CAPS, "keep-caps", OPTION_FLAG, ARG_NONE, NULL,
     "keep the capabilities of the new user namespace\nacross the exec of COMMAND (as ambient ones)"},
    {OPT_TRACE, "trace", OPTION_FLAG, ARG_NONE, NULL, "print the system calls this command makes"},
    OPTION_HELP,
    {'V', "version", OPTION_FLAG, ARG_NONE, NULL, "show the version"},
    OPTION_PARAGRAPH("Examples:\n"
		     "  unshare -fp --mount-proc ps -ef     PID 1 and a clean process list\n"
		     "  unshare -Urpf --mount-proc          the same, unprivileged, with a nested nsh\n"
		     "See unshare(1), namespaces(7), pid_namespaces(7), user_namespaces(7)."),
    {0},
};

/* A user as util-linux's --map-user takes it: a number or a name. */
static long parse_user(const char *text)
{
	long id = builtin_parse_id(text);
	struct passwd *pw;

	if (id >= 0)
		return id;
	pw = getpwnam(text);
	return pw ? (long)pw->pw_uid : -1;
}

static long parse_group(const char *text)
{
	long id = builtin_parse_id(text);
	struct group *gr;

	if (id >= 0)
		return id;
	gr = getgrnam(text);
	return gr ? (long)gr->gr_gid : -1;
}

/* "KILL", "SIGKILL", "kill" or "9" -> 9; 0 if unknown. */
static int parse_signal(const char *text)
{
	const char *name = text;
	long number = builtin_parse_id(text);
	int sig;

	if (number > 0 && number < NSIG)
		return (int)number;
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (sig = 1; sig < NSIG; sig++) {
		const char *abbrev = sigabbrev_np(sig);

		if (abbrev && strcasecmp(abbrev, name) == 0)
			return sig;
	}
	return 0;
}

static unsigned long parse_propagation(const char *text)
{
	if (strcmp(text, "private") == 0)
		return MS_REC | MS_PRIVATE;
	if (strcmp(text, "shared") == 0)
		return MS_REC | MS_SHARED;
	if (strcmp(text, "slave") == 0)
		return MS_REC | MS_SLAVE;
	if (strcmp(text, "unchanged") == 0)
		return 0;
	return PROPAGATION_UNSET;
}

/* Parse argv into plan.  Returns 0, 2 after a usage error (printed), or -1
 * when --help or --version was printed. */
static int parse_unshare_args(int argc, char **argv, struct unshare_plan *plan)
{
	const struct ns_kind *kind;
	int opt, map_current = 0;

	memset(plan, 0, sizeof *plan);
	plan->map_user = plan->map_group = -1;
	plan->setuid_to = plan->setgid_to = -1;
	plan->propagation = MS_REC | MS_PRIVATE;

	optind = 0;
	while ((opt = builtin_getopt(argc, argv, unshare_options)) != -1) {
		switch (opt) {
		case 'm':
		case 'u':
		case 'i':
		case 'n':
		case 'p':
		case 'U':
		case 'C':
		case 'T':
			kind = ns_kind_by_short_opt((char)opt);
			plan->flags |= kind->clone_flag;
			if (optarg)
				plan->persist[kind - ns_kinds] = optarg;
			break;
		case 'f':
			plan->fork = 1;
			break;
		case OPT_KILL_CHILD:
			plan->fork = 1;
			plan->kill_signal = optarg ? parse_signal(optarg) : SIGKILL;
			if (!plan->kill_signal) {
				nsh_error(UNSHARE_CMD,
					  "--kill-child=%s: not a signal: give a name (TERM, KILL) or a "
					  "number from 1 to %d",
					  optarg, NSIG - 1);
				return unshare_usage();
			}
			break;
		case OPT_MOUNT_PROC:
			plan->flags |= CLONE_NEWNS;
			plan->mount_proc = optarg ? optarg : "/proc";
			break;
		case 'r':
			plan->flags |= CLONE_NEWUSER;
			plan->map_user = 0;
			plan->map_group = 0;
			map_current = 0;
			break;
		case 'c':
			plan->flags |= CLONE_NEWUSER;
			map_current = 1;
			break;
		case OPT_MAP_USER:
			plan->flags |= CLONE_NEWUSER;
			plan->map_user = parse_user(optarg);
			if (plan->map_user < 0) {
				nsh_error(UNSHARE_CMD,
					  "--map-user=%s: not a user of this system, nor a uid number",
					  optarg);
				return unshare_usage();
			}
			break;
		case OPT_MAP_GROUP:
			plan->flags |= CLONE_NEWUSER;
			plan->map_group = parse_group(optarg);
			if (plan->map_group < 0) {
				nsh_error(UNSHARE_CMD,
					  "--map-group=%s: not a group of this system, nor a gid number",
					  optarg);
				return unshare_usage();
			}
			break;
		case OPT_SETGROUPS:
			if (strcmp(optarg, "allow") == 0)
				plan->setgroups = SETGROUPS_ALLOW;
			else if (strcmp(optarg, "deny") == 0)
				plan->setgroups = SETGROUPS_DENY;
			else {
				nsh_error(UNSHARE_CMD, "--setgroups=%s: say allow or deny", optarg);
				return unshare_usage();
			}
			break;
		case OPT_PROPAGATION:
			plan->propagation = parse_propagation(optarg);
			if (plan->propagation == PROPAGATION_UNSET) {
				nsh_error(UNSHARE_CMD,
					  "--propagation=%s: not a propagation: say private, shared, slave "
					  "or unchanged",
					  optarg);
				return unshare_usage();
			}
			break;
		case 'R':
			plan->root = optarg;
			break;
		case 'w':
			plan->wd = optarg;
			break;
		case 'S':
			plan->setuid_to = builtin_parse_id(optarg);
			if (plan->setuid_to < 0) {
				nsh_error(UNSHARE_CMD, "--setuid=%s: not a uid number", optarg);
				return unshare_usage();
			}
			break;
		case 'G':
			plan->setgid_to = builtin_parse_id(optarg);
			if (plan->setgid_to < 0) {
				nsh_error(UNSHARE_CMD, "--setgid=%s: not a gid number", optarg);
				return unshare_usage();
			}
			break;
		case OPT_MONOTONIC:
			plan->monotonic = optarg;
			break;
		case OPT_BOOTTIME:
			plan->boottime = optarg;
			break;
		case OPT_TRACE:
			plan->trace = 1;
			break;
		case OPT_KEEP_CAPS:
			plan->keep_caps = 1;
			break;
		case 'h':
			builtin_print_help(builtin_find(UNSHARE_CMD));
			return -1;
		case 'V':
			nsh_out("unshare (nsh builtin) %s\n", NSH_VERSION);
			return -1;
		default: /* '?' and ':' */
			builtin_report_option_error(UNSHARE_CMD, opt, argv);
			return unshare_usage();
		}
	}
	if (map_current) {
		plan->map_user = (long)getuid();
		plan->map_group = (long)getgid();
	}
	/* A gid map implies setgroups "deny" (-r, -c and --map-group), which
	 * an unprivileged process needs before it may write gid_map; an
	 * explicit "allow" contradicts it, in whatever order it came. */
	if (plan->map_group >= 0) {
		if (plan->setgroups == SETGROUPS_ALLOW) {
			nsh_error(UNSHARE_CMD,
				  "--setgroups=allow: not with a gid map (-r, -c, --map-group), which "
				  "needs setgroups denied first (user_namespaces(7))");
			return unshare_usage();
		}
		plan->setgroups = SETGROUPS_DENY;
	}
	if ((plan->monotonic || plan->boottime) && !(plan->flags & CLONE_NEWTIME)) {
		nsh_error(UNSHARE_CMD,
			  "--monotonic/--boottime: they set the clocks of a new time namespace: add -T");
		return unshare_usage();
	}
	if (plan->persist[2] && !plan->fork) { /* ns_kinds[2] is pid */
		nsh_error(UNSHARE_CMD, "a persistent PID namespace (--pid=FILE) needs --fork");
		return unshare_usage();
	}
	plan->argv = optind < argc ? argv + optind : NULL;
	return 0;
}

/* The same parse for `explain unshare ...` (builtins/unshare.h). */
int unshare_parse_args(int argc, char **argv, struct unshare_plan *plan)
{
	return parse_unshare_args(argc, argv, plan);
}

/* In C or G: report a failed step and end this process with status 1, as
 * util-linux does; the namespaces made so far die with it. */
static void die_errno(const char *op, const char *object, int err) __attribute__((noreturn));
static void die_errno(const char *op, const char *object, int err)
{
	nsh_error_errno(UNSHARE_CMD, op, object, err);
	_exit(1);
}

/* Write the id maps of this process's new user namespace, in the order the
 * kernel needs: setgroups first (an unprivileged process may write gid_map
 * only after denying setgroups), then uid_map, then gid_map.  Each map is
 * one line "INSIDE OUTSIDE 1" for the effective ids (user_namespaces(7)). */
static void write_id_maps(const struct unshare_plan *plan, uid_t outer_uid, gid_t outer_gid)
{
	char map[64];
	int rc;

	if (plan->setgroups != SETGROUPS_NONE) {
		rc = sys_write_file("/proc/self/setgroups",
				    plan->setgroups == SETGROUPS_DENY ? "deny" : "allow");
		if (rc < 0)
			die_errno("write setgroups", NULL, -rc);
	}
	if (plan->map_user >= 0) {
		snprintf(map, sizeof map, "%ld %u 1", plan->map_user, (unsigned)outer_uid);
		rc = sys_write_file("/proc/self/uid_map", map);
		if (rc < 0)
			die_errno("write uid_map", NULL, -rc);
	}
	if (plan->map_group >= 0) {
		snprintf(map, sizeof map, "%ld %u 1", plan->map_group, (unsigned)outer_gid);
		rc = sys_write_file("/proc/self/gid_map", map);
		if (rc < 0)
			die_errno("write gid_map", NULL, -rc);
	}
}

/* Offsets of a new time namespace go to /proc/self/timens_offsets before
 * the first process enters it (time_namespaces(7)). */
static void write_time_offsets(const struct unshare_plan *plan)
{
	char line[96];
	int rc;

	if (plan->monotonic) {
		snprintf(line, sizeof line, "monotonic %s 0", plan->monotonic);
		rc = sys_write_file("/proc/self/timens_offsets", line);
		if (rc < 0)
			die_errno("write timens_offsets", NULL, -rc);
	}
	if (plan->boottime) {
		snprintf(line, sizeof line, "boottime %s 0", plan->boottime);
		rc = sys_write_file("/proc/self/timens_offsets", line);
		if (rc < 0)
			die_errno("write timens_offsets", NULL, -rc);
	}
}

/* --TYPE=FILE: keep a namespace alive by bind-mounting its /proc/PID/ns file
 * on FILE (created if missing).  This must be done from outside the new
 * mount namespace, so a helper forked *before* unshare(2) does it once C
 * says the namespaces exist (see finish_persist_helper); C waits for it.
 * For PID and time, the namespace that C made is the one for its children
 * (pid_for_children, time_for_children). */
static pid_t start_persist_helper(const struct unshare_plan *plan, pid_t c_pid, int *go_fd)
{
	int pipefd[2];
	pid_t pid;
	size_t i;
	char byte;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		die_errno("pipe", NULL, errno);
	pid = fork();
	if (pid < 0)
		die_errno("fork", NULL, errno);
	if (pid > 0) {
		close(pipefd[0]);
		*go_fd = pipefd[1];
		return pid;
	}
	close(pipefd[1]);
	if (read(pipefd[0], &byte, 1) != 1)
		_exit(1); /* C failed before unsharing: nothing to bind */
	for (i = 0; i < NS_KIND_COUNT; i++) {
		char source[96];
		const char *link = ns_kinds[i].proc_name;
		int fd, rc;

		if (!plan->persist[i])
			continue;
		if (ns_kinds[i].clone_flag == CLONE_NEWPID)
			link = "pid_for_children";
		else if (ns_kinds[i].clone_flag == CLONE_NEWTIME)
			link = "time_for_children";
		snprintf(source, sizeof source, "/proc/%d/ns/%s", (int)c_pid, link);
		fd = open(plan->persist[i], O_RDONLY | O_CREAT | O_CLOEXEC, 0);
		if (fd < 0)
			die_errno("open", plan->persist[i], errno);
		close(fd);
		rc = sys_mount(source, plan->persist[i], NULL, MS_BIND, NULL);
		if (rc < 0)
			die_errno("mount", plan->persist[i], -rc);
	}
	_exit(0);
}

/* --keep-caps: a process that is not uid 0 in its user namespace loses its
 * capabilities at execve; making every permitted capability inheritable
 * and ambient keeps them (capabilities(7)).  Raw capget/capset, so nsh
 * needs no libcap. */
static void keep_capabilities(void)
{
	struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];
	int cap;

	if (syscall(SYS_capget, &header, data) < 0)
		die_errno("capget", NULL, errno);
	data[0].inheritable = data[0].permitted;
	data[1].inheritable = data[1].permitted;
	if (syscall(SYS_capset, &header, data) < 0)
		die_errno("capset", NULL, errno);
	for (cap = 0; cap < 64; cap++) {
		if (!(data[cap / 32].permitted & (1u << (cap % 32))))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0 && errno != EINVAL)
			die_errno("prctl", "PR_CAP_AMBIENT_RAISE", errno);
	}
}

/* The new mount namespace's setup, util-linux's order: propagation of every
 * mount, then root and working directory, then the proc mount (so that
 * --mount-proc=DIR is inside the new root). */
static void setup_mounts_and_dirs(const struct unshare_plan *plan)
{
	int rc;

	if ((plan->flags & CLONE_NEWNS) && plan->propagation) {
		rc = sys_mount("none", "/", NULL, plan->propagation, NULL);
		if (rc < 0)
			die_errno("mount",
				  plan->propagation & MS_PRIVATE ? "--make-rprivate /"
				  : plan->propagation & MS_SLAVE ? "--make-rslave /"
								 : "--make-rshared /",
				  -rc);
	}
	if (plan->root) {
		rc = sys_chroot(plan->root);
		if (rc < 0)
			die_errno("chroot", plan->root, -rc);
	}
	if (plan->wd || plan->root) {
		const char *dir = plan->wd ? plan->wd : "/";

		rc = sys_chdir(dir);
		if (rc < 0)
			die_errno("chdir", dir, -rc);
	}
	if (plan->mount_proc) {
		/* With the default recursive private propagation the proc
		 * mount point is private already; otherwise make it so, so the
		 * new /proc cannot propagate back (EINVAL: not a mount point). */
		if (!plan->root && plan->propagation != (MS_REC | MS_PRIVATE)) {
			rc = sys_mount("none", plan->mount_proc, NULL, MS_REC | MS_PRIVATE, NULL);
			if (rc < 0 && rc != -EINVAL)
				die_errno("mount", plan->mount_proc, -rc);
		}
		rc = sys_mount("proc", plan->mount_proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
		if (rc < 0)
			die_errno("mount proc", plan->mount_proc, -rc);
	}
	if (plan->setgid_to >= 0) {
		if (setgroups(0, NULL) < 0 && plan->setgroups == SETGROUPS_ALLOW)
			die_errno("setgroups", NULL, errno);
		if (setgid((gid_t)plan->setgid_to) < 0)
			die_errno("setgid", NULL, errno);
	}
	if (plan->setuid_to >= 0 && setuid((uid_t)plan->setuid_to) < 0)
		die_errno("setuid", NULL, errno);
	if (plan->keep_caps && (plan->flags & CLONE_NEWUSER))
		keep_capabilities();
}

/* Run the command, or the nested shell, in this process. */
static void exec_command(struct shell *sh, const struct unshare_plan *plan) __attribute__((noreturn));
static void exec_command(struct shell *sh, const struct unshare_plan *plan)
{
	char *shell_argv[2], self[PATH_MAX];
	char **argv = plan->argv;

	if (!argv) {
		const char *program = getenv("NSH_UNSHARE_SHELL");

		if (!program || !*program) {
			program = sh->self_exe;
			if (!program) {
				ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

				self[n > 0 ? n : 0] = '\0';
				program = n > 0 ? self : "nsh";
			}
		}
		shell_argv[0] = (char *)program;
		shell_argv[1] = NULL;
		argv = shell_argv;
	}
	exec_trace_execve_of(argv[0]);
	fflush(NULL);
	shell_exec_or_die(sh, argv);
}

/* Everything C does; never returns. */
/* Tell the persistence helper to bind the namespace files now, and wait
 * for it.  For a PID namespace this must come after the first fork:
 * /proc/PID/ns/pid_for_children stays empty until the namespace has its
 * first process.  Returns 0, or -1 when the helper failed (it said why). */
static int finish_persist_helper(pid_t helper, int go_fd)
{
	int status;

	if (helper <= 0)
		return 0;
	if (write(go_fd, "x", 1) != 1) {
		nsh_error_errno(UNSHARE_CMD, "write", "helper pipe", errno);
		return -1;
	}
	close(go_fd);
	if (sys_waitpid(helper, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

static void run_unshare_child(struct shell *sh, const struct unshare_plan *plan, uid_t euid, gid_t egid)
    __attribute__((noreturn));
static void run_unshare_child(struct shell *sh, const struct unshare_plan *plan, uid_t euid, gid_t egid)
{
	sigset_t block, saved;
	pid_t helper = 0, child;
	int go_fd = -1, rc, i, persist = 0, alive[2] = {-1, -1};

	for (i = 0; i < NS_KIND_COUNT; i++)
		persist |= plan->persist[i] != NULL;
	if (persist)
		helper = start_persist_helper(plan, getpid(), &go_fd);

	rc = sys_unshare(plan->flags);
	if (rc < 0)
		die_errno("unshare", NULL, -rc);
	write_id_maps(plan, euid, egid);
	write_time_offsets(plan);

	if (!plan->fork) {
		if (finish_persist_helper(helper, go_fd) < 0)
			_exit(1);
		setup_mounts_and_dirs(plan);
		exec_command(sh, plan);
	}

	/* --kill-child: G learns whether C died before PR_SET_PDEATHSIG took
	 * hold from a pipe only C can write: EOF means C is gone. */
	if (plan->kill_signal && pipe2(alive, O_CLOEXEC | O_NONBLOCK) < 0)
		die_errno("pipe", NULL, errno);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &saved);
	child = sys_fork();
	if (child < 0)
		die_errno("fork", NULL, -child);
	if (child == 0) {
		if (go_fd >= 0)
			close(go_fd);
		sigprocmask(SIG_SETMASK, &saved, NULL);
		if (plan->kill_signal) {
			char byte;

			close(alive[1]);
			rc = sys_set_pdeathsig(plan->kill_signal);
			if (rc < 0)
				die_errno("prctl", "PR_SET_PDEATHSIG", -rc);
			if (read(alive[0], &byte, 1) == 0)
				_exit(128 + plan->kill_signal); /* C died first */
			close(alive[0]);
		}
		setup_mounts_and_dirs(plan);
		exec_command(sh, plan);
	}
	if (plan->kill_signal)
		close(alive[0]);
	if (finish_persist_helper(helper, go_fd) < 0) {
		/* No half-made result: the command does not run on. */
		kill(child, SIGKILL);
		sys_waitpid(child, NULL, 0);
		_exit(1);
	}
	exec_wait_and_pass_on(child, (plan->flags & CLONE_NEWPID) ? EXEC_PASS_ON_INIT : 0);
}

int builtin_unshare(struct shell *sh, int argc, char **argv)
{
	struct unshare_plan plan;
	int rc, status, started_trace = 0;
	uid_t euid = geteuid();
	gid_t egid = getegid();
	pid_t child;

	rc = parse_unshare_args(argc, argv, &plan);
	if (rc < 0)
		return 0;
	if (rc > 0)
		return rc;

	if (plan.trace && sys_trace_fd < 0) {
		FILE *err = nsh_stderr ? nsh_stderr : stderr;
		int fd = fileno(err) >= 0 ? fileno(err) : STDERR_FILENO;

		if (sys_trace_set(fd, sys_trace_color_auto(fd)) == 0)
			started_trace = 1;
	}
	fflush(NULL); /* nothing buffered may be written twice by the children */
	child = shell_fork_command(sh);
	if (child < 0) {
		if (started_trace)
			sys_trace_set(-1, 0);
		return nsh_error_errno(UNSHARE_CMD, "fork", NULL, -child);
	}
	if (child == 0) {
		shell_child_setup(sh); /* own process group and the terminal, default signals */
		run_unshare_child(sh, &plan, euid, egid);
	}
	status = shell_wait_foreground(sh, child, UNSHARE_CMD);
	if (started_trace)
		sys_trace_set(-1, 0);
	return status;
}
