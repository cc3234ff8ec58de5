/* kill [-s SIG | -SIG | -N] PID|%JOB...  and  kill -l [N|SIG]
 *
 * Signals go through sys_kill() so the trace shows them.  An unknown PID
 * gets bash's message and a hint: from inside a PID namespace the
 * processes of the ancestor namespaces have no PID at all, even when a
 * stale /proc still lists them (see pid_namespaces(7)). */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "builtin.h"
#include "io.h"
#include "jobs.h"
#include "nsh.h"
#include "sys/ns.h"

/* "HUP", "SIGHUP", "hup", "9", "RTMIN+1" -> signal number; -1 if none. */
static int signal_by_name(const char *name)
{
	char *end;

	if (isdigit((unsigned char)name[0])) {
		long n = strtol(name, &end, 10);
		return (*end || n < 0 || n >= NSIG) ? -1 : (int)n;
	}
	if (!strncasecmp(name, "SIG", 3))
		name += 3;
	if (!strncasecmp(name, "RTMIN", 5) || !strncasecmp(name, "RTMAX", 5)) {
		int base = toupper((unsigned char)name[4]) == 'N' ? SIGRTMIN : SIGRTMAX;
		long off = 0;
		if (name[5]) {
			off = strtol(name + 5, &end, 10);
			if (*end)
				return -1;
		}
		off = off > -1000 && off < 1000 ? off + base : -1; /* no overflow: RTMAX+99999999999999999999 */
		return off >= SIGRTMIN && off <= SIGRTMAX ? (int)off : -1;
	}
	for (int sig = 1; sig < SIGRTMIN; sig++) {
		const char *abbrev = sigabbrev_np(sig);
		if (abbrev && !strcasecmp(name, abbrev))
			return sig;
	}
	if (!strcasecmp(name, "IOT"))
		return SIGABRT;
	return -1;
}

/* "HUP", "RTMIN+3"; NULL for a number that is no signal. */
static const char *signal_name(int sig, char *buf, size_t len)
{
	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		if (sig == SIGRTMIN)
			return "RTMIN";
		if (sig == SIGRTMAX)
			return "RTMAX";
		if (sig - SIGRTMIN <= (SIGRTMAX - SIGRTMIN) / 2)
			snprintf(buf, len, "RTMIN+%d", sig - SIGRTMIN);
		else
			snprintf(buf, len, "RTMAX-%d", SIGRTMAX - sig);
		return buf;
	}
	if (sig <= 0 || sig >= SIGRTMIN)
		return NULL;
	return sigabbrev_np(sig);
}

static int list_signals(int argc, char **argv, int first)
{
	char buf[16];
	int status = 0, column = 0;

	if (first >= argc) {
		for (int sig = 1; sig <= SIGRTMAX; sig++) {
			const char *name = signal_name(sig, buf, sizeof buf);
			if (!name)
				continue;
			nsh_out("%2d) SIG%-10s%s", sig, name, ++column % 5 ? "" : "\n");
		}
		if (column % 5)
			nsh_out("\n");
		return 0;
	}
	for (int i = first; i < argc; i++) {
		const char *arg = argv[i];
		if (isdigit((unsigned char)arg[0])) {
			char *end;
			long n = strtol(arg, &end, 10);
			if (n > 128 && !*end)
				n -= 128; /* an exit status: 137 -> KILL */
			const char *name = *end ? NULL : signal_name((int)n, buf, sizeof buf);
			if (!name) {
				status = nsh_error("kill", "%s: invalid signal specification", arg);
				continue;
			}
			nsh_out("%s\n", name);
		} else {
			int sig = signal_by_name(arg);
			if (sig < 0) {
				status = nsh_error("kill", "%s: invalid signal specification", arg);
				continue;
			}
			nsh_out("%d\n", sig);
		}
	}
	return status;
}

/* Report a failed sys_kill: bash's words, then the teaching hint. */
static int kill_failed(const char *target, int err)
{
	nsh_error("kill", "(%s) - %s", target, strerror(err));
	nsh_print_hints("kill", err);
	return 1;
}

static int signal_job(struct shell *sh, const char *spec, int sig)
{
	struct job *job = job_from_spec(sh, "kill", spec);
	int rc, stopped;

	if (!job)
		return 1;
	stopped = job_state(job) == JOB_STOPPED;
	if (sh->job_control) {
		rc = sys_kill(-job->pgid, sig);
		if (rc < 0)
			return kill_failed(spec, -rc);
		if (stopped && (sig == SIGTERM || sig == SIGHUP))
			sys_kill(-job->pgid, SIGCONT);
		return 0;
	}
	/* Without job control the job's processes share the shell's group. */
	for (size_t i = 0; i < job->nprocs; i++) {
		if (job->procs[i].state == JOB_DONE)
			continue;
		rc = sys_kill(job->procs[i].pid, sig);
		if (rc < 0 && rc != -ESRCH)
			return kill_failed(spec, -rc);
		if (stopped && (sig == SIGTERM || sig == SIGHUP))
			sys_kill(job->procs[i].pid, SIGCONT);
	}
	return 0;
}

/* Read by hand: a signal may also be given as -SIG or -N. */
const struct builtin_option kill_options[] = {
    {'s', NULL, OPTION_VALUE, ARG_SIGNAL, "SIG", "send SIG (a name: TERM, KILL, ...)"},
    {'n', NULL, OPTION_VALUE, ARG_NONE, "N", "send signal number N"},
    {'l', "list", OPTION_FLAG, ARG_NONE, NULL, "list the signal names (kill -l N: the name of N)"},
    {'L', NULL, OPTION_FLAG, ARG_NONE, NULL, "the same, with their numbers"},
    {0},
};

int builtin_kill(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find("kill");
	int sig = SIGTERM, i = 1, status = 0;

	if (builtin_wants_help(self, argc, argv))
		return 0;
	if (argc < 2)
		return builtin_usage_error(self);
	if (!strcmp(argv[1], "-l") || !strcmp(argv[1], "-L") || !strcmp(argv[1], "--list"))
		return list_signals(argc, argv, 2);
	if (!strcmp(argv[1], "-s") || !strcmp(argv[1], "-n")) {
		if (argc < 3) {
			nsh_error("kill", "%s: option requires an argument", argv[1]);
			return builtin_usage_error(self);
		}
		sig = signal_by_name(argv[2]);
		if (sig < 0)
			return nsh_error("kill", "%s: invalid signal specification", argv[2]);
		i = 3;
	} else if (!strcmp(argv[1], "--")) {
		i = 2;
	} else if (argv[1][0] == '-' && argv[1][1]) {
		sig = signal_by_name(argv[1] + 1);
		if (sig < 0)
			return nsh_error("kill", "%s: invalid signal specification", argv[1] + 1);
		i = 2;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc)
		return builtin_usage_error(self);
	for (; i < argc; i++) {
		const char *arg = argv[i];
		char *end;
		long pid;
		int rc;

		if (arg[0] == '%') {
			if (signal_job(sh, arg, sig))
				status = 1;
			continue;
		}
		pid = strtol(arg, &end, 10);
		if (!*arg || *end || (arg[0] != '-' && !isdigit((unsigned char)arg[0])) || pid != (pid_t)pid) {
			status = nsh_error("kill", "%s: arguments must be process or job IDs", arg);
			continue;
		}
		rc = sys_kill((pid_t)pid, sig);
		if (rc < 0)
			status = kill_failed(arg, -rc);
	}
	return status;
}
