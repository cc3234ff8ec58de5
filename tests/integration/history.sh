#!/bin/sh
# The history builtin off a terminal (the REPL's own history is tested in
# tests/pty/repl.sh): usage, errors, and an empty list where no readline
# history was loaded.
. "$(dirname "$0")/../lib.sh"

out=$($NSH -c 'history --help' 2>&1); rc=$?
t_eq "history --help: status 0" "0" "$rc"
t_match "history --help: usage line" "^usage: history \[-c\] \[N\]" "$out"
out=$($NSH -c 'history' 2>&1); rc=$?
t_eq "history off a terminal: nothing was typed, nothing listed" "0:" "$rc:$out"
out=$($NSH -c 'history -c; echo $?' 2>&1)
t_eq "history -c: status 0" "0" "$out"
out=$($NSH -c 'history -x' 2>&1); rc=$?
t_eq "history -x: status 2" "2" "$rc"
t_match "history -x: says which option" "^nsh: history: -x: invalid option" "$out"
t_match "history -x: then the usage" "usage: history" "$out"
out=$($NSH -c 'history abc' 2>&1); rc=$?
t_eq "history abc: status 2" "2" "$rc"
t_match "history abc: numeric argument required" "history: abc: numeric argument required" "$out"
out=$($NSH -c 'history 1 2' 2>&1); rc=$?
t_eq "history 1 2: status 2" "2" "$rc"
out=$($NSH -c 'history 5' 2>&1); rc=$?
t_eq "history N on an empty list: status 0, no output" "0:" "$rc:$out"
out=$($NSH -c 'history 99999999999999999999' 2>&1); rc=$?
t_eq "history of a count past a long: status 2" "2" "$rc"
t_match "history of a count past a long: numeric argument required" "^nsh: history: 99999999999999999999: numeric argument required" "$out"
out=$($NSH -c 'history 4294967297' 2>&1); rc=$?
t_eq "history of a count over 2^32: a valid count (all entries), status 0, as bash" "0:" "$rc:$out"
t_done
