#!/bin/sh
# The help of the namespace builtins is our own text (COMMON.md: read
# util-linux and psmisc for behaviour, never copy their text).  For each
# builtin, every description in the help of the tool it follows (an option's
# or a column's text, or a sentence of its own) must not appear word for word
# in nsh's help.  Only descriptions of two words or more count: a lone word
# ("Options:") or an option name is not text of anyone's.
. "$(dirname "$0")/../lib.sh"

# The descriptions of a help text, one a line, lower case, blanks squeezed:
# the text after the last gap of two blanks (an option's or a column's
# description), else the whole line (a sentence, a continuation).
descriptions() {
	tr '[:upper:]' '[:lower:]' | sed -e 's/[[:space:]]*$//' -e 's/^.*[^ ]  \{1,\}\([^ ]\)/\1/' \
		-e 's/^[[:space:]]*//' -e 's/[[:space:]]\{1,\}/ /g' | awk 'NF >= 2'
}

# Prints each description of the reference help ($2) found in nsh's ($1).
copied() {
	ours=$(printf '%s\n' "$1" | tr '[:upper:]' '[:lower:]' | tr -s '[:space:]' ' ')
	printf '%s\n' "$2" | descriptions | sort -u | while IFS= read -r d; do
		case "$ours" in *"$d"*) printf '%s\n' "$d" ;; esac
	done
}

# check BUILTIN REFERENCE-TOOL: the reference's --help (pstree prints its
# usage on an unknown option, to stderr, with status 1).
check() {
	if ! command -v "$2" >/dev/null 2>&1; then
		t_skip "$1 --help is our own text" "$2 is not installed to compare with"
		return
	fi
	ref=$("$2" --help 2>&1)
	t_match "$2 --help printed a help to compare with" '-h|--help|Usage' "$ref"
	mine=$("$NSH" -c "$1 --help" 2>&1)
	t_match "$1 --help printed a help" "^usage: $1 |^ $1 \\[options\\]" "$mine"
	t_eq "$1 --help copies no description of $2 --help" "" "$(copied "$mine" "$ref")"
}

check lsns lsns
check unshare unshare
check nsenter nsenter
check pidtree pstree
# mountproc follows no tool: only unshare's --mount-proc and mount(8).
check mountproc unshare

# The check itself finds a copied line (else it could never fail).
t_eq "the check finds a description copied word for word" "use json output format" \
	"$(copied ' -J, --json    use JSON   output format' ' -J, --json             use JSON output format')"
t_eq "the check finds a column's description" "nsfs mountpoint (usually used network subsystem)" \
	"$(copied 'x NSFS nsfs mountpoint (usually used network subsystem)' '        NSFS  nsfs mountpoint (usually used network subsystem)')"

t_done
