/* doctor [--json]: what this machine allows for namespaces, step by step,
 * with what each failure means and how to fix it; then which labs can run
 * here, as root and unprivileged.  The probing is shell/sys/probe.c (in
 * children: nsh itself never changes namespace); this file only words and
 * formats its results.  Also `nsh doctor` (doctor_main). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "builtins/options.h"
#include "doctor.h"
#include "io.h"
#include "nsh.h"
#include "sys/ns.h"
#include "sys/probe.h"

#define CMD "doctor"
#define PROBE_TIMEOUT_MS 5000
#define MAX_LABS 64
#define MAX_NEEDS 8

#ifndef NSH_DATADIR
#define NSH_DATADIR "/usr/local/share/nsh"
#endif

struct lab_needs {
	char id[64];
	char needs[MAX_NEEDS][32];
	int nneeds;
};

/* ---- what a failure means, and the fix ------------------------------------ */

struct advice {
	const char *means;
	const char *fix;
};

/* The words for (step, errno) on this machine: some causes can be told
 * apart only with the sysctls and mounts read in `host`. */
static struct advice advise(enum probe_step step, int err, const struct probe_identity *id,
			    const struct probe_host *host)
{
	struct advice a = {NULL, NULL};
	int unpriv = id->uid != 0;

	switch (step) {
	case PROBE_USERNS:
		if (err == EPERM && host->apparmor_restrict_unprivileged_userns == 1 && unpriv) {
			a.means = "AppArmor restricts unprivileged user namespaces "
				  "(kernel.apparmor_restrict_unprivileged_userns = 1)";
			a.fix = "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (as root), or run "
				"the labs as root";
		} else if (err == EPERM && host->unprivileged_userns_clone == 0 && unpriv) {
			a.means = "unprivileged user namespaces are switched off "
				  "(kernel.unprivileged_userns_clone = 0)";
			a.fix =
			    "sysctl -w kernel.unprivileged_userns_clone=1 (as root), or run the labs as root";
		} else if (err == EPERM) {
			a.means =
			    "creating a user namespace is not allowed here: typically a container's seccomp "
			    "filter, or a process that is already chrooted or multi-threaded";
			a.fix = "run nsh on a VM or in a privileged container (docker run --privileged)";
		} else if (err == ENOSPC) {
			a.means = "the limit on user namespaces is reached (user.max_user_namespaces, 0 "
				  "switches them off)";
			a.fix = "sysctl -w user.max_user_namespaces=15000 (as root)";
		} else if (err == EINVAL) {
			a.means = "this kernel was built without user namespaces (CONFIG_USER_NS)";
			a.fix = "use a distribution kernel (Debian, Ubuntu and Fedora enable them)";
		} else if (err == EUSERS) {
			a.means = "user namespaces are nested too deeply (the limit is 32)";
			a.fix = "start from a shell with fewer nested user namespaces";
		}
		break;
	case PROBE_SETGROUPS:
		if (err == ENOENT) {
			a.means = "the kernel has no /proc/PID/setgroups (before Linux 3.19)";
			a.fix = "upgrade the kernel";
		} else {
			a.means = "setgroups could not be denied, so an unprivileged gid_map will be refused";
			a.fix = "write setgroups before gid_map, from the process in the namespace (see "
				"user_namespaces(7))";
		}
		break;
	case PROBE_UID_MAP:
	case PROBE_GID_MAP:
		if (err == EPERM && host->apparmor_restrict_unprivileged_userns == 1 && unpriv) {
			a.means =
			    "AppArmor let unshare(CLONE_NEWUSER) succeed but took the capabilities away, "
			    "so the map cannot be written";
			a.fix = "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (as root), or an "
				"AppArmor "
				"profile for nsh that allows userns";
		} else if (err == EPERM) {
			a.means = "the map was refused: an unprivileged user may map only its own ID, once, "
				  "and a gid_map needs setgroups denied first";
			a.fix = "map only your own ID (unshare -r does), or run as root";
		} else {
			a.means = "the map could not be written";
		}
		break;
	case PROBE_PID_MNT_NS:
		if (err == EPERM) {
			a.means =
			    unpriv ? "new PID and mount namespaces need CAP_SYS_ADMIN, which an unprivileged "
				     "user has only inside its own user namespace"
				   : "root lacks CAP_SYS_ADMIN here: a container without privileges";
			a.fix = unpriv ? "use unshare -U/-r together with -p -m"
				       : "run nsh on a VM or in a privileged container";
		} else if (err == ENOSPC) {
			a.means = "the limit on PID or mount namespaces is reached (user.max_pid_namespaces, "
				  "user.max_mnt_namespaces), or 32 PID namespaces are already nested";
			a.fix =
			    "sysctl -w user.max_pid_namespaces=15000 user.max_mnt_namespaces=15000 (as root)";
		} else if (err == EINVAL) {
			a.means = "this kernel was built without PID namespaces (CONFIG_PID_NS)";
			a.fix = "use a distribution kernel";
		}
		break;
	case PROBE_FORK_PID1:
		if (err == ENOMEM) {
			a.means =
			    "the new PID namespace has no init any more, so no process can be created in it";
			a.fix = "fork right after unshare -p (unshare -f)";
		} else if (err == ECHILD) {
			a.means = "the child did not become PID 1: it is not in a new PID namespace";
		}
		break;
	case PROBE_ROOT_PRIVATE:
		a.means = "the mounts of the new namespace could not be made private, so a mount could reach "
			  "the host; "
			  "nsh will not mount proc then";
		if (err == EPERM)
			a.fix =
			    "new mount namespace with CAP_SYS_ADMIN in its user namespace (unshare -m, -Um)";
		break;
	case PROBE_MOUNT_PROC:
		if (err == EPERM && host->nmasked > 0) {
			a.means =
			    "a container masks parts of /proc (mounts over /proc/kcore, /proc/sys, ...); the "
			    "kernel refuses a new proc mount that would reveal what they hide";
			a.fix = "run the container with --privileged, or with an unmasked /proc (docker: "
				"--security-opt "
				"systempaths=unconfined)";
		} else if (err == EPERM) {
			a.means = "procfs may be mounted only by a user namespace that owns the PID "
				  "namespace it shows";
			a.fix = "make the PID namespace and the mount namespace together, and fork (unshare "
				"-Urpf --mount-proc)";
		} else if (err == ENOENT || err == ENOTDIR) {
			a.means = "the temporary mount point vanished";
		}
		break;
	case PROBE_SETNS_PIDFD:
		if (err == EINVAL) {
			a.means = "this kernel cannot setns through a pidfd (Linux 5.8 and later can)";
			a.fix = "nothing to do: nsenter falls back to the /proc/PID/ns files";
		} else if (err == ENOSYS) {
			a.means = "this kernel has no pidfd_open (Linux 5.3 and later have it)";
			a.fix = "nothing to do: nsenter falls back to the /proc/PID/ns files";
		} else if (err == EPERM) {
			a.means =
			    "entering the namespace needs CAP_SYS_ADMIN in the namespace's user namespace";
			a.fix = "enter the user namespace first (nsenter -U), or run as root";
		}
		break;
	default:
		break;
	}
	if (!a.means)
		a.means = "the kernel refused this step";
	return a;
}

