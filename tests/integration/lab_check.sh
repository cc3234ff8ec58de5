#!/bin/sh
# nsh lab check / verify / list on the example lab and the test labs in
# tests/lua/labs/: as root and as nobody, every report format validated,
# labs with errors, and nothing of a lab left behind, even after SIGKILL.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh
export NSH_DATADIR="$(pwd)"
tmp=$(mktemp -d /tmp/nsh-labcheck.XXXXXX)
export XDG_STATE_HOME="$tmp/state"
trap 'rm -rf "$tmp"; t_cleanup_nobody' EXIT

# Every nsh of this test carries a mark in its environment, which the lab's
# processes (holder, init, shells, their children) inherit: what is left of
# a lab is found from the host's view, whatever else runs on the machine.
mark="nsh-lab-test-$$"
nshm() { NSH_TEST_MARK=$mark "$NSH" "$@"; }
is_zombie() { [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" = Z ]; }
# Live (non-zombie) processes with the mark; zombies only wait for the
# host's PID 1 to reap them.
lab_procs() {
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		{ tr '\0' '\n' < "$p/environ"; } 2>/dev/null | grep -qx "NSH_TEST_MARK=$mark" || continue
		is_zombie "$pid" || echo "$pid"
	done
}
wait_for_state() { # seconds, then a command; true when the command succeeds in time
	end=$(( $(date +%s) + $1 )); shift
	while ! "$@"; do [ "$(date +%s)" -ge "$end" ] && return 1; sleep 0.05; done
}
no_lab_procs() { [ -z "$(lab_procs)" ]; }

# ---- list ----
out=$(nshm lab list 2>&1)
t_match "lab list shows the example" '^example +[0-9]+/4 +Your lab sandbox' "$out"
out=$(nshm lab list --examples 2>&1)
t_match "lab list --examples: slug, lab, step" '^mount-proc-flag +example +1 +List every process' "$out"

# ---- the menu and reset ----
out=$(nshm lab </dev/null 2>&1); rc=$?
t_eq "nsh lab off a terminal: the list, status 0" 0 "$rc"
t_match "nsh lab: numbered labs with progress" '^ +[0-9]+ +example +[0-9]+/4 +Your lab sandbox' "$out"
mkdir -p "$XDG_STATE_HOME/nsh"
printf '{"version": 1, "labs": {"example": {"started": null, "updated": null, "completed": null, "steps": {"1": {"result": "pass", "at": null}}}}}\n' \
	>"$XDG_STATE_HOME/nsh/progress.json"
t_match "progress shows in the list" '^example +1/4 ' "$(nshm lab list 2>&1)"
out=$(nshm lab reset example 2>&1); rc=$?
t_eq "lab reset ID: status 0" 0 "$rc"
t_match "lab reset ID: progress gone" '^example +0/4 ' "$(nshm lab list 2>&1)"
printf 'not json' >"$XDG_STATE_HOME/nsh/progress.json"
out=$(nshm lab reset --all 2>&1); rc=$?
t_eq "lab reset --all on a corrupt file: status 0" 0 "$rc"
t_match "lab reset --all on a corrupt file: warns and moves it aside" 'is corrupt.*saved as .*progress.json.corrupt-' "$out"
t_eq "lab reset --all: an empty progress file" 0 "$(grep -c '"example"' "$XDG_STATE_HOME/nsh/progress.json")"

# ---- the lab builtin outside a lab ----
out=$(nshm -c 'lab hint' 2>&1); rc=$?
t_eq "lab hint outside a lab: status 1" 1 "$rc"
t_match "lab hint outside a lab: says so" 'no lab is running' "$out"
out=$(nshm -c 'lab list' 2>&1); rc=$?
t_eq "lab list from the shell: status 0" 0 "$rc"
t_match "lab list from the shell: runs nsh lab list" '^example ' "$out"
out=$(nshm -c 'lab frobnicate' 2>&1); rc=$?
t_eq "lab with an unknown command: usage status 2" 2 "$rc"

# ---- a lab is named by its id or by its file name ----
mkdir -p "$tmp/data/labs" && ln -s "$(pwd)/lua" "$tmp/data/lua"
sed 's/id = "example"/id = "renamed"/' labs/example.lua >"$tmp/data/labs/07-other-name.lua"
out=$(NSH_DATADIR="$tmp/data" nshm lab check renamed 2>&1); rc=$?
t_eq "a lab by its id" 0 "$rc"
out=$(NSH_DATADIR="$tmp/data" nshm lab check 07-other-name 2>&1); rc=$?
t_eq "a lab by its file name (what completion offers)" 0 "$rc"
t_match "... it is the same lab" '^renamed: Your lab sandbox' "$out"

# ---- a data directory whose labs/ holds no lab (qsort of no names: UB, seen by UBSan) ----
mkdir -p "$tmp/empty/labs" && ln -s "$(pwd)/lua" "$tmp/empty/lua"
out=$(NSH_DATADIR="$tmp/empty" nshm lab list 2>&1); rc=$?
t_eq "lab list of an empty labs/: the header alone, status 0" "0:ID DONE TITLE" "$rc:$(printf '%s' "$out" | tr -s ' ')"
out=$(NSH_DATADIR="$tmp/empty" nshm lab check --all 2>&1); rc=$?
t_eq "lab check --all of an empty labs/: no step, status 0" "0:0 steps: 0 passed, 0 failed" "$rc:$out"

# ---- check, text ----
out=$(nshm lab check example 2>&1); rc=$?
t_eq "check example: exit 0" 0 "$rc"
t_match "check example: 4 passed" '4 steps: 4 passed, 0 failed' "$out"

# ---- every report format ----
nshm lab check example --format tap --output "$tmp/r.tap" >/dev/null 2>&1; rc=$?
t_eq "check --format tap: exit 0" 0 "$rc"
t_eq "TAP: version line" "TAP version 13" "$(head -n 1 "$tmp/r.tap")"
t_eq "TAP: plan" "1..4" "$(sed -n 2p "$tmp/r.tap")"
t_eq "TAP: four ok lines, numbered" "1 2 3 4" "$(grep -E '^ok [0-9]+ - example: step [0-9]+: ' "$tmp/r.tap" | awk '{printf "%s%s", sep, $2; sep=" "}')"
t_eq "TAP: nothing else but the header" 0 "$(grep -Evc '^(TAP version 13|1\.\.4|ok [0-9]+ - .*)$' "$tmp/r.tap")"

nshm lab check example --format junit --output "$tmp/r.xml" >/dev/null 2>&1
junit=$(python3 - "$tmp/r.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
suites = root.findall("testsuite")
cases = root.findall("testsuite/testcase")
print(len(suites), len(cases), root.get("tests"), root.get("failures"), root.get("errors"),
      all(c.get("classname") == "example" and float(c.get("time")) >= 0 for c in cases),
      len(root.findall(".//failure")))
PY
)
t_eq "JUnit: parses; 1 suite, 4 testcases, no failure" "1 4 4 0 0 True 0" "$junit"

nshm lab check example --format json --output "$tmp/r.json" >/dev/null 2>&1
json=$(python3 - "$tmp/r.json" <<'PY'
import sys, json
r = json.load(open(sys.argv[1]))
lab = r["labs"][0]
print(r["passed"], lab["id"], lab["result"], [s["result"] for s in lab["steps"]],
      all(isinstance(s["duration"], float) for s in lab["steps"]), lab["steps"][0]["example"])
PY
)
t_eq "JSON: parses; per-step results and durations" "True example pass ['pass', 'pass', 'pass', 'pass'] True mount-proc-flag" "$json"

out=$(nshm lab check example --format yaml 2>&1); rc=$?
t_eq "unknown format: usage status 2" 2 "$rc"
t_match "unknown format: says which" "unknown format 'yaml'" "$out"
out=$(nshm lab check no-such-lab 2>&1); rc=$?
t_eq "unknown lab: exit 1" 1 "$rc"
t_match "unknown lab: says so" "no lab 'no-such-lab'" "$out"

# ---- verify ----
out=$(nshm lab verify example 2>&1); rc=$?
t_eq "verify example: exit 0" 0 "$rc"
out=$(nshm lab verify tests/lua/labs/two_terms.lua 2>&1); rc=$?
t_eq "verify: warnings do not fail a lab" 0 "$rc"
t_match "verify: warns about a step without a why" "two-terms: warning: step 1 has no 'why'" "$out"
t_match "verify: warns about a lab without a prediction" "two-terms: warning: no step asks for a prediction" "$out"
out=$(nshm lab verify tests/lua/labs/idle_pass.lua 2>&1); rc=$?
t_eq "verify: a step passing on an idle sandbox fails" 1 "$rc"
t_match "verify: says why" 'passed on an idle sandbox' "$out"

# ---- labs with errors ----
out=$(nshm lab check tests/lua/labs/syntax_error.lua 2>&1); rc=$?
t_eq "syntax error: exit 1" 1 "$rc"
t_match "syntax error: file:line and message" "tests/lua/labs/syntax_error.lua:5: '\\}' expected" "$out"
out=$(nshm lab check tests/lua/labs/runtime_error.lua --format tap 2>&1); rc=$?
t_eq "runtime error in a check: exit 1" 1 "$rc"
t_match "runtime error: the step fails with file:line" "runtime_error.lua:6: attempt to index a nil value" "$out"
out=$(nshm lab check tests/lua/labs/endless.lua 2>&1); rc=$?
t_eq "endless check: exit 1" 1 "$rc"
t_match "endless check: stopped with a clear message" 'check took longer than 2 s \(endless loop\?\)' "$out"

# ---- two terminals, a nested shell ----
out=$(nshm lab check tests/lua/labs/two_terms.lua 2>&1); rc=$?
t_eq "second terminal and nested shell: exit 0" 0 "$rc"
t_match "second terminal and nested shell: 6 passed" '6 steps: 6 passed' "$out"

# ---- a command that does not come back; a need not met; attach ----
out=$(nshm lab check tests/lua/labs/timeout.lua 2>&1); rc=$?
t_eq "a step that times out: exit 1" 1 "$rc"
t_match "a step that times out: says so" 'no prompt 1 s after typing: sleep 30' "$out"
t_match "a failed step shows the output of its last command" 'its output:' "$out"
t_match "... and the next step still runs and passes" 'ok +2 Then echo' "$out"
out=$(nshm lab attach 2>&1); rc=$?
t_eq "attach with no running lab: status 1" 1 "$rc"
t_match "attach with no running lab: says so" 'no running lab' "$out"
out=$(nshm lab start example </dev/null 2>&1); rc=$?
t_eq "a guided lab off a terminal: status 1" 1 "$rc"
t_match "a guided lab off a terminal: says to use check" 'needs a terminal' "$out"

out=$(nshm lab check tests/lua/labs/late.lua 2>&1); rc=$?
t_eq "check mode waits for a state that settles after the prompt" 0 "$rc"
# A check re-run while a background job floods the terminal: the engine
# keeps reading the terminal meanwhile, or the job never ends.
out=$(nshm lab check tests/lua/labs/retry_relay.lua 2>&1); rc=$?
t_eq "the terminal is relayed while a failed check is re-run" 0 "$rc"
t_match "... and the step passes as soon as the job is gone, not at the end of its wait" \
	'ok +1 Flood the terminal from the background\. \(0\.[0-9]+ s\)' "$out"
# A failed expect is settled (no re-runs for the step's wait); a failed
# check with expect holding is re-run until it passes.
out=$(nshm lab check tests/lua/labs/retry_expect.lua 2>&1); rc=$?
t_eq "retries: a failed check is re-run until it passes" 0 "$rc"
t_match "... a failed expect is not re-run: the next command is typed at once" \
	'ok +1 Echo one, then two\. \(0\.[0-9]+ s\)' "$out"
# ctx.shell is taken again at every re-run: after a nested shell's exit,
# the outer shell at the prompt, not the shell that is gone.
out=$(nshm lab check tests/lua/labs/retry_shell.lua 2>&1); rc=$?
t_eq "retries: ctx.shell follows the live state (exit of a nested shell)" 0 "$rc"
# The end of the outer unshare (expect fails) while the exit is re-checked:
# the failed step reports the exit, its output and the check's reason.
out=$(nshm lab check tests/lua/labs/retry_report.lua 2>&1); rc=$?
t_eq "retries: a check that never passes fails its step" 1 "$rc"
t_match "... reported with the re-checked command and its output, not the outer command's" \
	'never passes \(re-checked: exit\).*last command: exit.*its output:.*\| exit' "$(printf '%s' "$out" | tr '\n' ' ')"

# ---- user = "nobody", and a bash started inside ----
out=$(nshm lab check tests/lua/labs/unprivileged.lua 2>&1); rc=$?
t_eq "user = nobody: terminal 1 is unprivileged, mount proc is refused" 0 "$rc"
t_match "user = nobody: every step passed" '4 steps: 4 passed' "$out"
mkdir -p "$tmp/closed" && chmod 700 "$tmp/closed" && cp "$NSH" "$tmp/closed/nsh"
out=$(NSH_TEST_MARK=$mark "$tmp/closed/nsh" lab check tests/lua/labs/unprivileged.lua 2>&1); rc=$?
t_eq "user = nobody, nsh in a directory nobody cannot enter: runs through /proc/self/exe" 0 "$rc"
out=$(NSH_TEST_MARK=$mark NSH_LAB_SHELL="$tmp/closed/nsh" "$NSH" lab check tests/lua/labs/unprivileged.lua 2>&1); rc=$?
t_eq "user = nobody with an NSH_LAB_SHELL nobody cannot reach: an error" 1 "$rc"
t_match "... that says what to do" 'nobody, who cannot execute .*make install' "$out"
out=$(nshm lab check tests/lua/labs/bash_inside.lua 2>&1); rc=$?
t_eq "a /bin/bash inside: its commands are seen, with depth and status" 0 "$rc"

# ---- as nobody ----
nsh_nobody_copy >/dev/null # sets T_NOBODY_DIR in this shell
cp tests/lua/labs/two_terms.lua "$T_NOBODY_DIR/two_terms.lua" && chmod a+r "$T_NOBODY_DIR/two_terms.lua"
out=$(NSH_TEST_MARK=$mark nsh_as_nobody lab check example --format json 2>&1); rc=$?
t_eq "as nobody: check example exits 0" 0 "$rc"
t_match "as nobody: JSON says passed" '"passed": true' "$out"
out=$(NSH_TEST_MARK=$mark nsh_as_nobody lab check "$T_NOBODY_DIR/two_terms.lua" 2>&1); rc=$?
t_eq "as nobody: two terminals and a nested shell" 0 "$rc"
cp tests/lua/labs/unprivileged.lua "$T_NOBODY_DIR/unprivileged.lua" && chmod a+r "$T_NOBODY_DIR/unprivileged.lua"
out=$(NSH_TEST_MARK=$mark nsh_as_nobody lab check "$T_NOBODY_DIR/unprivileged.lua" 2>&1); rc=$?
t_eq "as nobody: user = nobody lab" 0 "$rc"
cp tests/lua/labs/needs_root.lua "$T_NOBODY_DIR/needs_root.lua" && chmod a+r "$T_NOBODY_DIR/needs_root.lua"
out=$(NSH_TEST_MARK=$mark nsh_as_nobody lab check "$T_NOBODY_DIR/needs_root.lua" --format tap 2>&1); rc=$?
t_eq "as nobody: a lab that needs root is skipped, not failed" 0 "$rc"
t_match "as nobody: the skip says why" '^ok 1 - needs-root # SKIP needs root' "$out"
out=$(NSH_TEST_MARK=$mark nsh_as_nobody lab verify example 2>&1); rc=$?
t_eq "as nobody: verify example" 0 "$rc"

# ---- nothing left behind ----
wait_for_state 5 no_lab_procs
t_eq "after every run above: no process of a lab is left" "" "$(lab_procs)"

# SIGKILL the supervisor in the middle of a lab.
(NSH_TEST_MARK=$mark exec "$NSH" lab check tests/lua/labs/hang.lua >/dev/null 2>&1) &
sup=$! # nsh itself: the subshell exec'd it
hung() { pgrep -x -f 'sleep 4344' >/dev/null; }
if wait_for_state 10 hung; then
	during=$(lab_procs | wc -l)
	# supervisor, holder, init, a spawn helper, the shell, two sleeps
	t_ok "mid-lab: the lab's processes are there ($during)" test "$during" -ge 6
	kill -9 "$sup"
	wait "$sup" 2>/dev/null
	wait_for_state 5 no_lab_procs
	t_eq "SIGKILL of the supervisor: no process of the lab is left" "" "$(lab_procs)"
	t_eq "no sleep of the lab survives" "" "$(pgrep -f 'sleep 434[34]')"
else
	kill -9 "$sup" 2>/dev/null
	t_fail "the hanging lab never reached its second step"
fi
t_done
