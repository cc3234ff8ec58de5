#!/bin/sh
# How nsh is started: -c, a script FILE with ARGS, commands on stdin,
# --help and --version; syntax errors name the column and the shell goes on.
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d /tmp/nsh-core-modes.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

out=$($NSH --help); rc=$?
t_eq "--help exits 0" "0" "$rc"
t_match "--help shows the usage" "^usage: nsh " "$out"
t_match "--help mentions -c" "-c COMMANDS" "$out"
out=$($NSH --version); rc=$?
t_eq "--version exits 0" "0" "$rc"
t_match "--version prints the version" "^nsh [0-9]+\.[0-9]+\.[0-9]+" "$out"
out=$($NSH -c 2>&1); rc=$?
t_eq "-c without an argument: status 2" "2" "$rc"
t_match "-c without an argument: message" "nsh: -c: option requires an argument" "$out"
out=$($NSH --frobnicate 2>&1); rc=$?
t_eq "an unknown option: status 2" "2" "$rc"
t_match "an unknown option: message" "nsh: --frobnicate: invalid option" "$out"

# ---- nsh FILE ARGS
cat > "$tmp/script.nsh" <<'SCRIPT'
#!/usr/bin/env nsh
# a comment line
echo "script $0 has $# args: $1 $2"
if_this_is_not_found_we_go_on
echo "after status $?"
exit 5
echo not reached
SCRIPT
out=$($NSH "$tmp/script.nsh" one "two words" 2>&1); rc=$?
t_match "FILE gets \$0 and its ARGS" "script $tmp/script.nsh has 2 args: one two words" "$out"
t_match "a script goes on after a failing command" "after status 127" "$out"
t_nomatch "exit stops the script" "not reached" "$out"
t_eq "exit status of the script" "5" "$rc"
out=$($NSH "$tmp/no-such-script" 2>&1); rc=$?
t_eq "missing script: status 127" "127" "$rc"
t_eq "missing script: message" "nsh: $tmp/no-such-script: No such file or directory" "$out"
out=$($NSH "$tmp" 2>&1); rc=$?
t_eq "a directory as script: status 126" "126" "$rc"
t_eq "a directory as script: message" "nsh: $tmp: Is a directory" "$out"
printf 'echo "multi\nline"\necho a \\\n  b\necho x |\n  tr x y\n' > "$tmp/cont.nsh"
t_eq "script: quotes, backslash and | continue on the next line" "multi
line
a b
y" "$($NSH "$tmp/cont.nsh")"
printf 'echo before\necho a | | b\necho after\n' > "$tmp/syntax.nsh"
out=$($NSH "$tmp/syntax.nsh" 2>&1); rc=$?
t_match "script syntax error names file, line and column" "^nsh: $tmp/syntax.nsh: line 2, column [0-9]+: syntax error" "$out"
t_match "script goes on after a syntax error" "after" "$out"
t_eq "a syntax error's status is 2 when it is last" "2" "$($NSH -c 'echo a |; echo $?' 2>/dev/null; printf 'true\necho |;\n' > "$tmp/s2.nsh"; $NSH "$tmp/s2.nsh" 2>/dev/null; echo $?)"

# ---- -c syntax errors
out=$($NSH -c 'echo ok; echo a | | b' 2>&1); rc=$?
t_eq "-c syntax error: status 2" "2" "$rc"
t_eq "-c syntax error: line and column" "nsh: -c: line 1, column 19: syntax error near unexpected token \`|'" "$out"
out=$($NSH -c 'echo first
echo "unterminated' 2>&1); rc=$?
t_match "-c: an open quote at the end is an error" "nsh: -c: line 2, column [0-9]+: .*(quote|end of (file|input)|unterminated|matching)" "$out"
t_match "-c: lines before it have run" "^first" "$out"
out=$($NSH -c 'echo a &&' 2>&1)
t_match "-c: && at the end is an error" "syntax error|end of file" "$out"
out=$($NSH -c 'echo one
| echo two
echo three' 2>&1)
t_match "-c: the shell goes on after a syntax error (1)" "one" "$out"
t_match "-c: the shell goes on after a syntax error (2)" "three" "$out"
t_match "-c: the error is on line 2, column 1" "line 2, column 1:" "$out"

# ---- commands from stdin
t_eq "stdin: commands line by line" "1
2" "$(printf 'echo 1\necho 2\n' | $NSH)"
t_eq "stdin: a last line without newline runs" "last" "$(printf 'echo last' | $NSH)"
t_eq "stdin: continuation lines" "a b" "$(printf 'echo a \\\nb\n' | $NSH)"
out=$(printf 'echo x; |\necho y\n' | $NSH 2>&1); rc=$?
t_match "stdin: syntax error with line and column" "nsh: line 1, column 9: syntax error" "$out"
t_match "stdin: goes on" "y" "$out"
t_eq "stdin: exit status of the last command" "3" "$(printf 'sh -c "exit 3"\n' | $NSH; echo $?)"
t_eq "stdin: exit stops reading" "4" "$(printf 'exit 4\necho no\n' | $NSH; echo $?)"
t_eq "stdin (pipe): a command reads the rest of stdin" "got data-line
after" "$(printf 'sh -c "read x; echo got \\$x"\ndata-line\necho after\n' | $NSH)"
printf 'head -n 1\ndata-line\necho after\n' > "$tmp/stdin.txt"
t_eq "stdin (file): a command reads the rest of stdin" "data-line
after" "$($NSH < "$tmp/stdin.txt")"
t_eq "nsh - reads stdin with args" "x" "$(printf 'echo $1\n' | $NSH - x 2>&1)"
t_eq "stdin: empty input, status 0" "0" "$($NSH </dev/null; echo $?)"
# A NUL byte is no part of a command: dropped with a warning, the rest of
# the line (and of the input) kept, as bash does.
out=$(printf 'echo a\000b\necho next\n' | $NSH 2>"$tmp/err"); rc=$?
t_eq "NUL on stdin: the rest of the line and the next line run" "0:ab next" "$rc:$(printf '%s' "$out" | tr '\n' ' ')"
t_eq "NUL on stdin: a warning naming the line" "nsh: line 1: warning: ignored null byte in input" "$(cat "$tmp/err")"
printf 'echo x\necho a\000b\000c\necho next\n' >"$tmp/nul.nsh"
out=$($NSH -c ". $tmp/nul.nsh" 2>"$tmp/err"); rc=$?
t_eq "NUL in a sourced file: every line runs, whole" "0:x abc next" "$rc:$(printf '%s' "$out" | tr '\n' ' ')"
t_eq "NUL in a sourced file: one warning naming the file and line" "nsh: $tmp/nul.nsh: line 2: warning: ignored null byte in input" "$(cat "$tmp/err")"
out=$($NSH "$tmp/nul.nsh" 2>/dev/null)
t_eq "NUL in a script: every line runs, whole" "x abc next" "$(printf '%s' "$out" | tr '\n' ' ')"
t_done
