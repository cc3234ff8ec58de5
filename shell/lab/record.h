/* Session recordings and per-run results for teachers.
 *
 * A lab run may be recorded as an asciicast v2 file (what asciinema plays):
 *
 *   {"version": 2, "width": W, "height": H, "timestamp": T, "title": ..., "env": {...}}
 *   [0.123456, "o", "terminal output"]
 *   [4.500000, "m", "step 1 passed: List every process"]
 *
 * Guided runs always record, into $XDG_STATE_HOME/nsh/recordings/ (beside
 * the progress file); check, demo and verify record with --record DIR.
 * Beside LAB-TIMESTAMP.cast goes LAB-TIMESTAMP.json, the run's result (the
 * student, the machine, and per step: result, attempts, hints, time, the
 * commands typed), rewritten atomically after every step.
 *
 * The files are 0600 and written as the session goes, so a crash keeps
 * what was recorded.  Terminal output is capped per step
 * (NSH_RECORD_STEP_CAP bytes, default 256 KiB) and per recording
 * (NSH_RECORD_TOTAL_CAP, default 32 MiB): what goes over is counted and a
 * note ("output capped: N bytes not recorded") takes its place.
 *
 * There is at most one recording per process (one lab runs at a time), so
 * the supervisor's hooks are plain calls that do nothing when no recording
 * is open. */
#ifndef NSH_LAB_RECORD_H
#define NSH_LAB_RECORD_H

#include <stddef.h>

#include "lab/report.h"
#include "lib/strbuf.h"

#define RECORD_STEP_CAP_DEFAULT (256 * 1024)
#define RECORD_TOTAL_CAP_DEFAULT (32 * 1024 * 1024)

/* Takes --record DIR / --record=DIR / --student NAME / --student=NAME out
 * of argv (for start, demo, check, verify; argv[0] is "lab", argv[1] the
 * command) and remembers them for the next recordings.  Returns the new
 * argc, or -1 after an error message on stderr. */
int record_take_options(int argc, char **argv);

/* Starts recording a run of the lab described by report (its id, title
 * and steps) in mode (enum lab_mode), if that mode records.  term_fd is
 * the real terminal (its size goes in the header), or -1.  Quietly does
 * nothing when it cannot (a warning on stderr). */
void record_begin(const struct lab_report *report, int mode, int term_fd);

/* Output of lab terminal n (1 or 2) as the supervisor relays it. */
void record_output(int term, const char *data, size_t len);

/* A message of the lab's own (\n becomes \r\n) shown on terminal n. */
void record_message(int term, const char *text);

/* The student's terminal changed size: an "r" event. */
void record_resize(int cols, int rows);

/* A command checked against step (not the lab builtin's), as the tracker
 * of terminal term reported it: has_status 0 when it started a nested
 * shell (it is counted then, not again when it ends), depth its nesting
 * depth. */
void record_attempt(int step, int term, const char *cmd, int has_status, int depth, int mode);

/* Step is over: result 1 passed, 0 failed, -1 skipped.  Writes a marker,
 * ends the step's output cap, rewrites the result file. */
void record_step_end(int step, int result, const char *title, int mode);

/* The student asked for hint n of total for step. */
void record_hint(int step, int n, int total, int mode);

/* The student answered step's prediction: right 1, wrong 0, -1 refused. */
void record_answer(int step, const char *answer, int right, int mode);

/* Closes the recording and writes the final result.  No-op without one. */
void record_end(void);

/* Where the last recording went (for messages and tests), or NULL. */
const char *record_last_path(void);

/* The recording being written now, or NULL. */
const char *record_active_path(void);

/* ---- pure helpers (unit-tested) ---------------------------------------- */

/* Incomplete UTF-8 sequence carried between reads. */
struct utf8_carry {
	unsigned char b[4];
	int n;
};

/* Appends in[0..len) to out as the inside of a JSON string: valid UTF-8 is
 * kept, control bytes are escaped, NUL is dropped, invalid sequences become
 * U+FFFD.  An incomplete sequence at the end waits in carry for the next
 * call, unless final (then it becomes U+FFFD). */
void record_json_utf8(struct strbuf *out, struct utf8_carry *carry, const char *in, size_t len, int final);

/* A byte count from the environment ("262144", "256K", "1M"), or dflt. */
size_t record_env_size(const char *name, size_t dflt);

#endif
