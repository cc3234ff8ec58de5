#!/bin/sh
# The newcomer's machine: build a Debian 12 minbase root with debootstrap
# (plus gcc, make, git and python3, nothing else), clone this checkout into
# it, and run `make test` there as CI does (CI=true, no stdin, no terminal).
# Everything else the build and the tests need must be installed by
# `make test` itself; this script is how that claim is checked.
#
#   sudo sh tests/fresh-machine.sh [--keep] [ROOT]
#
# ROOT defaults to a new directory under /var/tmp and is removed afterwards
# unless --keep is given.  The packages come from the mirror the host's own
# apt sources name.  The root is entered with pivot_root in a mount
# namespace of its own (not chroot, inside which the kernel refuses user
# namespaces), with a fresh /proc, the host's /dev and /sys, and a new /tmp.
# Exit status: that of `make test`, or 1 if the root could not be made.
set -eu

keep=0
if [ "${1:-}" = --keep ]; then keep=1; shift; fi
top=$(cd "$(dirname "$0")/.." && pwd)

[ "$(id -u)" = 0 ] || { echo "fresh-machine: needs root (debootstrap, mounts)" >&2; exit 1; }
if ! command -v debootstrap >/dev/null 2>&1; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

# The host's Debian mirror: the first URI of a source for bookworm.
mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
	/^URIs:/ { uri = $2 } /^Suites:/ && / bookworm( |$)/ && uri != "" { print uri; exit }')
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || { echo "fresh-machine: no bookworm source in the host's apt sources" >&2; exit 1; }

root=${1:-$(mktemp -d /var/tmp/nsh-fresh.XXXXXX)}
cleanup() {
	[ "$keep" = 1 ] && { echo "fresh-machine: root kept in $root"; return; }
	rm -rf --one-file-system "$root"
}
trap cleanup EXIT

echo "fresh-machine: debootstrap --variant=minbase bookworm into $root"
debootstrap --variant=minbase --include=gcc,make,git,python3,ca-certificates \
	bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 || {
	tail -n 20 "$root.debootstrap.log" >&2
	echo "fresh-machine: debootstrap failed (log: $root.debootstrap.log)" >&2
	exit 1
}
rm -f "$root.debootstrap.log"

# apt inside uses the same sources (security updates included) and resolver.
rm -f "$root/etc/apt/sources.list"
cp -a /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/" 2>/dev/null || true
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$root/etc/apt/sources.list"
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

# The committed state of this checkout, as CI clones it.
git clone -q --no-local "$top" "$root/root/nsh"

echo "fresh-machine: make test inside (CI=true, no stdin, no terminal)"
status=0
unshare -m --propagation private sh -c '
	set -e
	r=$1
	mount --bind "$r" "$r"
	mount -t proc proc "$r/proc"
	mount --rbind /dev "$r/dev"
	mount --rbind /sys "$r/sys"
	mount -t tmpfs -o mode=1777 tmpfs "$r/tmp"
	cd "$r"
	mkdir -p .host
	pivot_root . .host
	umount -l /.host
	rmdir /.host
	cd /root/nsh
	exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 CI=true bash .ci/run
' fresh-machine "$root" </dev/null || status=$?
echo "fresh-machine: make test exited $status"
exit "$status"
