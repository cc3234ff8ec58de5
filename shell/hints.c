/* Errors that teach: the one table of (operation, errno) -> cause and fix.
 *
 * nsh_error_errno() (io.c) prints the plain strerror line first, then each
 * line of the entry found here as "hint: ...".  An entry may add lines read
 * from the live system (a sysctl, this process's namespaces); those readers
 * are cheap, run only after an error, and never fail: when they cannot read
 * something they say nothing.
 *
 * To add an entry: put one line in hint_table below, next to the entries of
 * the same operation.  The operation is the word the caller passes as `op`
 * to nsh_error_errno() ("fork", "unshare", "setns", "mount proc", "write
 * uid_map", ...).  Text: short lines, separated by "\n", the cause first,
 * then "fix: ...".  Say what the kernel did, in our own words, and name the
 * man page that explains it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "sys/ns.h"
#include "sys/proc.h"

struct hint {
	const char *op;
	int err;
	const char *text;
	/* Optional: appends lines about the live system to buf (at most len
	 * bytes, NUL-terminated); returns the number of bytes written. */
	size_t (*live)(char *buf, size_t len);
};

/* Read a small /proc file (a sysctl) into buf without its newline; 0 if it
 * cannot be read.  Never fails loudly: hints must not make things worse. */
static int read_small_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 1;
}

/* Append one formatted line to buf at *used, keeping the NUL. */
static void add_line(char *buf, size_t len, size_t *used, const char *text)
{
	int n;

	if (*used >= len)
		return;
	n = snprintf(buf + *used, len - *used, "%s%s", *used ? "\n" : "", text);
	if (n > 0)
		*used += (size_t)n < len - *used ? (size_t)n : len - *used - 1;
}

/* After a failed fork: is this process outside the PID namespace its
 * children go to?  That is the state `unshare -p` without -f leaves. */
static size_t live_pid_for_children(char *buf, size_t len)
{
	char own[64], children[64], line[256];
	ssize_t a, b;
	size_t used = 0;

	buf[0] = '\0';
	a = readlink("/proc/self/ns/pid", own, sizeof own - 1);
	b = readlink("/proc/self/ns/pid_for_children", children, sizeof children - 1);
	if (a <= 0 || b <= 0)
		return 0;
	own[a] = children[b] = '\0';
	if (strcmp(own, children) == 0)
		return 0;
	snprintf(line, sizeof line,
		 "here: this shell is in %s but its children go to %s, a namespace it is not in.", own,
		 children);
	add_line(buf, len, &used, line);
	return used;
}

/* After ESRCH from kill: does /proc show another PID namespace than this
 * process's own?  /proc/self then names this process by another PID than
 * getpid() does: the "contaminated /proc" of the lesson. */
static size_t live_proc_contaminated(char *buf, size_t len)
{
	char line[200];
	size_t used = 0;
	pid_t seen = proc_self_pid("/proc");

	buf[0] = '\0';
	if (seen <= 0 || seen == getpid())
		return 0;
	snprintf(
	    line, sizeof line,
	    "here: /proc says this shell is %ld, getpid() says %ld: /proc (and ps) show an outer namespace.",
	    (long)seen, (long)getpid());
	add_line(buf, len, &used, line);
	return used;
}

/* The switches that allow or forbid unprivileged user namespaces, with
 * their values where this kernel has them. */
static size_t live_userns_switches(char *buf, size_t len)
{
	static const struct {
		const char *path, *name, *bad, *meaning;
	} switches[] = {
	    {"/proc/sys/kernel/unprivileged_userns_clone", "kernel.unprivileged_userns_clone", "0",
	     "unprivileged user namespaces are switched off"},
	    {"/proc/sys/user/max_user_namespaces", "user.max_user_namespaces", "0",
	     "no new user namespaces at all"},
	    {"/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
	     "kernel.apparmor_restrict_unprivileged_userns", "1",
	     "AppArmor lets unprivileged users create a user namespace but takes their capabilities in it"},
	};
	char value[32], line[256];
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < sizeof switches / sizeof switches[0]; i++) {
		if (!read_small_file(switches[i].path, value, sizeof value))
			continue;
		if (strcmp(value, switches[i].bad) != 0)
			continue; /* only a switch that is the cause is worth a line */
		snprintf(line, sizeof line, "here: %s = %s: %s.", switches[i].name, value,
			 switches[i].meaning);
		add_line(buf, len, &used, line);
	}
	return used;
}

