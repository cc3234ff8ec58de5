/* mountproc: mount a fresh procfs for the current PID namespace (nsh's own
 * builtin; the article does it with `mount -t proc proc /proc`).
 *
 * ps and top only read /proc, and a procfs shows the PID namespace of the
 * process that mounted it (proc(5), pid_namespaces(7)): after `unshare -fp`
 * the old /proc still lists the host's processes until a new one is mounted.
 *
 * Unlike unshare and nsenter, mountproc runs in the shell process itself:
 * what it changes is the mount table of the shell's own mount namespace,
 * which is exactly what the user asked for (a forked child would share that
 * namespace anyway, so forking would buy nothing).  That is also why it
 * refuses to run in the mount namespace the session started in: there the
 * new /proc would cover the host's /proc for every process on it. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "builtin.h"
#include "builtins/mountproc.h"
#include "builtins/options.h"
#include "io.h"
#include "nsh.h"
#include "session.h"
#include "sys/ns.h"

#define CMD "mountproc"

enum { OPT_FORCE = OPTION_LONG_ONLY };

const struct builtin_option mountproc_options[] = {
    OPTION_PARAGRAPH("A procfs shows the PID namespace of the process that mounts it, so after\n"
		     "`unshare -fpm` (or `unshare -Urpmf`) ps still lists the old namespace until\n"
		     "a new one is mounted.  mountproc makes every mount private first (nothing\n"
		     "propagates out), then mounts proc on DIR (default /proc), nosuid, nodev,\n"
		     "noexec.  It refuses in the mount namespace the session started in, where it\n"
		     "would cover the host's /proc."),
    {OPT_FORCE, "force", OPTION_FLAG, ARG_NONE, NULL, "mount even in the session's starting mount namespace"},
    OPTION_HELP,
    OPTION_PARAGRAPH("See proc(5), pid_namespaces(7), mount_namespaces(7)."),
    {0},
};

/* "nsh: mountproc: MESSAGE" and the usage line: status 2. */
#define usage_error(...) builtin_usage_errorf(CMD, __VA_ARGS__)

/* The refusal in the session's starting mount namespace; the hints say
 * what to do instead. */
static int refuse_starting_namespace(const char *dir, int same)
{
	if (same < 0) {
		nsh_error(CMD,
			  "refusing to mount proc on %s: cannot tell whether this is the mount namespace "
			  "the session started in (%s)",
			  dir, strerror(-same));
	} else {
		nsh_error(CMD,
			  "refusing to mount proc on %s: this is the mount namespace the session started "
			  "in, where it would cover the host's /proc",
			  dir);
	}
	nsh_print_hints("mountproc", EBUSY);
	return 1;
}

int mountproc_parse_args(int argc, char **argv, struct mountproc_request *req)
{
	int c;

	req->force = 0;
	req->help = 0;
	req->dir = "/proc";
	optind = 0;
	while ((c = builtin_getopt(argc, argv, mountproc_options)) != -1) {
		switch (c) {
		case 'h':
			req->help = 1;
			return 0;
		case OPT_FORCE:
			req->force = 1;
			break;
		default:
			return builtin_option_error(CMD, c, argv);
		}
	}
	if (argc - optind > 1)
		return usage_error("too many arguments: '%s'", argv[optind + 1]);
	if (optind < argc)
		req->dir = argv[optind];
	return 0;
}

/* mountproc [--force] [DIR] */
int builtin_mountproc(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find(CMD);
	struct mountproc_request req;
	const char *dir;
	struct stat st;
	int force, same, rc;

	if (builtin_wants_help(self, argc, argv))
		return 0;
	if ((rc = mountproc_parse_args(argc, argv, &req)) != 0)
		return rc;
	if (req.help) {
		builtin_print_help(self);
		return 0;
	}
	force = req.force;
	dir = req.dir;

	if (stat(dir, &st) < 0)
		return nsh_error(CMD, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return nsh_error(CMD, "%s: %s", dir, strerror(ENOTDIR));

	same = session_same_ns("mnt");
	if (same != 0 && !force)
		return refuse_starting_namespace(dir, same);

	/* Make every mount here private first (as `unshare --propagation
	 * private` does), so the new procfs cannot propagate back to a peer in
	 * the namespace we came from.  Not with --force in the starting
	 * namespace: there it would change the host's own propagation. */
	if (same == 0 && (rc = sys_mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL)) < 0)
		return nsh_error_errno(CMD, "mount", "--make-rprivate /", -rc);

	rc = sys_mount("proc", dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	if (rc < 0)
		return nsh_error_errno(CMD, "mount proc", dir, -rc);
	return 0;
}
