/* `nsh lab report RESULT.json... [--html FILE]`: a class's results side by
 * side.  The C side reads and checks the result files; the
 * tables and the page are made by lua/classreport.lua. */
#ifndef NSH_LAB_CLASSREPORT_H
#define NSH_LAB_CLASSREPORT_H

/* argv[0] is "report"; datadir holds lua/classreport.lua.  Returns the
 * exit status. */
int classreport_main(const char *datadir, int argc, char **argv);

#endif
