/* STUB */
#include <errno.h>
#include <stdlib.h>
#include "sys/proc.h"
int proc_parse_stat(const char *buf, size_t len, struct proc_stat *out) { return -ENOSYS; }
int proc_parse_status(const char *buf, size_t len, struct proc_status *out) { return -ENOSYS; }
int proc_read_stat(const char *proc_root, pid_t pid, struct proc_stat *out) { return -ENOSYS; }
int proc_read_status(const char *proc_root, pid_t pid, struct proc_status *out) { return -ENOSYS; }
ssize_t proc_read_cmdline(const char *proc_root, pid_t pid, char *buf, size_t len) { return -ENOSYS; }
int proc_ns_inode(const char *proc_root, pid_t pid, const char *ns_name, ino_t *ino) { return -ENOSYS; }
int proc_list_pids(const char *proc_root, pid_t **pids, size_t *n) { return -ENOSYS; }
int proc_list_tasks(const char *proc_root, pid_t pid, pid_t **tids, size_t *n) { return -ENOSYS; }
int proc_read_file(const char *proc_root, const char *relpath, char **buf, size_t *len) { return -ENOSYS; }
const char *proc_default_root(void) { const char *r = getenv("NSH_PROC"); return r ? r : "/proc"; }
