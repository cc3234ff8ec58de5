/* STUB */
#include <errno.h>
#include <stddef.h>
#include "sys/ns.h"
const struct ns_kind ns_kinds[NS_KIND_COUNT];
const struct ns_kind *ns_kind_by_name(const char *name) { return NULL; }
const struct ns_kind *ns_kind_by_flag(unsigned long clone_flag) { return NULL; }
int sys_unshare(unsigned long flags) { return -ENOSYS; }
int sys_setns(int fd, unsigned long nstype) { return -ENOSYS; }
int sys_pidfd_open(pid_t pid) { return -ENOSYS; }
pid_t sys_fork(void) { return -ENOSYS; }
int sys_mount(const char *s, const char *t, const char *f, unsigned long fl, const void *d) { return -ENOSYS; }
int sys_umount(const char *target, int flags) { return -ENOSYS; }
int sys_write_file(const char *path, const char *data) { return -ENOSYS; }
int sys_sethostname(const char *name) { return -ENOSYS; }
int sys_kill(pid_t pid, int sig) { return -ENOSYS; }
int sys_ns_ioctl(int fd, unsigned long request) { return -ENOSYS; }
