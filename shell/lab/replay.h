/* `nsh lab replay FILE`: plays an asciicast v2 recording in the terminal. */
#ifndef NSH_LAB_REPLAY_H
#define NSH_LAB_REPLAY_H

#include <stddef.h>

/* One event of a recording. */
struct cast_event {
	double time;
	char type; /* 'o', 'i', 'm', 'r' */
	char *data;
	size_t len;
};

struct cast {
	int width, height;
	char *title; /* or NULL */
	struct cast_event *events;
	size_t nevents;
	int truncated; /* the last line was cut short (a crash while writing) */
};

/* Parses a recording held in text.  0, or -1 with "line N: what" in err. */
int cast_parse(const char *text, size_t len, struct cast *c, char *err, size_t errlen);
void cast_free(struct cast *c);

/* argv[0] is "replay".  Returns the exit status. */
int replay_main(int argc, char **argv);

#endif
