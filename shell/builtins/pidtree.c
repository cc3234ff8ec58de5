/* pidtree: the process tree with every process's PID in every PID namespace
 * it belongs to (the NStgid chain of /proc/PID/status, outermost first), and
 * the places where a child sits in another namespace than its parent.
 *
 * psmisc's pstree is the model for the options; the layout is one process a
 * line (like `tree`), because a PID chain and a namespace marker do not fit
 * pstree's "children on the parent's line" style.  The whole tree is read in
 * one pass over /proc into memory, then rendered into one buffer and written
 * once.  No subprocess. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "builtin.h"
#include "builtins/options.h"
#include "io.h"
#include "lib/json_string.h"
#include "nsh.h"
#include "sys/ns.h"
#include "sys/proc.h"

/* Past this many indentation levels the left part of the prefix is replaced
 * by a marker "[+N]" (N levels left out), so a 32-deep nesting stays within
 * a terminal's width. */
#define PIDTREE_INDENT_CAP 12
/* A PID chain longer than this is shown as its first two and last three
 * entries with "...(N more)..." between them; -J always has the whole chain. */
#define PIDTREE_CHAIN_SHOWN 7
#define PIDTREE_ARGS_MAX 4096

struct pt_thread {
	size_t chain_off; /* NSpid of the thread, in pt_tree.chains */
	int chain_len;
	char name[64];
};

struct pt_node {
	pid_t pid;	  /* as the proc root sees it: chain[0] */
	pid_t ppid;	  /* idem; 0 when the parent is outside the proc root's view */
	size_t chain_off; /* NStgid, in pt_tree.chains */
	int chain_len;	  /* level (below the proc root's namespace) + 1 */
	char name[64];
	char *args;		 /* the command line (-a, -J), or NULL */
	ino_t pidns;		 /* 0 when it could not be read */
	ino_t ns[NS_KIND_COUNT]; /* the types asked for with -n; 0 unknown */
	long nthreads;		 /* the Threads: line of status */
	size_t first_thread, thread_count;
	int parent; /* index in nodes, or -1 */
	int first_child, last_child, next_sibling;
	unsigned char visible;	/* part of the --from view */
	unsigned char printing; /* on the current rendering path (cycle guard) */
};

struct pt_opts {
	int arguments, show_parents, hide_threads, json, ascii;
	int want_ns[NS_KIND_COUNT]; /* -n: mark boundaries of these types */
	pid_t root_pid;		    /* 0: every root */
	pid_t from_pid;		    /* 0: the proc root's own view */
	const char *proc_root;
};

struct pt_buf {
	char *s;
	size_t len, cap;
	int failed;
};

struct pt_tree {
	struct pt_node *nodes;
	size_t count, cap;
	struct pt_thread *threads;
	size_t thread_count, thread_cap;
	pid_t *chains; /* every PID chain, one after another (most are 1-3 long) */
	size_t chains_len, chains_cap;
	int view_level; /* --from: the level of the viewer's namespace, else 0 */
	ino_t view_ns;	/* --from: the viewer's PID namespace, else 0 */
	const struct pt_opts *opts;
	int rootfd;	      /* the proc root, while reading */
	int pidns_errno;      /* why a ns/pid link could not be read (EACCES...) */
	size_t pidns_unknown; /* lines drawn with "pid:?" */
	/* drawing */
	const char *arrow, *tee, *corner, *bar, *blank, *ellipsis;
	unsigned char *last_at_depth; /* per depth: the node there is its parent's last child */
	size_t depth_cap;
};

/* ---- output buffer -------------------------------------------------------- */

static void buf_grow(struct pt_buf *b, size_t more)
{
	size_t ncap;
	char *ns;

	if (b->failed || b->len + more + 1 <= b->cap)
		return;
	ncap = b->cap ? b->cap : 65536;
	while (ncap < b->len + more + 1)
		ncap *= 2;
	ns = realloc(b->s, ncap);
	if (!ns) {
		b->failed = 1;
		return;
	}
	b->s = ns;
	b->cap = ncap;
}

