#!/bin/sh
# nsh doctor and the doctor builtin: every probe passes on this machine (root
# and nobody), --json is valid JSON with the promised keys, a real failure is
# explained (a user namespace whose user.max_user_namespaces is 0), usage
# errors are status 2, and nothing is left behind: no temporary directory,
# no mount, no process.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_hard.sh"
cd "$(dirname "$0")/../.." || exit 1
hard_mark
nsh_nobody_copy >/dev/null # here, not in a $(...) subshell, so that t_cleanup_nobody sees it

probes_left() { ls -d /tmp/nsh-probe.* 2>/dev/null | wc -l; }
tmp_before=$(probes_left)
# host mount points, other tests' /tmp directories left out (the probe's own
# temporary directories, /tmp/nsh-probe.*, are kept in)
host_mounts() { cut -d' ' -f5 /proc/self/mountinfo | awk 'index($0, "/tmp/") != 1 || index($0, "/tmp/nsh-probe.") == 1' | sort; }
mounts_before=$(host_mounts)

out=$("$NSH" doctor 2>&1); rc=$?
t_eq "nsh doctor: status 0 where everything works" 0 "$rc"
t_match "nsh doctor: kernel line" '^kernel: Linux [0-9]' "$out"
t_match "nsh doctor: root section" '^as root \(uid 0\):' "$out"
t_match "nsh doctor: nobody section (root also probes as nobody)" '^as nobody \(uid 65534' "$out"
for step in 'unshare\(CLONE_NEWUSER\)' 'write /proc/self/setgroups: deny' 'write /proc/self/uid_map: 0 65534 1' \
	'write /proc/self/gid_map: 0 65534 1' 'unshare\(CLONE_NEWPID\|CLONE_NEWNS\)' \
	'fork into the new PID namespace: the child is PID 1' 'mount --make-rprivate /' \
	'mount proc on a temporary directory: PID 1 is visible' 'setns through a pidfd'; do
	t_match "nsh doctor: ok $step" "^  ok    $step" "$out"
done
t_eq "nsh doctor: 18 ok steps (9 as root, 9 as nobody)" 18 "$(printf '%s\n' "$out" | grep -c '^  ok ')"
t_nomatch "nsh doctor: no FAIL" 'FAIL' "$out"
t_match "nsh doctor: limits listed" 'user\.max_user_namespaces +[0-9]+' "$out"
t_match "nsh doctor: propagation of / told" '^  / is (not )?shared' "$out"
t_match "nsh doctor: labs listed with both columns" 'example +as root: yes +unprivileged: yes' "$out"

json=$("$NSH" doctor --json 2>&1); rc=$?
t_eq "doctor --json: status 0" 0 "$rc"
t_ok "doctor --json: valid JSON (python3 -m json.tool)" sh -c 'printf "%s" "$1" | python3 -m json.tool' sh "$json"
keys=$(printf '%s' "$json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
ids = d["identities"]
print(len(ids), ids[0]["uid"], ids[1]["uid"], ids[1]["as_nobody"])
print(all(s["state"] == "ok" for i in ids for s in i["steps"]), len(ids[0]["steps"]))
print(sorted(d["limits"])[0], d["root_mount"]["shared"] in (True, False))
print(any(l["id"] == "example" and l["root"] and l["unprivileged"] for l in d["labs"]))
' 2>&1)
t_eq "doctor --json: identities, steps, limits, labs" "2 0 65534 True
True 9
apparmor_restrict_unprivileged_userns True
True" "$keys"

out=$("$NSH" -c 'doctor --json >/dev/null; echo "alive $?"' 2>&1)
t_eq "doctor builtin inside nsh: the shell goes on, status 0" "alive 0" "$out"

out=$(nsh_as_nobody -c doctor 2>&1); rc=$?
t_eq "doctor as nobody: status 0" 0 "$rc"
t_match "doctor as nobody: one unprivileged section" '^as uid 65534 \(unprivileged\):' "$out"
t_nomatch "doctor as nobody: no root section" '^as root' "$out"
t_eq "doctor as nobody: 9 ok steps" 9 "$(printf '%s\n' "$out" | grep -c '^  ok ')"
t_match "doctor as nobody: root column not probed" 'as root: not probed' "$out"
t_cleanup_nobody

# A real refusal: inside a user namespace whose max_user_namespaces is 0.
out=$(unshare -Urm sh -c 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$1" doctor' sh "$NSH" 2>&1); rc=$?
t_eq "refused user namespace: status 1" 1 "$rc"
t_match "refused user namespace: the errno" 'FAIL  unshare\(CLONE_NEWUSER\): No space left on device' "$out"
t_match "refused user namespace: what it means" 'means: the limit on user namespaces is reached' "$out"
t_match "refused user namespace: the fix" 'fix: +sysctl -w user.max_user_namespaces=15000' "$out"
t_match "refused user namespace: later steps not tried" 'write /proc/self/uid_map: not tried \(needs a user namespace\)' "$out"
t_match "refused user namespace: the limit flagged" 'user.max_user_namespaces +0  <- 0' "$out"
t_match "refused user namespace: the PID steps still run" '^  ok    mount proc on a temporary directory' "$out"
json=$(unshare -Urm sh -c 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$1" doctor --json' sh "$NSH" 2>/dev/null)
t_ok "refused user namespace: --json still valid" sh -c 'printf "%s" "$1" | python3 -m json.tool' sh "$json"
t_match "refused user namespace: --json errno 28" '"step": "userns", [^}]*"state": "failed", "errno": 28' "$json"

# Where / is shared, the probe's proc mount must not propagate back: run
# doctor in a mount namespace whose / is shared, then look at its mounts.
out=$(unshare -m --propagation shared sh -c '"$1" doctor; echo "probe mounts: $(grep -c nsh-probe /proc/self/mountinfo)"' sh "$NSH" 2>&1)
t_match "shared /: told" '^  / is shared \(peer group [0-9]+\)' "$out"
t_match "shared /: the proc mount still works (made private first)" '^  ok    mount proc on a temporary directory' "$out"
t_match "shared /: no probe mount propagated back" '^probe mounts: 0$' "$out"

out=$("$NSH" -c 'doctor --frobnicate; echo "alive $?"' 2>&1)
t_match "doctor --frobnicate: named" "nsh: doctor: unrecognized option '--frobnicate'" "$out"
t_match "doctor --frobnicate: usage, status 2" 'alive 2' "$out"
out=$("$NSH" -c 'doctor -x; echo "alive $?"' 2>&1)
t_match "doctor -x: named" "nsh: doctor: invalid option -- 'x'" "$out"
t_match "doctor -x: status 2" "alive 2" "$out"
out=$("$NSH" doctor extra 2>&1); rc=$?
t_match "nsh doctor extra: too many arguments" "too many arguments: 'extra'" "$out"
t_eq "nsh doctor extra: status 2" 2 "$rc"
out=$("$NSH" -c 'doctor --help' 2>&1)
t_match "doctor --help" '^usage: doctor \[-J\]' "$out"

t_eq "no temporary directory left" "$tmp_before" "$(probes_left)"
t_eq "host mounts unchanged" "$mounts_before" "$(host_mounts)"
hard_wait_no_leftovers 30
t_eq "no process of this test left" "" "$(hard_leftovers)"
t_done
