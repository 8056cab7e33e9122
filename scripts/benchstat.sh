#!/usr/bin/env bash
# Compares two raw `go test -bench` outputs with benchstat, pinned in go.mod
# (go tool benchstat), ignoring the cpu line so that a changed cpu name does
# not split the tables.
#
# usage: scripts/benchstat.sh OLD NEW [benchstat flags]
#
# benchstat itself exits 0 on a missing or empty file; this script checks
# its inputs first and exits 2, with a message, when a file is missing,
# unreadable or holds no benchmark lines. It exits with benchstat's status
# otherwise.
set -euo pipefail

die() {
	echo "benchstat.sh: $*" >&2
	exit 2
}

[ $# -ge 2 ] || die "usage: scripts/benchstat.sh OLD NEW [benchstat flags]"
old=$1
new=$2
shift 2
for f in "$old" "$new"; do
	[ -e "$f" ] || die "$f: no such file"
	[ -r "$f" ] || die "$f: not readable"
	grep -qE '^Benchmark[^[:space:]]*[[:space:]]+[0-9]+[[:space:]]' "$f" ||
		die "$f: holds no benchmark result lines (run go test -bench and save its output)"
done

old=$(realpath "$old")
new=$(realpath "$new")
cd "$(dirname "$0")/.." # go tool benchstat resolves through this module's go.mod
exec go tool benchstat -ignore cpu "$@" "$old" "$new"
