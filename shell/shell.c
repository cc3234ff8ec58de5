/* STUB */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "nsh.h"
struct shell *nsh_shell;
int shell_run_string(struct shell *sh, const char *src, const char *origin) { return 1; }
int shell_run_file(struct shell *sh, const char *path) { return -1; }
const char *shell_getvar(struct shell *sh, const char *name) { return getenv(name); }
int shell_setvar(struct shell *sh, const char *name, const char *value) { return setenv(name, value, 1) ? -1 : 0; }
void shell_exec_or_die(struct shell *sh, char **argv) { execvp(argv[0], argv); _exit(127); }
int shell_wait_foreground(struct shell *sh, pid_t pid, const char *what) { return 0; }
void shell_child_setup(struct shell *sh) {}
int nsh_main(int argc, char **argv) { fprintf(stderr, "nsh: not built yet\n"); return 1; }
