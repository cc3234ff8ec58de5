/* The one list of builtins, sorted by name (builtin_find uses bsearch;
 * tests/unit/test_table.c fails when an entry is out of order).
 *
 * BUILTIN(name, function, options, operands, summary, argument kind)
 *   options   the builtin's option declaration, an array defined once in its
 *             own file (see struct builtin_option in builtin.h), or
 *             no_options;  the getopt table, the usage line, the help's
 *             option lines and tab completion all come from it
 *   operands  what follows the options in the usage line ("[PID]");
 *             the options part is made from the declaration
 *   summary   one line for `help`
 *   argument  what a non-option argument is, for completion (ARG_*)
 *
 * Adding a builtin: write shell/builtins/NAME.c with builtin_NAME() and, if
 * it takes options, `const struct builtin_option NAME_options[] = {...,
 * {0}};`, then add its line here in sorted place.
 *
 * Included by builtin.h (declarations) and builtins/table.c (the table). */
BUILTIN(".", builtin_source, no_options, "FILE [ARGS...]", "run the commands of FILE in this shell", ARG_FILE)
BUILTIN("bg", builtin_bg, no_options, "[%JOB...]", "resume a stopped job in the background", ARG_NONE)
BUILTIN("cd", builtin_cd, no_options, "[DIR|-]", "change the working directory", ARG_DIR)
BUILTIN("doctor", builtin_doctor, doctor_options, "", "probe what this machine allows for namespaces, and which labs can run", ARG_NONE)
BUILTIN("echo", builtin_echo, echo_options, "[ARG...]", "print the arguments", ARG_NONE)
BUILTIN("exec", builtin_exec, no_options, "[COMMAND [ARGS...]]", "replace the shell with COMMAND", ARG_COMMAND)
BUILTIN("exit", builtin_exit, no_options, "[N]", "leave the shell with status N", ARG_NONE)
BUILTIN("explain", builtin_explain, explain_options, "COMMAND [ARGS...]",
	"tell what a command line of unshare, nsenter or mountproc would do, without running it", ARG_COMMAND)
BUILTIN("export", builtin_export, export_options, "[NAME[=VALUE]...]", "set environment variables", ARG_NONE)
BUILTIN("false", builtin_false, no_options, "", "do nothing, unsuccessfully", ARG_NONE)
BUILTIN("fg", builtin_fg, no_options, "[%JOB]", "bring a job to the foreground", ARG_NONE)
BUILTIN("help", builtin_help, no_options, "[BUILTIN]", "list the builtins, or show the help of one", ARG_BUILTIN)
BUILTIN("history", builtin_history, history_options, "[N]", "show or clear the command history", ARG_NONE)
BUILTIN("jobs", builtin_jobs, jobs_options, "[%JOB...]", "list the jobs of this shell", ARG_NONE)
BUILTIN("kill", builtin_kill, kill_options, "[-SIG | -N] PID|%JOB...", "send a signal to processes or jobs", ARG_PID)
BUILTIN("lab", builtin_lab, lab_options, "[ARGS...]", "take a lab, or control the running one", ARG_LAB)
BUILTIN("lsns", builtin_lsns, lsns_options, "[NAMESPACE]", "list namespaces (as util-linux lsns)", ARG_NSTYPE)
BUILTIN("mountproc", builtin_mountproc, mountproc_options, "[DIR]", "mount a fresh /proc for this PID namespace", ARG_DIR)
BUILTIN("nsenter", builtin_nsenter, nsenter_options, "[COMMAND [ARGS...]]",
	"enter the namespaces of another process and run a command there", ARG_PID)
BUILTIN("pidtree", builtin_pidtree, pidtree_options, "[PID]", "draw the process tree with every PID namespace's PIDs", ARG_PID)
BUILTIN("pwd", builtin_pwd, pwd_options, "", "print the working directory", ARG_NONE)
BUILTIN("set", builtin_set, set_options, "[ARGS...]", "set shell options (trace, hints) or $1...", ARG_NONE)
BUILTIN("source", builtin_source, no_options, "FILE [ARGS...]", "run the commands of FILE in this shell", ARG_FILE)
BUILTIN("true", builtin_true, no_options, "", "do nothing, successfully", ARG_NONE)
BUILTIN("type", builtin_type, no_options, "NAME...", "tell whether NAME is a builtin or a program", ARG_BUILTIN)
BUILTIN("unset", builtin_unset, unset_options, "NAME...", "remove environment variables", ARG_NONE)
BUILTIN("unshare", builtin_unshare, unshare_options, "[COMMAND [ARGS...]]", "run a command in new namespaces", ARG_COMMAND)
BUILTIN("wait", builtin_wait, no_options, "[PID|%JOB...]", "wait for background jobs", ARG_PID)
BUILTIN("whereami", builtin_whereami, whereami_options, "[PID]",
	"show where a process stands: its namespaces, PID chain, id maps, /proc and init", ARG_PID)
