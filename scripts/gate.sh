#!/usr/bin/env bash
# Performance gate: is the working tree a performance regression of REV?
#
# usage: scripts/gate.sh [REV]        (make gate BASE=REV)
#
# Builds the benchmark suite (bench/) at REV (in a temporary git
# worktree) and in the working tree, runs the two alternately, each run in
# a fresh process, for $GATE_ROUNDS rounds on the gate's preset (below), and
# judges the outcome with benchgate (bench/cmd/benchgate). REV defaults to
# the merge base of HEAD and main, else HEAD~1: on a branch, the branch's
# changes are judged; on main with uncommitted changes, those; on a clean
# main (or with no main), the last commit.
#
# Exit status, benchgate's: 0 no regression, 1 a regression, 2 bad input
# (REV or the working tree does not build, no preset benchmark ran on both
# sides, too few samples). A preset pattern that matches no benchmark on
# one side (a benchmark added or removed since REV) is noted and skipped.
#
# Environment:
#   GATE_ROUNDS     rounds, i.e. samples per benchmark and side (40)
#   GATE_BENCHTIME  -benchtime of the preset's benchmarks that do not
#                   set their own (0.1s)
#   GATE_CPU        -cpu of each run (1)
#   GATE_ALPHA      benchgate -alpha (0.01)
#   GATE_THRESHOLD  benchgate -threshold, in percent (its default, 10)
#   GATE_UNITS      benchgate -units ($GATE_DEFAULT_UNITS below); set it
#                   with GATE_FILTER when the filter leaves out Churn,
#                   whose units the default list names
#   GATE_FILTER     benchgate -filter (none)
#   GATE_TAGS_NEW   build tags of the NEW side only (for calibration)
#   GATE_OLD_BIN    prebuilt OLD test binary: REV is not built
#   GATE_NEW_BIN    prebuilt NEW test binary: the working tree is not built
#   GATE_OUT        directory that keeps old.txt, new.txt and report.txt
#                   (a temporary directory, removed on exit)
#
# The two outputs are ordinary `go test -bench` files: compare them with
#   go tool benchstat -ignore cpu,cpu-model,commit,date,go-version OLD NEW
set -euo pipefail

# The gate's preset, one benchmark a line: a -bench pattern (the testing
# package splits it on '/' and matches each level on its own), then, if
# the benchmark needs one, its own -benchtime. Load, Store, a read-mostly
# mix and churn, small enough for one gate run to take under a minute.
# This is the only place that names them (with GATE_CHURN_LIVE below).
#
# Every working set fits in a core's own caches (1Ki keys, a churn live
# set of 4Ki), so that the gate measures the code rather than the memory
# system. At 64Ki keys, on a shared machine, a whole process ran at one
# of two speeds (Load: about 27 or 50 ns) as neighbours came and went;
# the medians of two samples then depend on how many of each side's
# processes were unlucky (calibration: +32 % with the same binary on both
# sides, and a 25 % slower Load measured as 10 % faster).
#
# Churn runs a fixed number of operations, eight times its live set: its
# metrics (raw/live) grow with the operation count, which a time budget
# would tie to the speed of the code.
GATE_PRESET=(
	'^BenchmarkLoadHit$/^keys=1Ki$/^target=weakstripe$'
	'^BenchmarkStore$/^keys=1Ki$/^target=weakstripe$'
	'^BenchmarkMix$/^reads=90$/^dist=zipf$/^keys=1Ki$/^target=weakstripe$'
	'^BenchmarkChurn$/^live=4Ki$/^target=weakstripe$ 32768x'
)
GATE_CHURN_LIVE=4Ki

# The units judged unless GATE_UNITS says otherwise: time, allocations and
# Churn's memory metrics. Not Churn's latency percentiles: a p99.9 of one
# run is an order statistic of its 33 slowest operations and moves by 10 %
# or more between identical runs, so it would raise false alarms at about
# the rate alpha allows, for each percentile. The suite reports them.
GATE_DEFAULT_UNITS=sec/op,allocs/op,B/op,raw/live,retained-B/live