static void buf_add(struct pt_buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (b->failed)
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void buf_str(struct pt_buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_printf(struct pt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(struct pt_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		buf_add(b, small, (size_t)n);
		return;
	}
	buf_grow(b, (size_t)n);
	if (b->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* A name or command line for the terminal: control characters (a name may
 * hold a newline) become '?', so one process stays one line. */
static void buf_text(struct pt_buf *b, const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			break;
	buf_add(b, s, (size_t)(p - s));
	if (!*p)
		return;
	for (; *p; p++) {
		char c = ((unsigned char)*p < 0x20 || *p == 0x7f) ? '?' : *p;
		buf_add(b, &c, 1);
	}
}

static void buf_put_bytes(void *b, const char *bytes, size_t n)
{
	buf_add(b, bytes, n);
}

/* A JSON string (json_string.c: always valid, whatever bytes a name holds). */
static void buf_json_string(struct pt_buf *b, const char *s)
{
	json_string_write(s, buf_put_bytes, b);
}

/* ---- reading /proc -------------------------------------------------------- */

/* The value of "Threads:" in a status buffer (proc_parse_status does not
 * keep it); 1 when it is missing. */
static long status_threads(const char *buf)
{
	const char *p = strstr(buf, "\nThreads:");
	long v;

	if (!p)
		return 1;
	v = strtol(p + 9, NULL, 10);
	return v > 0 ? v : 1;
}

/* "State:\tZ (zombie)": exited, not yet reaped by its parent. */
static int status_is_zombie(const char *buf)
{
	const char *p = strstr(buf, "\nState:");

	if (!p)
		return 0;
	p += 7;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == 'Z';
}

/* The PID chain of a node or thread. */
#define CHAIN(t, x) (&(t)->chains[(x)->chain_off])

/* Appends a chain to the pool; its offset in *off.  A pool instead of a
 * 33-entry array in every node: most chains are 1 to 3 PIDs long. */
static int chain_store(struct pt_tree *t, const pid_t *chain, int len, size_t *off)
{
	if (t->chains_len + (size_t)len > t->chains_cap) {
		size_t ncap = t->chains_cap ? t->chains_cap * 2 : 4096;
		pid_t *nc;
		while (ncap < t->chains_len + (size_t)len)
			ncap *= 2;
		nc = realloc(t->chains, ncap * sizeof *nc);
		if (!nc)
			return -ENOMEM;
		t->chains = nc;
		t->chains_cap = ncap;
	}
	memcpy(t->chains + t->chains_len, chain, (size_t)len * sizeof *chain);
	*off = t->chains_len;
	t->chains_len += (size_t)len;
	return 0;
}

static struct pt_node *tree_new_node(struct pt_tree *t)
{
	if (t->count == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 512;
		struct pt_node *nn = realloc(t->nodes, ncap * sizeof *nn);
		if (!nn)
			return NULL;
		t->nodes = nn;
		t->cap = ncap;
	}
	return &t->nodes[t->count];
}

static struct pt_thread *tree_new_thread(struct pt_tree *t)
{
	if (t->thread_count == t->thread_cap) {
		size_t ncap = t->thread_cap ? t->thread_cap * 2 : 256;
		struct pt_thread *nt = realloc(t->threads, ncap * sizeof *nt);
		if (!nt)
			return NULL;
		t->threads = nt;
		t->thread_cap = ncap;
	}
	return &t->threads[t->thread_count];
}

/* The threads of a process other than its main thread, from PID/task/TID/
 * status (name and NSpid).  A thread that ends meanwhile is left out. */
static int read_threads(struct pt_tree *t, struct pt_node *node, int piddir)
{
	pid_t *tids = NULL;
	size_t ntids = 0, i;
	char buf[8192], rel[64];
	int r;

	node->first_thread = t->thread_count;
	node->thread_count = 0;
	r = proc_list_tasks(t->opts->proc_root, node->pid, &tids, &ntids);
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	for (i = 0; i < ntids; i++) {
		struct proc_status st;
		struct pt_thread *th;
		ssize_t n;

		if (tids[i] == node->pid)
			continue;
		snprintf(rel, sizeof rel, "task/%d/status", (int)tids[i]);
		n = proc_read_small_at(piddir, rel, buf, sizeof buf);
		if (n < 0 || proc_parse_status(buf, (size_t)n, &st) < 0)
			continue;
		th = tree_new_thread(t);
		if (!th) {
			free(tids);
			return -ENOMEM;
		}
		/* without NSpid the parser gives the tgid: the TID is the directory name */
		if (st.nspid_len == 1)
			st.nspid[0] = tids[i];
		if (chain_store(t, st.nspid, st.nspid_len, &th->chain_off) < 0) {
			free(tids);
			return -ENOMEM;
		}
		th->chain_len = st.nspid_len;
		snprintf(th->name, sizeof th->name, "%s", st.name);
		t->thread_count++;
		node->thread_count++;
	}
	free(tids);
	return 0;
}

/* One process: status (name, PPid, NStgid, Threads), the PID namespace
 * link, the other namespace links asked for, the command line if needed
 * and the threads unless hidden.  1 if read, 0 if the process is gone or
 * unreadable (left out, as ps does), -ENOMEM. */
static int read_process(struct pt_tree *t, pid_t pid)
{
	const struct pt_opts *o = t->opts;
	struct pt_node *node = tree_new_node(t);
	struct proc_status st;
	char rel[32], buf[8192];
	int piddir, r, k;
	ssize_t n;

	if (!node)
		return -ENOMEM;
	snprintf(rel, sizeof rel, "%d", (int)pid);
	piddir = openat(t->rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (piddir < 0)
		return 0;
	n = proc_read_small_at(piddir, "status", buf, sizeof buf);
	if (n < 0 || proc_parse_status(buf, (size_t)n, &st) < 0) {
		close(piddir);
		return 0;
	}
	memset(node, 0, sizeof *node);
	node->pid = pid;
	node->ppid = st.ppid;
	st.nstgid[0] = pid;
	if (chain_store(t, st.nstgid, st.nstgid_len, &node->chain_off) < 0) {
		close(piddir);
		return -ENOMEM;
	}
	node->chain_len = st.nstgid_len;
	snprintf(node->name, sizeof node->name, "%s", st.name);
	node->nthreads = status_threads(buf);
	node->parent = node->first_child = node->last_child = node->next_sibling = -1;

	r = proc_ns_inode_at(piddir, "pid", &node->pidns);
	if (r < 0)
		node->pidns = 0;
	if ((r == -ENOENT || r == -ESRCH) && !status_is_zombie(buf)) {
		/* ended between status and ns/; but a zombie whose links are
		 * gone stays in the tree until it is reaped */
		close(piddir);
		return 0;
	}
	if (r < 0 && r != -ENOENT)
		t->pidns_errno = -r;
	for (k = 0; k < NS_KIND_COUNT; k++)
		if (o->want_ns[k] && proc_ns_inode_at(piddir, ns_kinds[k].proc_name, &node->ns[k]) < 0)
			node->ns[k] = 0;
	if (o->arguments || o->json) {
		n = proc_read_small_at(piddir, "cmdline", buf, PIDTREE_ARGS_MAX);
		if (n > 0 && proc_cmdline_join(buf, (size_t)n) > 0)
			node->args = strdup(buf);
	}
	if (!o->hide_threads && node->nthreads > 1 && read_threads(t, node, piddir) < 0) {
		free(node->args);
		close(piddir);
		return -ENOMEM;
	}
	close(piddir);
	t->count++;
	return 1;
}

static int compare_node_pid(const void *key, const void *elem)
{
	pid_t k = *(const pid_t *)key, p = ((const struct pt_node *)elem)->pid;

	return (k > p) - (k < p);
}

/* Index of the node with this PID (as the proc root sees it), or -1.  The
 * nodes are in ascending PID order (proc_list_pids sorts). */
static int tree_find(const struct pt_tree *t, pid_t pid)
{
	const struct pt_node *n = t->count ? bsearch(&pid, t->nodes, t->count, sizeof *t->nodes, compare_node_pid) : NULL;

	return n ? (int)(n - t->nodes) : -1;
}

/* Links every node to its parent; children end up in ascending PID order.
 * A process whose PID namespace link was unreadable (EACCES on another
 * user's process, say) is in the same namespace as a parent or child at the
 * same level (a child is created in its parent's namespace or below it), and
 * in the proc root's namespace at level 0. */
static void tree_link(struct pt_tree *t)
{
	ino_t level0 = 0;
	size_t i;
	int changed;

	for (i = 0; i < t->count; i++) {
		struct pt_node *n = &t->nodes[i];
		int p = n->ppid > 0 && n->ppid != n->pid ? tree_find(t, n->ppid) : -1;

		n->parent = p;
		if (p >= 0) {
			struct pt_node *pn = &t->nodes[p];
			if (pn->last_child < 0)
				pn->first_child = (int)i;
			else
				t->nodes[pn->last_child].next_sibling = (int)i;
			pn->last_child = (int)i;
		}
		if (n->chain_len == 1 && n->pidns && !level0)
			level0 = n->pidns;
	}
	do {
		changed = 0;
		for (i = 0; i < t->count; i++) {
			struct pt_node *n = &t->nodes[i];
			int c;

			if (n->pidns)
				continue;
			if (n->chain_len == 1)
				n->pidns = level0;
			else if (n->parent >= 0 && t->nodes[n->parent].chain_len == n->chain_len)
				n->pidns = t->nodes[n->parent].pidns;
			for (c = n->first_child; c >= 0 && !n->pidns; c = t->nodes[c].next_sibling)
				if (t->nodes[c].chain_len == n->chain_len)
					n->pidns = t->nodes[c].pidns;
			changed |= n->pidns != 0;
		}
	} while (changed);
}

/* Whether n is in another PID namespace than p: another level, or both
 * inodes known and different. */
static int pidns_differs(const struct pt_node *p, const struct pt_node *n)
{
	return p->chain_len != n->chain_len || (p->pidns && n->pidns && p->pidns != n->pidns);
}

static void tree_free(struct pt_tree *t)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		free(t->nodes[i].args);
	free(t->nodes);
	free(t->threads);
	free(t->chains);
	free(t->last_at_depth);
}

/* The one pass over /proc. */
static int tree_read(struct pt_tree *t)
{
	pid_t *pids = NULL;
	size_t npids = 0, i;
	int r = proc_list_pids(t->opts->proc_root, &pids, &npids);

	if (r < 0)
		return r;
	t->rootfd = open(t->opts->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->rootfd < 0) {
		free(pids);
		return -errno;
	}
	for (i = 0; i < npids; i++) {
		r = read_process(t, pids[i]);
		if (r < 0) {
			free(pids);
			close(t->rootfd);
			t->rootfd = -1;
			return r;
		}
	}
	free(pids);
	close(t->rootfd);
	t->rootfd = -1;
	tree_link(t);
	return 0;
}

/* ---- the --from view ------------------------------------------------------ */

struct ns_parent {
	ino_t child, parent;
};

static void tree_propagate_visible(struct pt_tree *t);

/* Which processes the viewer's PID namespace (view_ns at view_level) can
 * see: those in it or in a namespace below it (pid_namespaces(7)).  The
 * parent of a namespace is read off the tree: a process one level deeper
 * than its parent process is in a child namespace of its parent's.  The
 * subtree of a visible process is visible too (a child is always in its
 * parent's namespace or below it), which also covers namespaces entered
 * with setns from further up. */
static int tree_mark_view(struct pt_tree *t)
{
	struct ns_parent *map = NULL;
	size_t nmap = 0, cap = 0, i, j;

	for (i = 0; i < t->count; i++) {
		struct pt_node *n = &t->nodes[i], *p;
		if (n->parent < 0)
			continue;
		p = &t->nodes[n->parent];
		if (n->chain_len != p->chain_len + 1 || !n->pidns || !p->pidns)
			continue;
		for (j = 0; j < nmap && map[j].child != n->pidns; j++)
			;
		if (j < nmap)
			continue;
		if (nmap == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct ns_parent *nm = realloc(map, ncap * sizeof *nm);
			if (!nm) {
				free(map);
				return -ENOMEM;
			}
			map = nm;
			cap = ncap;
		}
		map[nmap].child = n->pidns;
		map[nmap].parent = p->pidns;
		nmap++;
	}
	for (i = 0; i < t->count; i++) {
		struct pt_node *n = &t->nodes[i];
		ino_t ns = n->pidns;
		int level = n->chain_len - 1;

		n->visible = 0;
		if (level < t->view_level || !ns)
			continue;
		while (level > t->view_level && ns) {
			for (j = 0; j < nmap && map[j].child != ns; j++)
				;
			ns = j < nmap ? map[j].parent : 0;
			level--;
		}
		n->visible = ns == t->view_ns;
	}
	free(map);
	tree_propagate_visible(t);
	return 0;
}

/* Makes the subtrees of visible processes visible: parents come before
 * children in PID order only until PIDs wrap, so repeat until nothing
 * changes (one round in practice, two after a wrap). */
static void tree_propagate_visible(struct pt_tree *t)
{
	size_t i;

	for (int changed = 1; changed;) {
		changed = 0;
		for (i = 0; i < t->count; i++) {
			struct pt_node *n = &t->nodes[i];
			if (!n->visible && n->parent >= 0 && t->nodes[n->parent].visible &&
			    n->chain_len > t->view_level) {
				n->visible = 1;
				changed = 1;
			}
		}
	}
}

/* A root of the drawing: no parent, or one the view does not show. */
static int node_is_root(const struct pt_tree *t, const struct pt_node *n)
{
	return n->parent < 0 || !t->nodes[n->parent].visible;
}

/* ---- text ----------------------------------------------------------------- */

/* Unicode line drawing only on a terminal whose locale is UTF-8: the codeset
 * if the shell set a locale, else the LC_ALL / LC_CTYPE / LANG variables. */
static int want_unicode(void)
{
	FILE *out = nsh_stdout ? nsh_stdout : stdout;
	const char *cs = nl_langinfo(CODESET), *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	int fd = fileno(out);
	size_t i;

	if (fd < 0 || !isatty(fd))
		return 0;
	if (cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0))
		return 1;
	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strcasestr(v, "UTF-8") || strcasestr(v, "utf8");
	}
	return 0;
}

static void tree_set_drawing(struct pt_tree *t, int unicode)
{
	if (unicode) {
		t->arrow = " \u2192 ";
		t->tee = "\u251c\u2500";
		t->corner = "\u2514\u2500";
		t->bar = "\u2502 ";
		t->blank = "  ";
		t->ellipsis = "\u2026";
	} else {
		t->arrow = " -> ";
		t->tee = "|-";
		t->corner = "`-";
		t->bar = "| ";
		t->blank = "  ";
		t->ellipsis = "...";
	}
}

/* The PID chain from the viewer's level inward, long chains shortened. */
static void render_chain(struct pt_tree *t, struct pt_buf *b, const pid_t *chain, int len)
{
	int from = len > t->view_level ? t->view_level : len - 1;
	int count = len - from, i;

	for (i = 0; i < count; i++) {
		if (count > PIDTREE_CHAIN_SHOWN && i == 2) {
			buf_printf(b, "%s%s(%d more)%s", t->arrow, t->ellipsis, count - 5, t->ellipsis);
			i = count - 4;
			continue;
		}
		if (i > 0)
			buf_str(b, t->arrow);
		buf_printf(b, "%d", (int)chain[from + i]);
	}
}

/* The namespace markers of a line: the PID namespace where the process is
 * in another one than its parent (or heads the display, or is an init), and
 * each type asked for with -n where it differs from the parent's. */
static void render_markers(struct pt_tree *t, struct pt_buf *b, const struct pt_node *n, int is_top)
{
	const struct pt_node *p = is_top || n->parent < 0 ? NULL : &t->nodes[n->parent];
	int is_init = CHAIN(t, n)[n->chain_len - 1] == 1;
	int k;

	if (!p || is_init || pidns_differs(p, n)) {
		buf_str(b, " [pid:");
		if (n->pidns)
			buf_printf(b, "%llu", (unsigned long long)n->pidns);
		else {
			buf_str(b, "?");
			t->pidns_unknown++;
		}
		buf_printf(b, " level %d%s]", n->chain_len - 1 - t->view_level, is_init ? " init" : "");
	}
	for (k = 0; k < NS_KIND_COUNT; k++) {
		if (!t->opts->want_ns[k] || strcmp(ns_kinds[k].name, "pid") == 0 || !n->ns[k])
			continue;
		if (p && (p->ns[k] == n->ns[k] || !p->ns[k]))
			continue;
		buf_printf(b, " [%s:%llu]", ns_kinds[k].name, (unsigned long long)n->ns[k]);
	}
}

/* The left part of a line at this depth: one cell per ancestor level (a bar
 * where that ancestor has siblings below), then the connector.  Past the
 * indentation cap the outer cells become "[+N]". */
static void render_prefix(struct pt_tree *t, struct pt_buf *b, int depth, int last)
{
	int d = 1;

	if (depth == 0)
		return;
	if (depth - 1 > PIDTREE_INDENT_CAP) {
		buf_printf(b, "[+%d]", depth - 1 - PIDTREE_INDENT_CAP);
		d = depth - PIDTREE_INDENT_CAP;
	}
	for (; d < depth; d++)
		buf_str(b, t->last_at_depth[d] ? t->blank : t->bar);
	buf_str(b, last ? t->corner : t->tee);
}

/* Room in last_at_depth for this depth: the tree has no depth limit. */
static int depth_reserve(struct pt_tree *t, int depth)
{
	size_t ncap;
	unsigned char *nl;

	if ((size_t)depth < t->depth_cap)
		return 0;
	ncap = t->depth_cap ? t->depth_cap * 2 : 64;
	while (ncap <= (size_t)depth)
		ncap *= 2;
	nl = realloc(t->last_at_depth, ncap);
	if (!nl)
		return -ENOMEM;
	t->last_at_depth = nl;
	t->depth_cap = ncap;
	return 0;
}

/* The first visible process from sibling c on (--from hides some), or -1. */
static int visible_child_after(const struct pt_tree *t, int c)
{
	for (; c >= 0; c = t->nodes[c].next_sibling)
		if (t->nodes[c].visible)
			return c;
	return -1;
}

/* One process and all its children and threads; or, while path is not
 * empty (the ancestors of -s), only the next process of the path. */
static void render_text(struct pt_tree *t, struct pt_buf *b, int idx, int depth, int last, const int *path,
			int pathlen)
{
	struct pt_node *n = &t->nodes[idx];
	size_t i;
	int c;

	if (n->printing || depth_reserve(t, depth + 1) < 0)
		return;
	n->printing = 1;
	t->last_at_depth[depth] = (unsigned char)last;
	render_prefix(t, b, depth, last);
	if (t->opts->arguments) {
		/* an empty command line (kernel thread, zombie): [name], as ps shows it */
		if (n->args) {
			buf_text(b, n->args);
		} else {
			buf_str(b, "[");
			buf_text(b, n->name);
			buf_str(b, "]");
		}
		buf_str(b, " (");
		render_chain(t, b, CHAIN(t, n), n->chain_len);
		buf_str(b, ")");
	} else {
		buf_text(b, n->name);
		buf_str(b, " ");
		render_chain(t, b, CHAIN(t, n), n->chain_len);
	}
	render_markers(t, b, n, depth == 0);
	buf_str(b, "\n");

	if (pathlen > 0) {
		render_text(t, b, path[0], depth + 1, 1, path + 1, pathlen - 1);
		n->printing = 0;
		return;
	}
	c = visible_child_after(t, n->first_child);
	while (c >= 0) {
		int next = visible_child_after(t, t->nodes[c].next_sibling);
		render_text(t, b, c, depth + 1, next < 0 && n->thread_count == 0, NULL, 0);
		c = next;
	}
	for (i = 0; i < n->thread_count; i++) {
		const struct pt_thread *th = &t->threads[n->first_thread + i];
		render_prefix(t, b, depth + 1, i + 1 == n->thread_count);
		buf_str(b, "{");
		buf_text(b, th->name);
		buf_str(b, "} ");
		render_chain(t, b, CHAIN(t, th), th->chain_len);
		buf_str(b, "\n");
	}
	n->printing = 0;
}

/* ---- JSON ----------------------------------------------------------------- */

static void json_chain(struct pt_tree *t, struct pt_buf *b, const pid_t *chain, int len)
{
	int i = len > t->view_level ? t->view_level : len - 1;

	buf_str(b, "[");
	for (int first = 1; i < len; i++, first = 0)
		buf_printf(b, "%s%d", first ? "" : ",", (int)chain[i]);
	buf_str(b, "]");
}

static void json_indent(struct pt_buf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_add(b, "  ", 2);
}

/* One process object a line: pid chain, name, args, PID namespace and
 * level, init, the -n namespaces, the types that differ from the parent,
 * threads, children. */
static void render_json(struct pt_tree *t, struct pt_buf *b, int idx, int depth, const int *path, int pathlen)
{
	struct pt_node *n = &t->nodes[idx];
	/* "newns" compares with the real parent, drawn or not */
	const struct pt_node *p = n->parent < 0 ? NULL : &t->nodes[n->parent];
	int k, c, first;
	size_t i;

	if (n->printing)
		return;
	n->printing = 1;
	json_indent(b, depth);
	buf_str(b, "{\"pid\":");
	json_chain(t, b, CHAIN(t, n), n->chain_len);
	buf_str(b, ",\"name\":");
	buf_json_string(b, n->name);
	buf_str(b, ",\"args\":");
	buf_json_string(b, n->args ? n->args : "");
	if (n->pidns)
		buf_printf(b, ",\"pidns\":%llu", (unsigned long long)n->pidns);
	else
		buf_str(b, ",\"pidns\":null");
	buf_printf(b, ",\"level\":%d,\"init\":%s", n->chain_len - 1 - t->view_level,
		   CHAIN(t, n)[n->chain_len - 1] == 1 ? "true" : "false");
	first = 1;
	for (k = 0; k < NS_KIND_COUNT; k++) {
		if (!t->opts->want_ns[k])
			continue;
		buf_printf(b, "%s\"%s\":", first ? ",\"ns\":{" : ",", ns_kinds[k].name);
		if (strcmp(ns_kinds[k].name, "pid") == 0 ? n->pidns : n->ns[k])
			buf_printf(
			    b, "%llu",
			    (unsigned long long)(strcmp(ns_kinds[k].name, "pid") == 0 ? n->pidns : n->ns[k]));
		else
			buf_str(b, "null");
		first = 0;
	}
	if (!first)
		buf_str(b, "}");
	buf_str(b, ",\"newns\":[");
	first = p && !pidns_differs(p, n);
	if (!first)
		buf_str(b, "\"pid\"");
	for (k = 0; k < NS_KIND_COUNT; k++) {
		if (!t->opts->want_ns[k] || strcmp(ns_kinds[k].name, "pid") == 0 || !n->ns[k])
			continue;
		if (p && (p->ns[k] == n->ns[k] || !p->ns[k]))
			continue;
		buf_printf(b, "%s\"%s\"", first ? "" : ",", ns_kinds[k].name);
		first = 0;
	}
	buf_str(b, "]");
	if (!t->opts->hide_threads) {
		buf_str(b, ",\"threads\":[");
		for (i = 0; i < n->thread_count; i++) {
			const struct pt_thread *th = &t->threads[n->first_thread + i];
			buf_str(b, i ? ",{\"tid\":" : "{\"tid\":");
			json_chain(t, b, CHAIN(t, th), th->chain_len);
			buf_str(b, ",\"name\":");
			buf_json_string(b, th->name);
			buf_str(b, "}");
		}
		buf_str(b, "]");
	}
	buf_str(b, ",\"children\":[");
	if (pathlen > 0) {
		buf_str(b, "\n");
		render_json(t, b, path[0], depth + 1, path + 1, pathlen - 1);
		buf_str(b, "\n");
		json_indent(b, depth);
	} else {
		first = 1;
		for (c = visible_child_after(t, n->first_child); c >= 0;
		     c = visible_child_after(t, t->nodes[c].next_sibling)) {
			buf_str(b, first ? "\n" : ",\n");
			render_json(t, b, c, depth + 1, NULL, 0);
			first = 0;
		}
		if (!first) {
			buf_str(b, "\n");
			json_indent(b, depth);
		}
	}
	buf_str(b, "]}");
	n->printing = 0;
}

/* ---- the builtin ---------------------------------------------------------- */

enum { OPT_FROM = OPTION_LONG_ONLY, OPT_ASCII, OPT_PROC };

const struct builtin_option pidtree_options[] = {
    OPTION_PARAGRAPH("Draw the process tree with each process's PID in every PID namespace it is in,\n"
		     "outermost first (bash 11655 -> 6 -> 1), marking where a child is in another\n"
		     "namespace than its parent ([pid:INODE level N]) and each namespace's init."),
    {'a', "arguments", OPTION_FLAG, ARG_NONE, NULL, "show command lines instead of names"},
    {'n', "ns", OPTION_VALUE, ARG_NONE, "TYPE",
     "also mark boundaries of TYPE (mnt net pid uts ipc user\n"
     "cgroup time, comma-separated, repeatable) or all"},
    {'s', "show-parents", OPTION_FLAG, ARG_NONE, NULL, "with PID: show its ancestors too"},
    {'T', "hide-threads", OPTION_FLAG, ARG_NONE, NULL, "leave threads out (shown as {name} by default)"},
    {'J', "json", OPTION_FLAG, ARG_NONE, NULL, "a JSON tree of objects"},
    {OPT_FROM, "from", OPTION_VALUE, ARG_PID, "PID",
     "the tree as seen from inside PID's PID namespace: only\nwhat it can see, with its PIDs"},
    {OPT_ASCII, "ascii", OPTION_FLAG, ARG_NONE, NULL,
     "draw the branches with |- and `- even on a UTF-8 terminal"},
    {OPT_PROC, "proc", OPTION_VALUE, ARG_DIR, "DIR", "read DIR instead of /proc (also $NSH_PROC)"},
    OPTION_HELP,
    OPTION_PARAGRAPH("Lines deeper than 12 levels start with [+N]: N levels of indentation left out."),
    {0},
};

/* "-n net,uts" / "-n all": 0, or -1 for an unknown type (named in *bad). */
static int parse_ns_list(const char *arg, int *want, char *bad, size_t badlen)
{
	char *copy = strdup(arg), *tok, *save = NULL;
	int rc = 0, k;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const struct ns_kind *kind;
		if (strcmp(tok, "all") == 0) {
			for (k = 0; k < NS_KIND_COUNT; k++)
				want[k] = 1;
			continue;
		}
		kind = ns_kind_by_name(tok);
		if (!kind) {
			snprintf(bad, badlen, "%s", tok);
			rc = -1;
			break;
		}
		want[kind - ns_kinds] = 1;
	}
	free(copy);
	return rc;
}


/* Options into *o; 0, or 2 after printing a usage error. */
static int parse_options(struct pt_opts *o, int argc, char **argv, int *help)
{
	const struct builtin *self = builtin_find("pidtree");
	char bad[64];
	int c;

	optind = 0;
	opterr = 0;
	/* "+": getopt stops at the PID; options after it are read by going on
	 * from there (pidtree 1 -T works as pstree's does) */
	for (;;) {
		c = builtin_getopt(argc, argv, pidtree_options);
		if (c == -1) {
			int after_dashes = optind > 0 && strcmp(argv[optind - 1], "--") == 0;

			if (optind >= argc)
				break;
			if (o->root_pid || (after_dashes && optind + 1 < argc)) {
				nsh_error("pidtree", "too many arguments");
				return builtin_usage_error(self);
			}
			o->root_pid = builtin_parse_pid(argv[optind]);
			if (!o->root_pid) {
				nsh_error("pidtree", "'%s' is not a PID", argv[optind]);
				return builtin_usage_error(self);
			}
			if (++optind >= argc || after_dashes)
				break;
			continue;
		}
		switch (c) {
		case 'a':
			o->arguments = 1;
			break;
		case 'n':
			if (parse_ns_list(optarg, o->want_ns, bad, sizeof bad) < 0) {
				nsh_error(
				    "pidtree",
				    "unknown namespace type '%s' (mnt net pid uts ipc user cgroup time all)",
				    bad);
				return 2;
			}
			break;
		case 's':
			o->show_parents = 1;
			break;
		case 'T':
			o->hide_threads = 1;
			break;
		case 'J':
			o->json = 1;
			break;
		case 'h':
			*help = 1;
			return 0;
		case OPT_FROM:
			o->from_pid = builtin_parse_pid(optarg);
			if (!o->from_pid) {
				nsh_error("pidtree", "--from: '%s' is not a PID", optarg);
				return builtin_usage_error(self);
			}
			break;
		case OPT_ASCII:
			o->ascii = 1;
			break;
		case OPT_PROC:
			o->proc_root = optarg;
			break;
		default: /* '?' and ':' */
			return builtin_option_error("pidtree", c, argv);
		}
	}
	return 0;
}

/* Renders the tree into b: the subtree of root_pid (with its ancestors
 * under -s), or every root of the view.  1 with a message when the PID is
 * not there. */
static int pidtree_render(struct pt_tree *t, struct pt_buf *b)
{
	const struct pt_opts *o = t->opts;
	int *path = NULL, pathlen = 0, first = 1;
	size_t i;

	if (o->root_pid) {
		int idx = tree_find(t, o->root_pid), a;
		if (idx < 0 || !t->nodes[idx].visible) {
			if (idx < 0)
				nsh_error("pidtree", "no process with PID %d", (int)o->root_pid);
			else
				nsh_error("pidtree", "PID %d is not visible from the PID namespace of PID %d",
					  (int)o->root_pid, (int)o->from_pid);
			return 1;
		}
		/* path[0] is drawn first: the topmost visible ancestor under -s */
		path = malloc(t->count * sizeof *path);
		if (!path)
			return nsh_error_errno("pidtree", "malloc", NULL, ENOMEM);
		path[pathlen++] = idx;
		for (a = idx;
		     o->show_parents && !node_is_root(t, &t->nodes[a]) && (size_t)pathlen < t->count;) {
			a = t->nodes[a].parent;
			path[pathlen++] = a;
		}
		for (a = 0; a < pathlen / 2; a++) {
			int tmp = path[a];
			path[a] = path[pathlen - 1 - a];
			path[pathlen - 1 - a] = tmp;
		}
	}
	if (o->json)
		buf_str(b, "{\"pidtree\":[");
	for (i = 0; i < t->count; i++) {
		int idx = (int)i;
		if (path) {
			if (i > 0)
				break;
			idx = path[0];
		} else if (!t->nodes[idx].visible || !node_is_root(t, &t->nodes[idx])) {
			continue;
		}
		if (o->json) {
			buf_str(b, first ? "\n" : ",\n");
			render_json(t, b, idx, 1, path ? path + 1 : NULL, path ? pathlen - 1 : 0);
		} else {
			render_text(t, b, idx, 0, 1, path ? path + 1 : NULL, path ? pathlen - 1 : 0);
		}
		first = 0;
	}
	if (o->json)
		buf_str(b, first ? "]}\n" : "\n]}\n");
	free(path);
	return 0;
}

/* The --from viewer: its namespace and level, and the visible set. */
static int tree_set_view(struct pt_tree *t)
{
	int idx = tree_find(t, t->opts->from_pid);
	size_t i;

	if (!t->opts->from_pid) {
		for (i = 0; i < t->count; i++)
			t->nodes[i].visible = 1;
		return 0;
	}
	if (idx < 0)
		return nsh_error("pidtree", "--from: no process with PID %d", (int)t->opts->from_pid);
	t->view_ns = t->nodes[idx].pidns;
	t->view_level = t->nodes[idx].chain_len - 1;
	if (!t->view_ns) {
		/* its ns/pid link is unreadable (another user's process): the
		 * view is then the subtree of its namespace's init, the topmost
		 * ancestor at the same level.  Processes that entered from
		 * outside with setns are missed. */
		int init = idx, guard = 0;
		while (t->nodes[init].parent >= 0 &&
		       t->nodes[t->nodes[init].parent].chain_len == t->nodes[idx].chain_len &&
		       guard++ < 100000)
			init = t->nodes[init].parent;
		if (CHAIN(t, &t->nodes[init])[t->nodes[init].chain_len - 1] != 1)
			return nsh_error("pidtree", "--from: cannot read the PID namespace of PID %d: %s",
					 (int)t->opts->from_pid,
					 strerror(t->pidns_errno ? t->pidns_errno : EACCES));
		for (i = 0; i < t->count; i++)
			t->nodes[i].visible = 0;
		t->nodes[init].visible = 1;
		tree_propagate_visible(t);
		return 0;
	}
	if (tree_mark_view(t) < 0)
		return nsh_error_errno("pidtree", "malloc", NULL, ENOMEM);
	return 0;
}

/* Reads, renders and prints; the entry point for tests too, with the
 * drawing style given (1 Unicode, 0 ASCII, -1 decide from the terminal). */
static int pidtree_run(struct pt_opts *o, int unicode)
{
	struct pt_tree t;
	struct pt_buf b = {0};
	int rc;

	memset(&t, 0, sizeof t);
	t.opts = o;
	if (unicode < 0)
		unicode = !o->ascii && !o->json && want_unicode();
	tree_set_drawing(&t, unicode);
	rc = tree_read(&t);
	if (rc < 0) {
		tree_free(&t);
		return nsh_error_errno("pidtree", "read", o->proc_root, -rc);
	}
	rc = tree_set_view(&t);
	if (rc == 0)
		rc = pidtree_render(&t, &b);
	if (rc == 0 && b.failed)
		rc = nsh_error_errno("pidtree", "malloc", NULL, ENOMEM);
	if (rc == 0 && b.len) {
		FILE *out = nsh_stdout ? nsh_stdout : stdout;
		/* the whole tree in one call, then flushed */
		nsh_out("%s", b.s);
		fflush(out);
	}
	if (rc == 0 && t.pidns_unknown)
		nsh_error("pidtree",
			  "note: pid:? marks %zu process%s whose /proc/PID/ns/pid could not be read (%s); "
			  "the level still comes from NStgid",
			  t.pidns_unknown, t.pidns_unknown == 1 ? "" : "es",
			  t.pidns_errno ? strerror(t.pidns_errno) : "a zombie's links are gone");
	free(b.s);
	tree_free(&t);
	return rc;
}

int builtin_pidtree(struct shell *sh, int argc, char **argv)
{
	struct pt_opts o;
	int help = 0, rc;

	if (builtin_wants_help(builtin_find("pidtree"), argc, argv))
		return 0;
	memset(&o, 0, sizeof o);
	rc = parse_options(&o, argc, argv, &help);
	if (rc)
		return rc;
	if (help) {
		builtin_print_help(builtin_find("pidtree"));
		return 0;
	}
	if (!o.proc_root)
		o.proc_root = proc_default_root();
	return pidtree_run(&o, -1);
}