/* ---- labs ---------------------------------------------------------------- */

static int has_labs(const char *dir)
{
	char path[PATH_MAX + 8];
	snprintf(path, sizeof path, "%s/labs", dir);
	return access(path, R_OK | X_OK) == 0;
}

/* Where the labs are: $NSH_DATADIR, the installed data directory, or the
 * source tree above the binary (as `nsh lab` looks for them). */
static const char *find_labs_dir(struct shell *sh, char *buf, size_t len)
{
	const char *env = getenv("NSH_DATADIR");
	char exe[PATH_MAX - 8];
	ssize_t n;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return has_labs(buf) ? buf : NULL;
	}
	if (has_labs(NSH_DATADIR)) {
		snprintf(buf, len, "%s", NSH_DATADIR);
		return buf;
	}
	if (sh && sh->self_exe)
		snprintf(exe, sizeof exe, "%s", sh->self_exe);
	else if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0)
		exe[n] = '\0';
	else
		return NULL;
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	snprintf(buf, len, "%s/..", exe);
	return has_labs(buf) ? buf : NULL;
}

/* The quoted strings of a Lua table constructor starting at p ("{").
 * A cheap reading, enough for `needs = { "root", "userns" }`. */
static void read_needs(const char *p, struct lab_needs *lab)
{
	const char *end = strchr(p, '}');

	if (!end)
		return;
	while (p < end && lab->nneeds < MAX_NEEDS) {
		const char *q = strpbrk(p, "\"'");
		if (!q || q >= end)
			break;
		const char *close = strchr(q + 1, *q);
		if (!close || close > end)
			break;
		snprintf(lab->needs[lab->nneeds++], sizeof lab->needs[0], "%.*s", (int)(close - q - 1),
			 q + 1);
		p = close + 1;
	}
}

