#!/bin/sh
# mountproc on the real kernel: refused in the session's starting mount
# namespace (the host's /proc untouched), a clean ps view in `unshare -fpm`,
# the mount flags, no propagation back, DIR, --force, usage errors; as nobody
# the article's proc-mount-denied (EPERM after unshare -Urm, explained) and
# manual-mount-proc (unshare -Urpmf, then mountproc) examples.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	t_skip "mountproc" "these tests need root and nobody (CI runs them as root)"
	t_done
	exit
fi
WORK=$(mktemp -d /tmp/nsh-mountproc.XXXXXX)
chmod 755 "$WORK"
cleanup() {
	mountpoint -q "$WORK/p" 2>/dev/null && umount -l "$WORK/p"
	rm -rf "$WORK"
	t_cleanup_nobody
}
trap cleanup EXIT
mkdir "$WORK/p"
NOBODY_NSH=$(nsh_nobody_copy)

# ---- refused where the session started
before=$(cat /proc/self/mountinfo)
out=$($NSH -c 'mountproc' 2>&1); rc=$?
after=$(cat /proc/self/mountinfo)
t_eq "starting mount namespace: refused with status 1" "1" "$rc"
t_match "starting mount namespace: the refusal says why" \
	"^nsh: mountproc: refusing to mount proc on /proc: this is the mount namespace the session started in" "$out"
t_match "starting mount namespace: hint on what to do" "^hint: .*unshare -fpm" "$out"
t_eq "starting mount namespace: the host's mount table is unchanged" "$before" "$after"
out=$($NSH -c "mountproc $WORK/p" 2>&1); rc=$?
t_eq "starting mount namespace: refused for a DIR too" "1" "$rc"
t_ok "starting mount namespace: nothing mounted on the DIR" sh -c "! mountpoint -q $WORK/p"
t_eq "starting mount namespace: NSH_HINTS=0 leaves the error line alone" "1" \
	"$(NSH_HINTS=0 $NSH -c 'mountproc' 2>&1 | wc -l | tr -d ' ')"

# ---- works in unshare -fpm (nsh's own unshare): the nested shell is PID 1
out=$($NSH -c "unshare -fpm $NSH -c 'mountproc && ps -eo pid,ppid,comm && echo \$\$'" 2>&1); rc=$?
t_eq "unshare -fpm, mountproc: status 0" "0" "$rc"
t_eq "unshare -fpm, mountproc: ps lists PID 1 first" "1" "$(printf '%s\n' "$out" | awk 'NR == 2 {print $1}')"
t_eq "unshare -fpm, mountproc: only the shell and ps" "2" "$(printf '%s\n' "$out" | awk 'NR > 1 && $1 ~ /^[0-9]+$/ && NF == 3' | wc -l | tr -d ' ')"
t_eq "unshare -fpm, mountproc: \$\$ is 1" "1" "$(printf '%s\n' "$out" | tail -n 1)"
printf '%s\n' "awk '\$5 == \"/proc\" {print \$6}' /proc/self/mountinfo | tail -n 1" >"$WORK/procopts.sh"
opts=$($NSH -c "unshare -fpm $NSH -c 'mountproc && sh $WORK/procopts.sh'" 2>&1)
t_match "the new /proc is nosuid" "nosuid" "$opts"
t_match "the new /proc is nodev" "nodev" "$opts"
t_match "the new /proc is noexec" "noexec" "$opts"
t_eq "the host's mount table is unchanged afterwards" "$before" "$(cat /proc/self/mountinfo)"

