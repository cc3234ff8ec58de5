#!/bin/sh
# nsh lab report over a class: 22 students x 2 labs of synthetic results
# (tests/fixtures/results/make-class.py, whose expected figures are known),
# one of them a real recorded check run; the text report, errors, a check
# JSON report taken as a result, and the HTML page opened in a real headless
# browser (Debian's chromium) that finds the tables and the per-step figures
# and plays the real recording (#selftest).  A screenshot is kept in
# $BUILD/test-artefacts/lab_report/report.png.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh
export NSH_DATADIR="$(pwd)"
tmp=$(mktemp -d /tmp/nsh-labreport.XXXXXX)
export XDG_STATE_HOME="$tmp/state"
trap 'rm -rf "$tmp"' EXIT
art="${BUILD:-build}/test-artefacts/lab_report"
mkdir -p "$art"

# ---- the class --------------------------------------------------------------
"$NSH" lab check example --record "$tmp/real" --student aaron >/dev/null 2>&1
t_eq "a real recorded run to put in the class" 0 $?
cast=$(ls "$tmp"/real/*.cast 2>/dev/null | head -n 1)
n=$(python3 tests/fixtures/results/make-class.py "$tmp/class" "$cast" "${cast%.cast}.json")
t_eq "45 synthetic results (22 students, 2 labs, one student twice)" 45 "$n"

# ---- text -----------------------------------------------------------------------
out=$("$NSH" lab report "$tmp"/class/*.json 2>&1); rc=$?
t_eq "lab report: status 0" 0 "$rc"
t_match "the summary line" '^Class report: 45 results, 22 students, 2 labs$' "$out"
t_match "a table per lab" '^Lab example: Your lab sandbox \(4 steps\)$' "$out"
t_match "... with a column per step" '^STUDENT +STEP 1 +STEP 2 +STEP 3 +STEP 4 +DONE +HINTS +TIME$' "$out"
t_match "a student who passed step 3 with 2 hints" '^beatriz +ok [0-9ms]+ +ok [0-9ms]+ +ok [0-9ms]+ h:2 +ok [0-9ms]+ +4/4 +2 ' "$out"
t_match "a student stuck at step 3: tried, step 4 not reached" '^quentin +ok [0-9ms]+ +ok [0-9ms]+ +tried [0-9ms]+ +- +2/4 +0 ' "$out"
t_match "a student with two runs counts with the latest" '^zoe +ok .* 4/4 .*\(latest of 2 runs\)$' "$out"
t_match "per step: how many passed" '^passed +22/22 +22/22 +17/22 +17/22$' "$out"
t_match "per step: hints asked, by how many" '^hints +0 by 0 +0 by 0 +30 by 15 +0 by 0$' "$out"
t_match "per step: the median time" '^median +[0-9ms]+ +[0-9ms]+ +[0-9ms]+ +[0-9ms]+$' "$out"
first=$(printf '%s\n' "$out" | sed -n '/^Where the class struggled/{n;p;}')
t_match "the hardest step comes first: example step 3" \
	'^  example +step 3 +5/22 not passed, 15/22 asked for hints \(30 in all\)' "$first"
t_match "then nested step 2" '^  nested +step 2 +0/22 not passed, 2/22 asked for hints' "$out"
t_nomatch "a step nobody struggled with is not listed" '^  nested +step 1 ' "$out"
t_match "recordings are listed for replay" "^  aaron +example +$tmp/class/aaron-example.cast\$" "$out"

# a check report (nsh lab check --format json) is taken too: the student is the file's name
"$NSH" lab check example --format json --output "$tmp/carl.json" >/dev/null 2>&1
out=$("$NSH" lab report "$tmp/carl.json" "$tmp/class/zoe-example.json" 2>&1)
t_match "a check JSON report counts, named after its file" '^carl +ok .* 4/4 ' "$out"

# errors
printf 'not json' >"$tmp/bad.json"
out=$("$NSH" lab report "$tmp/bad.json" 2>&1); rc=$?
t_eq "a file that is not JSON: status 1" 1 "$rc"
t_match "... named, with the line" "^nsh: lab report: $tmp/bad.json: not JSON: line 1" "$out"
printf '{"hello": 1}\n' >"$tmp/other.json"
out=$("$NSH" lab report "$tmp/other.json" "$tmp/class/zoe-example.json" 2>&1); rc=$?
t_eq "a JSON file of another kind: status 1, the rest still reported" 1 "$rc"
t_match "... says what it is not" 'other.json: neither an nsh lab result nor' "$out"
t_match "... and the good file is reported" '^zoe ' "$out"
out=$("$NSH" lab report 2>&1); rc=$?
t_eq "no file: usage, status 2" 2 "$rc"
out=$("$NSH" lab report --frob x.json 2>&1); rc=$?
t_eq "an unknown option: status 2" 2 "$rc"
t_match "... named" "unrecognized option '--frob'" "$out"

# ---- HTML -------------------------------------------------------------------------
page="$tmp/class/report.html"
out=$("$NSH" lab report "$tmp"/class/*.json --html "$page" 2>&1); rc=$?
t_eq "lab report --html: status 0" 0 "$rc"
t_match "... says what it wrote" "report.html: 22 students, 2 labs, 44 recordings embedded" "$out"
html=$(cat "$page" 2>/dev/null)
t_nomatch "self-contained: no external script, style, image or link" '<script[^>]* src=|<link |<img |url\(|@import' "$html"
t_nomatch "self-contained: nothing fetched from a network" 'https?://' "$html"
t_eq "every recording embedded" 44 "$(grep -c '<script type="application/json" id="cast-' "$page")"
cp "$page" "$art/report.html"
out=$(NSH_REPORT_EMBED_MAX=0 "$NSH" lab report "$tmp"/class/*.json --html "$tmp/linked.html" 2>&1)
t_match "recordings over NSH_REPORT_EMBED_MAX are not embedded" "0 recordings embedded" "$out"
t_match "... but linked" "<a href=\"file://$tmp/class/aaron-example.cast\">aaron-example.cast</a>" "$(cat "$tmp/linked.html")"

# the browser: Debian's chromium, installed here when missing (as root)
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "# installing chromium for the report page test"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >"$tmp/apt.log" 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >"$tmp/apt.log" 2>&1; }
	chrome=$(command -v chromium || true)
fi
if [ -z "$chrome" ]; then
	why="chromium is not installed and could not be installed ($(tail -n 1 "$tmp/apt.log" 2>/dev/null || echo 'not root'))"
	t_skip "the report page in a headless browser" "$why"
	t_done
	exit
fi
browse() { # extra chromium options...; a fresh profile each time, a time limit
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 90 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --virtual-time-budget=30000 "$@" 2>>"$tmp/chrome.log"
}
dom=$(browse --dump-dom "file://$page#selftest")
printf '%s\n' "$dom" >"$art/report-dom.html"
t_match "the browser ran the page: the class tables are there" '<table class="class-table" id="table-example"' "$dom"
t_match "... one per lab" '<table class="class-table" id="table-nested"' "$dom"
t_match "... a row per student, the machine on hover" '<tr data-student="ursula"><th class="student" title="ursula: guided run of [0-9T:Z-]+, pc20, kernel 6.1.0-28-amd64, unprivileged">ursula</th>' "$dom"
t_match "... a cell per step with its figures" '<td class="c pass" data-step="3" data-passed="true" data-hints="2" data-seconds="[0-9.]+"' "$dom"
t_match "... per-step totals (17/22 passed step 3)" 'data-step="3" data-passed="17" data-students="22">17/22</td>' "$dom"
t_match "... hints per step (30 by 15)" 'data-step="3" data-hints="30" data-hinted="15">30 by 15</td>' "$dom"
t_match "... the struggles table, example step 3 first" '<table id="struggles">.*<tbody>[^<]*<tr data-lab="example" data-step="3"' "$(printf '%s' "$dom" | tr -d '\n')"
selftest=$(printf '%s\n' "$dom" | tr -d '\n' | grep -o '<div id="selftest"[^>]*>')
t_match "the player ran in the browser (#selftest ok)" 'data-status="ok"' "$selftest"
frames=$(printf '%s' "$selftest" | sed -n 's/.*data-frames="\([0-9]*\)".*/\1/p')
t_ok "... rendered frames of the recording (${frames:-0})" test "${frames:-0}" -ge 3
t_match "... every marker of the recording became a chapter" 'data-markers="4" data-expected-markers="4"' "$selftest"
t_match "... played every event" "data-events=\"$(grep -c '^\[' "$cast")\"" "$selftest"
t_match "... every step cell of both tables is there" 'data-cells="154"' "$selftest"
screen=$(printf '%s\n' "$dom" | sed -n '/<div id="selftest"/,/<\/div>/p')
t_match "the player's screen shows the real session: ps -ef's output" 'PID +PPID' "$screen"
t_match "... up to its last command" 'kill 99999' "$screen"
rm -f "$art/report.png"
browse --window-size=1280,900 --screenshot="$art/report.png" "file://$page#selftest" >/dev/null
t_ok "a screenshot is kept: $art/report.png" test -s "$art/report.png"
t_eq "... a PNG" "PNG" "$(head -c 4 "$art/report.png" 2>/dev/null | tail -c 3)"
t_done
