#!/usr/bin/env python3
"""Side-by-side timing of nsh against reference programs.

    python3 tests/bench/compare.py NAME [--runs N] [--warmup K] [--labels A,B,...]
        [--json FILE] [--allow-fail] -- CMD_NSH... -- CMD_REF1... [-- CMD_REF2...]

Each command is an argv, executed directly (posix_spawn, no shell in between):
`-- $NSH -c true -- dash -c true`.  To time a pipeline or anything that needs
a shell, write the shell yourself (`-- sh -c 'a | b'`); its start-up is then
part of the figure.  stdin, stdout and stderr of the commands are /dev/null.

The commands run alternately (one round runs each once, the order rotating
from round to round so no command always runs right after another), K warm-up
rounds are thrown away, then N rounds are measured.  For every run it records
the wall time (CLOCK_MONOTONIC around fork + exec + wait4) and the peak
resident set size that wait4's rusage reports (ru_maxrss: the child and the
descendants it waited for).

Why a small C launcher: Linux keeps a process's peak RSS across execve, and
it counts the pages of the image it replaced, so anything spawned straight
from Python reports at least Python's own ~15 MB.  compare.py therefore
compiles a tiny launcher with `cc` (once, into a temporary directory) that
forks, execs and measures; its own footprint is a few hundred KB.  Without
`cc` it falls back to spawning from Python and says that the RSS figures
are then floors, not measurements.  It prints one line per command (median wall time, 10th/90th
percentile, median CPU time, peak RSS, and nsh's median divided by this
command's) and then one summary line in the form

    startup: nsh -c true 0.61 ms, dash -c true 0.55 ms (ratio 1.11), ...; peak RSS 2.1 MB / 1.5 MB / ...

where "ratio" is always nsh's median over the reference's (above 1: nsh is
slower).  The summary line is the only line that starts in column 0 with
"NAME:", so tests/bench/run.sh can collect it.  The figures include the cost
of spawning from Python, the same for every command; they are for ratios,
never for timed assertions.

A reference whose program is not installed is left out with a note.  A
command that exits non-zero is reported and makes the exit status 1, unless
--allow-fail is given (for commands that fail on purpose).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def split_commands(argv):
    """Split the arguments after the first '--' into command argvs."""
    if "--" not in argv:
        return argv, []
    first = argv.index("--")
    options, rest = argv[:first], argv[first + 1:]
    commands, current = [], []
    for word in rest:
        if word == "--":
            commands.append(current)
            current = []
        else:
            current.append(word)
    commands.append(current)
    return options, commands


def resolve(argv0):
    """The program to execute: a path as given, or a PATH search."""
    if "/" in argv0:
        return argv0 if os.access(argv0, os.X_OK) else None
    return shutil.which(argv0)


LAUNCHER_C = r"""
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
/* Run argv[1..] once with stdio on /dev/null; print on stdout:
 * wall_ns cpu_ns maxrss_kib exit_code */
