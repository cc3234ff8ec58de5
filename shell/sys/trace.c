/* The trace hook of the syscall layer: formats one line per system call and
 * writes it with a single write(2), so that lines from the shell and from
 * the children that inherit the descriptor arrive whole and in order.
 *
 * Format (issue 8):
 *   [4711] unshare(CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNS) = 0
 *   [4712] mount("proc", "/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC) = -1 EPERM (Operation not permitted)
 * The PID is the one the shell would see; see sys_trace_set_pid(). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "sys/ns.h"
#include "sys/trace.h"


int sys_trace_fd = -1;
static int trace_color;

/* A child made by sys_fork() may be PID 1 of a new namespace, where
 * getpid() says 1; its parent tells it the PID the shell sees.  The shown
 * PID is used only while getpid() still equals the PID it was given for, so
 * that a later plain fork() does not inherit a wrong label. */
static pid_t shown_pid;
static pid_t shown_for_getpid;

#define COLOR_PID "\033[36m"
#define COLOR_FAIL "\033[31m"
#define COLOR_OFF "\033[0m"

/* Turning tracing on dups the descriptor close-on-exec, high up so that it
 * never lands on a descriptor a redirection is about to use. */
int sys_trace_set(int fd, int color)
{
	int newfd;

	if (fd < 0) {
		if (sys_trace_fd >= 0)
			close(sys_trace_fd);
		sys_trace_fd = -1;
		return 0;
	}
	newfd = fcntl(fd, F_DUPFD_CLOEXEC, 100);
	if (newfd < 0)
		return -errno;
	if (sys_trace_fd >= 0)
		close(sys_trace_fd);
	sys_trace_fd = newfd;
	trace_color = color;
	return 0;
}

/* Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
int sys_trace_color_auto(int fd)
{
	const char *no_color = getenv("NO_COLOR");

	return isatty(fd) && !(no_color && *no_color);
}

void sys_trace_set_pid(pid_t shown)
{
	shown_pid = shown;
	shown_for_getpid = getpid();
}

pid_t sys_trace_pid(void)
{
	pid_t self = getpid();

	if (shown_pid > 0 && self == shown_for_getpid)
		return shown_pid;
	return self;
}

/* Build "[pid] text\n" in one buffer and write it at once; a failure
 * ("= -1 ...") is coloured red on a terminal. */
void sys_trace_emit(const char *fmt, ...)
{
	char line[2048], text[1800];
	const char *fail, *p;
	va_list ap;
	int saved_errno = errno, n;
	size_t len;

	if (sys_trace_fd < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	/* The result is the last " = -1 " (a quoted argument may hold one). */
	for (fail = NULL, p = text; (p = strstr(p, " = -1 ")); p++)
		fail = p;
	if (trace_color && fail)
		n = snprintf(line, sizeof line,
			     COLOR_PID "[%d]" COLOR_OFF " %.*s " COLOR_FAIL "%s" COLOR_OFF "\n",
			     (int)sys_trace_pid(), (int)(fail - text), text, fail + 1);
	else if (trace_color)
		n = snprintf(line, sizeof line, COLOR_PID "[%d]" COLOR_OFF " %s\n", (int)sys_trace_pid(),
			     text);
	else
		n = snprintf(line, sizeof line, "[%d] %s\n", (int)sys_trace_pid(), text);
	len = n < 0 ? 0 : (size_t)n >= sizeof line ? sizeof line - 1 : (size_t)n;
	if (len > 0 && line[len - 1] != '\n')
		line[len - 1] = '\n';
	while (len > 0 && write(sys_trace_fd, line, len) < 0 && errno == EINTR)
		;
	errno = saved_errno;
}

struct flag_name {
	unsigned long flag;
	const char *name;
};

/* Join the names of the set bits in table order, then any unknown bits in
 * hex; "0" when nothing is set. */
static const char *decode_flags(const struct flag_name *names, size_t count, unsigned long flags, char *buf,
				size_t len)
{
	size_t used = 0, i;
	unsigned long rest = flags;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < count; i++) {
		if ((flags & names[i].flag) != names[i].flag || !(rest & names[i].flag))
			continue;
		rest &= ~names[i].flag;
		used +=
		    snprintf(buf + used, used < len ? len - used : 0, "%s%s", used ? "|" : "", names[i].name);
		if (used >= len)
			return buf;
	}
	if (rest || !used)
		snprintf(buf + used, used < len ? len - used : 0, "%s%#lx", used ? "|" : "", rest);
	if (!flags)
		snprintf(buf, len, "0");
	return buf;
}

/* The order a student reads them in: the user namespace first (the kernel
 * creates it first and the others belong to it), then PID and mount, the
 * pair the article is about. */
