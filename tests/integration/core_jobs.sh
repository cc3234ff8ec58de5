#!/bin/sh
# Background jobs, $!, wait, jobs, kill and signals, without a terminal.
. "$(dirname "$0")/../lib.sh"

t_eq "\$! is the background pid, which can be signalled" "alive 143" "$($NSH -c 'sleep 5 & p=$!; kill -0 $p && printf alive; kill $p; wait $p; echo " $?"')"
t_eq "wait PID returns its status" "7" "$($NSH -c 'sh -c "exit 7" & wait $!; echo $?')"
t_eq "wait %N returns the job's status" "3" "$($NSH -c 'sh -c "exit 3" & wait %1; echo $?')"
t_eq "wait %% (current job)" "4" "$($NSH -c 'sh -c "exit 4" & wait %%; echo $?')"
t_eq "wait for a job that ended long ago still knows its status" "9" "$($NSH -c 'sh -c "exit 9" & p=$!; sleep 0.3; true; true; wait $p; echo $?')"
t_eq "wait for a killed job: 128+signal" "137" "$($NSH -c 'sleep 5 & kill -9 $!; wait $!; echo $?')"
out=$($NSH -c 'wait 1; echo $?' 2>&1)
t_match "wait for a pid that is not a child: 127" "127" "$out"
t_match "wait for a pid that is not a child: message" "nsh: wait: pid 1 is not a child of this shell" "$out"
t_eq "wait %9 for no such job: 127" "127" "$($NSH -c 'wait %9; echo $?' 2>/dev/null)"
start=$(date +%s%N)
t_eq "wait without arguments waits for every job" "done" "$($NSH -c 'sleep 0.4 & sleep 0.2 & wait; echo done')"
t_ok "... and it took at least 0.4 s" test $(( ($(date +%s%N) - start) / 1000000 )) -ge 400
t_eq "a pipeline in the background" "X" "$($NSH -c 'echo x | tr x X & wait')"
t_eq "a && list in the background" "a
b" "$($NSH -c 'echo a && echo b & wait')"
t_eq "the foreground goes on while a job runs" "fg bg" "$($NSH -c 'sleep 0.3 && echo bg & echo fg; wait' | tr '\n' ' ' | sed 's/ $//')"
t_eq "a background job's stdin is /dev/null without job control" "" "$(echo data | $NSH -c 'cat & wait')"
t_eq "a background job ignores SIGINT without job control" "alive" "$($NSH -c 'sleep 5 & kill -INT $!; sleep 0.2; kill -0 $! && echo alive; kill $!')"

# A background job survives the end of nsh.
pid=$($NSH -c 'sleep 30 & echo $!')
t_ok "a background job survives nsh's exit" kill -0 "$pid"
kill "$pid" 2>/dev/null

# ---- jobs
out=$($NSH -c 'sleep 1 & jobs; kill %1')
t_match "jobs lists a running job" '^\[1\]\+  Running +sleep 1 &$' "$out"
out=$($NSH -c 'sleep 1 & sleep 1 & jobs -p; echo $!; kill %1 %2')
t_eq "jobs -p prints the process group leaders" "$(printf '%s\n' "$out" | sed -n 3p)" "$(printf '%s\n' "$out" | sed -n 2p)"
out=$($NSH -c 'sleep 1 & jobs -l; kill %1')
t_match "jobs -l shows the pid" '^\[1\]\+ +[0-9]+ Running +sleep 1 &$' "$out"
out=$($NSH -c 'sleep 1 & sleep 1 & jobs; kill %1 %2')
t_match "two jobs: %- and %+" '\[1\]-  Running.*\[2\]\+  Running' "$(printf '%s' "$out" | tr '\n' ' ')"
out=$($NSH -c 'sleep 1 & sleep 1 & jobs %2; kill %1 %2')
t_match "jobs %2 lists only that job" '^\[2\]\+  Running +sleep 1 &$' "$out"
t_eq "jobs %2: one line" "1" "$(printf '%s\n' "$out" | wc -l)"
out=$($NSH -c 'jobs %4; echo $?' 2>&1)
t_eq "jobs %4 for no such job" "nsh: jobs: %4: no such job
1" "$out"
out=$($NSH -c 'fg' 2>&1); rc=$?
t_eq "fg without job control" "nsh: fg: no job control" "$out"
t_eq "fg without job control: status 1" "1" "$rc"

