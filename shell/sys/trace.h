/* The syscall layer's single trace hook (set -o trace, NSH_TRACE=1,
 * unshare --trace).  Every namespace-related call in sys/ reports through
 * SYS_TRACE; when tracing is off this costs one predictable branch.
 *
 * Lines go to sys_trace_fd with one write(2) each, so children that inherit
 * the descriptor keep the order across processes:
 *   [4711] unshare(CLONE_NEWUSER|CLONE_NEWPID) = 0
 *   [4712] mount("proc", "/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC) = -1 EPERM (Operation not permitted)
 */
#ifndef NSH_SYS_TRACE_H
#define NSH_SYS_TRACE_H

#include <stddef.h>

extern int sys_trace_fd; /* -1: off */

void sys_trace_emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define SYS_TRACE(...)                                                 \
	do {                                                           \
		if (__builtin_expect(sys_trace_fd >= 0, 0))            \
			sys_trace_emit(__VA_ARGS__);                   \
	} while (0)

/* Turn tracing on (a dup of fd, close-on-exec) or off (fd < 0). */
int sys_trace_set(int fd, int color);

/* Decoders for trace lines; they return static or caller-provided text. */
const char *sys_trace_clone_flags(unsigned long flags, char *buf, size_t len);
const char *sys_trace_mount_flags(unsigned long flags, char *buf, size_t len);
/* "= 0", "= 4712", "= -1 EPERM (Operation not permitted)" for rc (>=0 or -errno) */
const char *sys_trace_result(long rc, char *buf, size_t len);

#include <sys/types.h>
/* 1 if fd is a terminal and NO_COLOR is not set. */
int sys_trace_color_auto(int fd);
/* In a child made by sys_fork(): the PID the shell sees for this process
 * (getpid() says 1 in a new PID namespace).  Used while getpid() is unchanged. */
void sys_trace_set_pid(pid_t shown);
pid_t sys_trace_pid(void);
/* "SIGKILL" (or the number). */
const char *sys_trace_signal(int sig, char *buf, size_t len);
/* A quoted C string as strace shows it ("0 1000 1", "a\n"), NULL as NULL. */
const char *sys_trace_quote(const char *s, char *buf, size_t len);

#endif
