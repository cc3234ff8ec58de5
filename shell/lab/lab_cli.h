/* `nsh lab ...` (the command line) and the `lab` builtin inside a lab. */
#ifndef NSH_LAB_CLI_H
#define NSH_LAB_CLI_H

/* argv[0] is "lab".  Returns the process exit status. */
int lab_main(int argc, char **argv);

#endif
