/* libFuzzer target for the OSC 133 stream scanner (shell/osc133.c), which
 * the lab supervisor feeds with raw pty bytes.  The oracle: the scanner's
 * result must not depend on how the stream is cut into reads.  The input is
 * scanned once whole and once in pieces whose sizes come from the first
 * bytes; both runs must report the same text bytes and the same marks in
 * the same order.  Built and run by tests/fuzz/run.sh (make fuzz). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "osc133.h"

/* What the callbacks saw, as one byte string: text bytes as themselves
 * (0xff doubled), a mark as 0xff 'M' kind has_status status. */
struct event_log {
	unsigned char *bytes;
	size_t len, cap;
};

static void log_put(struct event_log *log, const void *p, size_t n)
{
	if (log->len + n > log->cap) {
		size_t cap = log->cap ? log->cap : 256;
		while (cap < log->len + n)
			cap *= 2;
		log->bytes = realloc(log->bytes, cap);
		if (!log->bytes)
			abort();
		log->cap = cap;
	}
	memcpy(log->bytes + log->len, p, n);
	log->len += n;
}

static void on_text(void *ctx, const char *bytes, size_t len)
{
	struct event_log *log = ctx;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)bytes[i];
		log_put(log, &c, 1);
		if (c == 0xff)
			log_put(log, &c, 1);
	}
}

static void on_mark(void *ctx, const struct osc133_mark *mark)
{
	struct event_log *log = ctx;
	unsigned char head[4] = {0xff, 'M', (unsigned char)mark->kind, (unsigned char)(mark->has_status != 0)};
	int status = mark->has_status ? mark->status : 0;
	log_put(log, head, sizeof head);
	log_put(log, &status, sizeof status);
}

static const struct osc133_callbacks callbacks = {on_text, on_mark};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct osc133_scanner whole, pieces;
	struct event_log a = {0}, b = {0};
	size_t cut_seed_len = size < 4 ? size : 4, pos;
	const char *stream = (const char *)data + cut_seed_len;
	size_t stream_len = size - cut_seed_len;
	char *copy = malloc(stream_len ? stream_len : 1);

	if (!copy)
		return 0;
	memcpy(copy, stream, stream_len);

	osc133_scanner_init(&whole);
	osc133_feed(&whole, copy, stream_len, &callbacks, &a);
	osc133_flush(&whole, &callbacks, &a);

	osc133_scanner_init(&pieces);
	pos = 0;
	for (unsigned i = 0; pos < stream_len; i++) {
		size_t piece = cut_seed_len ? 1 + (size_t)data[i % cut_seed_len] % 8 : 1;
		if (piece > stream_len - pos)
			piece = stream_len - pos;
		/* an empty read now and then must change nothing */
		if (cut_seed_len && data[i % cut_seed_len] >= 0xf0)
			osc133_feed(&pieces, copy + pos, 0, &callbacks, &b);
		/* each piece in a buffer of its own size, so over-reads show */
		char *p = malloc(piece ? piece : 1);
		if (!p)
			abort();
		memcpy(p, copy + pos, piece);
		osc133_feed(&pieces, p, piece, &callbacks, &b);
		free(p);
		pos += piece;
	}
	osc133_flush(&pieces, &callbacks, &b);

	if (a.len != b.len || (a.len && memcmp(a.bytes, b.bytes, a.len) != 0))
		__builtin_trap();
	free(a.bytes);
	free(b.bytes);
	free(copy);
	return 0;
}
