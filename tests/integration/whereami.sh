#!/bin/sh
# whereami (issue 8) against /proc: in each place, the shell runs
# `whereami -J`, then execs a small sh script in the same process that reads
# the same facts from /proc/self itself (ns links, NStgid, uid_map, getpid()
# against /proc/self); tests/integration/whereami_check.py compares them.
# Places: the top, unshare -fp once and twice (depth, chain), before and
# after mountproc (the contaminated flag flips), unprivileged with
# --mount-proc (the maps), and another process by PID.
. "$(dirname "$0")/../lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
CHECK="python3 $TOP/tests/integration/whereami_check.py"
if [ "$(id -u)" != 0 ]; then
	t_skip "whereami" "needs root (and setpriv for the unprivileged place)"
	t_done
	exit
fi
if ! command -v python3 >/dev/null 2>&1; then
	t_skip "whereami" "python3 is needed to read the JSON"
	t_done
	exit
fi
W=$(mktemp -d /tmp/nsh-whereami.XXXXXX)
chmod 1777 "$W" # the unprivileged place writes its files here too
TAG=6$$
STARTED=
cleanup() {
	for p in $STARTED; do kill -KILL "$p" 2>/dev/null; done
	wait
	rm -rf "$W"
	t_cleanup_nobody
}
trap cleanup EXIT
cd /tmp || exit 1

# The facts, read by sh in the process that was the nsh.
cat >"$W/facts.sh" <<'EOF'
# Only sh itself may open /proc/self here (a command substitution or a
# program would be another process): the links are opened by sh on fd 3
# and stat reads the inode through /dev/fd/3.
for t in mnt net pid uts ipc user cgroup time; do
	exec 3</proc/self/ns/$t
	echo "ns $t $(stat -L -c %i /dev/fd/3)"
done
exec 3<&-
while read -r key rest; do
	case $key in NStgid:) echo "nstgid $rest" ;; esac
done </proc/self/status
read -r self_stat </proc/self/stat
echo "procself ${self_stat%% *}"
echo "getpid $$"
while read -r a b c; do echo "uid_map $a $b $c"; done </proc/self/uid_map
EOF
chmod 644 "$W/facts.sh"

# place NAME: the JSON in $W/NAME.json, the facts in $W/NAME.facts (written
# by the inner shell command given in $2, run by $3 or $NSH).
inner() { echo "whereami -J >$W/$1.json; whereami >$W/$1.txt; exec sh $W/facts.sh >$W/$1.facts"; }

valid_json() { python3 -m json.tool "$W/$1.json" >/dev/null 2>&1 && echo valid; }
field() { $CHECK field "$W/$1.json" "$2"; }
agrees() { $CHECK agree "$W/$1.json" "$W/$1.facts"; }

# ---- the top: depth 0, nothing differs from the start
$NSH -c "$(inner top)"
t_eq "top: valid JSON" "valid" "$(valid_json top)"
t_eq "top: agrees with /proc" "agree" "$(agrees top)"
t_eq "top: depth 0" "0" "$(field top depth)"
t_eq "top: nothing differs from the session start" "" "$(field top differs_from_start)"
t_eq "top: /proc shows its own PID namespace" "False" "$(field top contaminated_proc)"

# The host column: shown exactly when /proc/1/ns is readable and /proc
# shows the initial PID namespace (inode 4026531836); then it must agree.
if [ "$(stat -L -c %i /proc/1/ns/pid 2>/dev/null)" = 4026531836 ]; then host=True; else host=False; fi
t_eq "top: the host column is there exactly when PID 1's links are readable" "$host" "$(field top host_visible)"
if [ "$host" = True ]; then
	t_eq "top: nothing differs from the host's namespaces" "" "$(field top differs_from_host)"
fi

# ---- unshare -fp once: depth 1, a contaminated /proc, init is the shell
$NSH -c "unshare -fp $NSH -c '$(inner one)'"
t_eq "unshare -fp: valid JSON" "valid" "$(valid_json one)"
t_eq "unshare -fp: agrees with /proc" "agree" "$(agrees one)"
t_eq "unshare -fp: depth 1" "1" "$(field one depth)"
t_eq "unshare -fp: two NStgid fields, the last 1" "2 1" "$(field one nstgid_shape)"
t_eq "unshare -fp: the pid namespace differs from the start" "pid" "$(field one differs_from_start)"
t_eq "unshare -fp: the /proc is an ancestor's (contaminated)" "True" "$(field one contaminated_proc)"
t_eq "unshare -fp: the init is the shell itself" "True" "$(field one init_is_self)"
t_eq "unshare -fp: session depth 1" "1" "$(field one session_depth)"
if [ "$host" = True ]; then
	t_eq "unshare -fp: the pid namespace differs from the host's" "pid" "$(field one differs_from_host)"
