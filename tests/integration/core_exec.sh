#!/bin/sh
# The executor through `nsh -c`: pipelines, and-or lists, exit statuses,
# NAME=value, redirections into files (every form).
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d /tmp/nsh-core-exec.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# ---- pipelines and lists
t_eq "pipeline of two" "HI" "$($NSH -c 'echo hi | tr a-z A-Z')"
t_eq "pipeline of four" "3" "$($NSH -c 'printf "a\nb\nc\n" | cat | cat | wc -l')"
t_eq "issue example" "HI
1" "$($NSH -c 'echo hi | tr a-z A-Z; false || echo $?')"
t_eq "status of a pipeline is the last command's" "0 1" "$($NSH -c 'false | true; a=$?; true | false; echo $a $?')"
t_eq "&& runs on success only" "a" "$($NSH -c 'true && echo a; false && echo b')"
t_eq "|| runs on failure only" "c" "$($NSH -c 'true || echo b; false || echo c')"
t_eq "a && b || c chain" "x
z" "$($NSH -c 'true && echo x || echo y; false && echo y || echo z')"
t_eq "; and newline separate commands" "1
2
3" "$($NSH -c 'echo 1; echo 2
echo 3')"
t_eq "builtin inside a pipeline runs in a child" "ok" "$($NSH -c 'echo ok | cat; cd / | true; pwd | grep -q /tmp || echo' | head -1)"
t_eq "cd in a pipeline does not move the shell" "$tmp" "$(cd "$tmp" && $NSH -c 'cd / | true; pwd')"
t_eq "a large pipeline's data arrives whole" "200000" "$($NSH -c 'seq 1 200000 | cat | wc -l')"

# ---- exit statuses as bash reports them
$NSH -c 'exit 3'; t_eq "exit N" "3" "$?"
$NSH -c 'false'; t_eq "status of the last command" "1" "$?"
$NSH -c 'exit 300'; t_eq "exit status is taken modulo 256" "44" "$?"
out=$($NSH -c 'nosuchcommand-xyz' 2>&1); rc=$?
t_eq "command not found: 127" "127" "$rc"
t_eq "command not found message" "nsh: nosuchcommand-xyz: command not found" "$out"
printf 'echo no\n' > "$tmp/noexec"; chmod 644 "$tmp/noexec"
out=$($NSH -c "$tmp/noexec" 2>&1); rc=$?
t_eq "not executable: 126" "126" "$rc"
t_match "not executable message" "nsh: $tmp/noexec: Permission denied" "$out"
out=$($NSH -c "$tmp" 2>&1); rc=$?
t_eq "a directory: 126" "126" "$rc"
t_match "a directory: message" "Is a directory" "$out"
out=$($NSH -c "$tmp/missing" 2>&1); rc=$?
t_eq "missing path: 127" "127" "$rc"
t_match "missing path message" "nsh: $tmp/missing: No such file or directory" "$out"
printf '#!/nonexistent/interp\necho x\n' > "$tmp/badinterp"; chmod 755 "$tmp/badinterp"
out=$($NSH -c "$tmp/badinterp" 2>&1); rc=$?
t_eq "bad interpreter: 127" "127" "$rc"
t_match "bad interpreter names it" "bad interpreter: No such file or directory" "$out"
printf 'echo from a script without a shebang: $1\n' > "$tmp/noshebang"; chmod 755 "$tmp/noshebang"
t_eq "a script without #! runs in nsh" "from a script without a shebang: arg" "$($NSH -c "$tmp/noshebang arg")"
t_eq "128+9 for a process killed by SIGKILL" "137" "$($NSH -c 'sh -c "kill -9 \$\$"; echo $?' 2>/dev/null)"
out=$($NSH -c 'sh -c "kill -9 \$\$"' 2>&1); rc=$?
t_eq "nsh -c returns 137 too" "137" "$rc"
t_eq "the killing signal is named as bash does" "Killed" "$out"
t_eq "SIGTERM: Terminated" "Terminated" "$($NSH -c 'sh -c "kill -TERM \$\$"' 2>&1)"
t_eq "SIGINT is not reported" "" "$($NSH -c 'sh -c "kill -INT \$\$"' 2>&1)"
t_eq "SIGPIPE is not reported" "y" "$($NSH -c 'yes | head -1' 2>&1)"
t_eq "SIGPIPE status 141 of a left command" "141" "$($NSH -c 'yes | head -1 >/dev/null; sh -c "kill -PIPE \$\$"; echo $?' 2>&1)"

# ---- variables and NAME=value
t_eq "NAME=value cmd: only for that command" "1 []" "$($NSH -c 'A=1 sh -c "printf %s \$A"; echo " [$A]"')"
t_eq "NAME=value builtin: only for that builtin" "[]" "$($NSH -c 'A=1 true; echo "[$A]"')"
t_eq "NAME=value alone sets and exports" "2 2" "$($NSH -c 'B=2; sh -c "printf \"%s \" \$B"; echo $B')"
t_eq "several assignments" "x y" "$($NSH -c 'A=x B=y sh -c "echo \$A \$B"')"
t_eq "assignment value is expanded" "hello world" "$($NSH -c 'A=hello; B="$A world"; echo $B')"
t_eq "NAME=value for a command in a pipeline" "v" "$($NSH -c 'X=v sh -c "echo \$X" | cat')"
t_eq "\$\$ is nsh's pid" "yes" "$($NSH -c 'sh -c "test \$PPID = $$ && echo yes"')"
t_eq "\$# \$0 \$1 from -c" "2 zero one two" "$($NSH -c 'echo $# $0 $1 $2' zero one two)"
t_eq "PATH search follows a changed PATH" "found" "$(mkdir -p "$tmp/bin" && printf '#!/bin/sh\necho found\n' > "$tmp/bin/mycmd" && chmod 755 "$tmp/bin/mycmd" && $NSH -c "PATH=$tmp/bin:\$PATH; mycmd")"

# ---- redirections
cd "$tmp" || exit 1
$NSH -c 'echo one > out1'; t_eq "> creates" "one" "$(cat out1)"
$NSH -c 'echo two > out1'; t_eq "> truncates" "two" "$(cat out1)"
$NSH -c 'echo three >> out1'; t_eq ">> appends" "two
three" "$(cat out1)"
t_eq "< reads" "two" "$($NSH -c 'head -1 < out1')"
$NSH -c 'ls /nonexistent-nsh 2> err1'; t_match "2> sends stderr to a file" "nonexistent-nsh" "$(cat err1)"
$NSH -c 'ls /nonexistent-nsh > both 2>&1'; t_match "> file 2>&1" "nonexistent-nsh" "$(cat both)"
t_eq "2>&1 > file: stderr to the old stdout" "stderr-line" "$($NSH -c 'sh -c "echo stderr-line >&2; echo out" 2>&1 > out2')"
t_eq "... and stdout to the file" "out" "$(cat out2)"
t_eq ">&2 moves stdout to stderr" "to-stderr" "$($NSH -c 'echo to-stderr >&2' 2>&1 >/dev/null)"
t_eq "1>&2 with a builtin" "b" "$($NSH -c 'echo b 1>&2' 2>&1 >/dev/null)"
$NSH -c 'echo x 3> fd3 >&3'; t_eq "n> then >&n" "x" "$(cat fd3)"
t_eq "n<&m duplicates for reading" "two" "$($NSH -c 'head -1 3<out1 <&3')"
$NSH -c 'echo builtin-out > out3; echo next'  >/dev/null
t_eq "builtin redirection goes to the file" "builtin-out" "$(cat out3)"
t_eq "stdout is back after a builtin's redirection" "after" "$($NSH -c 'echo x > out4; echo after')"
t_eq "stderr is back after a builtin's 2>" "nsh: cd: /nonexistent-nsh: No such file or directory" "$($NSH -c 'cd /nonexistent-nsh 2>/dev/null; cd /nonexistent-nsh' 2>&1 | head -1)"
$NSH -c '> empty'; t_ok "a redirection alone creates the file" test -f empty
$NSH -c 'V=1 > empty2'; t_ok "assignment with a redirection creates the file" test -f empty2
out=$($NSH -c 'cat < /nonexistent-nsh; echo status $?' 2>&1)
t_match "missing input file: message" "nsh: /nonexistent-nsh: No such file or directory" "$out"
t_match "missing input file: status 1, shell goes on" "status 1" "$out"
out=$($NSH -c 'echo x > /nonexistent-dir/f; echo status $?' 2>&1)
t_match "builtin with a failing redirection: status 1" "status 1" "$out"
out=$($NSH -c 'echo x >&7; echo status $?' 2>&1)
t_match "bad fd in a dup" "7: Bad file descriptor" "$out"
t_match "bad fd: status 1" "status 1" "$out"
t_eq "redirection target is expanded" "v" "$($NSH -c 'F=out5; echo v > $F; cat out5')"
t_eq "quoted redirection target" "q" "$($NSH -c 'echo q > "out 6"; cat "out 6"')"
out=$($NSH -c 'echo hi > /dev/full; echo status $?' 2>&1)
t_match "a builtin's write error is reported" "nsh: echo: write error: No space left on device" "$out"
t_match "a builtin's write error: status 1" "status 1" "$out"
t_eq "redirections of each pipeline member" "a" "$($NSH -c 'echo a 2>/dev/null | cat 2>/dev/null')"
t_done
