#!/bin/sh
# docs/nsh.1 renders with man(1) without warnings, has the sections a man
# page needs, and has an entry for every builtin of shell/builtins/list.h.
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
page="$top/docs/nsh.1"

t_ok "docs/nsh.1 exists" test -s "$page"
if ! command -v man >/dev/null 2>&1; then
	t_skip "man -l docs/nsh.1" "man is not installed (apt-get install man-db)"
	t_done
	exit
fi
warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
t_eq "man -l renders it without warnings" "" "$warnings"
text=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$page" 2>/dev/null)
for section in NAME SYNOPSIS DESCRIPTION OPTIONS "THE LANGUAGE" "JOB CONTROL" BUILTINS ENVIRONMENT FILES "SEE ALSO"; do
	t_match "section $section" "^$section\$" "$text"
done
missing=
for name in $(sed -n 's/^BUILTIN("\([^"]*\)".*/\1/p' "$top/shell/builtins/list.h"); do
	[ "$name" = . ] && name='\.'
	printf '%s\n' "$text" | grep -Eq "^       ($name|[a-z.]+ .*, $name)( |\$)" || missing="$missing $name"
done
t_eq "every builtin of list.h has an entry" "" "$missing"
for var in NSH_HISTFILE NSH_HINTS NSH_TRACE NSH_SHELL_INTEGRATION NSH_PROC NSH_SESSION NSH_UNSHARE_SHELL XDG_STATE_HOME NO_COLOR; do
	t_match "ENVIRONMENT names $var" "^       ([A-Z_0-9]+, )*$var(,|$)" "$text"
done
t_done