/* id and needs of labs/NAME.lua, from the text (no Lua state here). */
static int read_lab(const char *path, const char *name, struct lab_needs *lab)
{
	FILE *f = fopen(path, "re");
	char text[65536];
	size_t n;
	const char *p;

	memset(lab, 0, sizeof *lab);
	snprintf(lab->id, sizeof lab->id, "%s", name);
	if (!f)
		return -1;
	n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	if ((p = strstr(text, "\n  id = ")) || (p = strstr(text, "id = "))) {
		const char *q = strpbrk(p, "\"'");
		const char *close = q ? strchr(q + 1, *q) : NULL;
		if (close && close - q - 1 < (long)sizeof lab->id && !memchr(q, '\n', (size_t)(close - q)))
			snprintf(lab->id, sizeof lab->id, "%.*s", (int)(close - q - 1), q + 1);
	}
	if ((p = strstr(text, "needs = {")) || (p = strstr(text, "needs={")))
		read_needs(strchr(p, '{'), lab);
	return 0;
}

static int compare_labs(const void *a, const void *b)
{
	return strcmp(((const struct lab_needs *)a)->id, ((const struct lab_needs *)b)->id);
}

static int list_labs(struct shell *sh, struct lab_needs *labs, int max)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (!find_labs_dir(sh, dir, sizeof dir))
		return 0;
	snprintf(path, sizeof path, "%s/labs", dir);
	if (!(d = opendir(path)))
		return 0;
	while ((de = readdir(d)) && n < max) {
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".lua") != 0 || de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/labs/%s", dir, de->d_name);
		de->d_name[len - 4] = '\0';
		if (read_lab(path, de->d_name, &labs[n]) == 0)
			n++;
	}
	closedir(d);
	qsort(labs, (size_t)n, sizeof *labs, compare_labs);
	return n;
}

/* 0 if the lab runs for this identity, else the probe_need_met code of the
 * first need (the sandbox first) that is not met. */
static int lab_runs(const struct lab_needs *lab, const struct probe_identity *id)
{
	int rc = probe_need_met(id, "sandbox");

	for (int i = 0; rc == 0 && i < lab->nneeds; i++)
		rc = probe_need_met(id, lab->needs[i]);
	return rc;
}

static const char *why_not(int rc, char *buf, size_t len)
{
	if (rc == PROBE_NEED_NOT_ROOT)
		return "needs root";
	if (rc == PROBE_NEED_UNKNOWN)
		return "needs something nsh cannot probe";
	snprintf(buf, len, "%s failed", probe_step_name((enum probe_step)(-1 - rc)));
	return buf;
}

/* ---- text ---------------------------------------------------------------- */

static const char *identity_label(const struct probe_identity *id, char *buf, size_t len)
{
	if (id->as_nobody)
		snprintf(buf, len, "as nobody (uid 65534, unprivileged, the way root runs it)");
	else if (id->uid == 0)
		snprintf(buf, len, "as root (uid 0)");
	else
		snprintf(buf, len, "as uid %u (unprivileged)", (unsigned)id->uid);
	return buf;
}

static void print_identity_text(const struct probe_identity *id, const struct probe_host *host)
{
	char label[96];

	nsh_out("\n%s:\n", identity_label(id, label, sizeof label));
	if (id->drop_error) {
		nsh_out("  FAIL  switch to uid/gid 65534: %s\n", strerror(-id->drop_error));
		nsh_out("        means: uid 65534 cannot be taken here (not mapped in this user namespace,\n"
			"               or no CAP_SETUID), so the unprivileged run could not be probed\n"
			"        fix:   run nsh doctor as root of the host, or as an unprivileged user "
			"directly\n");
		return;
	}
	for (int s = 0; s < PROBE_STEP_COUNT; s++) {
		const struct probe_step_result *r = &id->step[s];
		if (r->result == 0) {
			nsh_out("  ok    %s%s%s\n", probe_step_name(s), r->detail[0] ? ": " : "", r->detail);
		} else if (r->result == PROBE_NOT_TRIED) {
			nsh_out("  --    %s: not tried (%s)\n", probe_step_name(s), r->detail);
		} else {
			struct advice a = advise(s, -r->result, id, host);
			nsh_out("  FAIL  %s: %s%s%s%s\n", probe_step_name(s), strerror(-r->result),
				r->detail[0] ? " (" : "", r->detail, r->detail[0] ? ")" : "");
			nsh_out("        means: %s\n", a.means);
			if (a.fix)
				nsh_out("        fix:   %s\n", a.fix);
		}
	}
}

