/* The session's start record (see session.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session.h"
#include "sys/ns.h"
#include "sys/proc.h"

#define SESSION_ENV "NSH_SESSION"

void session_init(void)
{
	char buf[512];
	size_t used = 0;
	ino_t ino;

	if (getenv(SESSION_ENV))
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		if (proc_ns_inode("/proc", getpid(), ns_kinds[i].proc_name, &ino) < 0)
			continue;
		used += snprintf(buf + used, sizeof buf - used, "%s%s=%lu", used ? "," : "",
				 ns_kinds[i].name, (unsigned long)ino);
		if (used >= sizeof buf)
			return;
	}
	if (used)
		setenv(SESSION_ENV, buf, 1);
}

int session_start_ns(const char *kind, ino_t *ino)
{
	const char *rec = getenv(SESSION_ENV), *p;
	size_t klen = strlen(kind);

	for (p = rec; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		if (strncmp(p, kind, klen) == 0 && p[klen] == '=') {
			*ino = (ino_t)strtoull(p + klen + 1, NULL, 10);
			return 0;
		}
	}
	return -ENOENT;
}

int session_same_ns(const char *kind)
{
	const struct ns_kind *k = ns_kind_by_name(kind);
	ino_t start, now;
	int rc;

	if (!k)
		return -EINVAL;
	if ((rc = session_start_ns(k->name, &start)) < 0)
		return rc;
	if ((rc = proc_ns_inode("/proc", getpid(), k->proc_name, &now)) < 0)
		return rc;
	return start == now;
}
