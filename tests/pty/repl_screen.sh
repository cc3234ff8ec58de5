#!/bin/sh
# What the screen shows, in a real terminal emulator (tmux): the coloured
# prompt with the namespace badge is measured right by readline (its colour
# codes are wrapped in \001 \002), so editing keys put the cursor where the
# text is, and a long line wraps cleanly.  tests/pty/repl.sh checks the
# byte stream; this checks the rendered screen (capture-pane).
. "$(dirname "$0")/../lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	t_skip "REPL screen in tmux" "tmux is not installed (apt-get install tmux)"
	t_done
	exit
fi
sock="nsh-test-$$"
work=$(mktemp -d /tmp/nsh-screen.XXXXXX)
tmx() { tmux -L "$sock" "$@"; }
cleanup() { tmx kill-server 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# screen: the visible pane, wrapped rows joined (-J keeps trailing blanks)
screen() { tmx capture-pane -p -J -t t; }
# wait_screen REGEX: poll the pane (5 s at most); 0 when REGEX matches
wait_screen() {
	i=0
	while [ $i -lt 100 ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

mkdir "$work/home" && cd "$work" || exit 1
if [ "$(id -u)" = 0 ]; then nested="unshare -fpu"; else nested="unshare -Urfpu"; fi
tmx -f /dev/null new-session -d -s t -x 80 -y 24 \
	"env -i PATH=$PATH HOME=$work/home TERM=xterm-256color INPUTRC=/dev/null NSH_HISTFILE=/dev/null $NSH"
tmx set-option -t t remain-on-exit on >/dev/null
dir=${work##*/}
t_ok "the prompt is drawn" wait_screen "@[^ ]*:.*$dir[#\$] *\$"
tmx send-keys -t t "$nested" Enter
t_ok "the nested shell's prompt has the badge" wait_screen "^\[pid\+1 [a-z ]*uts[a-z ]*\] [^ ]*@[^ ]*:.*$dir# *\$"
badge_prompt=$(screen | grep '^\[pid' | tail -n 1)

# Ctrl-A then a character: lands at the start of the text, not in the prompt
tmx send-keys -t t "echo abc" C-a "#"
t_ok "Ctrl-A after a coloured prompt: the cursor is at the text's start" \
	wait_screen "^$(printf '%s' "$badge_prompt" | sed 's/[][\.*^$+?(){}|/]/\\&/g')#echo abc *\$"
tmx send-keys -t t C-c
wait_screen "\^C *\$"

# a line longer than the terminal wraps onto the next row and runs
long=$(printf 'x%.0s' $(seq 1 100))
tmx send-keys -t t "echo $long" Enter
t_ok "a long line wraps and its output is whole" wait_screen "^$long *\$"
# readline redraws a wrapped line from the prompt's column: a prompt whose
# colour codes were counted as visible would garble this screen
tmx send-keys -t t "echo abc" Up C-a "#"
quoted_prompt=$(printf '%s' "$badge_prompt" | sed 's/[][\.*^$+?(){}|/]/\\&/g')
t_ok "Up, Ctrl-A on a wrapped line: drawn right after the coloured prompt" \
	wait_screen "^$quoted_prompt#echo $long *\$"
tmx send-keys -t t C-c
# typed-ahead keys after a Ctrl-C may be flushed by the terminal: wait
wait_screen "^$quoted_prompt *\$"

tmx send-keys -t t "exit" Enter
wait_screen "^[^[].*@.*$dir[#\$] *\$"
tmx send-keys -t t "exit" Enter
t_ok "both shells leave" wait_screen "Pane is dead"
out=$(screen)
t_nomatch "no stray escape codes on the screen" '\[[0-9;]*m|133;' "$out"
t_done
