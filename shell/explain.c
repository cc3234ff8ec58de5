/* explain: the prediction of what unshare, nsenter and mountproc would do
 * (see explain.h).  The system call lines are built with the trace's own
 * decoders (sys/trace.h), so they read exactly like `--trace` output with
 * symbolic PIDs.  Where the code of a builtin decides the order of its
 * calls, the comments name the function in that builtin's file. */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec.h"
#include "explain.h"
#include "io.h"
#include "session.h"
#include "sys/ns.h"
#include "sys/proc.h"
#include "sys/trace.h"


#define MAX_PID_LEVEL 32 /* pid_namespaces(7): 32 nested levels at most */
#define PROC_MOUNT_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* What each namespace kind isolates, and its man page; by ns_kinds name. */
static const struct {
	const char *name, *what, *page;
} kind_text[] = {
    {"mnt", "a copy of the mount table: mounts made inside stay inside", "mount_namespaces(7)"},
    {"net", "network devices, addresses, routes and ports of its own: only a loopback device, down",
     "network_namespaces(7)"},
    {"pid",
     "PIDs of its own: the first process created in it is its PID 1 (its init), and it "
     "sees none of its ancestors' processes",
     "pid_namespaces(7)"},
    {"uts", "a hostname and domain name of its own", "uts_namespaces(7)"},
    {"ipc", "System V IPC objects and POSIX message queues of its own", "ipc_namespaces(7)"},
    {"user",
     "user and group IDs of its own (uid_map, gid_map); its creator holds every "
     "capability over the namespaces it owns",
     "user_namespaces(7)"},
    {"cgroup", "its current cgroup shown as the root of /proc/self/cgroup", "cgroup_namespaces(7)"},
    {"time", "offsets of its own for CLOCK_MONOTONIC and CLOCK_BOOTTIME (for its children)",
     "time_namespaces(7)"},
};

static const char *kind_what(const struct ns_kind *k, int page)
{
	for (size_t i = 0; i < sizeof kind_text / sizeof kind_text[0]; i++)
		if (strcmp(kind_text[i].name, k->name) == 0)
			return page ? kind_text[i].page : kind_text[i].what;
	return "";
}

/* ---- the live facts ------------------------------------------------------ */

/* A small file into buf without its newline; 0 if it cannot be read. */
static int read_line_file(const char *path, char *buf, size_t len)
{
	ssize_t n = proc_read_small_at(AT_FDCWD, path, buf, len);

	if (n <= 0)
		return 0;
	buf[strcspn(buf, "\n")] = '\0';
	return 1;
}

static ino_t inode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* CAP_SYS_ADMIN (bit 21) in the CapEff line of /proc/self/status. */
static int has_cap_sys_admin(void)
{
	char buf[4096], *line;
	ssize_t n = proc_read_small_at(AT_FDCWD, "/proc/self/status", buf, sizeof buf);

	if (n <= 0 || !(line = strstr(buf, "\nCapEff:")))
		return 0;
	return (strtoull(line + 8, NULL, 16) >> 21) & 1;
}

/* May this process use CAP_SYS_ADMIN over the namespace at `link` (its own
 * pid or mnt namespace)?  The kernel asks for the capability in the user
 * namespace that owns it: ours, or one below ours (ioctl_ns(2):
 * NS_GET_USERNS, then NS_GET_PARENT upwards until ours, or EPERM once the
 * walk leaves our scope).  Plain ioctls, not the traced wrappers: explain
 * only looks, and its looking must not show up as the command's calls. */
static int capable_over(const char *link, int cap)
{
	struct stat st;
	ino_t ours = inode_of("/proc/self/ns/user");
	int fd = open(link, O_RDONLY | O_CLOEXEC), owner, parent, steps;

	if (fd < 0 || !ours) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	owner = ioctl(fd, NS_GET_USERNS);
	close(fd);
	if (owner < 0)
		return errno == EPERM ? 0 : -1; /* EPERM: the owner is above our user namespace */
	for (steps = 0; steps < 64; steps++) {
		if (fstat(owner, &st) < 0)
			break;
		if (st.st_ino == ours) {
			close(owner);
			return cap;
		}
		parent = ioctl(owner, NS_GET_PARENT);
		close(owner);
		if (parent < 0)
			return 0; /* the owner is not below us: no capability there */
		owner = parent;
	}
	close(owner);
	return -1;
}

/* Where the shell's children go (see enum explain_children).  The kernel
 * shows pid_for_children only once the namespace has its first process. */
static void read_children(struct explain_facts *f)
{
	char own[64], kids[64];
	ssize_t a = readlink("/proc/self/ns/pid", own, sizeof own - 1);
	ssize_t b = readlink("/proc/self/ns/pid_for_children", kids, sizeof kids - 1);
	const char *const names[] = {"pid"};
	struct proc_ns_scan scan;
	ino_t want;

	f->children = CHILDREN_HERE;
	f->children_init = 0;
	if (a <= 0)
		return;
	own[a] = '\0';
	if (b <= 0) {
		f->children = errno == ENOENT ? CHILDREN_EMPTY : CHILDREN_HERE;
		return;
	}
	kids[b] = '\0';
	if (strcmp(own, kids) == 0)
		return;
	want = inode_of("/proc/self/ns/pid_for_children");
	f->children = CHILDREN_DEAD;
	if (!want || proc_scan_ns("/proc", names, 1, &scan) < 0)
		return;
	for (size_t i = 0; i < scan.n; i++) {
		struct proc_status st;

		if (scan.procs[i].ns[0] != want)
			continue;
		f->children = CHILDREN_ALIVE;
		if (proc_read_status("/proc", scan.procs[i].pid, &st) == 0 && st.nstgid_len > 0 &&
		    st.nstgid[st.nstgid_len - 1] == 1)
			f->children_init = scan.procs[i].pid;
	}
	proc_ns_scan_free(&scan);
}