static void print_limit(const char *name, long value, int absent_ok, const char *good)
{
	if (value == -ENOENT)
		nsh_out("  %-45s not present%s\n", name, absent_ok ? " (nothing restricts it)" : "");
	else if (value < 0)
		nsh_out("  %-45s unreadable: %s\n", name, strerror((int)-value));
	else
		nsh_out("  %-45s %ld%s\n", name, value, good);
}

static void print_host_text(const struct probe_host *h)
{
	char name[64];

	nsh_out("\nlimits:\n");
	for (int i = 0; i < NS_KIND_COUNT && i < 8; i++) {
		char advice[160];
		snprintf(name, sizeof name, "user.max_%s_namespaces", ns_kinds[i].name);
		snprintf(advice, sizeof advice,
			 "  <- 0: no %s namespace can be made; fix: sysctl -w %s=15000", ns_kinds[i].name,
			 name);
		print_limit(name, h->max_namespaces[i], 0, h->max_namespaces[i] == 0 ? advice : "");
	}
	print_limit("kernel.unprivileged_userns_clone", h->unprivileged_userns_clone, 1,
		    h->unprivileged_userns_clone == 0
			? "  <- 0: unprivileged user namespaces are off; fix: sysctl -w "
			  "kernel.unprivileged_userns_clone=1"
			: "");
	print_limit("kernel.apparmor_restrict_unprivileged_userns", h->apparmor_restrict_unprivileged_userns,
		    1,
		    h->apparmor_restrict_unprivileged_userns == 1
			? "  <- 1: AppArmor restricts unprivileged user namespaces; fix: sysctl -w "
			  "kernel.apparmor_restrict_unprivileged_userns=0"
			: "");

	nsh_out("\nmounts:\n");
	if (h->root_shared < 0)
		nsh_out("  /: cannot read /proc/self/mountinfo: %s\n", strerror(-h->root_shared));
	else if (h->root_shared)
		nsh_out(
		    "  / is shared (peer group %d): a mount made in a new mount namespace would propagate\n"
		    "  back unless / is made private there; nsh's unshare -m does that by default\n"
		    "  (--propagation private), as util-linux does\n",
		    h->root_peer_group);
	else
		nsh_out("  / is not shared: mounts do not propagate out of a new mount namespace\n");

	nsh_out("\ncontainer:\n");
	if (!h->nmasked && !h->proc_sys_readonly && !h->dockerenv && !h->containerenv &&
	    !h->container_env[0]) {
		nsh_out("  no sign of a container\n");
		return;
	}
	if (h->nmasked) {
		nsh_out("  /proc is masked: %d mount%s over paths under /proc (", h->nmasked,
			h->nmasked == 1 ? "" : "s");
		for (int i = 0; i < h->nmasked && i < PROBE_MAX_MASKED; i++)
			nsh_out("%s%s", i ? ", " : "", h->masked[i]);
		nsh_out("%s)\n", h->nmasked > PROBE_MAX_MASKED ? ", ..." : "");
		nsh_out("  means: the kernel refuses a fresh proc mount that would reveal them (mountproc,\n"
			"         unshare --mount-proc fail with EPERM)\n"
			"  fix:   run the container with --privileged, or docker --security-opt "
			"systempaths=unconfined\n");
	}
	if (h->proc_sys_readonly)
		nsh_out("  /proc/sys is read-only: sysctl limits cannot be changed from here\n");
	if (h->dockerenv)
		nsh_out("  /.dockerenv exists: a Docker container\n");
	if (h->containerenv)
		nsh_out("  /run/.containerenv exists: a Podman container\n");
	if (h->container_env[0])
		nsh_out("  PID 1 has container=%s in its environment\n", h->container_env);
}

