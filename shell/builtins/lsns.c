/* lsns: list namespaces the way util-linux lsns(8) does, from one pass over
 * /proc.
 *
 * The scan (sys/proc.c proc_scan_ns) reads only the ns links of every
 * process; everything else (stat for the PPID, the owner of /proc/PID for
 * the UID, cmdline) is read afterwards and only for the processes that are
 * printed: the lowest PID of each namespace.  The output engine below
 * reproduces libsmartcols' table, raw, JSON and tree layouts closely enough
 * that nsh's rows and util-linux 2.38's rows compare equal. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "builtins/options.h"
#include "io.h"
#include "lib/json_string.h"
#include "sys/ns.h"
#include "sys/proc.h"

#define LSNS_NTYPES NS_KIND_COUNT

/* ---- columns -------------------------------------------------------------- */

enum lsns_column {
	COL_NS,
	COL_TYPE,
	COL_PATH,
	COL_NPROCS,
	COL_PID,
	COL_PPID,
	COL_COMMAND,
	COL_UID,
	COL_USER,
	COL_NETNSID,
	COL_NSFS,
	COL_PNS,
	COL_ONS,
	COL_COUNT
};

enum { COLF_RIGHT = 1, COLF_TRUNC = 2, COLF_NUMBER = 4 };

/* width_hint as libsmartcols uses it: a column whose widest cell is at least
 * its header but narrower than the hint is widened to the hint. */
static const struct lsns_column_info {
	const char *name;
	int width_hint;
	unsigned flags;
	const char *help;
} column_infos[COL_COUNT] = {
	[COL_NS] = {"NS", 10, COLF_RIGHT | COLF_NUMBER, "the namespace's inode number: its identity"},
	[COL_TYPE] = {"TYPE", 5, 0, "mnt, net, pid, user, uts, ipc, cgroup or time"},
	[COL_PATH] = {"PATH", 0, 0, "the file it was found through: /proc/PID/ns/TYPE"},
	[COL_NPROCS] = {"NPROCS", 5, COLF_RIGHT | COLF_NUMBER, "how many processes are in it"},
	[COL_PID] = {"PID", 5, COLF_RIGHT | COLF_NUMBER, "the lowest of its PIDs (with NAMESPACE: each process's)"},
	[COL_PPID] = {"PPID", 5, COLF_RIGHT | COLF_NUMBER, "the parent PID of that process"},
	[COL_COMMAND] = {"COMMAND", 0, COLF_TRUNC, "that process's command line"},
	[COL_UID] = {"UID", 0, COLF_RIGHT | COLF_NUMBER, "that process's user id"},
	[COL_USER] = {"USER", 0, 0, "that process's user name"},
	[COL_NETNSID] = {"NETNSID", 0, COLF_RIGHT, "net only: its id in our network namespace, or unassigned"},
	[COL_NSFS] = {"NSFS", 0, 0, "where it is bind-mounted (an nsfs mount keeps it alive)"},
	[COL_PNS] = {"PNS", 10, COLF_RIGHT | COLF_NUMBER, "pid and user only: the inode of its parent"},
	[COL_ONS] = {"ONS", 10, COLF_RIGHT | COLF_NUMBER, "the inode of the user namespace that owns it"},
};

enum lsns_tree { TREE_NONE, TREE_PROCESS, TREE_OWNER, TREE_PARENT };

/* ---- a growable string ------------------------------------------------------ */

struct strbuf {
	char *data;
	size_t len, cap;
	int oom;
};

static void sb_grow(struct strbuf *sb, size_t more)
{
	size_t need = sb->len + more + 1, ncap;
	char *nd;

	if (sb->oom || need <= sb->cap)
		return;
	ncap = sb->cap ? sb->cap : 4096;
	while (ncap < need)
		ncap *= 2;
	nd = realloc(sb->data, ncap);
	if (!nd) {
		sb->oom = 1;
		return;
	}
	sb->data = nd;
	sb->cap = ncap;
}

static void sb_putn(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	if (sb->oom)
		return;
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

static void sb_puts(struct strbuf *sb, const char *s)
{
	sb_putn(sb, s, strlen(s));
}

static void sb_putc(struct strbuf *sb, char c)
{
	sb_putn(sb, &c, 1);
}

static void sb_spaces(struct strbuf *sb, size_t n)
{
	while (n--)
		sb_putc(sb, ' ');
}

static void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sb_putn(sb, small, (size_t)n);
		return;
	}
	sb_grow(sb, (size_t)n);
	if (sb->oom)
		return;
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

/* ---- text encodings (as libsmartcols prints cells) ------------------------ */

/* Length of a valid, printable UTF-8 sequence at s (1..4), or 0. */
static size_t utf8_printable_len(const unsigned char *s, size_t avail)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0xc2)
		return 0;
	if (s[0] < 0xe0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] < 0xf5) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
		return 0;
	return n;
}

/* The table form: control characters, bytes that are not printable in the
 * locale, and a backslash that would read as an escape ("\x") become \xHH. */
static void encode_safe(struct strbuf *sb, const char *text, int utf8)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text), i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;

		if (c == '\\' && i + 1 < len && s[i + 1] == 'x') {
			sb_puts(sb, "\\x5c");
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			sb_printf(sb, "\\x%02x", c);
			i++;
		} else if (c < 0x80) {
			sb_putc(sb, (char)c);
			i++;
		} else if (utf8 && (n = utf8_printable_len(s + i, len - i)) > 0) {
			sb_putn(sb, text + i, n);
			i += n;
		} else {
			sb_printf(sb, "\\x%02x", c);
			i++;
		}
	}
}

/* The raw form: one word per cell, so blanks, backslashes and every byte
 * outside printable ASCII become \xHH. */
static void encode_raw(struct strbuf *sb, const char *text)
{
	const unsigned char *s;

	for (s = (const unsigned char *)text; *s; s++) {
		if (*s <= 0x20 || *s == '\\' || *s >= 0x7f)
			sb_printf(sb, "\\x%02x", *s);
		else
			sb_putc(sb, (char)*s);
	}
}

static void sb_put_bytes(void *sb, const char *bytes, size_t n)
{
	sb_putn(sb, bytes, n);
}

static void encode_json_string(struct strbuf *sb, const char *text)
{
	json_string_write(text, sb_put_bytes, sb);
}

/* Display width of an encoded cell: every UTF-8 character counts one
 * column (the encoders above leave nothing else). */
static size_t display_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* Copies at most `width` display columns of s. */
static void put_truncated(struct strbuf *sb, const char *s, size_t width)
{
	const char *p = s;
	size_t w = 0;

	while (*p) {
		if (((unsigned char)*p & 0xc0) != 0x80) {
			if (w == width)
				break;
			w++;
		}
		p++;
	}
	sb_putn(sb, s, (size_t)(p - s));
}