/* How deep this process's PID namespace is, from the NSpid line of
 * /proc/self/status: one PID per level, from the namespace of the /proc
 * mount down (pid_namespaces(7)). */
static size_t live_pid_depth(char *buf, size_t len)
{
	char line[160];
	struct proc_status status;
	pid_t self = proc_self_pid("/proc");
	size_t used = 0;

	buf[0] = '\0';
	if (self <= 0 || proc_read_status("/proc", self, &status) < 0 || status.nspid_len < 2)
		return 0;
	snprintf(line, sizeof line,
		 "here: this process is %d PID namespace levels below the one /proc shows (NSpid).",
		 status.nspid_len - 1);
	add_line(buf, len, &used, line);
	return used;
}

/* Which per-user namespace limits are 0 here (namespaces(7), /proc/sys/user). */
static size_t live_max_namespaces(char *buf, size_t len)
{
	char path[96], value[32], line[160];
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < NS_KIND_COUNT; i++) {
		const char *type = ns_kinds[i].name;

		snprintf(path, sizeof path, "/proc/sys/user/max_%s_namespaces", type);
		if (read_small_file(path, value, sizeof value) && strcmp(value, "0") == 0) {
			snprintf(line, sizeof line, "here: user.max_%s_namespaces = 0: no new %s namespaces.", type,
				 type);
			add_line(buf, len, &used, line);
		}
	}
	return used;
}

/* ENOSPC has two causes; show the facts for both. */
static size_t live_namespace_limits(char *buf, size_t len)
{
	char part[512];
	size_t used = 0;

	buf[0] = '\0';
	if (live_pid_depth(part, sizeof part))
		add_line(buf, len, &used, part);
	if (live_max_namespaces(part, sizeof part))
		add_line(buf, len, &used, part);
	return used;
}

#define PID_NS_DEAD                                                                                          \
	"fork(2) fails with ENOMEM because the PID namespace this shell's children go to is dead:\n"         \
	"its PID 1 has exited, and a namespace without an init accepts no new process "                      \
	"(pid_namespaces(7)).\n"                                                                             \
	"'unshare -p' without -f leaves this state: the shell that ran unshare stays outside the new\n"      \
	"namespace, its first child became PID 1 there, and when that command ended the namespace died.\n"   \
	"fix: exit this shell and use 'unshare -fp ...' (-f forks a child that is PID 1 and runs the "       \
	"shell)."

