#!/bin/sh
# Descriptor hygiene: a program started by nsh sees 0, 1, 2, what nsh
# itself inherited, and what the user redirected; nothing nsh opened for
# its own use (script files, saved descriptors, pipes of other commands,
# the terminal).
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d /tmp/nsh-core-fds.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# What this test inherited from its caller, as a child sees it.
base=$(sh -c 'ls /proc/$$/fd' | tr '\n' ' ')
list='sh -c "ls /proc/\$\$/fd" | tr "\n" " "'
t_match "the baseline has 0 1 2" "^0 1 (.* )?2 " "$base"
t_eq "-c: a child sees only the inherited descriptors" "$base" "$($NSH -c "$list")"
t_eq "after a builtin with redirections" "$base" "$($NSH -c "echo x > $tmp/a 2>&1; pwd 3>$tmp/b >/dev/null; $list")"
t_eq "inside a pipeline" "$base" "$($NSH -c "true | $list | cat")"
t_eq "in the background" "$base" "$($NSH -c "$list & wait")"
printf '%s\n' "$list" > "$tmp/script.nsh"
t_eq "a script file is not inherited" "$base" "$($NSH "$tmp/script.nsh")"
t_eq "commands from stdin" "$base" "$(printf '%s\n' "$list" | $NSH)"
t_eq "a sourced file is not inherited" "$base" "$($NSH -c ". $tmp/script.nsh")"
with3=$(sh -c 'ls /proc/$$/fd' 3>/dev/null | tr '\n' ' ')
t_eq "what the user redirected is there" "$with3" "$($NSH -c "sh -c 'ls /proc/\$\$/fd' 3>/dev/null | tr '\n' ' '")"
t_eq "3>file gives the file on 3" "$tmp/f3" "$($NSH -c "sh -c 'readlink /proc/\$\$/fd/3' 3>$tmp/f3")"
t_done
