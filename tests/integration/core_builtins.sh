#!/bin/sh
# The core builtins: cd pwd echo export unset exit true false help type exec
# source/. set, and --help of every builtin in shell/builtins/list.h.
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d /tmp/nsh-core-builtins.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
top=$(cd "$(dirname "$0")/../.." && pwd)

# ---- --help of every builtin, and help
names=$(sed -n 's/^BUILTIN("\([^"]*\)".*/\1/p' "$top/shell/builtins/list.h")
# The builtins of the core (the others are tested with their owners' tests).
for name in . bg cd echo exec exit export false fg help jobs kill pwd set source true type unset wait; do
	out=$($NSH -c "$name --help" 2>&1); rc=$?
	t_eq "$name --help: status 0" "0" "$rc"
	t_match "$name --help: usage line" "^usage: " "$out"
done
help=$($NSH -c help)
missing=
for name in $names; do
	printf '%s\n' "$help" | grep -q "^  $name " || missing="$missing $name"
done
t_eq "help lists every builtin" "" "$missing"
t_match "help shows the summary" "kill +send a signal to processes or jobs" "$help"
t_match "help NAME shows the usage" "^usage: cd \[DIR\|-\]" "$($NSH -c 'help cd')"
out=$($NSH -c 'help nosuch' 2>&1); rc=$?
t_eq "help of an unknown name: status 1" "1" "$rc"
t_match "help of an unknown name: message" "no help topics match" "$out"

# ---- cd and pwd
t_eq "cd DIR and pwd" "$tmp" "$($NSH -c "cd $tmp; pwd")"
t_eq "cd sets PWD and OLDPWD" "$tmp /" "$($NSH -c "cd /; cd $tmp; echo \$PWD \$OLDPWD")"
t_eq "cd - goes back and prints the directory" "/
/" "$($NSH -c "cd /; cd $tmp; cd -; pwd")"
t_eq "cd without arguments goes HOME" "$tmp" "$(HOME=$tmp $NSH -c 'cd; pwd')"
t_eq "cd .. from a path" "/tmp" "$($NSH -c "cd $tmp; cd ..; pwd")"
mkdir -p "$tmp/real/sub" && ln -s "$tmp/real/sub" "$tmp/link"
t_eq "cd keeps the path through a symlink (logical PWD)" "$tmp/link" "$($NSH -c "cd $tmp/link; pwd")"
t_eq "cd .. after a symlink goes back along it" "$tmp" "$($NSH -c "cd $tmp/link; cd ..; pwd")"
t_eq "pwd -P shows the physical path" "$tmp/real/sub" "$($NSH -c "cd $tmp/link; pwd -P")"
out=$($NSH -c 'cd /nonexistent-nsh; echo $?' 2>&1)
t_match "cd to a missing directory: message" "^nsh: cd: /nonexistent-nsh: No such file or directory" "$out"
t_match "cd to a missing directory: status 1" "^1$" "$out"
t_match "cd with two arguments" "too many arguments" "$($NSH -c 'cd / /' 2>&1)"
t_eq "a stale PWD from the environment is not trusted" "$tmp" "$(cd "$tmp/real/sub" && PWD=/usr/share/doc $NSH -c 'cd ../..; pwd')"
t_eq "a child sees the new PWD" "$tmp" "$($NSH -c "cd $tmp; sh -c 'echo \$PWD'")"
t_eq "cd - without OLDPWD" "nsh: cd: OLDPWD not set" "$(env -u OLDPWD $NSH -c 'cd -' 2>&1)"

# ---- echo
t_eq "echo" "a b  c" "$($NSH -c 'echo a b "" c')"
t_eq "echo -n" "ab" "$($NSH -c 'echo -n a; echo b')"
t_eq "echo -e escapes" "a	b
c" "$($NSH -c 'echo -e "a\tb\nc"')"
t_eq "echo without -e keeps backslashes" 'a\tb' "$($NSH -c 'echo "a\tb"')"
t_eq "echo -E" 'a\nb' "$($NSH -c 'echo -E "a\nb"')"
t_eq "echo -e \\c stops output" "ab" "$($NSH -c 'echo -e "ab\cde"; echo')"
t_eq "echo -e octal and hex" "AB" "$($NSH -c 'echo -e "\0101\x42"')"
t_eq "echo -ne combined" "x" "$($NSH -c 'echo -ne "x"')"
t_eq "echo -x is not an option" "-x" "$($NSH -c 'echo -x')"
t_eq "echo --help is help" "0" "$($NSH -c 'echo --help >/dev/null; echo $?')"