# The defaults of rounds, benchtime and alpha come from the calibration
# in results/gate-calibration.md (make gate-calibrate). Many short rounds
# rather than a few long ones: the noise here comes in bursts of seconds
# that slow a whole process by 40-90 %, and the U test tells two samples
# apart through such bursts only with many samples.
GATE_DEFAULT_ROUNDS=40
GATE_DEFAULT_BENCHTIME=0.1s
GATE_DEFAULT_ALPHA=0.01

# B/op is judged as a noisy unit (benchgate's default), whatever the
# suite's header says: the testing package divides the bytes of the whole
# timed loop by b.N, so one-off allocations in it (weak handles made on
# first use, table growth) make B/op vary with b.N. Measured: 32 to 38 B/op
# for CompareStore/weakmap, 152 to 161 for Churn, in one binary.
GATE_NOT_EXACT='^Unit B/op '

die() {
	echo "gate.sh: $*" >&2
	exit 2
}
note() { echo "gate.sh: $*" >&2; }

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. "$root/scripts/lib.sh"
# The suite reads BENCH_* settings (sizes, counts): the gate runs its
# preset as written, whatever the caller's environment says.
for v in $(compgen -e); do
	if [[ $v == BENCH_* ]]; then unset "$v"; fi
done
export BENCH_CHURN_LIVE=$GATE_CHURN_LIVE
rounds=${GATE_ROUNDS:-$GATE_DEFAULT_ROUNDS}
benchtime=${GATE_BENCHTIME:-$GATE_DEFAULT_BENCHTIME}
cpu=${GATE_CPU:-1}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "GATE_ROUNDS=$rounds is not a positive number"
[ $# -le 1 ] || die "usage: scripts/gate.sh [REV]"

tmp=$(mktemp -d)
cleanup() {
	if [ -d "$tmp/old-src" ]; then
		git -C "$root" worktree remove --force "$tmp/old-src" >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

out=${GATE_OUT:-$tmp/out}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# Headers: where each side comes from, and the unit metadata (directions
# of the suite's custom metrics), from the suite's header script.
header() { # dir-to-describe
	(cd "$1" && BENCH_CPU=$cpu "$root/scripts/bench-header.sh") | grep -v "$GATE_NOT_EXACT" || true
}

# OLD: REV built in a temporary worktree, unless a binary is given.
if [ -n "${GATE_OLD_BIN:-}" ]; then
	[ -x "$GATE_OLD_BIN" ] || die "GATE_OLD_BIN=$GATE_OLD_BIN is not an executable file"
	old_bin=$GATE_OLD_BIN
	header "$root" >"$out/old.txt"
	note "OLD: $old_bin"
else
	if [ $# -eq 1 ]; then
		rev=$1
	elif base=$(git merge-base HEAD main 2>/dev/null) &&
		{ [ "$base" != "$(git rev-parse HEAD)" ] || [ -n "$(git status --porcelain)" ]; }; then
		rev=$base
	else
		rev=HEAD~1
	fi
	git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || die "$rev: not a revision of this repository"
	git worktree add --detach --quiet "$tmp/old-src" "$rev" || die "cannot check out $rev"
	note "OLD: building the suite at $rev ($(git rev-parse --short "$rev"))"
	build_bench "$tmp/old-src" "$tmp/old.test" || die "the suite does not build at $rev"
	old_bin=$tmp/old.test
	header "$tmp/old-src" >"$out/old.txt"
fi

# NEW: the working tree, unless a binary is given.
if [ -n "${GATE_NEW_BIN:-}" ]; then
	[ -x "$GATE_NEW_BIN" ] || die "GATE_NEW_BIN=$GATE_NEW_BIN is not an executable file"
	new_bin=$GATE_NEW_BIN
	[ -z "${GATE_TAGS_NEW:-}" ] || die "GATE_TAGS_NEW applies to a NEW side built here, not to GATE_NEW_BIN"
	note "NEW: $new_bin"
else
	note "NEW: building the suite in the working tree${GATE_TAGS_NEW:+ with -tags $GATE_TAGS_NEW}"
	build_bench "$root" "$tmp/new.test" "${GATE_TAGS_NEW:-}" || die "the suite does not build in the working tree"
	new_bin=$tmp/new.test
fi
header "$root" >"$out/new.txt"
bench_go build -o "$tmp/benchgate" ./cmd/benchgate || die "bench/cmd/benchgate does not build"

# run BIN PATTERN BENCHTIME: one fresh process, in the package directory as
# `go test` would run it.
run() {
	(cd "$root/bench" && "$1" -test.run '^$' -test.bench "$2" -test.benchtime "$3" \
		-test.cpu "$cpu" -test.benchmem -test.count 1)
}

# Keep the preset benchmarks that run on both sides: one iteration of
# each tells (and warms the page cache and the binaries up). Those that
# share a -benchtime run in one process.
groups=()          # the -benchtime of each group, in preset order
declare -A pattern # -benchtime -> patterns joined by '|'
for entry in "${GATE_PRESET[@]}"; do
	read -r p bt <<<"$entry"
	bt=${bt:-$benchtime}
	o=$(run "$old_bin" "$p" 1x) || die "OLD failed on $p: $o"
	n=$(run "$new_bin" "$p" 1x) || die "NEW failed on $p: $n"
	if ! grep -q '^Benchmark' <<<"$o"; then
		note "skipped: $p matches no benchmark in OLD"
	elif ! grep -q '^Benchmark' <<<"$n"; then
		note "skipped: $p matches no benchmark in NEW"
	elif [ -z "${pattern[$bt]:-}" ]; then
		groups+=("$bt")
		pattern[$bt]=$p
	else
		pattern[$bt]+="|$p"
	fi
done
[ ${#groups[@]} -gt 0 ] || die "no preset benchmark runs on both sides"

# Rounds, alternating which side goes first (old-new, new-old, ...), so
# that a machine that slows down or speeds up over time is charged to
# both sides alike.
for r in $(seq 1 "$rounds"); do
	note "round $r of $rounds (-benchtime ${groups[*]} -cpu $cpu)"
	for bt in "${groups[@]}"; do
		if [ $((r % 2)) -eq 1 ]; then
			run "$old_bin" "${pattern[$bt]}" "$bt" >>"$out/old.txt" || die "OLD failed in round $r"
			run "$new_bin" "${pattern[$bt]}" "$bt" >>"$out/new.txt" || die "NEW failed in round $r"
		else
			run "$new_bin" "${pattern[$bt]}" "$bt" >>"$out/new.txt" || die "NEW failed in round $r"
			run "$old_bin" "${pattern[$bt]}" "$bt" >>"$out/old.txt" || die "OLD failed in round $r"
		fi
	done
done

flags=()
flags+=(-alpha "${GATE_ALPHA:-$GATE_DEFAULT_ALPHA}")
[ -n "${GATE_THRESHOLD:-}" ] && flags+=(-threshold "$GATE_THRESHOLD")
flags+=(-units "${GATE_UNITS:-$GATE_DEFAULT_UNITS}")
[ -n "${GATE_FILTER:-}" ] && flags+=(-filter "$GATE_FILTER")
status=0
"$tmp/benchgate" ${flags[@]+"${flags[@]}"} "$out/old.txt" "$out/new.txt" | tee "$out/report.txt" || status=${PIPESTATUS[0]}
if [ -n "${GATE_OUT:-}" ]; then
	note "outputs in $out (go tool benchstat -ignore cpu,cpu-model,commit,date,go-version $out/old.txt $out/new.txt)"
fi
exit "$status"