fi
t_match "unshare -fp: the text says so" 'ANCESTOR' "$(cat "$W/one.txt")"

# ---- twice: depth 2, three fields ending in 1
$NSH -c "unshare -fp $NSH -c \"unshare -fp $NSH -c '$(inner two)'\""
t_eq "unshare -fp twice: valid JSON" "valid" "$(valid_json two)"
t_eq "unshare -fp twice: agrees with /proc" "agree" "$(agrees two)"
t_eq "unshare -fp twice: depth 2" "2" "$(field two depth)"
t_eq "unshare -fp twice: three NStgid fields, the last 1" "3 1" "$(field two nstgid_shape)"
t_eq "unshare -fp twice: session depth 2" "2" "$(field two session_depth)"
t_eq "unshare -fp twice: still contaminated" "True" "$(field two contaminated_proc)"
t_match "unshare -fp twice: the text shows the chain" 'depth 2: 2 PID namespaces below' "$(cat "$W/two.txt")"

# ---- before and after mountproc, in one shell
$NSH -c "unshare -fpm $NSH -c 'whereami -J >$W/before.json; mountproc && $(inner after)'"
t_eq "before mountproc: contaminated" "True" "$(python3 -c "import json;print(json.load(open('$W/before.json'))['contaminated_proc'])")"
t_eq "after mountproc: valid JSON" "valid" "$(valid_json after)"
t_eq "after mountproc: agrees with /proc" "agree" "$(agrees after)"
t_eq "after mountproc: the flag flipped" "False" "$(field after contaminated_proc)"
t_eq "after mountproc: NStgid is just 1" "1 1" "$(field after nstgid_shape)"
t_eq "after mountproc: the init is PID 1, the shell" "1 True" "$(field after init_pid) $(field after init_is_self)"
t_eq "after mountproc: still one level below the start" "1" "$(field after session_depth)"

# ---- unprivileged, unshare -Urpf --mount-proc: the maps
NB=$(nsh_nobody_copy)
nsh_as_nobody -c "unshare -Urpf --mount-proc $NB -c '$(inner nobody)'"
t_eq "nobody: valid JSON" "valid" "$(valid_json nobody)"
t_eq "nobody: agrees with /proc" "agree" "$(agrees nobody)"
t_eq "nobody: uid_map 0 65534 1" "[[0, 65534, 1]]" "$(field nobody uid_map)"
t_eq "nobody: gid_map 0 65534 1" "[[0, 65534, 1]]" "$(field nobody gid_map)"
t_eq "nobody: its own /proc" "False" "$(field nobody contaminated_proc)"
t_eq "nobody: mnt, pid and user differ from the start" "mnt pid user" "$(field nobody differs_from_start)"

# ---- another process, by PID: with and without a /proc of its own
$NSH -c "unshare -fp --mount-proc sleep ${TAG}1" </dev/null >/dev/null 2>&1 &
STARTED="$STARTED $!"
$NSH -c "unshare -fp sleep ${TAG}2" </dev/null >/dev/null 2>&1 &
STARTED="$STARTED $!"
i=0
while [ $i -lt 100 ] && { ! A=$(pgrep -x -f "sleep ${TAG}1") || ! B=$(pgrep -x -f "sleep ${TAG}2"); }; do
	sleep 0.05
	i=$((i + 1))
done
STARTED="$A $B $STARTED"
$NSH -c "whereami -J $A" >"$W/pa.json"
$NSH -c "whereami -J $B" >"$W/pb.json"
t_eq "whereami PID: valid JSON" "valid" "$(valid_json pa)"
t_eq "whereami PID: its chain is its NStgid" "$(sed -n 's/^NStgid:[[:space:]]*//p' /proc/"$A"/status | tr -s '\t ' '  ')" "$(field pa nstgid)"
t_eq "whereami PID: its pid namespace inode" "$(stat -L -c %i /proc/"$A"/ns/pid)" "$(field pa pid_inode)"
t_eq "whereami PID (--mount-proc): its /proc is its own" "False" "$(field pa contaminated_proc)"
t_eq "whereami PID (no new /proc): its /proc is an ancestor's" "True" "$(field pb contaminated_proc)"
t_eq "whereami PID: it is the init of its namespace" "$A" "$(field pa init_pid)"

# ---- errors
$NSH -c 'whereami --frob' >/dev/null 2>&1
t_eq "unknown option: status 2" "2" "$?"
out=$($NSH -c 'whereami 2147483646' 2>&1); rc=$?
t_eq "a PID that does not exist: status 1" "1" "$rc"
t_eq "a PID that does not exist: said so" "nsh: whereami: 2147483646: No such process" "$out"
t_done
