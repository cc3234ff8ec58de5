/* STUB */
#include <stdio.h>
#include "lab_cli.h"
int lab_main(int argc, char **argv) { fprintf(stderr, "nsh: lab: unavailable in this build\n"); return 1; }
