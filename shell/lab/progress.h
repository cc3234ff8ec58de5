/* Lab progress, kept per user in $XDG_STATE_HOME/nsh/progress.json:
 *
 *   { "version": 1,
 *     "labs": { "example": { "started": "2026-11-29T01:02:03Z",
 *                            "updated": "...", "completed": null | "...",
 *                            "steps": { "1": { "result": "pass", "at": "..." },
 *                                       "2": { "result": "skip", "at": "..." } } } } }
 *
 * Written atomically (a temporary file in the same directory, fsync,
 * rename), so a crash or a kill during the write leaves the old file or
 * the new one, never half of one.  A file that cannot be parsed is moved
 * aside (progress.json.corrupt-TIMESTAMP) with a warning. */
#ifndef NSH_LAB_PROGRESS_H
#define NSH_LAB_PROGRESS_H

#include <stddef.h>
#include <time.h>

struct progress_step {
	int index;   /* 1-based */
	char result; /* 'p' passed, 's' skipped */
	time_t at;
};

struct progress_lab {
	char *id;
	time_t started, updated, completed; /* 0: never */
	struct progress_step *steps;
	int nsteps;
};

struct progress {
	struct progress_lab *labs;
	int nlabs;
};

/* The file's path: $XDG_STATE_HOME/nsh/progress.json, else
 * $HOME/.local/state/nsh/progress.json.  NULL if neither is set. */
const char *progress_path(char *buf, size_t len);

/* Loads path into p (empty if the file does not exist).  A corrupt file is
 * renamed aside and p is empty; warn then holds a one-line warning.
 * Returns 0, or -errno when the file exists but cannot be read. */
int progress_load(const char *path, struct progress *p, char *warn, size_t warnlen);

/* Writes p to path atomically, creating the directories.  0 or -errno. */
int progress_save(const char *path, const struct progress *p);

/* The lab's record (created if create), or NULL. */
struct progress_lab *progress_find(struct progress *p, const char *id, int create);

/* Records a step's result ('p' or 's') at now; updates the timestamps. */
void progress_mark(struct progress_lab *lab, int index, char result, time_t now);

/* The step's result, or 0 if it has none. */
char progress_step_result(const struct progress_lab *lab, int index);

/* The first step (1..nsteps) with no result, or nsteps+1 when all have one. */
int progress_next_step(const struct progress_lab *lab, int nsteps);

/* Forgets one lab (id) or every lab (id NULL). */
void progress_reset(struct progress *p, const char *id);

void progress_free(struct progress *p);

#endif