# ---- export, unset, variables
t_eq "export NAME=value reaches children" "v1" "$($NSH -c 'export V=v1; sh -c "echo \$V"')"
t_match "export -p lists variables readably" "^export V='it'\\\\''s'$" "$($NSH -c "export V=\"it's\"; export -p" | grep '^export V=')"
t_match "export with no arguments lists too" "^export HOME=" "$($NSH -c 'export')"
out=$($NSH -c 'export 1x=2; echo $?' 2>&1)
t_match "export of an invalid name" "nsh: export: \`1x=2': not a valid identifier" "$out"
t_match "... status 1" "^1$" "$out"
t_eq "export NAME of an existing variable" "keep" "$($NSH -c 'K=keep; export K; sh -c "echo \$K"')"
t_eq "unset removes" "[]" "$($NSH -c 'U=1; unset U; echo "[$U]"; sh -c "test -z \"\$U\""')"
t_match "unset of an invalid name" "not a valid identifier" "$($NSH -c 'unset 9a' 2>&1)"

# ---- exit, true, false
t_eq "true; false" "0 1" "$($NSH -c 'true; a=$?; false; echo $a $?')"
t_eq "exit without N uses \$?" "1" "$($NSH -c 'false; exit'; echo $?)"
out=$($NSH -c 'exit abc' 2>&1); rc=$?
t_eq "exit abc: status 2" "2" "$rc"
t_match "exit abc: message" "numeric argument required" "$out"
out=$($NSH -c 'exit 1 2; echo still here' 2>&1)
t_match "exit with two arguments does not exit" "still here" "$out"
t_eq "exit in a pipeline leaves only that child" "after" "$($NSH -c 'exit 3 | cat; echo after')"

# ---- type
t_eq "type of a builtin" "cd is a shell builtin" "$($NSH -c 'type cd')"
t_match "type of a program" "^sh is /" "$($NSH -c 'type sh')"
out=$($NSH -c 'type nosuch-nsh; echo $?' 2>&1)
t_match "type of nothing: message" "nsh: type: nosuch-nsh: not found" "$out"
t_match "type of nothing: status 1" "^1$" "$out"

# ---- source / .
printf 'echo "sourced $# $1"\nSRC_VAR=set\n' > "$tmp/lib.nsh"
t_eq "source runs in this shell" "sourced 0 
set" "$($NSH -c "source $tmp/lib.nsh; echo \$SRC_VAR")"
t_eq ". FILE ARGS sets \$1 for the file only" "sourced 1 a
outer" "$($NSH -c ". $tmp/lib.nsh a; echo \$1" outer0 outer)"
t_eq "source finds a file in PATH" "sourced 0 " "$(PATH=$tmp:$PATH $NSH -c 'source lib.nsh')"
out=$($NSH -c 'source /nonexistent-nsh; echo $?' 2>&1)
t_match "source of a missing file: message" "nsh: source: /nonexistent-nsh: No such file or directory" "$out"
t_match "source of a missing file: status 1" "^1$" "$out"
printf 'exit 4\necho no\n' > "$tmp/exit.nsh"
t_eq "exit in a sourced file exits the shell" "4" "$($NSH -c ". $tmp/exit.nsh; echo no"; echo $?)"
t_eq "source: status of the last command" "1" "$(printf 'false\n' > "$tmp/f.nsh"; $NSH -c ". $tmp/f.nsh; echo \$?")"

# ---- set
t_eq "set -- replaces \$1..." "2 a b" "$($NSH -c 'set -- a b; echo $# $1 $2' x y z)"
t_eq "set ARGS too" "1 q" "$($NSH -c 'set q; echo $# $1')"
t_eq "set -- with nothing clears" "0" "$($NSH -c 'set --; echo $#' x y)"
t_match "set -o lists the options" "^hints +on" "$($NSH -c 'set -o')"
t_match "set +o hints turns it off" "^hints +off" "$($NSH -c 'set +o hints; set -o')"
t_match "set -o trace turns it on" "^trace +on" "$($NSH -c 'set -o trace; set -o' 2>/dev/null)"
t_match "set +o prints commands" "^set -o hints" "$($NSH -c 'set +o')"
out=$($NSH -c 'set -o nosuch; echo $?' 2>&1)
t_match "set -o of an unknown option: message" "nsh: set: nosuch: invalid option name" "$out"
t_match "set -o of an unknown option: status 2" "^2$" "$out"
t_eq "NSH_TRACE=1 turns trace on" "trace          on" "$(NSH_TRACE=1 $NSH -c 'set -o' 2>/dev/null | grep trace)"

# ---- exec
t_eq "exec replaces the shell" "replaced" "$($NSH -c 'exec echo replaced; echo not reached')"
t_eq "exec keeps the pid" "same" "$($NSH -c 'exec sh -c "test \$\$ = $$ && echo same"')"
t_eq "exec with only redirections applies them to the shell" "one
two" "$($NSH -c "exec > $tmp/exec.out; echo one; echo two"; cat "$tmp/exec.out")"
out=$($NSH -c 'exec nosuch-nsh; echo not reached' 2>&1); rc=$?
t_eq "exec of nothing: 127 and the shell exits" "127" "$rc"
t_nomatch "exec of nothing: nothing runs after it" "not reached" "$out"
t_eq "exec passes the environment" "e" "$($NSH -c 'E=e; exec sh -c "echo \$E"')"
t_done
