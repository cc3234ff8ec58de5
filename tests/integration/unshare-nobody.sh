#!/bin/sh
# unshare as an unprivileged user (uid 65534): the article's unprivileged
# examples.  -Urp without -f and the ENOMEM lesson; -Urpf --mount-proc;
# the maps and setgroups that -r, -c, --map-user, --map-group write; proc
# mounts refused without a PID namespace of one's own; EPERM explained.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	t_skip "unshare as nobody" "needs root to switch to uid 65534 with setpriv"
	t_done
	exit
fi
trap t_cleanup_nobody EXIT
if ! setpriv --reuid=65534 --regid=65534 --clear-groups -- unshare -U true 2>/dev/null; then
	t_skip "unshare as nobody" "unprivileged user namespaces are not allowed on this system"
	t_done
	exit
fi

# --- unpriv-no-fork: -Urp without -f, then two commands ------------------------------
out=$(printf '/bin/echo first\n/bin/echo second\n/bin/echo third\n' | nsh_as_nobody -c 'unshare -Urp' 2>&1)
t_match "unshare -Urp: the first command runs (it becomes PID 1)" '^first$' "$out"
t_nomatch "unshare -Urp: the second command does not run" '^second$' "$out"
t_match "unshare -Urp: fork: Cannot allocate memory" '^nsh: fork: Cannot allocate memory$' "$out"
t_eq "unshare -Urp: every later command fails too" 2 "$(printf '%s\n' "$out" | grep -c '^nsh: fork: Cannot allocate memory$')"
t_match "unshare -Urp: the hint says the init exited" '^hint: .*PID 1 has exited' "$out"
t_match "unshare -Urp: the hint says to use -f" "^hint: fix: .*unshare -fp" "$out"
t_match "unshare -Urp: the hint sees this shell is outside" '^hint: here: this shell is in pid:\[[0-9]+\] but its children go to pid:\[[0-9]+\]' "$out"
out=$(printf '/bin/echo first\n/bin/echo second\n' | NSH_HINTS=0 nsh_as_nobody -c 'unshare -Urp' 2>&1)
t_nomatch "NSH_HINTS=0: no hint lines" '^hint:' "$out"
t_match "NSH_HINTS=0: the plain error stays" '^nsh: fork: Cannot allocate memory$' "$out"

# --- unpriv-fork / mount-proc-flag / manual-mount-proc ------------------------------
out=$(echo 'ps -eo pid,comm' | nsh_as_nobody -c 'unshare -Urfp' 2>&1)
t_ok "unshare -Urfp: ps still shows the host's processes (contaminated /proc)" test "$(printf '%s\n' "$out" | wc -l)" -gt 5
out=$(nsh_as_nobody -c 'unshare -Urpf --mount-proc ps -eo pid,ppid,user,comm' 2>&1)
t_match "unshare -Urpf --mount-proc: ps is PID 1, as root inside" '^ +1 +0 root +ps$' "$out"
t_eq "unshare -Urpf --mount-proc: a clean view (ps only)" 2 "$(printf '%s\n' "$out" | wc -l)"
out=$(echo 'ps -eo pid,ppid,comm' | nsh_as_nobody -c 'unshare -Urpf --mount-proc' 2>&1)
t_match "unshare -Urpf --mount-proc with no command: the nested nsh is PID 1 with PPID 0" '^ +1 +0 nsh$' "$out"
out=$(nsh_as_nobody -c 'unshare -Urpmf sh -c "mount -t proc proc /proc && ps -eo pid,comm"' 2>&1)
t_match "unshare -Urpmf, then mount -t proc: works" '^ +1 sh$' "$out"

# --- proc-mount-denied: no PID namespace of one's own ---------------------------------
out=$(nsh_as_nobody -c 'unshare -Urm sh -c "whoami; mount -t proc proc /proc"' 2>&1)
t_match "unshare -Urm: whoami says root" '^root$' "$out"
t_match "unshare -Urm: mount -t proc is refused" '[Pp]ermission denied|Operation not permitted' "$out"
out=$(nsh_as_nobody -c 'unshare -Urm --mount-proc true' 2>&1)
t_eq "unshare -Ur --mount-proc without -p: status 1" 1 $?
t_match "unshare -Ur --mount-proc without -p: the plain error" '^nsh: unshare: mount proc /proc: Operation not permitted$' "$out"
t_match "... and the ownership rule" '^hint: .*owns the PID namespace' "$out"
t_match "... and the fix" "^hint: .*unshare -Urpf --mount-proc" "$out"

# --- EPERM without a user namespace -----------------------------------------------------
out=$(nsh_as_nobody -c 'unshare -p true' 2>&1)
t_eq "unshare -p unprivileged: status 1" 1 $?
t_match "unshare -p unprivileged: the plain error" '^nsh: unshare: unshare: Operation not permitted$' "$out"
t_match "unshare -p unprivileged: hint to use -U/-r" "^hint: fix: add -U" "$out"

# --- the maps ---------------------------------------------------------------------------
maps() { tr -s ' \t' ' ' | sed 's/^ //'; }
out=$(nsh_as_nobody -c 'unshare -r cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups' 2>&1 | maps)
t_eq "-r: uid_map and gid_map are '0 65534 1', setgroups deny" "0 65534 1
0 65534 1
deny" "$out"
out=$(nsh_as_nobody -c 'unshare -c sh -c "id -u; id -g; cat /proc/self/uid_map /proc/self/setgroups"' 2>&1 | maps)
t_eq "-c: mapped to itself" "65534
65534
65534 65534 1
deny" "$out"
out=$(nsh_as_nobody -c 'unshare --map-user=1000 --map-group=100 sh -c "id -u; id -g"' 2>&1)
t_eq "--map-user=1000 --map-group=100 (implies -U)" "1000
100" "$out"
out=$(nsh_as_nobody -c 'unshare --map-user=0 id -u' 2>&1)
t_eq "--map-user=0 without a gid map works" 0 "$out"
for opts in '--map-group=0 --setgroups allow' '--setgroups allow -r' '-c --setgroups allow'; do
	out=$(nsh_as_nobody -c "unshare $opts true" 2>&1)
	t_match "unshare $opts: refused (as util-linux), saying why" '^nsh: unshare: --setgroups=allow: not with a gid map .*needs setgroups denied' "$out"
done
out=$(nsh_as_nobody -c 'unshare --map-user=0 --setgroups allow sh -c "echo 0 65534 1 > /proc/self/gid_map; cat /proc/self/gid_map"' 2>&1)
t_nomatch "without setgroups deny the kernel refuses an unprivileged gid map" '65534' "$out"
out=$(nsh_as_nobody -c 'unshare --map-user=0 --setgroups deny sh -c "echo 0 65534 1 > /proc/self/gid_map; cat /proc/self/gid_map"' 2>&1)
t_match "with setgroups deny it accepts it (so the test above can fail)" '65534' "$out"
out=$(nsh_as_nobody -c 'unshare -U cat /proc/self/uid_map' 2>&1)
t_eq "-U alone: no map written" "" "$out"

# --- trace of the unprivileged id-map writes, in order --------------------------------
out=$(nsh_as_nobody -c 'unshare --trace -Urpf --mount-proc true' 2>&1 | sed 's/^\[[0-9]*\] //')
t_match "trace: setgroups before gid_map" 'setgroups, "deny"\) = 4
write\(/proc/self/uid_map, "0 65534 1"\) = 9
write\(/proc/self/gid_map, "0 65534 1"\) = 9' "$out"

t_done