void explain_read_facts(struct explain_facts *f, const char *self_exe)
{
	char value[64], path[96];
	struct proc_status st;
	int depth;
	const char *shell = getenv("NSH_UNSHARE_SHELL");

	memset(f, 0, sizeof *f);
	f->uid = getuid();
	f->euid = geteuid();
	f->gid = getgid();
	f->egid = getegid();
	f->cap_sys_admin = has_cap_sys_admin();
	f->initial_userns = inode_of("/proc/self/ns/user") == 0xEFFFFFFDu; /* PROC_USER_INIT_INO */
	f->pid_level = -1;
	{
		/* /proc/self, not /proc/getpid(): a contaminated /proc names us otherwise */
		char buf[8192];
		ssize_t n = proc_read_small_at(AT_FDCWD, "/proc/self/status", buf, sizeof buf);

		if (n > 0 && proc_parse_status(buf, (size_t)n, &st) == 0 && st.nstgid_len > 0)
			f->pid_level = st.nstgid_len - 1;
	}
	depth = session_pid_depth();
	if (depth > f->pid_level)
		f->pid_level = depth;
	f->start_mnt = session_same_ns("mnt");
	f->pidns_capable = capable_over("/proc/self/ns/pid", f->cap_sys_admin);
	f->mntns_capable = capable_over("/proc/self/ns/mnt", f->cap_sys_admin);
	f->setgroups_denied =
	    read_line_file("/proc/self/setgroups", value, sizeof value) && strcmp(value, "deny") == 0;
	read_children(f);
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		snprintf(path, sizeof path, "/proc/sys/user/max_%s_namespaces", ns_kinds[i].name);
		if (read_line_file(path, value, sizeof value) && strcmp(value, "0") == 0)
			f->max_zero |= 1u << i;
	}
	f->userns_clone_off =
	    read_line_file("/proc/sys/kernel/unprivileged_userns_clone", value, sizeof value) &&
	    strcmp(value, "0") == 0;
	f->path = getenv("PATH");
	f->nested_shell = shell && *shell ? shell : self_exe ? self_exe : "nsh";
}

void explain_read_target(struct explain_target *t, pid_t pid)
{
	char path[96];
	int fd;

	memset(t, 0, sizeof *t);
	t->pid = pid;
	t->exists = kill(pid, 0) == 0 || errno == EPERM;
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		struct stat st;

		snprintf(path, sizeof path, "/proc/self/ns/%s", ns_kinds[i].proc_name);
		t->self[i] = inode_of(path);
		snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, ns_kinds[i].proc_name);
		if (stat(path, &st) == 0)
			t->ns[i] = st.st_ino;
		else if (!t->ns_err && errno != ENOENT)
			t->ns_err = errno;
		else if (!t->ns_err && errno == ENOENT && !t->exists)
			t->ns_err = ESRCH;
	}
	snprintf(path, sizeof path, "/proc/%d/ns/user", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		t->user_owner_known = ioctl(fd, NS_GET_OWNER_UID, &t->user_owner) == 0;
		close(fd);
	}
}

void explain_read_dir(struct explain_dir *d, const char *path)
{
	struct stat st;

	d->stat_err = stat(path, &st) < 0 ? errno : 0;
	d->is_dir = !d->stat_err && S_ISDIR(st.st_mode);
}

/* ---- output helpers -------------------------------------------------------- */

static void section(const char *title)
{
	nsh_out("\n%s\n", title);
}

/* "  [<who>] TEXT" */
static void __attribute__((format(printf, 2, 3))) call(const char *who, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	nsh_out("  [<%s>] %s\n", who, text);
}

static const char *result(long rc, char *buf, size_t len)
{
	return sys_trace_result(rc, buf, len);
}

/* mount(...) as the trace prints it. */
static void call_mount(const char *who, const char *source, const char *target, const char *fstype,
		       unsigned long flags, int rc)
{
	char src[256], tgt[256], fs[64], fl[256], res[128];

	call(who, "mount(%s, %s, %s, %s) %s", sys_trace_quote(source, src, sizeof src),
	     sys_trace_quote(target, tgt, sizeof tgt), sys_trace_quote(fstype, fs, sizeof fs),
	     sys_trace_mount_flags(flags, fl, sizeof fl), result(rc, res, sizeof res));
}

static void call_write(const char *who, const char *path, const char *data, int rc)
{
	char dat[256], res[128];

	call(who, "write(%s, %s) %s", path, sys_trace_quote(data, dat, sizeof dat),
	     result(rc ? rc : (long)strlen(data), res, sizeof res));
}

/* The program unshare and nsenter will run, for the execve line: the
 * shell's own PATH search (exec.c), in the PATH of the facts. */
static const char *program_path(const char *name, const char *path, char *buf, size_t len)
{
	char *found = NULL;

	if (exec_search_path(name, path, &found) == 0)
		snprintf(buf, len, "%s", found);
	else
		snprintf(buf, len, "%s", name);
	free(found);
	return buf;
}

static void words(int argc, char **argv, int from)
{
	for (int i = from; i < argc; i++)
		nsh_out("%s%s", i > from ? " " : "", argv[i]);
}

/* The outcome line; `fails` chooses its first word. */
static int __attribute__((format(printf, 2, 3))) outcome(int fails, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	nsh_out("\nOutcome: %s: %s\n", fails ? "fails" : "ok", text);
	return fails;
}

static const char *errno_name(int err)
{
	switch (err) {
	case EPERM:
		return "EPERM";
	case ENOSPC:
		return "ENOSPC";
	case ENOMEM:
		return "ENOMEM";
	case ESRCH:
		return "ESRCH";
	case EINVAL:
		return "EINVAL";
	case EACCES:
		return "EACCES";
	case ENOENT:
		return "ENOENT";
	case ENOTDIR:
		return "ENOTDIR";
	case EBUSY:
		return "EBUSY";
	default:
		return "an error";
	}
}

/* ---- unshare --------------------------------------------------------------- */

/* Why unshare(2) would fail here with these flags; 0 if it would not. */
static int unshare_errno(unsigned long flags, const struct explain_facts *f, const char **why)
{
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		if ((flags & ns_kinds[i].clone_flag) && (f->max_zero & (1u << i))) {
			*why = "a max_*_namespaces sysctl is 0 here (see /proc/sys/user)";
			return ENOSPC;
		}
	}
	if ((flags & CLONE_NEWPID) && f->pid_level >= MAX_PID_LEVEL) {
		*why = "this shell is already 32 PID namespaces below the initial one, the most the kernel "
		       "allows: a 33rd level is refused";
		return ENOSPC;
	}
	if ((flags & CLONE_NEWUSER) && f->euid != 0 && f->userns_clone_off) {
		*why =
		    "kernel.unprivileged_userns_clone is 0: unprivileged users may not make user namespaces";
		return EPERM;
	}
	if ((flags & ~(unsigned long)CLONE_NEWUSER) && !(flags & CLONE_NEWUSER) && !f->cap_sys_admin) {
		*why = "without -U, every other namespace needs CAP_SYS_ADMIN, which you do not hold here "
		       "(you are not root in this user namespace); add -U (or -r)";
		return EPERM;
	}
	return 0;
}