static const struct hint hint_table[] = {
    /* fork, clone */
    {"fork", ENOMEM, PID_NS_DEAD, live_pid_for_children},
    {"clone", ENOMEM, PID_NS_DEAD, live_pid_for_children},
    {"fork", EAGAIN,
     "a limit on processes was reached: RLIMIT_NPROC (ulimit -u), the pids cgroup (pids.max),\n"
     "or kernel.pid_max / kernel.threads-max.\n"
     "fix: end some processes, or raise the limit that applies.",
     NULL},

    /* unshare(2) */
    {"unshare", EPERM,
     "creating a namespace other than a user namespace needs CAP_SYS_ADMIN in the current user namespace\n"
     "(root); a new user namespace is refused in a chroot and when unprivileged user namespaces are off.\n"
     "fix: add -U (a new user namespace, in which you hold all capabilities), usually as -r too:\n"
     "'unshare -Ur ...' makes you root inside; or run as root.",
     live_userns_switches},
    {"unshare", ENOSPC,
     "a limit on namespaces was reached.  PID namespaces nest at most 32 levels below the initial one:\n"
     "the 33rd level fails with ENOSPC (see pid_namespaces(7)); user namespaces have the same limit.\n"
     "or a per-user count in /proc/sys/user/max_<type>_namespaces was reached (see namespaces(7)).\n"
     "fix: unshare from a shallower level, let old namespaces end, or raise the max_*_namespaces sysctl.",
     live_namespace_limits},
    {"unshare", EUSERS,
     "the user namespace nesting limit (32 levels) was reached; kernels before 4.9 said EUSERS.\n"
     "fix: create the namespace from a shallower level.",
     NULL},
    {"unshare", EINVAL,
     "unshare(2) rejected the flags: a multithreaded process cannot make a new user namespace\n"
     "(CLONE_NEWUSER), and an older kernel may not know a type (time needs Linux 5.6, cgroup 4.6).\n"
     "fix: check 'uname -r' against the namespace type, and unshare from a single-threaded process.",
     NULL},
    {"unshare", ENOMEM,
     "the kernel could not allocate the namespace, or the caller's PID namespace is dead.\n"
     "fix: if this shell came from 'unshare -p' without -f, exit it and use 'unshare -fp'.",
     live_pid_for_children},

    /* The id maps and setgroups (user_namespaces(7)) */
    {"write uid_map", EPERM,
     "the kernel refused the uid map.  Unprivileged, a process may map only its own uid with one line\n"
     "('0 <your uid> 1'), written once, by a process with CAP_SETUID in the parent user namespace or\n"
     "by the process itself right after unshare -U.\n"
     "on a system that restricts unprivileged user namespaces with AppArmor (Ubuntu 23.10 and later),\n"
     "the new namespace comes without capabilities and every map write fails with EPERM: check\n"
     "'sysctl kernel.apparmor_restrict_unprivileged_userns' (1 = restricted) and 'dmesg | grep apparmor'.\n"
     "fix: map only your own uid (-r or -c), or run as root to map ranges.",
     live_userns_switches},
    {"write gid_map", EPERM,
     "the kernel refused the gid map.  Unprivileged, a process must first write 'deny' to\n"
     "/proc/PID/setgroups (so it cannot drop groups to gain access), then map only its own gid\n"
     "with one line ('0 <your gid> 1'), written once.\n"
     "on a system that restricts unprivileged user namespaces with AppArmor, every map write fails:\n"
     "check 'sysctl kernel.apparmor_restrict_unprivileged_userns' (1 = restricted).\n"
     "fix: use -r or -c (they write setgroups 'deny' first), or --setgroups deny with --map-group.",
     live_userns_switches},
    {"write setgroups", EPERM,
     "setgroups can be set to 'allow' again only before the gid map is written, and 'allow' is\n"
     "refused where the parent user namespace already denies setgroups (user_namespaces(7)).\n"
     "fix: write setgroups before gid_map; keep 'deny' when the outer namespace denies it.",
     NULL},
    {"write uid_map", EINVAL,
     "the map is malformed or overlaps, or was already written (each map can be written once).\n"
     "fix: one line per range, 'INSIDE OUTSIDE COUNT', ranges must not overlap.",
     NULL},
    {"write gid_map", EINVAL,
     "the map is malformed or overlaps, or was already written (each map can be written once).\n"
     "fix: one line per range, 'INSIDE OUTSIDE COUNT', ranges must not overlap.",
     NULL},

    /* setns(2) */
    {"setns", EINVAL,
     "setns(2) refused the namespace: a process cannot re-enter the user namespace it is already in,\n"
     "and the file must be a namespace file (/proc/PID/ns/TYPE) or pidfd of the type asked for.\n"
     "fix: leave out -U when you are already in that user namespace (nsenter --all skips it),\n"
     "and check that the path or option names the right type.",
     NULL},
    {"setns", EPERM,
     "entering a namespace needs CAP_SYS_ADMIN in the user namespace that owns it (for a user namespace:\n"
     "in that namespace itself), and a multithreaded process cannot enter a user namespace.\n"
     "fix: run as root, or enter the owning user namespace first (nsenter -U ... together with the others).",
     NULL},
    {"setns", ESRCH,
     "the target process has exited, so there is nothing left to enter.\n"
     "fix: pick a live PID (lsns shows one process for each namespace).",
     NULL},
    /* nsenter around setns */
    {"open namespace", EACCES,
     "the /proc/PID/ns/ links of a process can be opened only by a process allowed to ptrace it:\n"
     "the same user (and the target not made undumpable), or one with CAP_SYS_PTRACE (see proc(5)).\n"
     "fix: run as root, or as the user who owns the target process.",
     NULL},
    {"setgroups", EPERM,
     "in the user namespace just entered, dropping the supplementary groups needs a gid map and\n"
     "setgroups 'allow'; nsenter becomes root there (uid 0, gid 0, no groups) unless told otherwise.\n"
     "fix: keep your own IDs with --preserve-credentials, or make the namespace with a map (unshare -Ur).",
     NULL},
    {"setgid", EINVAL,
     "this group ID has no mapping in the user namespace just entered (its gid_map is empty or lacks it);\n"
     "nsenter switches to gid 0 there unless --preserve-credentials or -G says otherwise.\n"
     "fix: add --preserve-credentials, choose a mapped ID with -G, or create the namespace with -r.",
     NULL},
    {"setuid", EINVAL,
     "this user ID has no mapping in the user namespace just entered (its uid_map is empty or lacks it);\n"
     "nsenter switches to uid 0 there unless --preserve-credentials or -S says otherwise.\n"
     "fix: add --preserve-credentials, choose a mapped ID with -S, or create the namespace with -r.",
     NULL},

    /* pidfd_open(2) and kill(2) */
    {"pidfd_open", ESRCH,
     "no such process: it has exited (and was reaped), or the PID is not visible in this PID namespace\n"
     "(a namespace sees only its own processes and its descendants').\n"
     "fix: check the PID with ps in a /proc for this namespace, or with lsns.",
     NULL},
    {"kill", ESRCH,
     "no process with that PID exists in this shell's PID namespace.  A PID namespace cannot see or\n"
     "signal its ancestors: a PID that ps showed from a /proc of an outer namespace (a 'contaminated'\n"
     "/proc, still mounted from the host) names nothing here (see pid_namespaces(7)).\n"
     "fix: mount a /proc for this namespace (mountproc, or unshare --mount-proc) so ps lists only\n"
     "processes you can reach.",
     live_proc_contaminated},
    {"kill", EPERM,
     "you may signal only processes of your own user unless you hold CAP_KILL in their user namespace.\n"
     "fix: signal your own processes, or run as root.",
     NULL},

    /* mount(2) */
    {"mount proc", EPERM,
     "a procfs may be mounted only by a process whose user namespace owns the PID namespace the mount\n"
     "would show (with CAP_SYS_ADMIN there).  After 'unshare -Urm' you are root in a new user namespace,\n"
     "but your PID namespace still belongs to the outer one.  The kernel also refuses when every\n"
     "visible /proc has parts covered by other mounts.\n"
     "fix: make a new PID namespace, with fork, together with the new mount namespace:\n"
     "'unshare -Urpmf' then 'mountproc', or 'unshare -Urpf --mount-proc' in one step.",
     NULL},
    {"mount", EPERM,
     "mounting needs CAP_SYS_ADMIN in the user namespace that owns the current mount namespace.\n"
     "fix: work in a new mount namespace: 'unshare -m' as root, or 'unshare -Urm' unprivileged.",
     NULL},
    {"mount", EINVAL,
     "the mount call was rejected: for a propagation change (private, slave, shared), the target must\n"
     "be a mount point; / after a chroot may not be one.\n"
     "fix: use --propagation unchanged, or bind-mount the new root onto itself first.",
     NULL},

    /* mountproc */
    {"mountproc", EBUSY,
     "a procfs shows the PID namespace of whoever mounts it, and in the mount namespace the session\n"
     "started in, the new mount would hide the host's /proc from every process of the host.\n"
     "fix: first make a mount namespace with a PID namespace to show: 'unshare -fpm' as root, or\n"
     "'unshare -Urpmf' unprivileged, then 'mountproc' inside; 'mountproc --force' mounts here anyway.",
     NULL},
    /* The command at the end */
    {"exec", ENOENT,
     "no such file: the command is not on PATH, or after -R/--root it is looked up inside the new root.\n"
     "fix: check the name with 'type NAME', or give its full path.",
     NULL},
    {"exec", EACCES,
     "permission denied: the file is not executable, a directory on its path is not searchable, or it\n"
     "lies on a filesystem mounted noexec.\n"
     "fix: chmod +x the file, or run it from a filesystem mounted without noexec.",
     NULL},
    {"chroot", EPERM,
     "chroot(2) needs CAP_SYS_CHROOT.\n"
     "fix: add -r (root in a new user namespace), or run as root.",
     NULL},
};

/* Look up (op, err).  When the entry reads the live system, the text and
 * its live lines are joined in a static buffer (hints are printed at once,
 * by one thread). */
const char *hint_lookup(const char *op, int err)
{
	static char joined[4096];
	char live[1024];
	size_t i, n;

	if (!op)
		return NULL;
	for (i = 0; i < sizeof hint_table / sizeof hint_table[0]; i++) {
		if (hint_table[i].err != err || strcmp(hint_table[i].op, op) != 0)
			continue;
		if (!hint_table[i].live)
			return hint_table[i].text;
		n = hint_table[i].live(live, sizeof live);
		if (n == 0)
			return hint_table[i].text;
		snprintf(joined, sizeof joined, "%s\n%s", hint_table[i].text, live);
		return joined;
	}
	return NULL;
}

/* For tests and `help`: the number of entries, and each one's key. */
size_t hint_count(void)
{
	return sizeof hint_table / sizeof hint_table[0];
}

int hint_key(size_t i, const char **op, int *err)
{
	if (i >= hint_count())
		return -1;
	*op = hint_table[i].op;
	*err = hint_table[i].err;
	return 0;
}