int main(int argc, char **argv)
{
	struct timespec start, end;
	struct rusage usage;
	int status, devnull = open("/dev/null", O_RDWR);
	pid_t pid;

	if (argc < 2 || devnull < 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &start);
	pid = fork();
	if (pid == 0) {
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &usage) < 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &end);
	printf("%lld %lld %ld %d\n",
	       (long long)(end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec),
	       (long long)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000000LL +
		       (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000LL,
	       usage.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
"""


def build_launcher(directory):
    """Compile the launcher; return its path, or None without a C compiler."""
    compiler = shutil.which(os.environ.get("CC", "cc")) or shutil.which("cc")
    if not compiler:
        return None
    source = os.path.join(directory, "launcher.c")
    binary = os.path.join(directory, "launcher")
    with open(source, "w") as out:
        out.write(LAUNCHER_C)
    if subprocess.run([compiler, "-O2", "-o", binary, source]).returncode != 0:
        return None
    return binary


def run_launched(launcher, argv):
    """Run argv once under the launcher: (wall s, cpu s, maxrss KiB, exit code)."""
    out = subprocess.run([launcher] + argv, stdout=subprocess.PIPE, check=True).stdout.split()
    return int(out[0]) / 1e9, int(out[1]) / 1e9, int(out[2]), int(out[3])


def run_spawned(path, argv, devnull):
    """Fallback without a compiler: spawn from Python (RSS includes Python's)."""
    actions = [
        (os.POSIX_SPAWN_DUP2, devnull, 0),
        (os.POSIX_SPAWN_DUP2, devnull, 1),
        (os.POSIX_SPAWN_DUP2, devnull, 2),
    ]
    start = time.perf_counter()
    pid = os.posix_spawn(path, argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def format_time(seconds):
    ms = seconds * 1000.0
    if ms < 10:
        return "%.2f ms" % ms
    if ms < 1000:
        return "%.1f ms" % ms
    return "%.2f s" % (ms / 1000.0)


def format_rss(kib):
    return "%.1f MB" % (kib / 1024.0)


def default_label(argv):
    return " ".join([os.path.basename(argv[0])] + argv[1:])


def main():
    options, commands = split_commands(sys.argv[1:])
    parser = argparse.ArgumentParser(
        prog="compare.py",
        description="Time nsh against reference commands (see the module docstring).",
        usage="%(prog)s NAME [--runs N] [--warmup K] [--labels A,B] [--json FILE] "
        "-- CMD_NSH... -- CMD_REF... [-- CMD_REF...]",
    )
    parser.add_argument("name")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "100")))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("BENCH_WARMUP", "5")))
    parser.add_argument("--labels", help="comma-separated labels, one per command")
    parser.add_argument("--json", help="also write the results as JSON to this file")
    parser.add_argument("--allow-fail", action="store_true", help="a non-zero exit is not an error")
    args = parser.parse_args(options)
    commands = [c for c in commands if c]
    if len(commands) < 2:
        parser.error("need the nsh command and at least one reference, separated by --")
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    labels = args.labels.split(",") if args.labels else [default_label(c) for c in commands]
    if len(labels) != len(commands):
        parser.error("--labels needs one label per command")

    entries = []
    for index, (argv, label) in enumerate(zip(commands, labels)):
        path = resolve(argv[0])
        if path is None:
            if index == 0:
                print("%s: cannot run %s: not found" % (args.name, argv[0]), file=sys.stderr)
                return 1
            print("  %s: %s left out: %s is not installed" % (args.name, label, argv[0]))
            continue
        entries.append({"label": label, "argv": argv, "path": path,
                        "wall": [], "cpu": [], "rss": [], "failures": {}})
    if len(entries) < 2:
        print("%s: no reference command is installed" % args.name, file=sys.stderr)
        return 1

    workdir = tempfile.mkdtemp(prefix="nsh-bench-")
    try:
        launcher = build_launcher(workdir)
        if launcher is None:
            print("  %s: no C compiler: spawning from Python, so peak RSS figures are at least "
                  "Python's own and not meaningful" % args.name)
        devnull = os.open(os.devnull, os.O_RDWR)
        for round_number in range(args.warmup + args.runs):
            measured = round_number >= args.warmup
            shift = round_number % len(entries)
            for entry in entries[shift:] + entries[:shift]:
                if launcher:
                    wall, cpu, rss, code = run_launched(launcher, entry["argv"])
                else:
                    wall, cpu, rss, code = run_spawned(entry["path"], entry["argv"], devnull)
                if code != 0:
                    entry["failures"][code] = entry["failures"].get(code, 0) + 1
                if measured:
                    entry["wall"].append(wall)
                    entry["cpu"].append(cpu)
                    entry["rss"].append(rss)
        os.close(devnull)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    status = 0
    base = statistics.median(entries[0]["wall"])
    for entry in entries:
        entry["median"] = statistics.median(entry["wall"])
        entry["cpu_median"] = statistics.median(entry["cpu"])
        entry["peak_rss_kib"] = max(entry["rss"])
        entry["ratio"] = base / entry["median"] if entry["median"] > 0 else float("inf")
        line = "  %s: %-28s median %-9s (p10 %s, p90 %s)  cpu %-9s  peak RSS %s" % (
            args.name, entry["label"], format_time(entry["median"]),
            format_time(percentile(entry["wall"], 0.1)), format_time(percentile(entry["wall"], 0.9)),
            format_time(entry["cpu_median"]), format_rss(entry["peak_rss_kib"]))
        if entry is not entries[0]:
            line += "  nsh/this %.2f" % entry["ratio"]
        print(line)
        for code, count in sorted(entry["failures"].items()):
            print("  %s: %s exited %d in %d of %d runs" % (
                args.name, entry["label"], code, count, args.warmup + args.runs),
                file=sys.stdout if args.allow_fail else sys.stderr)
            if not args.allow_fail:
                status = 1

    parts = []
    for entry in entries:
        part = "%s %s" % (entry["label"], format_time(entry["median"]))
        if entry is not entries[0]:
            part += " (ratio %.2f)" % entry["ratio"]
        parts.append(part)
    print("%s: %s; peak RSS %s" % (args.name, ", ".join(parts),
                                   " / ".join(format_rss(e["peak_rss_kib"]) for e in entries)))

    if args.json:
        result = {"name": args.name, "runs": args.runs, "warmup": args.warmup, "commands": [
            {"label": e["label"], "argv": e["argv"], "median_s": e["median"],
             "cpu_median_s": e["cpu_median"], "peak_rss_kib": e["peak_rss_kib"],
             "ratio_nsh_over_this": e["ratio"], "failures": e["failures"]} for e in entries]}
        with open(args.json, "w") as out:
            json.dump(result, out, indent=1)
            out.write("\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
