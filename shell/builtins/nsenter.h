/* nsenter's command line, parsed into a request (a pure step, unit-tested
 * in tests/unit/test_nsenter.c).  The work itself is in nsenter.c. */
#ifndef NSH_BUILTINS_NSENTER_H
#define NSH_BUILTINS_NSENTER_H

#include <sys/types.h>

#include "sys/ns.h"

/* Where -r/--root or -w/--wd takes its directory from. */
enum nsenter_dir_source {
	NSENTER_DIR_NONE,   /* option not given */
	NSENTER_DIR_TARGET, /* /proc/PID/root or /proc/PID/cwd of the target */
	NSENTER_DIR_PATH,   /* the directory named in the option */
};

struct nsenter_request {
	pid_t target;			    /* -t PID, 0 if none */
	int all;			    /* -a: every namespace of the target that differs */
	unsigned long from_target;	    /* CLONE_NEW* to take from the target's /proc/PID/ns */
	const char *ns_file[NS_KIND_COUNT]; /* --pid=FILE...: indexed like ns_kinds[] */
	int preserve_credentials;
	enum nsenter_dir_source root_source;
	const char *root_dir;
	enum nsenter_dir_source wd_source;
	const char *wd_dir;
	int no_fork;	      /* -F */
	int uid_set, gid_set; /* -S, -G given */
	uid_t uid;
	gid_t gid;
	int trace;	/* --trace: this command only */
	int help;	/* -h: print usage, status 0 */
	char **command; /* NULL-terminated; NULL or empty: a nested nsh */
};

/* Parse argv into req.  Returns 0, or 2 after printing a usage error
 * ("nsh: nsenter: ..." and the usage line).  argv is not modified. */
int nsenter_parse_args(int argc, char **argv, struct nsenter_request *req);

#endif