/* Whether the user's locale is UTF-8, from the environment as setlocale(3)
 * would see it: LC_ALL, then LC_CTYPE, then LANG. */
static int locale_is_utf8(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	size_t i;

	for (i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return 0;
}

/* ---- the output table ------------------------------------------------------- */

struct out_line {
	char **cells;    /* raw text per selected column, NULL = empty */
	int parent;      /* line index or -1 */
	int first_child, last_child, next_sibling;
};

struct out_table {
	int cols[COL_COUNT * 2];
	int ncols;
	int tree_col;    /* index into cols of the tree column, or -1 */
	struct out_line *lines;
	int nlines, cap;
	int oom;
};

static int table_add_line(struct out_table *t, int parent)
{
	struct out_line *l;

	if (t->nlines == t->cap) {
		int ncap = t->cap ? t->cap * 2 : 64;
		struct out_line *nl = realloc(t->lines, (size_t)ncap * sizeof(*nl));
		if (!nl) {
			t->oom = 1;
			return -1;
		}
		t->lines = nl;
		t->cap = ncap;
	}
	l = &t->lines[t->nlines];
	l->cells = calloc((size_t)t->ncols, sizeof(char *));
	if (!l->cells) {
		t->oom = 1;
		return -1;
	}
	l->parent = parent;
	l->first_child = l->last_child = l->next_sibling = -1;
	if (parent >= 0) {
		struct out_line *p = &t->lines[parent];
		if (p->last_child >= 0)
			t->lines[p->last_child].next_sibling = t->nlines;
		else
			p->first_child = t->nlines;
		p->last_child = t->nlines;
	}
	return t->nlines++;
}

static void table_set(struct out_table *t, int line, int col_index, const char *text)
{
	if (line < 0 || !text)
		return;
	free(t->lines[line].cells[col_index]);
	t->lines[line].cells[col_index] = strdup(text);
	if (!t->lines[line].cells[col_index])
		t->oom = 1;
}

static void table_free(struct out_table *t)
{
	int i, c;

	for (i = 0; i < t->nlines; i++) {
		for (c = 0; c < t->ncols; c++)
			free(t->lines[i].cells[c]);
		free(t->lines[i].cells);
	}
	free(t->lines);
	t->lines = NULL;
	t->nlines = t->cap = 0;
}

struct render_opts {
	int raw, json, noheadings, notruncate, utf8, tty;
	int termwidth;
};

static void order_subtree(const struct out_table *t, int line, int *order, int *n)
{
	int k;

	order[(*n)++] = line;
	for (k = t->lines[line].first_child; k >= 0; k = t->lines[k].next_sibling)
		order_subtree(t, k, order, n);
}

/* The order lines are printed in: depth first along the tree when there is
 * a tree column, else the order they were added. */
static int *print_order(const struct out_table *t)
{
	int *order = malloc(((size_t)t->nlines + 1) * sizeof(int));
	int n = 0, i;

	if (!order)
		return NULL;
	for (i = 0; i < t->nlines; i++) {
		if (t->tree_col < 0)
			order[n++] = i;
		else if (t->lines[i].parent < 0)
			order_subtree(t, i, order, &n);
	}
	return order;
}

/* The tree art in front of a line: for each ancestor below the root a
 * "│ " (more siblings follow) or "  ", then "├─" or "└─". */
static void tree_art(const struct out_table *t, int line, int utf8, struct strbuf *sb)
{
	int chain[512], n = 0, i, cur;

	for (cur = line; t->lines[cur].parent >= 0 && n < 512; cur = t->lines[cur].parent)
		chain[n++] = cur;
	/* chain[n-1] is the child of the root ... chain[0] is the line */
	for (i = n - 1; i >= 1; i--) {
		int anc = chain[i];
		int more = t->lines[anc].next_sibling >= 0;
		sb_puts(sb, more ? (utf8 ? "\u2502 " : "| ") : "  ");
	}
	if (n > 0)
		sb_puts(sb, t->lines[line].next_sibling >= 0 ? (utf8 ? "\u251c\u2500" : "|-")
							      : (utf8 ? "\u2514\u2500" : "`-"));
}

static void json_key(struct strbuf *sb, const char *name)
{
	const char *p;

	sb_putc(sb, '"');
	for (p = name; *p; p++)
		sb_putc(sb, (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p);
	sb_puts(sb, "\": ");
}

static void json_object(const struct out_table *t, int line, int indent, int first, struct strbuf *sb)
{
	const struct out_line *l = &t->lines[line];
	int c, k, kid_first = 1;

	if (first) {
		sb_spaces(sb, (size_t)indent);
		sb_puts(sb, "{\n");
	} else {
		sb_puts(sb, ",{\n");
	}
	for (c = 0; c < t->ncols; c++) {
		const struct lsns_column_info *ci = &column_infos[t->cols[c]];
		const char *v = l->cells[c];
		if (c)
			sb_puts(sb, ",\n");
		sb_spaces(sb, (size_t)indent + 3);
		json_key(sb, ci->name);
		if (!v || !*v)
			sb_puts(sb, "null");
		else if (ci->flags & COLF_NUMBER)
			sb_puts(sb, v);
		else
			encode_json_string(sb, v);
	}
	if (t->tree_col >= 0 && l->first_child >= 0) {
		sb_puts(sb, ",\n");
		sb_spaces(sb, (size_t)indent + 3);
		sb_puts(sb, "\"children\": [\n");
		for (k = l->first_child; k >= 0; k = t->lines[k].next_sibling) {
			json_object(t, k, indent + 6, kid_first, sb);
			kid_first = 0;
		}
		sb_putc(sb, '\n');
		sb_spaces(sb, (size_t)indent + 3);
		sb_putc(sb, ']');
	}
	sb_putc(sb, '\n');
	sb_spaces(sb, (size_t)indent);
	sb_putc(sb, '}');
}

static void render_json(const struct out_table *t, struct strbuf *sb)
{
	int i, first = 1;

	sb_puts(sb, "{\n   \"namespaces\": [\n");
	for (i = 0; i < t->nlines; i++) {
		if (t->tree_col >= 0 && t->lines[i].parent >= 0)
			continue;
		json_object(t, i, 6, first, sb);
		first = 0;
	}
	sb_puts(sb, "\n   ]\n}\n");
}

/* Table, list and raw output.  Widths follow libsmartcols: the widest cell,
 * at least the header; widened to the width hint when the widest cell is
 * between the header and the hint.  Only on a terminal are truncatable
 * columns (COMMAND) cut to fit its width. */
static void render_table(const struct out_table *t, const struct render_opts *o, struct strbuf *out)
{
	int *order = NULL;
	char **enc = NULL;
	size_t *width = NULL, total = 0;
	int i, c, nl = t->nlines, ncol = t->ncols;
	struct strbuf cell = {0};

	if (nl == 0)
		return; /* util-linux prints nothing, not even the header */
	enc = calloc((size_t)nl * (size_t)ncol, sizeof(char *));
	width = calloc((size_t)ncol, sizeof(size_t));
	if (!enc || !width)
		goto out;
	order = print_order(t);
	if (!order)
		goto out;

	for (i = 0; i < nl; i++) {
		for (c = 0; c < ncol; c++) {
			const char *v = t->lines[i].cells[c];
			cell.len = 0;
			sb_puts(&cell, "");
			if (c == t->tree_col)
				tree_art(t, i, o->utf8, &cell);
			if (o->raw) {
				char *art = cell.data ? strdup(cell.data) : NULL;
				cell.len = 0;
				sb_puts(&cell, "");
				if (art) {
					encode_raw(&cell, art);
					free(art);
				}
				if (v)
					encode_raw(&cell, v);
			} else if (v) {
				encode_safe(&cell, v, o->utf8);
			}
			enc[(size_t)i * (size_t)ncol + (size_t)c] = strdup(cell.data ? cell.data : "");
		}
	}
	free(cell.data);

	if (o->raw) {
		if (!o->noheadings) {
			for (c = 0; c < ncol; c++) {
				if (c)
					sb_putc(out, ' ');
				sb_puts(out, column_infos[t->cols[c]].name);
			}
			sb_putc(out, '\n');
		}
		for (i = 0; i < nl; i++) {
			int line = order[i];
			for (c = 0; c < ncol; c++) {
				const char *e = enc[(size_t)line * (size_t)ncol + (size_t)c];
				if (c)
					sb_putc(out, ' ');
				sb_puts(out, e ? e : "");
			}
			sb_putc(out, '\n');
		}
		goto out;
	}

	for (c = 0; c < ncol; c++) {
		const struct lsns_column_info *ci = &column_infos[t->cols[c]];
		size_t w = 0, header = strlen(ci->name);
		for (i = 0; i < nl; i++) {
			const char *e = enc[(size_t)i * (size_t)ncol + (size_t)c];
			size_t dw = e ? display_width(e) : 0;
			if (dw > w)
				w = dw;
		}
		if (w < header)
			w = header;
		else if (ci->width_hint >= 1 && w < (size_t)ci->width_hint && header < (size_t)ci->width_hint)
			w = (size_t)ci->width_hint;
		width[c] = w;
		total += w + (c + 1 < ncol ? 1 : 0);
	}
	if (o->tty && !o->notruncate && o->termwidth > 0 && total > (size_t)o->termwidth) {
		size_t over = total - (size_t)o->termwidth;
		for (c = ncol - 1; c >= 0 && over; c--) {
			const struct lsns_column_info *ci = &column_infos[t->cols[c]];
			size_t header = strlen(ci->name), cut;
			if (!(ci->flags & COLF_TRUNC) || width[c] <= header)
				continue;
			cut = width[c] - header < over ? width[c] - header : over;
			width[c] -= cut;
			over -= cut;
		}
	}

	for (i = -1; i < nl; i++) {
		int line = i >= 0 ? order[i] : -1;
		if (line < 0 && o->noheadings)
			continue;
		for (c = 0; c < ncol; c++) {
			const struct lsns_column_info *ci = &column_infos[t->cols[c]];
			const char *e = line < 0 ? ci->name : enc[(size_t)line * (size_t)ncol + (size_t)c];
			size_t dw, w = width[c];
			int right = (ci->flags & COLF_RIGHT) && c != t->tree_col;
			int last = c + 1 == ncol;
			if (!e)
				e = "";
			dw = display_width(e);
			if (dw > w)
				dw = w;
			if (right)
				sb_spaces(out, w - dw);
			put_truncated(out, e, w);
			if (!right && !last)
				sb_spaces(out, w - dw);
			if (!last)
				sb_putc(out, ' ');
		}
		sb_putc(out, '\n');
	}
out:
	if (enc)
		for (i = 0; i < nl * ncol; i++)
			free(enc[i]);
	free(enc);
	free(width);
	free(order);
}

/* ---- the namespaces ------------------------------------------------------- */

struct lsns_ns {
	ino_t id;
	int type;        /* index in ns_kinds */
	int nprocs;
	int rep;         /* index in scan.procs of the lowest PID, -1 for a ghost */
	int line;        /* output line, -1 until printed */
	int related_done;
	ino_t parent_id, owner_id;
	int parent_ok, owner_ok; /* the ioctl answered (0 means "none") */
	int parent_ns, owner_ns; /* index of the related namespace, -1 */
	uid_t ghost_uid;
};

/* What we know of a process beyond its ns links, read when it is printed. */
struct lsns_proc_extra {
	unsigned have;   /* EXTRA_* */
	pid_t ppid;
	uid_t uid;
	char *command;
	int line;        /* its latest output line, -1 */
};

enum { EXTRA_PPID = 1, EXTRA_UID = 2, EXTRA_COMMAND = 4 };

struct uid_name {
	uid_t uid;
	char *name;
};

struct lsns_ctx {
	const char *proc_root;
	int procfd;
	struct proc_ns_scan scan;
	struct lsns_proc_extra *extra;
	struct lsns_ns *ns;
	size_t nns, ns_cap;
	size_t *hash;    /* open addressing: ns index + 1, 0 = empty */
	size_t hash_size;
	struct uid_name *users;
	size_t nusers;
	int netlink_fd;
	char *mountinfo;
	enum lsns_tree tree;
};

static size_t hash_ino(ino_t id, size_t size)
{
	uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15ull;

	return (size_t)(x >> 17) & (size_t)(size - 1);
}

static int ns_find(const struct lsns_ctx *cx, ino_t id)
{
	size_t h;

	if (!cx->hash_size)
		return -1;
	for (h = hash_ino(id, cx->hash_size); cx->hash[h]; h = (h + 1) & (cx->hash_size - 1))
		if (cx->ns[cx->hash[h] - 1].id == id)
			return (int)(cx->hash[h] - 1);
	return -1;
}

static int hash_rebuild(struct lsns_ctx *cx, size_t size)
{
	size_t i, h;
	size_t *nh = calloc(size, sizeof(size_t));

	if (!nh)
		return -ENOMEM;
	free(cx->hash);
	cx->hash = nh;
	cx->hash_size = size;
	for (i = 0; i < cx->nns; i++) {
		for (h = hash_ino(cx->ns[i].id, size); nh[h]; h = (h + 1) & (size - 1))
			;
		nh[h] = i + 1;
	}
	return 0;
}

static int ns_add(struct lsns_ctx *cx, ino_t id, int type, int rep)
{
	struct lsns_ns *n;

	if (cx->nns == cx->ns_cap) {
		size_t ncap = cx->ns_cap ? cx->ns_cap * 2 : 64;
		struct lsns_ns *nv = realloc(cx->ns, ncap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		cx->ns = nv;
		cx->ns_cap = ncap;
	}
	n = &cx->ns[cx->nns];
	memset(n, 0, sizeof(*n));
	n->id = id;
	n->type = type;
	n->rep = rep;
	n->line = -1;
	n->parent_ns = n->owner_ns = -1;
	cx->nns++;
	if ((cx->nns + 1) * 2 > cx->hash_size) {
		int r = hash_rebuild(cx, cx->hash_size ? cx->hash_size * 4 : 256);
		return r < 0 ? r : (int)cx->nns - 1;
	}
	{
		size_t h;
		for (h = hash_ino(id, cx->hash_size); cx->hash[h]; h = (h + 1) & (cx->hash_size - 1))
			;
		cx->hash[h] = cx->nns;
	}
	return (int)cx->nns - 1;
}

/* The namespaces of every scanned process: NPROCS and the lowest PID (the
 * scan is in ascending PID order, so the first process seen is the lowest),
 * then sorted by inode as util-linux sorts them. */
static int ns_compare(const void *a, const void *b)
{
	ino_t x = ((const struct lsns_ns *)a)->id, y = ((const struct lsns_ns *)b)->id;

	return (x > y) - (x < y);
}

static int aggregate(struct lsns_ctx *cx)
{
	size_t p;
	int t;

	for (p = 0; p < cx->scan.n; p++) {
		const struct proc_ns_entry *e = &cx->scan.procs[p];
		for (t = 0; t < LSNS_NTYPES; t++) {
			int i;
			if (!e->ns[t])
				continue;
			i = ns_find(cx, e->ns[t]);
			if (i < 0) {
				i = ns_add(cx, e->ns[t], t, (int)p);
				if (i < 0)
					return i;
			}
			cx->ns[i].nprocs++;
		}
	}
	if (cx->nns) /* qsort(NULL, 0) is undefined: a proc root without processes */
		qsort(cx->ns, cx->nns, sizeof(*cx->ns), ns_compare);
	return hash_rebuild(cx, cx->hash_size ? cx->hash_size : 256);
}

static int proc_index(const struct lsns_ctx *cx, pid_t pid)
{
	size_t lo = 0, hi = cx->scan.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cx->scan.procs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cx->scan.n && cx->scan.procs[lo].pid == pid ? (int)lo : -1;
}

/* util-linux's command line: at most BUFSIZ bytes, NULs turned to spaces and
 * the last byte dropped (normally the final NUL); an empty one falls back to
 * comm.  Reproduced byte for byte so the COMMAND columns compare equal. */
static char *read_command(int piddirfd)
{
	char buf[8192 + 1];
	ssize_t n;
	ssize_t i;

	n = proc_read_small_at(piddirfd, "cmdline", buf, sizeof(buf));
	if (n <= 0)
		n = proc_read_small_at(piddirfd, "comm", buf, sizeof(buf));
	if (n <= 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n - 1] = '\0';
	return strdup(buf);
}

static void load_extra(struct lsns_ctx *cx, int idx, unsigned want)
{
	struct lsns_proc_extra *x = &cx->extra[idx];
	char name[16];
	int dirfd;

	want &= ~x->have;
	if (!want)
		return;
	snprintf(name, sizeof(name), "%d", (int)cx->scan.procs[idx].pid);
	dirfd = openat(cx->procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		x->have |= want;
		return;
	}
	if (want & EXTRA_UID) {
		struct stat st;
		if (fstat(dirfd, &st) == 0)
			x->uid = st.st_uid;
	}
	if (want & EXTRA_PPID) {
		char buf[1024];
		struct proc_stat ps;
		ssize_t n = proc_read_small_at(dirfd, "stat", buf, sizeof(buf));
		if (n > 0 && proc_parse_stat(buf, (size_t)n, &ps) == 0)
			x->ppid = ps.ppid;
	}
	if (want & EXTRA_COMMAND)
		x->command = read_command(dirfd);
	close(dirfd);
	x->have |= want;
}

static const char *user_name(struct lsns_ctx *cx, uid_t uid)
{
	struct uid_name *nu;
	struct passwd *pw;
	char num[32];
	size_t i;

	for (i = 0; i < cx->nusers; i++)
		if (cx->users[i].uid == uid)
			return cx->users[i].name;
	nu = realloc(cx->users, (cx->nusers + 1) * sizeof(*nu));
	if (!nu)
		return "";
	cx->users = nu;
	pw = getpwuid(uid);
	snprintf(num, sizeof(num), "%u", (unsigned)uid);
	nu[cx->nusers].uid = uid;
	nu[cx->nusers].name = strdup(pw ? pw->pw_name : num);
	if (!nu[cx->nusers].name)
		return "";
	return nu[cx->nusers++].name;
}

/* ---- parent and owner namespaces (NS_GET_PARENT / NS_GET_USERNS) --------- */

static int open_ns_file(struct lsns_ctx *cx, pid_t pid, int type)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "%d/ns/%s", (int)pid, ns_kinds[type].proc_name);
	return openat(cx->procfd, rel, O_RDONLY | O_CLOEXEC);
}

/* Asks the kernel for a related namespace of nsfd: its inode in *id, 1 when
 * the kernel answered (an EPERM answer, "outside your view", gives inode 0
 * as util-linux prints it), 0 when it could not be asked. */
static int related_inode(int nsfd, unsigned long request, ino_t *id, int *fd_out)
{
	int fd = sys_ns_ioctl(nsfd, request);
	struct stat st;

	*id = 0;
	if (fd_out)
		*fd_out = -1;
	if (fd == -EPERM)
		return 1;
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0)
		*id = st.st_ino;
	if (fd_out)
		*fd_out = fd;
	else
		close(fd);
	return 1;
}