static void print_labs_text(const struct lab_needs *labs, int nlabs, const struct probe_report *r)
{
	const struct probe_identity *root = NULL, *unpriv = NULL;
	char buf[128];

	for (int i = 0; i < r->nidentities; i++) {
		if (r->identity[i].uid == 0 && !r->identity[i].as_nobody)
			root = &r->identity[i];
		else
			unpriv = &r->identity[i];
	}
	nsh_out("\nlabs:\n");
	if (nlabs == 0) {
		nsh_out("  no labs found (set NSH_DATADIR to the directory that holds labs/)\n");
		return;
	}
	for (int i = 0; i < nlabs; i++) {
		int rc;
		nsh_out("  %-20s", labs[i].id);
		if (!root)
			nsh_out(" as root: not probed (run nsh doctor as root)");
		else if ((rc = lab_runs(&labs[i], root)) == 0)
			nsh_out(" as root: yes");
		else
			nsh_out(" as root: no (%s)", why_not(rc, buf, sizeof buf));
		if ((rc = lab_runs(&labs[i], unpriv)) == 0)
			nsh_out("   unprivileged: yes\n");
		else
			nsh_out("   unprivileged: no (%s)\n", why_not(rc, buf, sizeof buf));
	}
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_long_or_null(long v)
{
	if (v < 0)
		nsh_out("null");
	else
		nsh_out("%ld", v);
}

static void print_json(const struct probe_report *r, const struct lab_needs *labs, int nlabs)
{
	const struct probe_host *h = &r->host;
	const struct probe_identity *root = NULL, *unpriv = NULL;
	char buf[128];

	nsh_out("{\n  \"kernel\": {\"release\": ");
	nsh_out_json_string(h->kernel_release);
	nsh_out(", \"version\": ");
	nsh_out_json_string(h->kernel_version);
	nsh_out("},\n  \"identities\": [");
	for (int i = 0; i < r->nidentities; i++) {
		const struct probe_identity *id = &r->identity[i];
		if (id->uid == 0 && !id->as_nobody)
			root = id;
		else
			unpriv = id;
		nsh_out("%s\n    {\"uid\": %u, \"gid\": %u, \"as_nobody\": %s, \"user_namespace\": %s, "
			"\"switch_error\": ",
			i ? "," : "", (unsigned)id->uid, (unsigned)id->gid, id->as_nobody ? "true" : "false",
			id->with_userns ? "true" : "false");
		if (id->drop_error)
			nsh_out_json_string(strerror(-id->drop_error));
		else
			nsh_out("null");
		nsh_out(", \"steps\": [");
		for (int s = 0; s < PROBE_STEP_COUNT; s++) {
			const struct probe_step_result *st = &id->step[s];
			const char *state = st->result == 0		    ? "ok"
					    : st->result == PROBE_NOT_TRIED ? "not_tried"
									    : "failed";
			nsh_out("%s\n      {\"step\": ", s ? "," : "");
			nsh_out_json_string(probe_step_key(s));
			nsh_out(", \"what\": ");
			nsh_out_json_string(probe_step_name(s));
			nsh_out(", \"state\": \"%s\", \"errno\": ", state);
			if (st->result < 0) {
				struct advice a = advise(s, -st->result, id, h);
				nsh_out("%d, \"error\": ", -st->result);
				nsh_out_json_string(strerror(-st->result));
				nsh_out(", \"means\": ");
				nsh_out_json_string(a.means);
				nsh_out(", \"fix\": ");
				if (a.fix)
					nsh_out_json_string(a.fix);
				else
					nsh_out("null");
			} else {
				nsh_out("null, \"error\": null, \"means\": null, \"fix\": null");
			}
			nsh_out(", \"detail\": ");
			nsh_out_json_string(st->detail);
			nsh_out("}");
		}
		nsh_out("]}");
	}
	nsh_out("\n  ],\n  \"limits\": {");
	for (int i = 0; i < NS_KIND_COUNT && i < 8; i++) {
		nsh_out("%s\"max_%s_namespaces\": ", i ? ", " : "", ns_kinds[i].name);
		json_long_or_null(h->max_namespaces[i]);
	}
	nsh_out(", \"unprivileged_userns_clone\": ");
	json_long_or_null(h->unprivileged_userns_clone);
	nsh_out(", \"apparmor_restrict_unprivileged_userns\": ");
	json_long_or_null(h->apparmor_restrict_unprivileged_userns);
	nsh_out("},\n  \"root_mount\": {\"shared\": %s, \"peer_group\": %d},\n",
		h->root_shared < 0 ? "null"
		: h->root_shared   ? "true"
				   : "false",
		h->root_peer_group);
	nsh_out("  \"container\": {\"masked_proc\": [");
	for (int i = 0; i < h->nmasked && i < PROBE_MAX_MASKED; i++) {
		nsh_out("%s", i ? ", " : "");
		nsh_out_json_string(h->masked[i]);
	}
	nsh_out("], \"masked_proc_count\": %d, \"proc_sys_readonly\": %s, \"dockerenv\": %s, "
		"\"containerenv\": %s, "
		"\"container_env\": ",
		h->nmasked, h->proc_sys_readonly ? "true" : "false", h->dockerenv ? "true" : "false",
		h->containerenv ? "true" : "false");
	if (h->container_env[0])
		nsh_out_json_string(h->container_env);
	else
		nsh_out("null");
	nsh_out("},\n  \"labs\": [");
	for (int i = 0; i < nlabs; i++) {
		int rc;
		nsh_out("%s\n    {\"id\": ", i ? "," : "");
		nsh_out_json_string(labs[i].id);
		nsh_out(", \"needs\": [");
		for (int k = 0; k < labs[i].nneeds; k++) {
			nsh_out("%s", k ? ", " : "");
			nsh_out_json_string(labs[i].needs[k]);
		}
		nsh_out("], \"root\": ");
		if (!root)
			nsh_out("null, \"root_why_not\": \"not probed: not root\"");
		else if ((rc = lab_runs(&labs[i], root)) == 0)
			nsh_out("true, \"root_why_not\": null");
		else {
			nsh_out("false, \"root_why_not\": ");
			nsh_out_json_string(why_not(rc, buf, sizeof buf));
		}
		nsh_out(", \"unprivileged\": ");
		if ((rc = lab_runs(&labs[i], unpriv)) == 0)
			nsh_out("true, \"unprivileged_why_not\": null}");
		else {
			nsh_out("false, \"unprivileged_why_not\": ");
			nsh_out_json_string(why_not(rc, buf, sizeof buf));
			nsh_out("}");
		}
	}
	nsh_out("%s]\n}\n", nlabs ? "\n  " : "");
}

/* ---- the builtin ------------------------------------------------------------ */

const struct builtin_option doctor_options[] = {
    {'J', "json", OPTION_FLAG, ARG_NONE, NULL, "the same report as JSON"},
    OPTION_HELP,
    {0},
};

static int __attribute__((format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	nsh_error(CMD, "%s", message);
	return builtin_usage_error(builtin_find(CMD));
}

/* Status: 0 when every step worked for every identity probed, 1 when one
 * failed (the text says which and why), 2 for a usage error. */
int builtin_doctor(struct shell *sh, int argc, char **argv)
{
	const struct builtin *self = builtin_find(CMD);
	static struct probe_report report; /* large: keep it off the stack */
	static struct lab_needs labs[MAX_LABS];
	int json = 0, c, rc, nlabs, failed = 0;
	char opt[3] = "-?";

	if (builtin_wants_help(self, argc, argv))
		return 0;
	optind = 0;
	while ((c = builtin_getopt(argc, argv, doctor_options)) != -1) {
		switch (c) {
		case 'J':
			json = 1;
			break;
		case 'h':
			builtin_print_help(self);
			return 0;
		default:
			if (strncmp(argv[optind - 1], "--", 2) == 0)
				return usage_error("unrecognized option '%s'", argv[optind - 1]);
			opt[1] = (char)optopt;
			return usage_error("invalid option -- '%s'", opt + 1);
		}
	}
	if (optind < argc)
		return usage_error("too many arguments: '%s'", argv[optind]);

	rc = probe_machine(&report, NULL, PROBE_TIMEOUT_MS);
	if (rc < 0)
		return nsh_error_errno(CMD, "probe", NULL, -rc);
	nlabs = list_labs(sh, labs, MAX_LABS);
	for (int i = 0; i < report.nidentities; i++) {
		failed |= report.identity[i].drop_error != 0;
		for (int s = 0; s < PROBE_STEP_COUNT; s++)
			failed |= report.identity[i].step[s].result != 0;
	}
	if (json) {
		print_json(&report, labs, nlabs);
		return failed;
	}
	nsh_out("nsh doctor: what this machine allows for namespaces\n\nkernel: Linux %s %s\n",
		report.host.kernel_release, report.host.kernel_version);
	for (int i = 0; i < report.nidentities; i++)
		print_identity_text(&report.identity[i], &report.host);
	print_host_text(&report.host);
	print_labs_text(labs, nlabs, &report);
	nsh_out("\n%s\n", failed ? "some steps failed: see the lines marked FAIL above"
				 : "everything nsh and its labs need works here");
	return failed;
}

int doctor_main(int argc, char **argv)
{
	int status = builtin_doctor(NULL, argc, argv);

	fflush(stdout);
	fflush(stderr);
	return status;
}