/* What the new or old PID namespace means for the student afterwards. */
static void unshare_afterwards(const struct unshare_plan *p, const struct explain_facts *f,
			       int pidns_new_for_cmd)
{
	const char *cmd = p->argv ? p->argv[0] : "the nested nsh";

	if (!p->argv)
		nsh_out("  - no COMMAND: a nested nsh starts (%s); `exit` comes back to this shell, and the "
			"namespaces end with their last process.\n",
			f->nested_shell);
	if ((p->flags & CLONE_NEWPID) && p->fork)
		nsh_out(
		    "  - %s is PID 1 of the new PID namespace (`echo $$` says 1).  When it exits, the kernel "
		    "kills every other process left in that namespace.\n",
		    cmd);
	if ((p->flags & CLONE_NEWPID) && !p->fork) {
		if (p->argv)
			nsh_out("  - without -f, %s stays OUTSIDE the new PID namespace: only its children "
				"go in.  "
				"Its first child becomes PID 1 there; once that child exits the namespace is "
				"dead, "
				"and every later fork of %s fails with ENOMEM (Cannot allocate memory).\n",
				cmd, cmd);
		else
			nsh_out("  - without -f, the nested shell stays OUTSIDE the new PID namespace: its "
				"first child "
				"(the first command you run) becomes PID 1 there, and once it exits every "
				"later fork "
				"fails with ENOMEM: `fork: Cannot allocate memory` on every command but "
				"builtins.  "
				"Use -f.\n");
	}
	if ((p->flags & CLONE_NEWPID) && !p->mount_proc)
		nsh_out(
		    "  - /proc is still the old one (the \"contaminated /proc\"): ps -ef lists the processes "
		    "of the outer namespace with their outer PIDs, and kill cannot reach them.  Mount a new "
		    "one with --mount-proc, or `mountproc` inside%s.\n",
		    p->flags & CLONE_NEWNS ? "" : " (that needs a new mount namespace too: add -m)");
	if (p->mount_proc)
		nsh_out("  - a new proc is mounted on %s%s: ps -ef shows %s.\n", p->mount_proc,
			p->flags & CLONE_NEWNS
			    ? " in the new mount namespace, private, so the host never sees it"
			    : "",
			pidns_new_for_cmd
			    ? "only the new namespace's processes, PID 1 first"
			    : "the same processes as before (without -pf the new proc shows the old PID "
			      "namespace)");
	if (p->flags & CLONE_NEWUSER) {
		if (p->map_user >= 0)
			nsh_out("  - inside the user namespace you are uid %ld%s (outside still uid %u): ",
				p->map_user, p->map_user == 0 ? " (root)" : "", (unsigned)f->euid);
		else
			nsh_out("  - no uid map: inside you are uid 65534 (the overflow id, \"nobody\"): ");
		nsh_out("%s\n",
			"the new namespaces belong to the new user namespace, so you may mount, set the "
			"hostname... there, but nothing outside it.");
		if (p->map_user > 0)
			nsh_out("  - -r and --map-user both set the uid inside; the later one wins: you are "
				"uid %ld, "
				"not root, and after execve a non-root uid keeps no capabilities: mount, "
				"sethostname... fail with EPERM unless --keep-caps.\n",
				p->map_user);
	}
	if (p->flags & CLONE_NEWNS)
		nsh_out(
		    "  - the mount namespace is a copy; with --propagation %s nothing mounted inside reaches "
		    "the outside%s.\n",
		    p->propagation == (MS_REC | MS_PRIVATE)  ? "private (the default)"
		    : p->propagation == (MS_REC | MS_SLAVE)  ? "slave"
		    : p->propagation == (MS_REC | MS_SHARED) ? "shared"
							     : "unchanged",
		    p->propagation == (MS_REC | MS_SHARED) || p->propagation == 0
			? " -- except through shared mounts, which stay peers of the outside"
			: "");
	if (p->flags & CLONE_NEWUTS)
		nsh_out("  - `hostname NAME` inside changes only the new UTS namespace.\n");
	if (p->flags & CLONE_NEWNET)
		nsh_out("  - the new network namespace has only lo, down: no network inside.\n");
	if (p->root)
		nsh_out("  - -R: the command sees %s as / (chroot), and starts in it.\n", p->root);
	if (p->wd)
		nsh_out("  - -w: the command starts in %s.\n", p->wd);
	if (p->setuid_to >= 0 || p->setgid_to >= 0)
		nsh_out("  - -S/-G: setgroups, setgid and setuid (not traced) make the command uid %ld, gid "
			"%ld inside%s.\n",
			p->setuid_to, p->setgid_to,
			(p->flags & CLONE_NEWUSER) ? "; the ids must be mapped, or the call fails with EINVAL"
						   : "");
	if (p->keep_caps)
		nsh_out("  - --keep-caps: the capabilities of the new user namespace are made ambient, so a "
			"command "
			"that is not uid 0 inside keeps them across execve (capget/capset, not traced).\n");
	if (p->flags & CLONE_NEWTIME)
		nsh_out(
		    "  - unshare(CLONE_NEWTIME) does not move <child> itself: the new time namespace is for "
		    "its "
		    "children (/proc/PID/ns/time_for_children)%s; inside, CLOCK_MONOTONIC and CLOCK_BOOTTIME "
		    "read with the offsets given.\n",
		    p->fork ? ", and with -f the command is one" : "");
	if (p->kill_signal)
		nsh_out("  - --kill-child: if <child> dies, the kernel sends %s to the forked process "
			"(PR_SET_PDEATHSIG).\n",
			sigabbrev_np(p->kill_signal) ? sigabbrev_np(p->kill_signal) : "the signal");
	for (size_t i = 0; i < NS_KIND_COUNT; i++)
		if (p->persist[i])
			nsh_out("  - the %s namespace is bind-mounted on %s and outlives the command; "
				"`umount %s` lets it go.\n",
				ns_kinds[i].name, p->persist[i], p->persist[i]);
}

/* The mounts and directories of unshare.c's setup_mounts_and_dirs, by `who`.
 * Returns 0, or the errno of the first failing call (after printing it). */