static int ns_add_ghost(struct lsns_ctx *cx, int nsfd, ino_t id, int depth);

/* Parent (pid and user namespaces only) and owner of namespace i.  In a
 * tree, a related namespace no process of ours is in (an intermediate user
 * namespace, say) is added as a "ghost" row with no processes, as util-linux
 * does. */
static void ns_related(struct lsns_ctx *cx, int i, int nsfd_in, int want_ghosts, int depth)
{
	struct lsns_ns *n = &cx->ns[i];
	int nsfd = nsfd_in, pfd = -1, ofd = -1, type = n->type;
	ino_t pid_ = 0, oid = 0;
	int pok = 0, ook;

	if (n->related_done)
		return;
	n->related_done = 1;
	if (nsfd < 0 && n->rep >= 0)
		nsfd = open_ns_file(cx, cx->scan.procs[n->rep].pid, type);
	if (nsfd < 0)
		return;
	if (strcmp(ns_kinds[type].name, "pid") == 0 || strcmp(ns_kinds[type].name, "user") == 0)
		pok = related_inode(nsfd, NS_GET_PARENT, &pid_, want_ghosts ? &pfd : NULL);
	else
		pok = 1;
	ook = related_inode(nsfd, NS_GET_USERNS, &oid, want_ghosts ? &ofd : NULL);
	n = &cx->ns[i];
	n->parent_id = pid_;
	n->owner_id = oid;
	n->parent_ok = pok;
	n->owner_ok = ook;
	if (want_ghosts && depth < 64) {
		if (pid_ && pid_ != n->id && ns_find(cx, pid_) < 0 && pfd >= 0)
			ns_add_ghost(cx, pfd, pid_, depth + 1);
		if (oid && ns_find(cx, oid) < 0 && ofd >= 0)
			ns_add_ghost(cx, ofd, oid, depth + 1);
	}
	if (pfd >= 0)
		close(pfd);
	if (ofd >= 0)
		close(ofd);
	if (nsfd != nsfd_in)
		close(nsfd);
}

