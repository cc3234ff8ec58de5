/* STUB */
#include "sys/trace.h"
int sys_trace_fd = -1;
void sys_trace_emit(const char *fmt, ...) {}
int sys_trace_set(int fd, int color) { return 0; }
const char *sys_trace_clone_flags(unsigned long flags, char *buf, size_t len) { return ""; }
const char *sys_trace_mount_flags(unsigned long flags, char *buf, size_t len) { return ""; }
const char *sys_trace_result(long rc, char *buf, size_t len) { return ""; }
