#!/bin/sh
# A checkout in a directory other users cannot enter (as CI's may be): the
# labs that run their shell as nobody still start nsh — nested shells of
# unshare and nsenter included — through /proc/self/exe, and nothing is left.
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.." || exit 1
if [ "$(id -u)" != 0 ]; then
	t_skip "labs from a closed directory" "needs root (the labs drop to nobody themselves)"
	t_done
	exit
fi
W=$(mktemp -d /tmp/nsh-closed.XXXXXX)
trap 'rm -rf "$W"' EXIT
chmod 700 "$W"
cp "$NSH" "$W/nsh" && cp -r lua labs "$W/"
out=$(cd / && NSH_DATADIR="$W" XDG_STATE_HOME="$W/state" "$W/nsh" lab check unprivileged nsenter 2>&1); rc=$?
t_eq "lab check of the nobody labs from a directory closed to nobody: status" 0 "$rc"
t_match "... every step passed" '^27 steps: 27 passed, 0 failed$' "$out"
t_nomatch "... no step failed" 'FAIL' "$out"
t_done
	exit
fi
W=$(mktemp -d /tmp/nsh-closed.XXXXXX)
trap 'rm -rf "$W"' EXIT
chmod 700 "$W"
cp "$NSH" "$W/nsh" && cp -r lua labs "$W/"
out=$(cd / && NSH_DATADIR="$W" XDG_STATE_HOME="$W/state" "$W/nsh" lab check unprivileged nsenter 2>&1); rc=$?
t_eq "lab check of the nobody labs from a directory closed to nobody: status" 0 "$rc"
t_match "... every step passed" '^27 steps: 27 passed, 0 failed$' "$out"
t_nomatch "... no step failed" 'FAIL' "$out"
out=$(cd / && NSH_DATADIR="$W" "$W/nsh" -c 'unshare -Ur --setgroups deny setpriv --reuid=65534 --regid=65534 --clear-groups -- true; echo st $?' 2>&1)
t_match "a command run by the nested path still works" 'st 0' "$out"
t_done
