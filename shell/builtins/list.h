/* The one list of builtins, sorted by name (the dispatcher uses bsearch).
 * BUILTIN(name, function, usage, summary, options-for-completion, argument kind)
 * Included by builtin.h (declarations) and builtins/table.c (the table). */
BUILTIN(".", builtin_source, ". FILE [ARGS...]", "run the commands of FILE in this shell", "", ARG_FILE)
BUILTIN("bg", builtin_bg, "bg [%JOB...]", "resume a stopped job in the background", "", ARG_NONE)
BUILTIN("cd", builtin_cd, "cd [DIR|-]", "change the working directory", "", ARG_DIR)
BUILTIN("doctor", builtin_doctor, "doctor [--json]", "probe what this machine allows for namespaces, and which labs can run", "--json -h --help", ARG_NONE)
BUILTIN("echo", builtin_echo, "echo [-neE] [ARG...]", "print the arguments", "-n -e -E", ARG_NONE)
BUILTIN("exec", builtin_exec, "exec [COMMAND [ARGS...]]", "replace the shell with COMMAND", "", ARG_COMMAND)
BUILTIN("exit", builtin_exit, "exit [N]", "leave the shell with status N", "", ARG_NONE)
BUILTIN("explain", builtin_explain, "explain COMMAND [ARGS...]", "tell what a command line of unshare, nsenter or mountproc would do, without running it", "-h --help", ARG_COMMAND)
BUILTIN("export", builtin_export, "export [-p] [NAME[=VALUE]...]", "set environment variables", "-p", ARG_NONE)
BUILTIN("false", builtin_false, "false", "do nothing, unsuccessfully", "", ARG_NONE)
BUILTIN("fg", builtin_fg, "fg [%JOB]", "bring a job to the foreground", "", ARG_NONE)
BUILTIN("help", builtin_help, "help [BUILTIN]", "list the builtins, or show one's usage", "", ARG_BUILTIN)
BUILTIN("history", builtin_history, "history [-c] [N]", "show or clear the command history", "-c", ARG_NONE)
BUILTIN("jobs", builtin_jobs, "jobs [-lp]", "list the jobs of this shell", "-l -p", ARG_NONE)
BUILTIN("kill", builtin_kill, "kill [-s SIG | -n N | -SIG | -N] PID|%JOB...  or  kill -l|-L [N]", "send a signal to processes or jobs", "-s -n -l -L --list", ARG_PID)
BUILTIN("lab", builtin_lab, "lab [list|start|hint|status|skip|why|answer|quit|check|demo|verify|reset|attach|replay|report] [ARGS...]",
	"take a lab, or control the running one", "list start hint status skip why answer quit check demo verify reset attach replay report", ARG_LAB)
BUILTIN("lsns", builtin_lsns, "lsns [options] [NAMESPACE]", "list namespaces (as util-linux lsns)",
	"-t --type -p --task -o --output --output-all -n --noheadings -r --raw -l --list -J --json -u --notruncate -T --tree -W --nowrap --proc -h --help",
	ARG_NSTYPE)
BUILTIN("mountproc", builtin_mountproc, "mountproc [--force] [DIR]", "mount a fresh /proc for this PID namespace",
	"--force -h --help", ARG_DIR)
BUILTIN("nsenter", builtin_nsenter, "nsenter [options] [COMMAND [ARGS...]]", "enter the namespaces of another process and run a command there",
	"-t --target -a --all -m --mount -u --uts -i --ipc -n --net -p --pid -U --user -C --cgroup -T --time "
	"--preserve-credentials -r --root -w --wd -F --no-fork -S --setuid -G --setgid --trace -h --help",
	ARG_PID)
BUILTIN("pidtree", builtin_pidtree, "pidtree [options] [PID]", "draw the process tree with every PID namespace's PIDs",
	"-a --arguments -n --ns -s --show-parents -T --hide-threads -J --json --from --ascii --proc -h --help",
	ARG_PID)
BUILTIN("pwd", builtin_pwd, "pwd [-L|-P]", "print the working directory", "-L -P", ARG_NONE)
BUILTIN("set", builtin_set, "set [-o OPTION | +o OPTION] [ARGS...]", "set shell options (trace, hints) or $1...", "-o +o", ARG_NONE)
BUILTIN("source", builtin_source, "source FILE [ARGS...]", "run the commands of FILE in this shell", "", ARG_FILE)
BUILTIN("true", builtin_true, "true", "do nothing, successfully", "", ARG_NONE)
BUILTIN("type", builtin_type, "type NAME...", "tell whether NAME is a builtin or a program", "", ARG_BUILTIN)
BUILTIN("unset", builtin_unset, "unset [-v] NAME...", "remove environment variables", "-v", ARG_NONE)
BUILTIN("unshare", builtin_unshare, "unshare [options] [COMMAND [ARGS...]]", "run a command in new namespaces",
	"-m --mount -u --uts -i --ipc -n --net -p --pid -U --user -C --cgroup -T --time -f --fork --kill-child "
	"--mount-proc -r --map-root-user -c --map-current-user --map-user --map-group --setgroups --propagation "
	"-R --root -w --wd -S --setuid -G --setgid --keep-caps --monotonic --boottime --trace -V --version -h --help",
	ARG_COMMAND)
BUILTIN("wait", builtin_wait, "wait [PID|%JOB...]", "wait for background jobs", "", ARG_PID)
BUILTIN("whereami", builtin_whereami, "whereami [-J] [PID]", "show where a process stands: its namespaces, PID chain, id maps, /proc and init", "-J --json -h --help", ARG_PID)
