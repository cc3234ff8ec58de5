#!/bin/sh
# No zombie and no stray process: a busy nsh script (pipelines, background
# jobs, killed jobs, unshare with and without -f, --kill-child, nested
# namespaces, nsenter, mountproc inside a namespace, doctor, a nested nsh,
# the same unprivileged) must leave nothing behind on the host: no process
# of its own, no namespace held by one, no new nsfs mount (persistent
# namespace), no mount of the host changed.  While it runs, nsh must not
# keep zombies of finished jobs.
#
# The target of nsenter is started with util-linux unshare, not nsh's:
# in nsh, `unshare [-f] ... CMD &` and `nsenter ... CMD &` run the builtin
# in a forked nsh that forks again, so `kill %1` kills that nsh and leaves
# CMD running, orphaned (even with --kill-child: the signal goes to the
# builtin's own child only when that child's parent dies).  Reproducer:
#   nsh -c 'unshare -fmu sleep 75 & sleep 0.2; kill %1; wait'; pgrep -a sleep
# Reported to B (background builtins) and D1/D2; not asserted until fixed.
#
# Other tests run at the same time on this machine, so the host's lists
# are compared by what this test owns: every process it starts carries
# NSH_HARD_MARK in its environment (tests/lib_hard.sh); a namespace that
# appeared is a leak only if a marked process holds it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_hard.sh"
cd "$(dirname "$0")/../.." || exit 1
hard_mark
W=$(mktemp -d /tmp/nsh-procs.XXXXXX)
chmod 755 "$W"
trap 'rm -rf "$W"; t_cleanup_nobody' EXIT
nsh_nobody_copy >/dev/null

ns_before=$(lsns -n -o NS | sort -u)
# Mount points of the host, leaving out other tests' temporary directories
# (/tmp/*, apart from this test's own): those come and go with them.
host_mounts() { cut -d' ' -f5 /proc/self/mountinfo | awk -v w="$W" 'index($0, "/tmp/") != 1 || index($0, w) == 1' | sort; }
nsfs_before=$(hard_nsfs_mounts | grep -v '^/tmp/')
mounts_before=$(host_mounts)

cat >"$W/busy.nsh" <<SCRIPT
echo a | cat | wc -c >/dev/null
sleep 0.05 & sleep 0.05 & wait
sleep 100 & kill %1; wait
sleep 100 & kill -9 \$!; wait
false | true | sleep 0.01
unshare -fp true
unshare -fp --mount-proc sh -c 'sleep 100 & sleep 100 & exit 0'
unshare -fp --kill-child sh -c 'sleep 0.01'
unshare -p true
unshare -fpmu sh -c 'hostname busy; sleep 0.01'
unshare -fp $NSH -c 'unshare -fp $NSH -c "sleep 0.01 & wait"'
unshare -fpm $NSH -c 'mountproc; ps -e >/dev/null'
/usr/bin/unshare -mu sleep 100 &
nsenter -t \$! -m -u true
nsenter -t \$! -a hostname >/dev/null
kill %1
wait
doctor >/dev/null
sleep 0.2 &
sleep 0.3
ps -o stat= --ppid \$\$ >$W/children
wait
SCRIPT
chmod 644 "$W/busy.nsh"
out=$(timeout 120 "$NSH" "$W/busy.nsh" 2>&1)
t_eq "the busy script ran (status 0)" "0" "$?"
t_nomatch "no zombie among nsh's children after jobs finished" '^Z' "$(cat "$W/children" 2>/dev/null)"

cat >"$W/busy-nobody.nsh" <<'SCRIPT'
echo a | cat >/dev/null
sleep 0.05 & wait
unshare -Urpf --mount-proc sh -c 'sleep 100 & exit 0'
unshare -Urpf --kill-child true
/usr/bin/unshare -Ur sleep 100 &
nsenter -t $! -U --preserve-credentials true
kill %1
wait
unshare -Urp true
doctor >/dev/null
SCRIPT
chmod 644 "$W/busy-nobody.nsh"
cp "$W/busy-nobody.nsh" "$T_NOBODY_DIR/busy-nobody.nsh"
chmod 644 "$T_NOBODY_DIR/busy-nobody.nsh"
out=$(nsh_as_nobody "$T_NOBODY_DIR/busy-nobody.nsh" 2>&1)
t_eq "the busy script as nobody ran (status 0)" "0" "$?"

hard_wait_no_leftovers 50
t_eq "no process of this test left" "" "$(hard_leftovers)"
t_eq "no namespace held by a process of this test" "" "$(hard_namespaces)"
leaked=
new_ns=$(lsns -n -o NS | sort -u | comm -13 "$(printf '%s\n' "$ns_before" >"$W/nsb"; echo "$W/nsb")" -)
for ns in $new_ns; do
	for pid in $(lsns -n -o PID "$ns" 2>/dev/null); do
		if { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qx "NSH_HARD_MARK=$NSH_HARD_MARK"; then
			leaked="$leaked $ns(pid $pid)"
		fi
	done
done
t_eq "no new namespace of the host is held by this test" "" "$leaked"
t_eq "no persistent namespace (nsfs mount) left" "$nsfs_before" "$(hard_nsfs_mounts | grep -v '^/tmp/')"
t_eq "no nsfs mount under this test's directory" "" "$(hard_nsfs_mounts | grep "^$W" || true)"
t_eq "the host's mount points are unchanged" "$mounts_before" "$(host_mounts)"
t_done