# ---- kill
out=$($NSH -c 'kill 999999' 2>&1); rc=$?
t_eq "kill of an unknown pid: first line as bash" "nsh: kill: (999999) - No such process" "$(printf '%s\n' "$out" | head -1)"
t_eq "kill of an unknown pid: status 1" "1" "$rc"
t_match "kill of an unknown pid: a hint follows" "^hint: " "$(printf '%s\n' "$out" | sed -n 2p)"
t_eq "NSH_HINTS=0: no hint" "nsh: kill: (999999) - No such process" "$(NSH_HINTS=0 $NSH -c 'kill 999999' 2>&1)"
t_eq "set +o hints: no hint" "nsh: kill: (999999) - No such process" "$($NSH -c 'set +o hints; kill 999999' 2>&1)"
for form in '-9' '-KILL' '-SIGKILL' '-kill' '-s KILL' '-s 9' '-n 9'; do
	t_eq "kill $form" "137" "$($NSH -c "sleep 5 & kill $form \$!; wait \$!; echo \$?")"
done
t_eq "kill without a signal sends TERM" "143" "$($NSH -c 'sleep 5 & kill $!; wait $!; echo $?')"
t_eq "kill %1" "143" "$($NSH -c 'sleep 5 & kill %1; wait %1; echo $?' 2>&1)"
t_eq "kill %1 for a pipeline reaches every process" "143 143" "$($NSH -c 'sleep 5 | sleep 5 & p=$!; kill %1; wait $p; echo $? 143')"
out=$($NSH -c 'kill -FOO 1' 2>&1); rc=$?
t_eq "invalid signal: message" "nsh: kill: FOO: invalid signal specification" "$out"
t_eq "invalid signal: status 1" "1" "$rc"
out=$($NSH -c 'kill' 2>&1); rc=$?
t_eq "kill without arguments: status 2" "2" "$rc"
t_match "kill without arguments: usage" "^usage: kill" "$out"
out=$($NSH -c 'kill abc' 2>&1); rc=$?
t_eq "kill abc: message" "nsh: kill: abc: arguments must be process or job IDs" "$out"
t_eq "kill abc: status 1" "1" "$rc"
t_eq "kill %5 for no such job" "nsh: kill: %5: no such job" "$($NSH -c 'kill %5' 2>&1)"
t_eq "kill -l 137" "KILL" "$($NSH -c 'kill -l 137')"
t_eq "kill -l 15" "TERM" "$($NSH -c 'kill -l 15')"
t_eq "kill -l TERM" "15" "$($NSH -c 'kill -l TERM')"
t_match "kill -l lists the signals" "9\) SIGKILL" "$($NSH -c 'kill -l')"
t_match "kill -l lists the real-time signals" "SIGRTMIN\+1" "$($NSH -c 'kill -l')"
# shell_wait_foreground: a builtin's child (unshare forks one) is waited
# for like any foreground job, with bash's status and signal name.
out=$($NSH -c 'unshare -f sh -c "kill -9 \$\$"; echo $?' 2>&1)
t_eq "a builtin's child killed by SIGKILL: Killed, 137" "Killed
137" "$out"
t_eq "a builtin's child's exit status" "4" "$($NSH -c 'unshare -f sh -c "exit 4"; echo $?' 2>&1)"
t_eq "kill -0 tests a pid" "0" "$($NSH -c 'kill -0 $$; echo $?')"
t_eq "kill --help" "0" "$($NSH -c 'kill --help >/dev/null; echo $?')"
t_done