# ---- DIR, and no propagation back: in a scratch mount namespace whose / is
# shared, an inner namespace made with --propagation unchanged is its peer.
# A plain mount there shows up outside (the control); mountproc's does not.
out=$(unshare -m sh -c "
	mount --make-rshared /
	$NSH -c \"unshare --propagation unchanged -fpm mount -t proc proc $WORK/p\"
	grep -c ' $WORK/p ' /proc/self/mountinfo
	umount $WORK/p 2>/dev/null
	$NSH -c \"unshare --propagation unchanged -fpm $NSH -c 'mountproc $WORK/p && test -d $WORK/p/1 && echo mounted'\"
	grep -c ' $WORK/p ' /proc/self/mountinfo
" 2>&1)
t_eq "control: a plain mount in a peer namespace propagates back" "1" "$(printf '%s\n' "$out" | sed -n 1p)"
t_eq "mountproc DIR: mounted there, showing PID 1" "mounted" "$(printf '%s\n' "$out" | sed -n 2p)"
t_eq "mountproc DIR: made / private first, nothing propagates back" "0" "$(printf '%s\n' "$out" | sed -n 3p)"

# ---- DIR errors and usage (in a scratch mount namespace)
out=$(unshare -m $NSH -c 'mountproc /etc/hostname' 2>&1); rc=$?
t_eq "a file: status 1" "1" "$rc"
t_eq "a file: said so" "nsh: mountproc: /etc/hostname: Not a directory" "$out"
out=$(unshare -m $NSH -c "mountproc $WORK/missing" 2>&1); rc=$?
t_eq "a missing DIR: status 1" "1" "$rc"
t_eq "a missing DIR: said so" "nsh: mountproc: $WORK/missing: No such file or directory" "$out"
out=$($NSH -c 'mountproc --frob' 2>&1); rc=$?
t_eq "unknown option: status 2" "2" "$rc"
t_match "unknown option: said so" "^nsh: mountproc: unrecognized option '--frob'" "$out"
t_match "unknown option: usage" "^usage: mountproc \\[--force\\] \\[DIR\\]" "$out"
out=$($NSH -c 'mountproc /a /b' 2>&1); rc=$?
t_eq "two DIRs: status 2" "2" "$rc"
t_match "--help" "^usage: mountproc" "$($NSH -c 'mountproc --help')"

# ---- --force: a session started inside a scratch mount namespace refuses
# there, and mounts with --force
out=$(env -u NSH_SESSION unshare -m $NSH -c "mountproc $WORK/p; echo status \$?; mountproc --force $WORK/p && test -d $WORK/p/self && echo forced" 2>&1)
t_match "a fresh session refuses in its own starting namespace" "^status 1$" "$out"
t_match "--force mounts anyway" "^forced$" "$out"
t_ok "--force in a scratch namespace left nothing outside" sh -c "! mountpoint -q $WORK/p"

# ---- as nobody: the article's proc-mount-denied and manual-mount-proc
out=$(nsh_as_nobody -c "unshare -Urm $NOBODY_NSH -c 'whoami; mountproc'" 2>&1); rc=$?
t_eq "nobody, unshare -Urm: root inside (whoami)" "root" "$(printf '%s\n' "$out" | sed -n 1p)"
t_eq "nobody, unshare -Urm, mountproc: the strerror line" "nsh: mountproc: mount proc /proc: Operation not permitted" \
	"$(printf '%s\n' "$out" | sed -n 2p)"
t_eq "nobody, unshare -Urm, mountproc: status 1 passed on" "1" "$rc"
t_match "the hint states the ownership rule" "^hint: a procfs may be mounted only by a process whose user namespace owns the PID namespace" "$out"
t_match "the hint gives the fix" "^hint: 'unshare -Urpmf' then 'mountproc', or 'unshare -Urpf --mount-proc'" "$out"
out=$(nsh_as_nobody -c "unshare -Urm mount -t proc proc /proc" 2>&1); rc=$?
t_match "the article's own mount -t proc fails the same way there" "[Pp]ermission denied|not permitted" "$out"
out=$(nsh_as_nobody -c "unshare -Urpmf $NOBODY_NSH -c 'mountproc && ps -eo pid,ppid,comm'" 2>&1); rc=$?
t_eq "nobody, unshare -Urpmf, mountproc: status 0" "0" "$rc"
t_eq "nobody, unshare -Urpmf, mountproc: PID 1 is the shell, PPID 0" "1 0 nsh" \
	"$(printf '%s\n' "$out" | awk 'NR == 2 {print $1, $2, $3}')"
t_eq "nobody, unshare -Urpmf, mountproc: only the shell and ps" "2" \
	"$(printf '%s\n' "$out" | awk 'NR > 1' | wc -l | tr -d ' ')"
t_done