static int unshare_setup_calls(const struct unshare_plan *p, const struct explain_facts *f, const char *who,
			       int proc_capable, const char **failed_op, const char **failed_object)
{
	struct explain_dir d;
	char res[128], q[256];
	int rc;

	if ((p->flags & CLONE_NEWNS) && p->propagation)
		call_mount(who, "none", "/", NULL, p->propagation, 0);
	if (p->root) {
		explain_read_dir(&d, p->root);
		rc = d.stat_err ? -d.stat_err : 0;
		if (!rc && !(p->flags & CLONE_NEWUSER) && !f->cap_sys_admin && f->euid != 0)
			rc = -EPERM;
		call(who, "chroot(%s) %s", sys_trace_quote(p->root, q, sizeof q),
		     result(rc, res, sizeof res));
		if (rc) {
			*failed_op = "chroot";
			*failed_object = p->root;
			return -rc;
		}
	}
	if (p->wd || p->root) {
		const char *dir = p->wd ? p->wd : "/";

		rc = 0;
		if (!p->root) {
			explain_read_dir(&d, dir);
			rc = d.stat_err ? -d.stat_err : d.is_dir ? 0 : -ENOTDIR;
		}
		call(who, "chdir(%s) %s", sys_trace_quote(dir, q, sizeof q), result(rc, res, sizeof res));
		if (rc) {
			*failed_op = "chdir";
			*failed_object = dir;
			return -rc;
		}
	}
	if (p->mount_proc) {
		if (!p->root && p->propagation != (MS_REC | MS_PRIVATE))
			call(
			    who,
			    "mount(\"none\", %s, NULL, MS_REC|MS_PRIVATE) = 0 (or -1 EINVAL when it is not a "
			    "mount point, which unshare ignores)",
			    sys_trace_quote(p->mount_proc, q, sizeof q));
		rc = proc_capable ? 0 : -EPERM;
		call_mount(who, "proc", p->mount_proc, "proc", PROC_MOUNT_FLAGS, rc);
		if (rc) {
			*failed_op = "mount proc";
			*failed_object = p->mount_proc;
			return EPERM;
		}
	}
	return 0;
}

