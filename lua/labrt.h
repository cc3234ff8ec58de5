/* The Lua side of a lab run, seen from C: one Lua state (created only when
 * a lab command runs), lua/lab.lua loaded in it, one lab file loaded in its
 * restricted environment, and calls into lab.lua's engine API under a time
 * limit. */
#ifndef NSH_LAB_LABRT_H
#define NSH_LAB_LABRT_H

#include <stddef.h>
#include <lua.h>

struct labrt {
	lua_State *L;
	int engine_ref; /* lab.lua's module table */
	int lab_ref;	/* the loaded lab */
	int run_ref;	/* the current run */
	int ns_ref;	/* the ns module the checks see */
	int nsteps;
	double time_limit; /* seconds for one call into lab code (default 2) */
	int settled;	   /* the last labrt_evaluate failed on `expect`: re-running cannot pass */
};

struct labrt_record {
	const char *cmd;
	const char *output;
	int has_status, status;
	int term, depth;
	long shell; /* sandbox PID of the shell at the prompt, or 0 */
};

/* Whether print() in labs reaches stderr (check and verify: yes). */
void labrt_set_print(int on);

/* Creates the state and loads DATADIR/lua/lab.lua.  0, or -1 with err. */
int labrt_open(struct labrt *rt, const char *datadir, char *err, size_t errlen);
void labrt_close(struct labrt *rt);

/* Loads a lab file; its `ns` reads proc_root (re-bind with labrt_bind_ns
 * once the sandbox exists).  Starts a fresh run.  0, or -1 with
 * "file:line: message" in err. */
int labrt_load(struct labrt *rt, const char *path, const char *proc_root, char *err, size_t errlen);

/* Points `ns` (in the lab's environment and in ctx.ns) at proc_root. */
void labrt_bind_ns(struct labrt *rt, const char *proc_root);

/* A fresh run (memory, hints, answers) of the loaded lab. */
void labrt_new_run(struct labrt *rt);

/* Fields of the lab and of step i (1-based), malloc'd, or NULL. */
char *labrt_lab_string(struct labrt *rt, const char *field);
double labrt_lab_number(struct labrt *rt, const char *field, double dflt);
char *labrt_step_string(struct labrt *rt, int i, const char *field);
double labrt_step_number(struct labrt *rt, int i, const char *field, double dflt);
int labrt_step_ncommands(struct labrt *rt, int i);
/* Needs as a NULL-terminated malloc'd array of malloc'd strings. */
char **labrt_needs(struct labrt *rt);
void labrt_free_strings(char **v);

/* The reference command k (1-based) of step i: malloc'd text, *term set;
 * NULL with err on failure. */
char *labrt_command(struct labrt *rt, int i, int k, int *term, char *err, size_t errlen);

/* Evaluates step i against rec.  Returns 1 passed, 0 not; *message is a
 * malloc'd reason (or NULL); *lab_error is set when the check raised;
 * rt->settled is set when `expect` failed (a re-run would fail too). */
int labrt_evaluate(struct labrt *rt, int i, const struct labrt_record *rec, int retry, char **message,
		   int *lab_error);

/* The step is over (passed or skipped): the next starts afresh. */
void labrt_advance(struct labrt *rt, int i, int passed);

/* Texts for guided mode, malloc'd or NULL. */
char *labrt_hint(struct labrt *rt, int i, int *n, int *total);
char *labrt_answer(struct labrt *rt, int i, const char *answer, int *right);
char *labrt_prediction_text(struct labrt *rt, int i);
char *labrt_prediction_outcome(struct labrt *rt, int i);

#endif
