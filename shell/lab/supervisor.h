/* The lab supervisor: runs one lab in a sandbox, on pseudo-terminals, in
 * one of its modes.  See the design note at the top of supervisor.c. */
#ifndef NSH_LAB_SUPERVISOR_H
#define NSH_LAB_SUPERVISOR_H

#include "lab/report.h"

enum lab_mode {
	LAB_GUIDED, /* the student types; checks after each command */
	LAB_DEMO,   /* the lab types its own commands, paced, with narration */
	LAB_CHECK,  /* types the reference commands, no pacing; the report */
};

struct lab_options {
	enum lab_mode mode;
	const char *datadir;
	double speed; /* demo: 1 is the default pace, 2 twice as fast */
	int verbose;  /* check: the session's transcript on stderr */
	int restart;  /* guided: ignore saved progress */
};

/* Runs the lab in path.  The report (check mode) is filled in: a skip
 * reason when a need is not met, an error when the lab cannot run, a
 * result per step.  Returns 0 if every step passed (or the guided run
 * ended normally), 1 otherwise. */
int supervisor_run(const char *path, const struct lab_options *o, struct lab_report *report);

/* The author's check: fails if any step passes on an idle sandbox, then
 * runs check mode.  The report says which. */
int supervisor_verify(const char *path, const struct lab_options *o, struct lab_report *report);

/* `nsh lab attach`: a second terminal into the running lab. */
int supervisor_attach(void);

/* The socket of the running lab ($XDG_RUNTIME_DIR/nsh-lab.sock, else
 * the state directory). */
const char *supervisor_socket_path(char *buf, size_t len);

#endif
