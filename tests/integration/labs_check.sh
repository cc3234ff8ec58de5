#!/bin/sh
# The labs of labs/, end to end on the real kernel:
#   - `nsh lab check --all` passes as root, and as an unprivileged user
#     (nobody) for every lab that does not need root; the TAP, JUnit and
#     JSON reports parse and agree;
#   - `nsh lab verify --all` passes (no step passes on an idle sandbox, the
#     reference commands pass);
#   - `nsh lab list --examples` names every example slug of the article
#     (ARTICLE-EXAMPLES.md) with its lab and step;
#   - afterwards no process of the run is left and no namespace or mount
#     of the run remains on the machine;
#   - the whole check run takes well under a minute.
# Processes of the run are recognised by an environment marker that the
# lab sandbox passes down to every process it starts.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	t_skip "labs check" "needs root (runs the labs as root and as nobody)"
	t_done
	exit
fi
command -v python3 >/dev/null 2>&1 || { t_skip "labs check" "python3 is needed to parse the reports"; t_done; exit; }

WORK=$(mktemp -d /tmp/nsh-labs.XXXXXX)
chmod 755 "$WORK"
trap 'rm -rf "$WORK"; t_cleanup_nobody' EXIT
MARK="labs-check-$$-$(date +%s)"
export NSH_LABS_TEST_MARK="$MARK"
export XDG_STATE_HOME="$WORK/state" XDG_RUNTIME_DIR=

# Every slug of ARTICLE-EXAMPLES.md (the article's fifteen and the four of
# "Beyond the article").
SLUGS="proc-mount-denied nested-unshare proc-contaminated kill-ancestor host-sees-all
lsns-two-pidns nspid-chain unpriv-no-fork unpriv-fork manual-mount-proc mount-proc-flag
nsenter-all init-death nesting-limit one-way-visibility
init-signals orphan-reparent pid-for-children setns-pid"

# PIDs of live processes that carry the marker in their environment.
marked() {
	for e in /proc/[0-9]*/environ; do
		if { tr '\0' '\n' <"$e"; } 2>/dev/null | grep -qx "NSH_LABS_TEST_MARK=$MARK"; then
			p=${e#/proc/}
			p=${p%/environ}
			[ "$p" = "$$" ] && continue
			st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$p/status" 2>/dev/null)
			[ -n "$st" ] && [ "$st" != Z ] && echo "$p $({ tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null)"
		fi
	done
}
# Our own processes (this script, its subshells) carry the marker too:
# everything still marked after a run, apart from them, was left behind.
own_tree() {
	pids=" $$ "
	changed=1
	while [ "$changed" = 1 ]; do
		changed=0
		for s in /proc/[0-9]*/stat; do
			set -- $(sed 's/^.*) //' "$s" 2>/dev/null)
			pp=$2
			p=${s#/proc/}
			p=${p%/stat}
			case "$pids" in *" $pp "*) case "$pids" in *" $p "*) ;; *) pids="$pids$p "; changed=1;; esac;; esac
		done
	done
	echo "$pids"
}
leftovers() {
	own=$(own_tree)
	marked | while read -r p rest; do
		case "$own" in *" $p "*) ;; *) echo "$p $rest";; esac
	done
}
namespaces() { lsns -n -o NS,TYPE 2>/dev/null | sort -u; }
host_mounts() { awk '{ print $5, $9 }' /proc/self/mountinfo | sort; }

ns_before=$(namespaces)
mounts_before=$(host_mounts)

# ---- lab list --examples ----------------------------------------------------
examples=$("$NSH" lab list --examples 2>&1)
t_eq "lab list --examples exits 0" 0 "$?"
missing=""
for slug in $SLUGS; do
	printf '%s\n' "$examples" | grep -Eq "^$slug[[:space:]]+[a-z0-9.-]+[[:space:]]+[0-9]+[[:space:]]" || missing="$missing $slug"
done
t_eq "every example slug of the article appears with its lab and step" "" "$missing"
labs=$("$NSH" lab list 2>&1)
t_nomatch "every lab loads (no ERROR in lab list)" 'ERROR' "$labs"

# ---- check as root, in the three machine formats ----------------------------
start=$(date +%s.%N)
"$NSH" lab check --all --format tap --output "$WORK/root.tap" </dev/null >"$WORK/root.out" 2>&1
rc=$?
end=$(date +%s.%N)
t_eq "lab check --all passes as root" 0 "$rc"
[ "$rc" = 0 ] || t_fail "root check output" "$(grep -v '^ok ' "$WORK/root.tap" 2>/dev/null | head -n 30)"
seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
echo "# lab check --all as root took $seconds s"
t_ok "the root check run takes less than 30 s ($seconds s)" awk -v s="$seconds" 'BEGIN { exit !(s < 30) }'