int explain_unshare(const struct unshare_plan *p, const struct explain_facts *f, int argc, char **argv)
{
	const char *who_c = "child", *who_g, *why = NULL, *failed_op = NULL, *failed_object = NULL;
	char res[128], fl[256], line[128], where[4096];
	int err, pidns_new_for_cmd = (p->flags & CLONE_NEWPID) && p->fork, proc_capable, persisted = 0;
	const char *program;

	nsh_out("explain: ");
	words(argc, argv, 0);
	nsh_out("\n(nothing runs now; this is what nsh's unshare would do here, as uid %u)\n",
		(unsigned)f->euid);

	section("Namespaces:");
	if (!p->flags)
		nsh_out("  none: no namespace option, so the command runs where this shell is.\n");
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		const struct ns_kind *k = &ns_kinds[i];

		if (!(p->flags & k->clone_flag))
			continue;
		nsh_out("  -%c, --%-7s a new %s namespace: %s.\n", k->short_opt, k->long_opt, k->name,
			kind_what(k, 0));
	}
	if ((p->flags & CLONE_NEWUSER) && (p->flags & ~(unsigned long)CLONE_NEWUSER))
		nsh_out("  The kernel makes the user namespace first; the others belong to it.\n");

	/* The PID namespace the process that mounts proc is in decides who
	 * may mount it: the new one (owned by the new user namespace, or by
	 * ours) with -pf; otherwise this shell's own, owned by ours or above. */
	if (pidns_new_for_cmd)
		proc_capable = (p->flags & CLONE_NEWUSER) || f->cap_sys_admin;
	else
		proc_capable = !(p->flags & CLONE_NEWUSER) && f->pidns_capable == 1;

	section("System calls, in order (as `unshare --trace` prints them; <nsh> is this shell):");
	if (f->children == CHILDREN_DEAD) {
		call("nsh", "fork() %s", result(-ENOMEM, res, sizeof res));
		nsh_out("  nsh: unshare: fork: Cannot allocate memory\n");
		return outcome(1,
			       "this shell's children go to a PID namespace whose PID 1 has exited (this "
			       "shell came from `unshare -p` without -f): fork() = -1 ENOMEM before anything "
			       "else.  Exit this shell and use -f.");
	}
	call("nsh", "fork() = <child>%s",
	     f->children == CHILDREN_EMPTY ? "  (PID 1 in the new PID namespace: this shell's children go "
					     "to the namespace its unshare -p made)"
					   : "");
	nsh_out("  <child> plays util-linux's unshare: the shell itself never changes namespace.\n");
	err = unshare_errno(p->flags, f, &why);
	call(who_c, "unshare(%s) %s", sys_trace_clone_flags(p->flags, fl, sizeof fl),
	     result(-err, res, sizeof res));
	if (err) {
		nsh_out("  nsh: unshare: unshare: %s\n", strerror(err));
		return outcome(1, "unshare(2) = -1 %s: %s.", errno_name(err), why);
	}
	if (p->setgroups != SETGROUPS_NONE) {
		int rc = p->setgroups == SETGROUPS_ALLOW && f->setgroups_denied ? -EPERM : 0;

		call_write(who_c, "/proc/self/setgroups", p->setgroups == SETGROUPS_DENY ? "deny" : "allow",
			   rc);
		if (rc) {
			nsh_out("  nsh: unshare: write setgroups: Operation not permitted\n");
			return outcome(
			    1, "setgroups \"allow\" is refused (EPERM) where the outer user namespace "
			       "already denies setgroups.");
		}
	}
	if (p->map_user >= 0) {
		snprintf(line, sizeof line, "%ld %u 1", p->map_user, (unsigned)f->euid);
		call_write(who_c, "/proc/self/uid_map", line, 0);
	}
	if (p->map_group >= 0) {
		snprintf(line, sizeof line, "%ld %u 1", p->map_group, (unsigned)f->egid);
		call_write(who_c, "/proc/self/gid_map", line, 0);
	}
	if (p->monotonic) {
		snprintf(line, sizeof line, "monotonic %s 0", p->monotonic);
		call_write(who_c, "/proc/self/timens_offsets", line, 0);
	}
	if (p->boottime) {
		snprintf(line, sizeof line, "boottime %s 0", p->boottime);
		call_write(who_c, "/proc/self/timens_offsets", line, 0);
	}
	who_g = who_c;
	if (p->fork) {
		who_g = (p->flags & CLONE_NEWPID) ? "pid1" : "grandchild";
		call(who_c, "fork() = <%s>%s", who_g,
		     (p->flags & CLONE_NEWPID) ? "  (PID 1 in the new PID namespace)" : "");
		if (p->kill_signal) {
			char sig[32];

			call(who_g, "prctl(PR_SET_PDEATHSIG, %s) = 0",
			     sys_trace_signal(p->kill_signal, sig, sizeof sig));
		}
	}
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		char src[96];

		if (!p->persist[i])
			continue;
		snprintf(src, sizeof src, "/proc/<child>/ns/%s",
			 ns_kinds[i].clone_flag == CLONE_NEWPID	   ? "pid_for_children"
			 : ns_kinds[i].clone_flag == CLONE_NEWTIME ? "time_for_children"
								   : ns_kinds[i].proc_name);
		call("helper",
		     "mount(\"%s\", \"%s\", NULL, MS_BIND) = 0  (a helper forked before unshare, outside)",
		     src, p->persist[i]);
		persisted = 1;
	}
	if (persisted)
		call(who_c, "waitpid(<helper>) = <helper>  (exit status 0)%s",
		     p->fork ? "  (these three lines may come between <pid1>'s)" : "");
	err = unshare_setup_calls(p, f, who_g, proc_capable, &failed_op, &failed_object);
	if (err) {
		nsh_out("  nsh: unshare: %s %s: %s\n", failed_op, failed_object, strerror(err));
		if (p->fork)
			call(who_c, "waitpid(<%s>) = <%s>  (exit status 1)", who_g, who_g);
		if (p->mount_proc && failed_object == p->mount_proc)
			return outcome(
			    1,
			    "mount proc = -1 EPERM: a procfs may be mounted only by a process whose user "
			    "namespace owns the PID namespace it would show.  %s",
			    (p->flags & CLONE_NEWUSER) ? "Here the process is in the new user namespace but "
							 "still in the old PID namespace, which the new "
							 "one does not own: add -p and -f."
						       : "Here this user namespace does not own "
							 "the PID namespace.");
		return outcome(1, "%s %s = -1 %s (%s).", failed_op, failed_object, errno_name(err),
			       strerror(err));
	}
	if (p->argv)
		program = program_path(p->argv[0], f->path, where, sizeof where);
	else
		program = f->nested_shell;
	call(who_g, "execve(\"%s\", ...)", program);
	if (p->fork)
		call(who_c, "waitpid(<%s>) = <%s>  (when it ends; its status becomes unshare's)", who_g,
		     who_g);

	section("Afterwards:");
	unshare_afterwards(p, f, pidns_new_for_cmd);

	section("The same with util-linux:");
	nsh_out("  ");
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--trace") != 0 || (p->argv && argv + i >= p->argv))
			nsh_out("%s%s", i ? " " : "", argv[i]);
	nsh_out("%s\n", p->argv ? "" : "    (util-linux starts $SHELL instead of a nested nsh)");

	section("Read:");
	nsh_out("  unshare(1), unshare(2), namespaces(7)");
	for (size_t i = 0; i < NS_KIND_COUNT; i++)
		if (p->flags & ns_kinds[i].clone_flag)
			nsh_out(", %s", kind_what(&ns_kinds[i], 1));
	if (p->mount_proc)
		nsh_out(", proc(5), mount(2)");
	if (p->fork)
		nsh_out(", fork(2)");
	nsh_out("\n");

	if ((p->flags & CLONE_NEWPID) && !p->fork && p->argv)
		return outcome(
		    1,
		    "%s runs, but outside the new PID namespace: its first child is PID 1 there, "
		    "and after that child exits the next fork() = -1 ENOMEM (Cannot allocate memory).",
		    p->argv[0]);
	if ((p->flags & CLONE_NEWPID) && !p->fork)
		return outcome(1,
			       "the nested shell starts outside the new PID namespace; the first command it "
			       "runs is PID 1 there, and every command after it fails with fork: Cannot "
			       "allocate memory (ENOMEM).");
	if (p->map_user > 0 && (p->flags & CLONE_NEWUSER))
		return outcome(0, "it runs, as uid %ld inside (not root).", p->map_user);
	if (f->children == CHILDREN_EMPTY)
		return outcome(
		    0, "it runs, and <child> becomes PID 1 of the PID namespace this shell's children go to; "
		       "once it exits that namespace is dead and every later fork of this shell fails "
		       "with ENOMEM.");
	return outcome(0, "%s runs%s%s.", p->argv ? p->argv[0] : "a nested nsh",
		       pidns_new_for_cmd ? " as PID 1 of a new PID namespace" : "",
		       p->mount_proc ? ", with its own /proc" : "");
}

/* ---- nsenter ----------------------------------------------------------------- */

/* nsenter.c's enter_order: the user namespace first, the mount one late. */
static const char *const nsenter_order[] = {"user", "cgroup", "ipc", "uts", "net", "pid", "mnt", "time"};

/* Whether entering `flags` of the target is allowed: root of the initial
 * user namespace may enter anything; otherwise the target's user namespace
 * must be one we own (its creator was our euid) and be entered too, since
 * the other namespaces need CAP_SYS_ADMIN in their owner (setns(2)). */
static int nsenter_errno(unsigned long flags, const struct explain_target *t, const struct explain_facts *f,
			 const char **why)
{
	size_t user = 5; /* ns_kinds[5] is user */

	if ((flags & CLONE_NEWUSER) && t->ns[user] && t->ns[user] == t->self[user]) {
		*why =
		    "you are already in that user namespace, and setns(2) refuses to re-enter one's own user "
		    "namespace: leave out -U (--all skips it by itself)";
		return EINVAL;
	}
	if (f->cap_sys_admin && f->initial_userns)
		return 0;
	if (flags & CLONE_NEWUSER) {
		if (t->user_owner_known && t->user_owner == f->euid)
			return 0;
		*why = "its user namespace was made by another user: you hold no capability there";
		return EPERM;
	}
	if (flags && !f->cap_sys_admin) {
		*why =
		    "entering a namespace needs CAP_SYS_ADMIN in the user namespace that owns it; without -U "
		    "(or -a on a process of another user namespace) you do not have it";
		return EPERM;
	}
	return 0;
}

