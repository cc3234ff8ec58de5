# Helpers for the hardening tests (POSIX sh; sourced after tests/lib.sh).
#
# Other tests and other people's shells run on the same machine at the same
# time, so "no process left" cannot be a comparison of the whole `ps`: every
# nsh a test starts carries a marker in its environment (hard_mark exports
# NSH_HARD_MARK), every child inherits it, and a leftover is any live
# process that still has it.
#
#   hard_mark                 export a fresh marker for this test script
#   hard_leftovers            "PID STATE COMM" of marked processes (not this
#                             script and its subshells), one per line
#   hard_namespaces           the namespace inodes held by marked processes
#   hard_nsfs_mounts          nsfs mounts of the host (persistent namespaces)
#   hard_wait_no_leftovers N  wait up to N tenths of a second for none left
#
# HARD_TOP=PID makes PID (instead of this shell) the top of the chain of
# ancestors that are not counted (tests/leftovers.sh, for tests/run.sh).

hard_mark() {
	NSH_HARD_MARK="nsh-hard-$$-$(date +%s%N)"
	export NSH_HARD_MARK
}

hard_leftovers() { hard_scan list; }
hard_namespaces() { hard_scan ns; }

# One python3 process walks /proc (no pipeline: a sibling process of the
# scanner would carry the marker too).
hard_scan() {
	python3 - "$NSH_HARD_MARK" "${HARD_TOP:-$$}" "$1" <<'PY'
import os, sys
mark = ("NSH_HARD_MARK=" + sys.argv[1]).encode()
# this script and its subshells (the chain from here up to it) are not leftovers
me, pid, top = set(), os.getpid(), int(sys.argv[2])
while pid > 1:
    me.add(pid)
    if pid == top:
        break
    try:
        with open("/proc/%d/stat" % pid) as f:
            pid = int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        break
found = set()
for pid in sorted((int(p) for p in os.listdir("/proc") if p.isdigit())):
    if pid in me:
        continue
    try:
        with open("/proc/%d/environ" % pid, "rb") as f:
            env = f.read().split(b"\0")
        if mark not in env:
            continue
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        state = stat[stat.rindex(")") + 2]
        if sys.argv[3] == "ns":
            for name in sorted(os.listdir("/proc/%d/ns" % pid)):
                try:
                    found.add(os.readlink("/proc/%d/ns/%s" % (pid, name)))
                except OSError:
                    pass
        else:
            print(pid, state, comm)
    except (OSError, ValueError):
        pass
for link in sorted(found):
    print(link)
PY
}

hard_nsfs_mounts() { awk '$9 == "nsfs" { print $5 }' /proc/self/mountinfo | sort; }

hard_wait_no_leftovers() {
	i=0
	while [ "$i" -lt "${1:-50}" ]; do
		[ -z "$(hard_leftovers)" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
