/* Results of `nsh lab check` and `verify`, and the report writers: text,
 * TAP version 13, JUnit XML (one testcase per step), JSON. */
#ifndef NSH_LAB_REPORT_H
#define NSH_LAB_REPORT_H

#include <stdio.h>

enum step_result { STEP_PASS, STEP_FAIL, STEP_SKIP };

#define REPORT_OUTPUT_MAX 2000

struct step_report {
	int index; /* 1-based */
	char *id;  /* the step's id (default: its number) */
	char *title;
	char *example; /* slug or NULL */
	enum step_result result;
	char *message; /* why it failed or was skipped, or NULL */
	char *command; /* the last command checked, or NULL */
	char *output;  /* its output (a failed step), at most REPORT_OUTPUT_MAX bytes, or NULL */
	double seconds;
};

struct lab_report {
	char *id;
	char *title;
	char *file;
	char *skip_reason; /* the lab was skipped (a need not met), or NULL */
	char *error;	   /* the lab could not run (load error...), or NULL */
	struct step_report *steps;
	int nsteps;
	double seconds;
};

enum report_format { REPORT_TEXT, REPORT_TAP, REPORT_JUNIT, REPORT_JSON };

/* "text", "tap", "junit", "json" -> format; -1 if unknown. */
int report_format_by_name(const char *name);

/* Writes the report; returns 0 or -errno (from ferror). */
int report_write(FILE *f, enum report_format fmt, const struct lab_report *labs, int nlabs);

/* 1 if no lab has an error and no step failed (skips are fine). */
int report_all_passed(const struct lab_report *labs, int nlabs);

/* Adds a step to a lab report (copies the strings). */
struct step_report *report_add_step(struct lab_report *lab, int index, const char *id, const char *title,
				    const char *example);
void report_set_message(char **field, const char *text);
void report_free(struct lab_report *lab);

#endif
