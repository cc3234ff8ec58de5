/* `nsh doctor`: the doctor builtin run from the command line, before any
 * shell state exists (see shell/builtins/doctor.c). */
#ifndef NSH_DOCTOR_H
#define NSH_DOCTOR_H

/* argv[0] is "doctor".  Returns the process exit status. */
int doctor_main(int argc, char **argv);

#endif