tap=$(cat "$WORK/root.tap")
t_match "TAP: version 13 header" '^TAP version 13$' "$tap"
plan=$(printf '%s\n' "$tap" | sed -n 's/^1\.\.\([0-9]*\)$/\1/p')
oks=$(printf '%s\n' "$tap" | grep -c '^ok [0-9]')
notoks=$(printf '%s\n' "$tap" | grep -c '^not ok [0-9]')
t_eq "TAP: the plan counts every step" "$plan" "$((oks + notoks))"
t_eq "TAP: no step failed" 0 "$notoks"

"$NSH" lab check --all --format json --output "$WORK/root.json" </dev/null >/dev/null 2>&1
t_eq "lab check --all --format json passes" 0 "$?"
json=$(python3 - "$WORK/root.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
steps = [s for lab in d["labs"] for s in lab["steps"]]
bad = [f'{lab["id"]}:{s["index"]}' for lab in d["labs"] for s in lab["steps"] if s["result"] != "pass"]
print(d["passed"], len(d["labs"]), len(steps), " ".join(bad) or "-")
PY
)
t_eq "JSON: parses, passed, no failed step" "True" "${json%% *}"
t_eq "JSON: no step other than pass" "-" "${json##* }"
json_steps=$(echo "$json" | cut -d' ' -f3)
t_eq "JSON and TAP count the same steps" "$plan" "$json_steps"

"$NSH" lab check --all --format junit --output "$WORK/root.xml" </dev/null >/dev/null 2>&1
t_eq "lab check --all --format junit passes" 0 "$?"
junit=$(python3 - "$WORK/root.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall(".//testcase")
failed = [c.get("name") for c in cases if c.find("failure") is not None or c.find("error") is not None]
print(root.tag, len(cases), len(failed))
PY
)
t_eq "JUnit: parses, one testcase per step, none failed" "testsuites $plan 0" "$junit"

# ---- verify as root ----------------------------------------------------------
"$NSH" lab verify --all </dev/null >"$WORK/verify.out" 2>&1
rc=$?
t_eq "lab verify --all passes (idle sandbox fails every step, reference commands pass)" 0 "$rc"
[ "$rc" = 0 ] || t_fail "verify output" "$(grep -A2 FAIL "$WORK/verify.out" | head -n 30)"

# ---- check as nobody: every lab that does not need root -----------------------
nsh_nobody_copy >/dev/null
nsh_as_nobody lab check --all --format json </dev/null >"$WORK/nobody.json" 2>"$WORK/nobody.err"
rc=$?
t_eq "lab check --all passes as nobody" 0 "$rc"
[ "$rc" = 0 ] || t_fail "nobody check output" "$(head -c 3000 "$WORK/nobody.err")"
nobody=$(python3 - "$WORK/nobody.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ran = [lab["id"] for lab in d["labs"] if lab["result"] == "pass"]
other = [f'{lab["id"]}={lab["result"]}' for lab in d["labs"] if lab["result"] != "pass"]
print(len(ran), " ".join(other) or "-")
PY
)
nlabs=$(printf '%s\n' "$labs" | grep -c '^[a-z0-9]')
t_eq "as nobody, every lab runs and passes (none needs root)" "$nlabs -" "$nobody"

# ---- nothing left behind -----------------------------------------------------
left=$(leftovers)
t_eq "no process of the runs is left" "" "$left"
printf '%s\n' "$ns_before" >"$WORK/ns.before"
new_ns=$(namespaces | grep -vxF -f "$WORK/ns.before")
# A namespace that appeared meanwhile is ours only if a marked process holds
# it; other work on the machine may come and go.
ours=""
for ns in $(printf '%s\n' "$new_ns" | awk '{ print $1 }'); do
	for p in $(lsns -n -o PID "$ns" 2>/dev/null); do
		if { tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null | grep -qx "NSH_LABS_TEST_MARK=$MARK"; then
			ours="$ours $ns"
		fi
	done
done
t_eq "no namespace of the runs remains (lsns before/after)" "" "$ours"
t_eq "the host's mount table is unchanged" "$mounts_before" "$(host_mounts)"
t_done
