/* Namespaces on raw system calls: the table of namespace kinds shared by
 * every builtin, and thin wrappers that return 0/-errno and report through
 * the trace hook.  No printing, no exit. */
#ifndef NSH_SYS_NS_H
#define NSH_SYS_NS_H

#include <sched.h>
#include <sys/types.h>

/* Older C libraries lack the newest namespace flags. */
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

struct ns_kind {
	const char *name;       /* lsns type name: "mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time" */
	const char *proc_name;  /* link in /proc/PID/ns/: "mnt", ..., "pid", ... */
	const char *long_opt;   /* unshare/nsenter long option: "mount", "uts", "ipc", "net", "pid", "user", "cgroup", "time" */
	char short_opt;         /* 'm' 'u' 'i' 'n' 'p' 'U' 'C' 'T' */
	unsigned long clone_flag; /* CLONE_NEWNS, ... */
};

#define NS_KIND_COUNT 8
extern const struct ns_kind ns_kinds[NS_KIND_COUNT]; /* in lsns's order: mnt net pid uts ipc user cgroup time */

const struct ns_kind *ns_kind_by_name(const char *name);   /* type name or long option name */
const struct ns_kind *ns_kind_by_flag(unsigned long clone_flag);

int sys_unshare(unsigned long flags);
int sys_setns(int fd, unsigned long nstype);
int sys_pidfd_open(pid_t pid);               /* fd or -errno */
pid_t sys_fork(void);                        /* pid, 0 in the child, or -errno */
int sys_mount(const char *source, const char *target, const char *fstype,
	      unsigned long flags, const void *data);
int sys_umount(const char *target, int flags);
int sys_write_file(const char *path, const char *data); /* id maps, setgroups: bytes or -errno */
int sys_sethostname(const char *name);
int sys_kill(pid_t pid, int sig);
int sys_ns_ioctl(int fd, unsigned long request); /* NS_GET_PARENT, NS_GET_USERNS (fd), NS_GET_NSTYPE... */

const struct ns_kind *ns_kind_by_short_opt(char letter); /* 'm', 'U', ... */
pid_t sys_waitpid(pid_t pid, int *status, int options);  /* retries EINTR; pid or -errno */
int sys_set_pdeathsig(int sig);                           /* prctl(PR_SET_PDEATHSIG) */
int sys_chroot(const char *dir);
int sys_chdir(const char *dir);
/* Traced execve: returns -errno only on failure. */
int sys_execve(const char *path, char *const argv[], char *const envp[]);
/* Only the trace line "execve(PATH, ...)", for callers that exec by other means. */
void sys_trace_execve(const char *path);

#endif