static int ns_add_ghost(struct lsns_ctx *cx, int nsfd, ino_t id, int depth)
{
	int kind = ioctl(nsfd, NS_GET_NSTYPE), t, i;
	uid_t uid = 0;

	for (t = 0; t < LSNS_NTYPES; t++)
		if ((unsigned long)kind == ns_kinds[t].clone_flag)
			break;
	if (kind < 0 || t == LSNS_NTYPES)
		return -1;
	i = ns_add(cx, id, t, -1);
	if (i < 0)
		return -1;
	if (ioctl(nsfd, NS_GET_OWNER_UID, &uid) == 0)
		cx->ns[i].ghost_uid = uid;
	ns_related(cx, i, nsfd, 1, depth);
	return i;
}

/* ---- NETNSID (rtnetlink RTM_GETNSID) and NSFS (nsfs bind mounts) ---------- */

/* The id the network stack gives the namespace open at nsfd, as seen from
 * ours: >= 0, NETNSA_NSID_NOT_ASSIGNED, or INT_MIN when we cannot ask. */
static int netns_id(struct lsns_ctx *cx, int nsfd)
{
	struct {
		struct nlmsghdr nh;
		struct rtgenmsg g;
		char pad[3];
		struct rtattr rta;
		int32_t fd;
	} req;
	char resp[256];
	ssize_t n;
	struct nlmsghdr *nh;
	struct rtattr *rta;
	int len;

	if (cx->netlink_fd == -1)
		cx->netlink_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (cx->netlink_fd < 0)
		return INT_MIN;
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETNSID;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.g.rtgen_family = AF_UNSPEC;
	req.rta.rta_type = NETNSA_FD;
	req.rta.rta_len = RTA_LENGTH(sizeof(int32_t));
	req.fd = nsfd;
	if (send(cx->netlink_fd, &req, sizeof(req), 0) < 0)
		return INT_MIN;
	n = recv(cx->netlink_fd, resp, sizeof(resp), 0);
	if (n < 0)
		return INT_MIN;
	nh = (struct nlmsghdr *)resp;
	if (!NLMSG_OK(nh, (size_t)n) || nh->nlmsg_type != RTM_NEWNSID)
		return INT_MIN;
	len = (int)NLMSG_PAYLOAD(nh, sizeof(struct rtgenmsg));
	rta = (struct rtattr *)((char *)NLMSG_DATA(nh) + NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	if (!RTA_OK(rta, len) || rta->rta_type != NETNSA_NSID)
		return INT_MIN;
	return *(int32_t *)RTA_DATA(rta);
}

/* Mount points of nsfs mounts whose root is "TYPE:[INODE]", joined by ','
 * (util-linux joins by newlines unless --nowrap; one line per row here). */
static char *nsfs_mounts(struct lsns_ctx *cx, const char *type, ino_t id)
{
	char want[64], *line, *save = NULL, *copy;
	struct strbuf sb = {0};

	if (!cx->mountinfo) {
		size_t len;
		if (proc_read_file(cx->proc_root, "self/mountinfo", &cx->mountinfo, &len) < 0)
			return NULL;
	}
	snprintf(want, sizeof(want), "%s:[%llu]", type, (unsigned long long)id);
	copy = strdup(cx->mountinfo);
	if (!copy)
		return NULL;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT ... - FSTYPE SOURCE OPTS */
		char *f[5], *p = line, *dash;
		int k;
		for (k = 0; k < 5; k++) {
			f[k] = p;
			p = strchr(p, ' ');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (k < 5 || !(dash = strstr(p, " - ")) || strncmp(dash + 3, "nsfs ", 5) != 0)
			continue;
		if (strcmp(f[3], want) != 0)
			continue;
		if (sb.len)
			sb_putc(&sb, ',');
		/* mountinfo escapes space, tab, newline and backslash as \ooo */
		for (p = f[4]; *p; p++) {
			if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' &&
			    p[3] <= '7') {
				sb_putc(&sb, (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0')));
				p += 3;
			} else {
				sb_putc(&sb, *p);
			}
		}
	}
	free(copy);
	return sb.data;
}

/* ---- rows ------------------------------------------------------------------- */

static unsigned extra_needed(const struct out_table *t)
{
	unsigned want = 0;
	int c;

	for (c = 0; c < t->ncols; c++) {
		switch (t->cols[c]) {
		case COL_PPID:
			want |= EXTRA_PPID;
			break;
		case COL_UID:
		case COL_USER:
			want |= EXTRA_UID;
			break;
		case COL_COMMAND:
			want |= EXTRA_COMMAND;
			break;
		}
	}
	return want;
}

/* Fills the cells of one line: namespace ns (index), shown through process
 * proc (index in the scan, -1 for a ghost namespace). */
static void fill_line(struct lsns_ctx *cx, struct out_table *t, int line, int nsi, int proc)
{
	struct lsns_ns *n = &cx->ns[nsi];
	char num[64];
	int c;

	if (proc >= 0)
		load_extra(cx, proc, extra_needed(t));
	for (c = 0; c < t->ncols; c++) {
		const struct lsns_proc_extra *x = proc >= 0 ? &cx->extra[proc] : NULL;
		pid_t pid = proc >= 0 ? cx->scan.procs[proc].pid : 0;
		char *s;
		switch (t->cols[c]) {
		case COL_NS:
			snprintf(num, sizeof(num), "%llu", (unsigned long long)n->id);
			table_set(t, line, c, num);
			break;
		case COL_TYPE:
			table_set(t, line, c, ns_kinds[n->type].name);
			break;
		case COL_PATH:
			if (!x)
				break;
			snprintf(num, sizeof(num), "/ns/%s", ns_kinds[n->type].proc_name);
			s = malloc(strlen(cx->proc_root) + 32 + strlen(num));
			if (s) {
				sprintf(s, "%s/%d%s", cx->proc_root, (int)pid, num);
				table_set(t, line, c, s);
				free(s);
			}
			break;
		case COL_NPROCS:
			snprintf(num, sizeof(num), "%d", n->nprocs);
			table_set(t, line, c, num);
			break;
		case COL_PID:
			if (!x)
				break;
			snprintf(num, sizeof(num), "%d", (int)pid);
			table_set(t, line, c, num);
			break;
		case COL_PPID:
			if (!x)
				break;
			snprintf(num, sizeof(num), "%d", (int)x->ppid);
			table_set(t, line, c, num);
			break;
		case COL_COMMAND:
			if (x)
				table_set(t, line, c, x->command);
			break;
		case COL_UID:
			snprintf(num, sizeof(num), "%u", (unsigned)(x ? x->uid : n->ghost_uid));
			table_set(t, line, c, num);
			break;
		case COL_USER:
			table_set(t, line, c, user_name(cx, x ? x->uid : n->ghost_uid));
			break;
		case COL_NETNSID:
			if (x && strcmp(ns_kinds[n->type].name, "net") == 0) {
				int fd = open_ns_file(cx, pid, n->type), id;
				if (fd < 0)
					break;
				id = netns_id(cx, fd);
				close(fd);
				if (id >= 0) {
					snprintf(num, sizeof(num), "%d", id);
					table_set(t, line, c, num);
				} else if (id == NETNSA_NSID_NOT_ASSIGNED) {
					table_set(t, line, c, "unassigned");
				}
			}
			break;
		case COL_NSFS:
			s = nsfs_mounts(cx, ns_kinds[n->type].name, n->id);
			table_set(t, line, c, s);
			free(s);
			break;
		case COL_PNS:
		case COL_ONS:
			ns_related(cx, nsi, -1, 0, 0);
			n = &cx->ns[nsi];
			if (t->cols[c] == COL_PNS ? n->parent_ok : n->owner_ok) {
				snprintf(num, sizeof(num), "%llu",
					 (unsigned long long)(t->cols[c] == COL_PNS ? n->parent_id : n->owner_id));
				table_set(t, line, c, num);
			}
			break;
		}
	}
}

/* The line a new row hangs under, per tree kind. */
static int row_parent_line(struct lsns_ctx *cx, int nsi, int proc)
{
	const struct lsns_ns *n = &cx->ns[nsi];

	switch (cx->tree) {
	case TREE_PROCESS: {
		int pi;
		if (proc < 0)
			return -1;
		load_extra(cx, proc, EXTRA_PPID);
		pi = proc_index(cx, cx->extra[proc].ppid);
		return pi >= 0 ? cx->extra[pi].line : -1;
	}
	case TREE_PARENT:
		return n->parent_ns >= 0 ? cx->ns[n->parent_ns].line : -1;
	case TREE_OWNER:
		return n->owner_ns >= 0 ? cx->ns[n->owner_ns].line : -1;
	default:
		return -1;
	}
}

static void add_ns_row(struct lsns_ctx *cx, struct out_table *t, int nsi)
{
	int proc = cx->ns[nsi].rep;
	int line = table_add_line(t, row_parent_line(cx, nsi, proc));

	if (line < 0)
		return;
	fill_line(cx, t, line, nsi, proc);
	cx->ns[nsi].line = line;
	if (proc >= 0)
		cx->extra[proc].line = line;
}

/* In an owner/parent tree a namespace's owner (or parent) is printed before
 * it, so that it can hang under it. */
static void show_ns(struct lsns_ctx *cx, struct out_table *t, int nsi, int depth)
{
	const struct lsns_ns *n = &cx->ns[nsi];

	if (depth < 64) {
		if (cx->tree == TREE_OWNER && n->owner_ns >= 0 && cx->ns[n->owner_ns].line < 0)
			show_ns(cx, t, n->owner_ns, depth + 1);
		else if (cx->tree == TREE_PARENT) {
			if (n->parent_ns >= 0) {
				if (cx->ns[n->parent_ns].line < 0)
					show_ns(cx, t, n->parent_ns, depth + 1);
			} else if (n->owner_ns >= 0 && cx->ns[n->owner_ns].line < 0) {
				show_ns(cx, t, n->owner_ns, depth + 1);
			}
		}
	}
	if (cx->ns[nsi].line < 0)
		add_ns_row(cx, t, nsi);
}

static int ns_has_pid(const struct lsns_ctx *cx, const struct lsns_ns *n, pid_t pid)
{
	int pi = proc_index(cx, pid);

	return pi >= 0 && n->type < PROC_SCAN_MAX_TYPES && cx->scan.procs[pi].ns[n->type] == n->id;
}

/* `lsns NS`: the processes of one namespace, each under its parent when the
 * parent is in the namespace too. */
static void show_process(struct lsns_ctx *cx, struct out_table *t, int nsi, int proc, int depth)
{
	const struct lsns_ns *n = &cx->ns[nsi];
	int line, parent_line = -1;

	if (cx->tree == TREE_PROCESS) {
		int pi;
		load_extra(cx, proc, EXTRA_PPID);
		pi = proc_index(cx, cx->extra[proc].ppid);
		if (pi >= 0 && cx->extra[pi].line < 0 && cx->scan.procs[pi].ns[n->type] == n->id && depth < 4096)
			show_process(cx, t, nsi, pi, depth + 1);
		if (pi >= 0)
			parent_line = cx->extra[pi].line;
	}
	if (cx->extra[proc].line >= 0)
		return;
	line = table_add_line(t, parent_line);
	if (line < 0)
		return;
	fill_line(cx, t, line, nsi, proc);
	cx->extra[proc].line = line;
}

/* ---- options ---------------------------------------------------------------- */

static int column_by_name(const char *name, size_t len)
{
	int i;

	for (i = 0; i < COL_COUNT; i++)
		if (strlen(column_infos[i].name) == len && strncasecmp(name, column_infos[i].name, len) == 0)
			return i;
	return -1;
}

/* "-o LIST" replaces the columns, "-o +LIST" appends to them. */
static int parse_columns(const char *arg, struct out_table *t)
{
	const char *p = arg, *end;

	if (*p == '+')
		p++;
	else
		t->ncols = 0;
	while (*p) {
		int id;
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		id = column_by_name(p, (size_t)(end - p));
		if (id < 0) {
			nsh_error("lsns", "-o %.*s: no such column (lsns -h lists them)", (int)(end - p), p);
			return -1;
		}
		if (t->ncols >= (int)(sizeof(t->cols) / sizeof(t->cols[0]))) {
			nsh_error("lsns", "too many columns");
			return -1;
		}
		t->cols[t->ncols++] = id;
		p = *end ? end + 1 : end;
	}
	return 0;
}

enum { OPT_OUTPUT_ALL = OPTION_LONG_ONLY, OPT_PROC };

const struct builtin_option lsns_options[] = {
    OPTION_PARAGRAPH("List namespaces: one row per namespace, with the number of processes in it\n"
		     "and the lowest of their PIDs (as util-linux lsns).  With NAMESPACE (an inode\n"
		     "number), list the processes of that namespace."),
    {'J', "json", OPTION_FLAG, ARG_NONE, NULL, "print JSON instead of a table"},
    {'l', "list", OPTION_FLAG, ARG_NONE, NULL, "a flat list instead of the tree"},
    {'n', "noheadings", OPTION_FLAG, ARG_NONE, NULL, "leave out the header line"},
    {'o', "output", OPTION_VALUE, ARG_COLUMNS, "LIST",
     "the columns to show, comma-separated (+LIST adds them\nto the default ones)"},
    {OPT_OUTPUT_ALL, "output-all", OPTION_FLAG, ARG_NONE, NULL, "every column below"},
    {'p', "task", OPTION_VALUE, ARG_PID, "PID", "only the namespaces that process PID is in"},
    {'r', "raw", OPTION_FLAG, ARG_NONE, NULL,
     "cells separated by one blank, not lined up; blanks\nand odd bytes inside a cell become \\xHH"},
    {'u', "notruncate", OPTION_FLAG, ARG_NONE, NULL, "never cut COMMAND to the terminal's width"},
    {'W', "nowrap", OPTION_FLAG, ARG_NONE, NULL, "accepted and ignored (a cell is always one line)"},
    {'t', "type", OPTION_VALUE, ARG_NSTYPE, "TYPE",
     "only namespaces of TYPE: mnt net ipc user pid uts\ncgroup time (repeat -t for more than one)"},
    {'T', "tree", OPTION_MAYBE, ARG_NONE, "REL",
     "a tree of namespaces: under the user namespace that\nowns each (owner, the default), under its parent\n"
     "(parent), or under the process tree (process)"},
    {OPT_PROC, "proc", OPTION_VALUE, ARG_DIR, "DIR", "read DIR instead of /proc (or set NSH_PROC)"},
    OPTION_HELP,
    {0},
};

/* The help from the declaration, then the columns. */
static void lsns_help(void)
{
	int i;

	builtin_print_help(builtin_find("lsns"));
	nsh_out("\nColumns:\n");
	for (i = 0; i < COL_COUNT; i++)
		nsh_out(" %11s  %s\n", column_infos[i].name, column_infos[i].help);
}

static void lsns_free(struct lsns_ctx *cx)
{
	size_t i;

	if (cx->extra)
		for (i = 0; i < cx->scan.n; i++)
			free(cx->extra[i].command);
	free(cx->extra);
	proc_ns_scan_free(&cx->scan);
	free(cx->ns);
	free(cx->hash);
	for (i = 0; i < cx->nusers; i++)
		free(cx->users[i].name);
	free(cx->users);
	free(cx->mountinfo);
	if (cx->netlink_fd >= 0)
		close(cx->netlink_fd);
	if (cx->procfd >= 0)
		close(cx->procfd);
}


int builtin_lsns(struct shell *sh, int argc, char **argv)
{
	struct lsns_ctx cx;
	struct out_table t;
	struct render_opts ro;
	struct strbuf out = {0};
	const char *names[LSNS_NTYPES];
	const char *outarg = NULL;
	int types[LSNS_NTYPES] = {0}, ntypes = 0, force_list = 0, output_all = 0, is_net = 0;
	int opt, i, r, status = 0;
	pid_t filter_pid = 0;
	unsigned long long filter_ns = 0;
	int have_filter_ns = 0, noperands = 0;
	const char *operands[2] = {NULL, NULL};
	enum lsns_tree tree = TREE_NONE;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		lsns_help();
		return 0;
	}
	memset(&cx, 0, sizeof(cx));
	memset(&t, 0, sizeof(t));
	memset(&ro, 0, sizeof(ro));
	cx.procfd = -1;
	cx.netlink_fd = -1;
	cx.proc_root = proc_default_root();

	optind = 0;
	opterr = 0;
	/* "+" stops at the first operand; like util-linux we accept options
	 * after the namespace operand too, so step over operands and go on */
	for (;;) {
		opt = builtin_getopt(argc, argv, lsns_options);
		if (opt == -1) {
			if (optind >= argc)
				break;
			if (noperands < 2)
				operands[noperands] = argv[optind];
			noperands++;
			if (strcmp(argv[optind - 1], "--") == 0) {
				for (optind++; optind < argc; optind++, noperands++)
					if (noperands < 2)
						operands[noperands] = argv[optind];
				break;
			}
			optind++;
			continue;
		}
		switch (opt) {
		case 'J':
			ro.json = 1;
			break;
		case 'l':
			force_list = 1;
			break;
		case 'o':
			outarg = optarg;
			break;
		case OPT_OUTPUT_ALL:
			output_all = 1;
			break;
		case 'p': {
			char *end;
			long v;
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v <= 0 || v > INT_MAX)
				return builtin_usage_errorf("lsns", "-p %s: not a PID (a whole number above 0)",
							    optarg);
			filter_pid = (pid_t)v;
			break;
		}
		case 'n':
			ro.noheadings = 1;
			break;
		case 'r':
			ro.raw = 1;
			break;
		case 'u':
			ro.notruncate = 1;
			break;
		case 'W':
			break;
		case 't': {
			int found = -1;
			for (i = 0; i < LSNS_NTYPES; i++)
				if (strcmp(optarg, ns_kinds[i].name) == 0)
					found = i;
			if (found < 0) {
				return builtin_usage_errorf(
				    "lsns", "-t %s: not a namespace type (mnt, net, pid, uts, ipc, user, cgroup, time)",
				    optarg);
			}
			if (!types[found])
				ntypes++;
			types[found] = 1;
			if (strcmp(optarg, "net") == 0)
				is_net = 1;
			break;
		}
		case 'T': {
			const char *a = optarg;
			tree = TREE_OWNER;
			if (a) {
				if (*a == '=')
					a++;
				if (strcmp(a, "parent") == 0)
					tree = TREE_PARENT;
				else if (strcmp(a, "process") == 0)
					tree = TREE_PROCESS;
				else if (strcmp(a, "owner") != 0) {
					return builtin_usage_errorf(
					    "lsns", "--tree=%s: not a tree: say process, owner or parent", a);
				}
			}
			break;
		}
		case OPT_PROC:
			cx.proc_root = optarg;
			break;
		case 'h':
			lsns_help();
			return 0;
		default: /* '?' and ':' */
			return builtin_option_error("lsns", opt, argv);
		}
	}
	if (ro.json && ro.raw) {
		return builtin_usage_errorf("lsns", "--json and --raw: two output formats: choose one");
	}
	if (noperands) {
		char *end;
		if (filter_pid) {
			return builtin_usage_errorf("lsns", "-p and NAMESPACE: two filters: give one or the other");
		}
		errno = 0;
		filter_ns = strtoull(operands[0], &end, 10);
		if (errno || *end || end == operands[0] || operands[0][0] == '-') {
			return builtin_usage_errorf(
			    "lsns", "%s: not a namespace: give its inode number, as the NS column shows it",
			    operands[0]);
		}
		have_filter_ns = 1;
		if (noperands > 1) {
			return builtin_usage_errorf("lsns", "too many arguments: '%s'", operands[1]);
		}
	}
	if (!ntypes)
		for (i = 0; i < LSNS_NTYPES; i++)
			types[i] = 1;

	/* columns: as util-linux, the defaults (which also turn on the process
	 * tree unless --list) unless --output-all; then -o replaces them or,
	 * with '+', adds.  An explicit --tree wins over --list (util-linux 2.38
	 * accepts both). */
	if (output_all) {
		for (i = 0; i < COL_COUNT; i++)
			t.cols[t.ncols++] = i;
	} else if (have_filter_ns) {
		t.cols[t.ncols++] = COL_PID;
		t.cols[t.ncols++] = COL_PPID;
		t.cols[t.ncols++] = COL_USER;
		t.cols[t.ncols++] = COL_COMMAND;
		if (tree == TREE_NONE && !force_list)
			tree = TREE_PROCESS;
	} else {
		t.cols[t.ncols++] = COL_NS;
		t.cols[t.ncols++] = COL_TYPE;
		t.cols[t.ncols++] = COL_NPROCS;
		t.cols[t.ncols++] = COL_PID;
		t.cols[t.ncols++] = COL_USER;
		if (is_net) {
			t.cols[t.ncols++] = COL_NETNSID;
			t.cols[t.ncols++] = COL_NSFS;
		}
		t.cols[t.ncols++] = COL_COMMAND;
		if (tree == TREE_NONE && !force_list)
			tree = TREE_PROCESS;
	}
	if (outarg && parse_columns(outarg, &t) < 0)
		return 2;
	cx.tree = tree;
	t.tree_col = -1;
	for (i = 0; i < t.ncols; i++) {
		if ((tree == TREE_PROCESS && t.cols[i] == COL_COMMAND) ||
		    ((tree == TREE_OWNER || tree == TREE_PARENT) && t.cols[i] == COL_NS)) {
			t.tree_col = i;
			break;
		}
	}

	/* the one pass over /proc */
	for (i = 0; i < LSNS_NTYPES; i++)
		names[i] = types[i] ? ns_kinds[i].proc_name : NULL;
	r = proc_scan_ns(cx.proc_root, names, LSNS_NTYPES, &cx.scan);
	if (r < 0) {
		status = nsh_error_errno("lsns", "read", cx.proc_root, -r);
		goto out;
	}
	cx.procfd = open(cx.proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cx.extra = calloc(cx.scan.n ? cx.scan.n : 1, sizeof(*cx.extra));
	if (!cx.extra || aggregate(&cx) < 0) {
		status = nsh_error_errno("lsns", "read", cx.proc_root, ENOMEM);
		goto out;
	}
	for (i = 0; i < (int)cx.scan.n; i++)
		cx.extra[i].line = -1;

	if (have_filter_ns) {
		int nsi = ns_find(&cx, (ino_t)filter_ns);
		size_t p;
		if (nsi < 0) {
			status = nsh_error("lsns", "namespace %llu: no process this /proc shows is in it", filter_ns);
			goto report;
		}
		for (p = 0; p < cx.scan.n; p++)
			if (cx.scan.procs[p].ns[cx.ns[nsi].type] == cx.ns[nsi].id && cx.extra[p].line < 0)
				show_process(&cx, &t, nsi, (int)p, 0);
	} else {
		size_t n_real = cx.nns, k;
		if (tree == TREE_OWNER || tree == TREE_PARENT) {
			/* relations, and the ghosts they lead to, then sort again */
			for (k = 0; k < n_real; k++)
				if (filter_pid == 0 || ns_has_pid(&cx, &cx.ns[k], filter_pid))
					ns_related(&cx, (int)k, -1, filter_pid == 0, 0);
			if (cx.nns != n_real) {
				qsort(cx.ns, cx.nns, sizeof(*cx.ns), ns_compare);
				hash_rebuild(&cx, cx.hash_size);
			}
			for (k = 0; k < cx.nns; k++) {
				struct lsns_ns *n = &cx.ns[k];
				if (n->parent_id && n->parent_id != n->id &&
				    (!strcmp(ns_kinds[n->type].name, "pid") || !strcmp(ns_kinds[n->type].name, "user")))
					n->parent_ns = ns_find(&cx, n->parent_id);
				if (n->owner_id)
					n->owner_ns = ns_find(&cx, n->owner_id);
			}
		}
		for (k = 0; k < cx.nns; k++) {
			if (filter_pid && !ns_has_pid(&cx, &cx.ns[k], filter_pid))
				continue;
			if (cx.ns[k].line < 0)
				show_ns(&cx, &t, (int)k, 0);
		}
	}
	if (t.oom) {
		status = nsh_error_errno("lsns", "read", cx.proc_root, ENOMEM);
		goto report;
	}

	{
		FILE *f = nsh_stdout ? nsh_stdout : stdout;
		int fd = fileno(f);
		ro.utf8 = locale_is_utf8();
		ro.tty = fd >= 0 && isatty(fd);
		if (ro.tty) {
			struct winsize ws;
			const char *cols = getenv("COLUMNS");
			if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
				ro.termwidth = ws.ws_col;
			else if (cols && atoi(cols) > 0)
				ro.termwidth = atoi(cols);
			else
				ro.termwidth = 80;
		}
	}
	if (ro.json)
		render_json(&t, &out);
	else
		render_table(&t, &ro, &out);
	if (out.oom) {
		status = nsh_error_errno("lsns", "write", NULL, ENOMEM);
	} else if (out.len) {
		nsh_out("%s", out.data);
	}

report:
	/* util-linux skips what it cannot read without a word; we say so */
	if (cx.scan.unreadable) {
		if (geteuid() == 0)
			nsh_error("lsns", "%zu process%s could not be read (permission denied); rows may be missing",
				  cx.scan.unreadable, cx.scan.unreadable == 1 ? "" : "es");
		else
			nsh_error("lsns", "%zu process%s could not be read (run as root to see every namespace)",
				  cx.scan.unreadable, cx.scan.unreadable == 1 ? "" : "es");
	}
out:
	free(out.data);
	table_free(&t);
	lsns_free(&cx);
	return status;
}