static const struct flag_name clone_flag_names[] = {
    {CLONE_NEWUSER, "CLONE_NEWUSER"},	  {CLONE_NEWPID, "CLONE_NEWPID"},
    {CLONE_NEWNS, "CLONE_NEWNS"},	  {CLONE_NEWUTS, "CLONE_NEWUTS"},
    {CLONE_NEWIPC, "CLONE_NEWIPC"},	  {CLONE_NEWNET, "CLONE_NEWNET"},
    {CLONE_NEWCGROUP, "CLONE_NEWCGROUP"}, {CLONE_NEWTIME, "CLONE_NEWTIME"},
    {CLONE_FILES, "CLONE_FILES"},	  {CLONE_FS, "CLONE_FS"},
    {CLONE_SYSVSEM, "CLONE_SYSVSEM"},	  {CLONE_VM, "CLONE_VM"},
    {CLONE_SIGHAND, "CLONE_SIGHAND"},	  {CLONE_THREAD, "CLONE_THREAD"},
    {CLONE_VFORK, "CLONE_VFORK"},	  {CLONE_PARENT, "CLONE_PARENT"},
};

const char *sys_trace_clone_flags(unsigned long flags, char *buf, size_t len)
{
	return decode_flags(clone_flag_names, sizeof clone_flag_names / sizeof clone_flag_names[0], flags,
			    buf, len);
}

/* Propagation and MS_REC first, as one writes `mount --make-rprivate`;
 * then the usual options in the order of mount(8)'s listing. */
static const struct flag_name mount_flag_names[] = {
    {MS_REC, "MS_REC"},
    {MS_PRIVATE, "MS_PRIVATE"},
    {MS_SLAVE, "MS_SLAVE"},
    {MS_SHARED, "MS_SHARED"},
    {MS_UNBINDABLE, "MS_UNBINDABLE"},
    {MS_BIND, "MS_BIND"},
    {MS_MOVE, "MS_MOVE"},
    {MS_REMOUNT, "MS_REMOUNT"},
    {MS_RDONLY, "MS_RDONLY"},
    {MS_NOSUID, "MS_NOSUID"},
    {MS_NODEV, "MS_NODEV"},
    {MS_NOEXEC, "MS_NOEXEC"},
    {MS_SYNCHRONOUS, "MS_SYNCHRONOUS"},
    {MS_MANDLOCK, "MS_MANDLOCK"},
    {MS_DIRSYNC, "MS_DIRSYNC"},
    {MS_NOATIME, "MS_NOATIME"},
    {MS_NODIRATIME, "MS_NODIRATIME"},
    {MS_RELATIME, "MS_RELATIME"},
    {MS_STRICTATIME, "MS_STRICTATIME"},
    {MS_LAZYTIME, "MS_LAZYTIME"},
    {MS_SILENT, "MS_SILENT"},
    {MS_POSIXACL, "MS_POSIXACL"},
};

const char *sys_trace_mount_flags(unsigned long flags, char *buf, size_t len)
{
	return decode_flags(mount_flag_names, sizeof mount_flag_names / sizeof mount_flag_names[0], flags,
			    buf, len);
}

const char *sys_trace_result(long rc, char *buf, size_t len)
{
	const char *name;

	if (rc >= 0) {
		snprintf(buf, len, "= %ld", rc);
		return buf;
	}
	name = strerrorname_np((int)-rc);
	if (name)
		snprintf(buf, len, "= -1 %s (%s)", name, strerror((int)-rc));
	else
		snprintf(buf, len, "= -1 errno %ld (%s)", -rc, strerror((int)-rc));
	return buf;
}

/* "SIGKILL", or the number when the signal has no name (real-time ones). */
const char *sys_trace_signal(int sig, char *buf, size_t len)
{
	const char *abbrev = sig > 0 ? sigabbrev_np(sig) : NULL;

	if (sig == 0)
		snprintf(buf, len, "0");
	else if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else
		snprintf(buf, len, "%d", sig);
	return buf;
}

/* A C string literal, as strace shows one: quotes, \n, \t, \", \\ and octal
 * for other control bytes; NULL stays NULL.  Long strings end with "...". */
const char *sys_trace_quote(const char *s, char *buf, size_t len)
{
	size_t used = 0;
	const unsigned char *p;

	if (len < 8) {
		if (len)
			buf[0] = '\0';
		return buf;
	}
	if (!s) {
		snprintf(buf, len, "NULL");
		return buf;
	}
	buf[used++] = '"';
	for (p = (const unsigned char *)s; *p; p++) {
		char esc[8];
		size_t n;

		if (*p == '\n')
			n = (size_t)snprintf(esc, sizeof esc, "\\n");
		else if (*p == '\t')
			n = (size_t)snprintf(esc, sizeof esc, "\\t");
		else if (*p == '"' || *p == '\\')
			n = (size_t)snprintf(esc, sizeof esc, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			n = (size_t)snprintf(esc, sizeof esc, "\\%o", *p);
		else {
			esc[0] = (char)*p;
			esc[1] = '\0';
			n = 1;
		}
		if (used + n + 5 > len) {
			memcpy(buf + used, "\"...", 4);
			buf[used + 4] = '\0';
			return buf;
		}
		memcpy(buf + used, esc, n);
		used += n;
	}
	buf[used++] = '"';
	buf[used] = '\0';
	return buf;
}
