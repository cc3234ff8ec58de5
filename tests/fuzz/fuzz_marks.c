/* libFuzzer target for the lab supervisor's view of a pty (shell/lab/marks.c):
 * the mark parser, the output cleaner, the input-line emulation and the
 * command tracker with nested shells, fed with any bytes (what a student's
 * programs print reaches it unfiltered).  The oracle, besides ASan/UBSan:
 * the events (prompts, commands with their text, output, status and depth,
 * lab requests) and the relayed text must not depend on how the stream is
 * cut into reads.  The first byte chooses the piece sizes.  Built and run
 * by tests/fuzz/run.sh (make fuzz). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/marks.h"

struct run {
	struct strbuf events;
	struct strbuf relayed;
	int prompts;
};

static void on_event(void *ctx, enum tracker_event ev, const struct tracked_command *c, const struct mark *m)
{
	struct run *r = ctx;

	switch (ev) {
	case TRACK_PROMPT:
		r->prompts++;
		sb_addf(&r->events, "[A%d]", c->depth);
		break;
	case TRACK_READY:
		sb_addf(&r->events, "[B]");
		break;
	case TRACK_COMMAND:
		sb_addf(&r->events, "[C %s]", c->cmd);
		break;
	case TRACK_DONE:
	case TRACK_NESTED:
		sb_addf(&r->events, "[%c %s|%d|%d|%d|", ev == TRACK_DONE ? 'D' : 'N', c->cmd, c->has_status,
			c->status, c->depth);
		sb_add(&r->events, c->output, strlen(c->output));
		sb_addc(&r->events, ']');
		break;
	case TRACK_LAB:
		sb_addf(&r->events, "[L %s %s]", m->verb, m->arg);
		break;
	}
}

/* A foreground group that changes with the prompts, so that the matching
 * of D marks to shells is exercised; the same in both runs as long as the
 * events are. */
static pid_t foreground(void *ctx)
{
	struct run *r = ctx;
	return 10 + r->prompts % 3;
}

static void relay(void *ctx, const char *text, size_t len)
{
	sb_add(&((struct run *)ctx)->relayed, text, len);
}

static void run(const uint8_t *data, size_t size, size_t piece, struct run *r)
{
	struct cmd_tracker t;
	struct tracker_cb cb = {on_event, foreground, r};
	size_t off = 0, k = 0;

	memset(r, 0, sizeof *r);
	tracker_init(&t, &cb, relay, r);
	while (off < size) {
		size_t n = piece ? (size_t)(1 + (data[k++ % size] % piece)) : size;
		if (n > size - off)
			n = size - off;
		tracker_feed(&t, (const char *)data + off, n);
		off += n;
	}
	const char *prompt, *typed;
	size_t prompt_len;
	if (tracker_input_line(&t, &prompt, &prompt_len, &typed))
		sb_addf(&r->events, "[line %zu %s]", prompt_len, typed);
	tracker_free(&t);
}

/* A byte string on stderr, control bytes escaped. */
static void dump(const char *name, struct strbuf *b)
{
	fprintf(stderr, "%s (%zu): ", name, b->len);
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->s[i];
		if (c < 32 || c > 126)
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
	fputc('\n', stderr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run whole, pieces;

	if (size < 1)
		return 0;
	run(data + 1, size - 1, 0, &whole);
	run(data + 1, size - 1, (size_t)(data[0] % 16) + 1, &pieces);
	if (whole.events.len != pieces.events.len ||
	    memcmp(sb_str(&whole.events), sb_str(&pieces.events), whole.events.len) != 0 ||
	    whole.relayed.len != pieces.relayed.len ||
	    memcmp(sb_str(&whole.relayed), sb_str(&pieces.relayed), whole.relayed.len) != 0) {
		fputs("split-dependent result:\n", stderr);
		dump("whole events", &whole.events);
		dump("piece events", &pieces.events);
		dump("whole relayed", &whole.relayed);
		dump("piece relayed", &pieces.relayed);
		abort();
	}
	sb_free(&whole.events);
	sb_free(&whole.relayed);
	sb_free(&pieces.events);
	sb_free(&pieces.relayed);
	return 0;
}
