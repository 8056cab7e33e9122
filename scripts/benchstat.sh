#!/usr/bin/env bash
# Compares benchmark runs with benchstat, pinned in bench/go.mod (go tool
# benchstat), ignoring the cpu line so that a changed cpu name does not
# split the tables.
#
# usage: scripts/benchstat.sh OLD NEW [benchstat flags]
#        scripts/benchstat.sh --rev REV [benchstat flags]
#
# The first form compares two saved `go test -bench` outputs. benchstat
# itself exits 0 on a missing or empty file; this script checks its inputs
# first and exits 2, with a message, when a file is missing, unreadable or
# holds no benchmark lines. Otherwise it exits with benchstat's status.
#
# The second form builds the benchmark suite (bench/) at git revision REV, in a temporary worktree, and in the working tree;
# runs them alternately, each round in fresh processes, $BENCH_ROUNDS times
# (5) on benchmarks matching $BENCH (Compare) with -benchtime $BENCH_TIME
# (1s); and compares the two. Interleaving spreads the machine's drift over
# both sides instead of charging it to one. The raw files are kept in
# $BENCH_OUT_DIR if set.
set -euo pipefail

die() {
	echo "benchstat.sh: $*" >&2
	exit 2
}

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"

compare() {
	local old=$1 new=$2
	shift 2
	for f in "$old" "$new"; do
		[ -e "$f" ] || die "$f: no such file"
		[ -r "$f" ] || die "$f: not readable"
		grep -qE '^Benchmark[^[:space:]]*[[:space:]]+[0-9]+[[:space:]]' "$f" ||
			die "$f: holds no benchmark result lines (run go test -bench and save its output)"
	done
	old=$(realpath "$old")
	new=$(realpath "$new")
	cd "$root/bench" # go tool benchstat resolves through the suite's go.mod
	exec go tool benchstat -ignore cpu,cpu-model,commit,date,go-version "$@" "$old" "$new"
}

if [ "${1:-}" != "--rev" ]; then
	[ $# -ge 2 ] || die "usage: scripts/benchstat.sh OLD NEW [benchstat flags] | --rev REV [benchstat flags]"
	compare "$@"
fi

[ $# -ge 2 ] || die "usage: scripts/benchstat.sh --rev REV [benchstat flags]"
rev=$2
shift 2
filter=${BENCH:-Compare}
rounds=${BENCH_ROUNDS:-5}
benchtime=${BENCH_TIME:-1s}
cd "$root"
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || die "$rev: not a revision of this repository"

tmp=$(mktemp -d)
cleanup() {
	git -C "$root" worktree remove --force "$tmp/rev" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

git worktree add --detach --quiet "$tmp/rev" "$rev"
echo "benchstat.sh: building the suite at $rev and in the working tree" >&2
build_bench "$tmp/rev" "$tmp/old.test" || die "cannot build the suite at $rev"
build_bench "$root" "$tmp/new.test" || die "cannot build the suite in the working tree"

out=${BENCH_OUT_DIR:-$tmp}
mkdir -p "$out"
: >"$out/old.txt"
: >"$out/new.txt"
dir=$root/bench # tests run in their package directory
for r in $(seq 1 "$rounds"); do
	echo "benchstat.sh: round $r of $rounds" >&2
	(cd "$dir" && "$tmp/old.test" -test.run '^$' -test.bench "$filter" -test.benchtime "$benchtime" -test.count 1) >>"$out/old.txt"
	(cd "$dir" && "$tmp/new.test" -test.run '^$' -test.bench "$filter" -test.benchtime "$benchtime" -test.count 1) >>"$out/new.txt"
done
(compare "$out/old.txt" "$out/new.txt" "$@")
