/* libFuzzer target for the /proc text parsers of shell/sys/proc.c:
 * proc_parse_stat, proc_parse_status, proc_parse_ns_link and
 * proc_cmdline_join.  The input is copied into a buffer of exactly its
 * length (not NUL-terminated), as a short read of a /proc file would leave
 * it, so that ASan sees any read past the end.  Built and run by
 * tests/fuzz/run.sh (make fuzz). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sys/proc.h"

/* A parsed record must hold what the header promises: NUL-terminated names
 * and PID chains of 1..PROC_MAX_NS_LEVELS levels. */
static void check_status(const struct proc_status *st)
{
	if (memchr(st->name, '\0', sizeof st->name) == NULL)
		__builtin_trap();
	if (st->nspid_len < 1 || st->nspid_len > PROC_MAX_NS_LEVELS)
		__builtin_trap();
	if (st->nstgid_len < 1 || st->nstgid_len > PROC_MAX_NS_LEVELS)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	struct proc_stat stat;
	struct proc_status status;
	ino_t ino;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (proc_parse_stat(buf, size, &stat) == 0 && memchr(stat.comm, '\0', sizeof stat.comm) == NULL)
		__builtin_trap();
	if (proc_parse_status(buf, size, &status) == 0)
		check_status(&status);
	(void)proc_parse_ns_link(buf, size, &ino);
	free(buf);

	/* proc_cmdline_join writes buf[n]: it needs one byte of room. */
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	ssize_t n = proc_cmdline_join(buf, size);
	if (n < 0 || (size_t)n > size || buf[n] != '\0' || memchr(buf, '\0', (size_t)n) != NULL)
		__builtin_trap();
	free(buf);
	return 0;
}