int explain_nsenter(const struct nsenter_request *r, const struct explain_target *t,
		    const struct explain_facts *f, int argc, char **argv)
{
	unsigned long flags = r->from_target, entered;
	char res[128], fl[256], kinds[256], where[4096];
	const char *why = NULL, *who = "child";
	int err, next_fd = 3, pidfd = -1, any_file = 0, fd_of[NS_KIND_COUNT] = {0}, pid_differs = 0,
		 mnt_entered = 0;
	size_t used = 0;

	nsh_out("explain: ");
	words(argc, argv, 0);
	nsh_out("\n(nothing runs now; this is what nsh's nsenter would do here, as uid %u)\n",
		(unsigned)f->euid);

	section("Namespaces entered:");
	if (r->all) {
		if (t->ns_err == 0)
			for (size_t i = 0; i < NS_KIND_COUNT; i++)
				if (!r->ns_file[i] && t->ns[i] && t->ns[i] != t->self[i])
					flags |= ns_kinds[i].clone_flag;
		nsh_out("  -a, --all   every namespace of PID %d that differs from this shell's: %s\n",
			(int)t->pid,
			t->ns_err ? "(cannot tell: its /proc/PID/ns/ links are not readable here)"
			: flags	  ? sys_trace_clone_flags(flags, fl, sizeof fl)
				  : "none (it is where this shell is)");
	}
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		const struct ns_kind *k = &ns_kinds[i];

		any_file |= r->ns_file[i] != NULL;
		if (r->ns_file[i])
			nsh_out("  --%s=%s   the %s namespace that file names: %s.\n", k->long_opt,
				r->ns_file[i], k->name, kind_what(k, 0));
		else if (flags & k->clone_flag)
			nsh_out("  %s: %s namespace %s of PID %d (%s): %s.\n", k->long_opt, k->name,
				t->ns[i] ? "" : "", (int)t->pid,
				t->ns[i] == t->self[i] && t->ns[i] ? "the same as this shell's"
								   : "not this shell's",
				kind_what(k, 0));
	}

	section("System calls, in order (as `set -o trace` prints them; --trace leaves out the first line):");
	if (f->children == CHILDREN_DEAD) {
		call("nsh", "fork() %s", result(-ENOMEM, res, sizeof res));
		return outcome(1, "this shell's children go to a dead PID namespace: fork() = -1 ENOMEM.");
	}
	call("nsh", "fork() = <child>");
	if (r->target) {
		if (!t->exists) {
			call(who, "pidfd_open(%d, 0) %s", (int)t->pid, result(-ESRCH, res, sizeof res));
			nsh_out("  nsh: nsenter: pidfd_open %d: No such process\n", (int)t->pid);
			return outcome(1,
				       "pidfd_open = -1 ESRCH: there is no process %d in this PID namespace "
				       "(gone, or outside it: a namespace cannot see its ancestors).",
				       (int)t->pid);
		}
		pidfd = next_fd++;
		call(who, "pidfd_open(%d, 0) = %d", (int)t->pid, pidfd);
		if (r->all && t->ns_err) {
			nsh_out("  nsh: nsenter: open namespace /proc/%d/ns/mnt: %s\n", (int)t->pid,
				strerror(t->ns_err));
			return outcome(
			    1,
			    "open namespace = -1 %s: the /proc/PID/ns/ links of another user's process "
			    "are readable only with ptrace rights (root, or the same user).",
			    errno_name(t->ns_err));
		}
	}
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		struct stat st;
		char desc[160];

		if (!r->ns_file[i])
			continue;
		if (stat(r->ns_file[i], &st) < 0) {
			nsh_out("  nsh: nsenter: open %s: %s\n", r->ns_file[i], strerror(errno));
			return outcome(1, "open %s = -1 %s.", r->ns_file[i], errno_name(errno));
		}
		fd_of[i] = next_fd++;
		snprintf(desc, sizeof desc, "%d<%s:[%lu]>", fd_of[i], ns_kinds[i].proc_name,
			 (unsigned long)st.st_ino);
		call(who, "ioctl(%s, NS_GET_NSTYPE) = %lu", desc, ns_kinds[i].clone_flag);
	}
	entered = flags;
	for (size_t i = 0; i < NS_KIND_COUNT; i++)
		if (r->ns_file[i])
			entered |= ns_kinds[i].clone_flag;
	err = nsenter_errno(entered, t, f, &why);
	if (flags && pidfd >= 0 && !any_file) {
		call(who, "setns(%d<anon_inode:[pidfd]>, %s) %s", pidfd,
		     sys_trace_clone_flags(flags, fl, sizeof fl),
		     result(err == EINVAL ? -EINVAL : -err, res, sizeof res));
		if (err == EINVAL)
			nsh_out(
			    "  (EINVAL: nsenter then tries the /proc/%d/ns/ files one by one, user first)\n",
			    (int)t->pid);
		else if (err) {
			nsh_out("  nsh: nsenter: setns %s of %d: %s\n", "...", (int)t->pid, strerror(err));
			return outcome(1, "setns = -1 %s: %s.", errno_name(err), why);
		}
	}
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		struct stat st;

		if (ns_kinds[i].clone_flag != CLONE_NEWPID || !(entered & CLONE_NEWPID))
			continue;
		if (r->ns_file[i])
			pid_differs = stat(r->ns_file[i], &st) == 0 && st.st_ino != t->self[i];
		else
			pid_differs = t->ns[i] != t->self[i];
		if (r->ns_file[i] && !t->self[i])
			pid_differs = 1; /* no target read: assume another namespace */
	}
	if (err == EINVAL || (flags && (pidfd < 0 || any_file)) || (any_file && !flags)) {
		/* nsenter_child's descriptors: the nested shell's binary and the
		 * -r/-w directories are opened before the target's ns files */
		next_fd += (!r->command || !r->command[0]) + (r->root_source != NSENTER_DIR_NONE) +
			   (r->wd_source != NSENTER_DIR_NONE || r->root_source != NSENTER_DIR_NONE);
		for (size_t i = 0; i < NS_KIND_COUNT; i++)
			if (!r->ns_file[i] && (flags & ns_kinds[i].clone_flag))
				fd_of[i] = next_fd++;
		for (int pass = 0; pass < 2; pass++)
			for (size_t o = 0; o < sizeof nsenter_order / sizeof nsenter_order[0]; o++)
				for (size_t i = 0; i < NS_KIND_COUNT; i++) {
					const struct ns_kind *k = &ns_kinds[i];
					int fail = err && (k->clone_flag == CLONE_NEWUSER || err != EINVAL);
					char file[PATH_MAX], file_desc[96];
					struct stat st;
					ino_t ino = t->ns[i];

					if (!(entered & k->clone_flag) ||
					    strcmp(k->name, nsenter_order[o]) != 0)
						continue;
					if (pass == 0 && (k->clone_flag == CLONE_NEWUSER || fail))
						continue;
					if (pass == 1 && k->clone_flag != CLONE_NEWUSER && !fail)
						continue;
					if (r->ns_file[i])
						snprintf(file, sizeof file, "%s", r->ns_file[i]);
					else
						snprintf(file, sizeof file, "/proc/%d/ns/%s", (int)t->pid,
							 k->proc_name);
					if (r->ns_file[i] && stat(r->ns_file[i], &st) == 0)
						ino = st.st_ino;
					/* The trace names a descriptor through /proc/self/fd: once the
					 * target's mount namespace is entered, its /proc may not show us
					 * (another PID namespace), and the trace prints the bare number. */
					if (mnt_entered && pid_differs)
						snprintf(file_desc, sizeof file_desc, "%d", fd_of[i]);
					else
						snprintf(file_desc, sizeof file_desc, "%d<%s:[%lu]>",
							 fd_of[i], k->proc_name, (unsigned long)ino);
					call(who, "setns(%s, %s) %s", file_desc,
					     sys_trace_clone_flags(k->clone_flag, fl, sizeof fl),
					     result(fail ? -err : 0, res, sizeof res));
					if (k->clone_flag == CLONE_NEWNS && !fail)
						mnt_entered = 1;
					if (fail) {
						nsh_out("  nsh: nsenter: setns %s: %s\n", file,
							strerror(err));
						return outcome(1, "setns = -1 %s: %s.", errno_name(err), why);
					}
				}
	}
	if (r->root_source)
		call(who, "chroot(\".\") = 0  (%s)", r->root_dir ? r->root_dir : "the target's root");
	if ((entered & CLONE_NEWPID) && !r->no_fork) {
		call(who, "fork() = <inside>%s",
		     pid_differs ? "  (PID <n> in the entered PID namespace)" : "");
		call("inside", "prctl(PR_SET_PDEATHSIG, SIGKILL) = 0");
		who = "inside";
	}
	if (!r->command || !r->command[0])
		call(who, "execve(\"%s\", ...)", f->nested_shell);
	else
		call(who, "execve(\"%s\", ...)", program_path(r->command[0], f->path, where, sizeof where));
	if (strcmp(who, "inside") == 0)
		call("child", "waitpid(<inside>) = <inside>  (when it ends; its status is passed on)");

	section("Afterwards:");
	kinds[0] = '\0';
	for (size_t i = 0; i < NS_KIND_COUNT; i++)
		if (entered & ns_kinds[i].clone_flag)
			used += (size_t)snprintf(kinds + used, used < sizeof kinds ? sizeof kinds - used : 0,
						 "%s%s", used ? " " : "", ns_kinds[i].name);
	nsh_out("  - %s runs in the %s namespaces%s%s.\n",
		r->command && r->command[0] ? r->command[0] : "a nested nsh", entered ? kinds : "same",
		entered ? " of " : "",
		entered ? (r->target ? "the target" : "the files given") : " as this shell");
	if ((entered & CLONE_NEWPID) && !r->no_fork)
		nsh_out("  - setns(2) into a PID namespace moves only future children, so nsenter forks: "
			"<inside> "
			"is in the namespace, with a small PID there and PPID 0 (its parent is outside).\n");
	if ((entered & CLONE_NEWPID) && r->no_fork)
		nsh_out("  - -F: no fork, so the command itself stays in the old PID namespace; only its "
			"children go "
			"in.\n");
	if ((entered & CLONE_NEWPID) && !(entered & CLONE_NEWNS))
		nsh_out(
		    "  - without the target's mount namespace, /proc is still this shell's: ps shows this "
		    "shell's view, not the namespace's.\n");
	if ((entered & CLONE_NEWNS) && (entered & CLONE_NEWPID))
		nsh_out(
		    "  - with its mount namespace comes its /proc: ps -ef lists that namespace's processes, "
		    "PID 1 first.\n");
	if (r->root_source)
		nsh_out("  - -r: the root directory becomes %s (chroot after entering).\n",
			r->root_dir ? r->root_dir : "the target's (/proc/PID/root)");
	if (r->wd_source)
		nsh_out("  - -w: the working directory becomes %s.\n",
			r->wd_dir ? r->wd_dir : "the target's (/proc/PID/cwd)");
	if (r->uid_set || r->gid_set)
		nsh_out("  - -S/-G: setgroups, setgid and setuid (not traced) switch the command to uid %s, "
			"gid %s.\n",
			r->uid_set ? "as given" : "unchanged", r->gid_set ? "as given" : "unchanged");
	if ((entered & CLONE_NEWUSER) && r->preserve_credentials)
		nsh_out("  - --preserve-credentials: you keep your uid and gid (as the target's uid_map "
			"shows them).\n");
	if ((entered & CLONE_NEWUSER) && !r->preserve_credentials)
		nsh_out(
		    "  - entering the user namespace makes you uid 0 and gid 0 there (--preserve-credentials "
		    "keeps your own).\n");

	section("The same with util-linux:");
	nsh_out("  ");
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--trace") != 0)
			nsh_out("%s%s", i ? " " : "", argv[i]);
	nsh_out("%s\n",
		r->command && r->command[0] ? "" : "    (util-linux starts $SHELL instead of a nested nsh)");
	section("Read:");
	nsh_out("  nsenter(1), setns(2), pidfd_open(2), namespaces(7)");
	for (size_t i = 0; i < NS_KIND_COUNT; i++)
		if (entered & ns_kinds[i].clone_flag)
			nsh_out(", %s", kind_what(&ns_kinds[i], 1));
	nsh_out("\n");
	if (err == EINVAL)
		return outcome(1, "setns = -1 EINVAL: %s.", why);
	return outcome(0, "%s runs in %s.", r->command && r->command[0] ? r->command[0] : "a nested nsh",
		       entered ? "the entered namespaces" : "this shell's own namespaces");
}

