/* unshare's command line, parsed into a plan (the same parse the builtin
 * uses, so that `explain unshare ...` reads every option exactly as the
 * builtin would).  The work itself is in unshare.c. */
#ifndef NSH_BUILTINS_UNSHARE_H
#define NSH_BUILTINS_UNSHARE_H

#include "sys/ns.h"

enum setgroups_mode { SETGROUPS_NONE, SETGROUPS_ALLOW, SETGROUPS_DENY };

/* Everything the command line asks for, parsed in the shell before any
 * fork, so that a usage error leaves nothing behind. */
struct unshare_plan {
	unsigned long flags;		    /* CLONE_NEW* */
	const char *persist[NS_KIND_COUNT]; /* --TYPE=FILE bind-mount targets, by ns_kinds index */
	int fork;
	int kill_signal;	/* --kill-child: signal for G when C dies; 0: none */
	const char *mount_proc; /* --mount-proc[=DIR] */
	long map_user;		/* inside uid for the caller's euid; -1: none */
	long map_group;		/* inside gid for the caller's egid; -1: none */
	enum setgroups_mode setgroups;
	unsigned long propagation; /* MS_REC|MS_PRIVATE...; 0: unchanged */
	const char *root;	   /* -R */
	const char *wd;		   /* -w */
	long setuid_to;		   /* -S; -1: none */
	long setgid_to;		   /* -G; -1: none */
	const char *monotonic;	   /* --monotonic offset (time namespace) */
	const char *boottime;	   /* --boottime offset */
	int trace;		   /* --trace */
	int keep_caps;		   /* --keep-caps */
	char **argv;		   /* the command, or NULL for a nested shell */
};

/* Parse argv (argv[0] is "unshare") into plan, with the builtin's option
 * table and messages.  Returns 0; 2 after a usage error (printed, with the
 * usage line); -1 when --help or --version was printed.  explain uses
 * it too. */
int unshare_parse_args(int argc, char **argv, struct unshare_plan *plan);

#endif