/* ---- mountproc ----------------------------------------------------------------- */

int explain_mountproc(const struct mountproc_request *r, const struct explain_dir *d,
		      const struct explain_facts *f)
{
	int privatize, rc_private = 0, rc_proc;

	nsh_out("explain: mountproc%s%s%s\n", r->force ? " --force" : "", " ", r->dir);
	nsh_out("(nothing runs now; this is what nsh's mountproc would do here, as uid %u)\n",
		(unsigned)f->euid);
	section("What it does:");
	nsh_out(
	    "  mounts a new procfs on %s, in this shell's own mount namespace (mountproc runs in the shell "
	    "itself: no fork).  A procfs shows the PID namespace of the process that mounts it: this "
	    "shell's.\n",
	    r->dir);

	section("System calls, in order (as `set -o trace` prints them; <nsh> is this shell):");
	if (d->stat_err || !d->is_dir) {
		nsh_out("  (none: %s is checked first)\n  nsh: mountproc: %s: %s\n", r->dir, r->dir,
			strerror(d->stat_err ? d->stat_err : ENOTDIR));
		return outcome(1, "%s: %s.", r->dir, strerror(d->stat_err ? d->stat_err : ENOTDIR));
	}
	if (f->start_mnt != 0 && !r->force) {
		nsh_out("  (none: refused before any call)\n");
		nsh_out(
		    "  nsh: mountproc: refusing to mount proc on %s: this is the mount namespace the session "
		    "started in, where it would cover the host's /proc\n",
		    r->dir);
		return outcome(1,
			       "refused: this shell is still in the mount namespace the session started in; "
			       "the new procfs would cover the host's /proc.  First `unshare -fpm` (root) or "
			       "`unshare -Urpmf` (unprivileged), then mountproc inside.");
	}
	privatize = f->start_mnt == 0;
	if (privatize) {
		rc_private = f->mntns_capable == 0 ? -EPERM : 0;
		call_mount("nsh", "none", "/", NULL, MS_REC | MS_PRIVATE, rc_private);
		if (rc_private) {
			nsh_out("  nsh: mountproc: mount --make-rprivate /: Operation not permitted\n");
			return outcome(
			    1, "mount = -1 EPERM: you hold no CAP_SYS_ADMIN over this mount namespace.");
		}
	}
	rc_proc = f->pidns_capable == 0 ? -EPERM : 0;
	call_mount("nsh", "proc", r->dir, "proc", PROC_MOUNT_FLAGS, rc_proc);
	if (rc_proc) {
		nsh_out("  nsh: mountproc: mount proc %s: Operation not permitted\n", r->dir);
		return outcome(
		    1, "mount proc = -1 EPERM: a procfs may be mounted only by a process whose user "
		       "namespace owns the PID namespace it would show.  This shell's user namespace does "
		       "not own its PID namespace (as after `unshare -Urm`): make a PID namespace with "
		       "fork too, `unshare -Urpmf`, then mountproc.");
	}
	section("Afterwards:");
	if (!privatize)
		nsh_out("  - --force in the session's starting mount namespace: the new procfs covers %s for "
			"every "
			"process of this mount namespace (the host's, if this is the host); `umount %s` "
			"undoes it.\n",
			r->dir, r->dir);
	else
		nsh_out(
		    "  - every mount here is private first, so the new procfs never propagates outside.\n");
	nsh_out("  - ps -ef (which only reads %s) lists this shell's PID namespace only, PID 1 first%s; "
		"`whereami` stops saying the /proc is an ancestor's.\n",
		r->dir, f->pid_level > 0 ? "" : " (here: the same namespace as before)");
	section("The same with util-linux:");
	nsh_out("  %smount -t proc -o nosuid,nodev,noexec proc %s\n",
		privatize ? "mount --make-rprivate / && " : "", r->dir);
	section("Read:");
	nsh_out("  proc(5), mount(2), pid_namespaces(7), mount_namespaces(7)\n");
	return outcome(0, "a fresh procfs on %s shows this shell's PID namespace.", r->dir);
}

/* ---- the other builtins -------------------------------------------------------- */

/* The builtins explained briefly, one paragraph each: explain_other and
 * the list of known names (explain_other_name) read this one table. */
static const struct {
	const char *name, *text;
} explain_others[] = {
    {"kill", "kill sends a signal with kill(2) (traced as kill(PID, SIG)).  A PID is looked up in the "
	     "shell's own PID namespace: a process of an ancestor namespace has no PID here, so kill fails "
	     "with ESRCH even when a stale /proc lists it.  Read: kill(2), signal(7), pid_namespaces(7)."},
    {"lsns", "lsns reads /proc only: every /proc/PID/ns/* link (one stat per link, no system call that "
	     "changes anything) and groups processes by namespace inode, as util-linux lsns(8).  It "
	     "shows what this /proc shows: in a new PID namespace without a new /proc, the host's "
	     "processes.  Read: lsns(8), namespaces(7), proc(5)."},
    {"pidtree", "pidtree reads /proc only: PPid and the NStgid line of /proc/PID/status (the PID in "
		"every PID namespace, outermost first) and /proc/PID/ns/pid, then draws the tree.  Read: "
		"pid_namespaces(7), proc(5)."},
    {"whereami", "whereami reads /proc only: the 8 /proc/PID/ns/ links, NStgid, uid_map and gid_map, "
		 "and compares them with the session's start and with PID 1's.  Read: namespaces(7), "
		 "proc(5)."},
};

int explain_other(const char *name)
{
	for (size_t i = 0; i < sizeof explain_others / sizeof explain_others[0]; i++)
		if (strcmp(name, explain_others[i].name) == 0) {
			nsh_out("%s\n", explain_others[i].text);
			return 0;
		}
	return -1;
}

const char *explain_other_name(size_t i)
{
	return i < sizeof explain_others / sizeof explain_others[0] ? explain_others[i].name : NULL;
}

int explain_split_words(char *buf, char **out, int max_words)
{
	char *r = buf, *w = buf;
	int n = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\n')
			r++;
		if (!*r)
			return n;
		if (n >= max_words)
			return -1;
		out[n++] = w;
		while (*r && *r != ' ' && *r != '\t' && *r != '\n') {
			if (*r == '\'' || *r == '"') {
				char q = *r++;

				while (*r && *r != q) {
					if (q == '"' && *r == '\\' && r[1])
						r++;
					*w++ = *r++;
				}
				if (!*r)
					return -1;
				r++;
			} else if (*r == '\\' && r[1]) {
				r++;
				*w++ = *r++;
			} else {
				*w++ = *r++;
			}
		}
		if (*r)
			r++;
		*w++ = '\0';
	}
}
