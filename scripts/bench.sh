#!/usr/bin/env bash
# Runs the benchmark suite of package bench (bench/doc.go lists what each
# group measures) in paired, interleaved rounds (bench/rounds_test.go) and
# writes the raw output, after a header (scripts/bench-header.sh), to OUT.
#
# usage: scripts/bench.sh [quick|full|large] [OUT]
#
#   quick  under 10 minutes on 2 cores: a row or two of every group, with
#          the competitors and the main variants; OUT defaults to
#          results/latest.txt
#   full   under 60 minutes: every row and target at 1Ki and 64Ki (Churn
#          at a 4Ki live set), 6 processes; OUT defaults to
#          results/full.txt. The 1Mi sizes (BENCH_LARGE=1,
#          BENCH_CHURN_LIVE=1Mi) do not fit: every round collects
#          garbage, which walks every map of the row, and Churn and
#          Sweep collect within each target.
#   large  under 30 minutes: the rows of 1Mi keys only (BENCH_LARGE=1:
#          LoadHit, LoadMiss, Store, Mix at 90 and 100 per cent reads),
#          with the engine's targets (weakstripe, its twin, strongmap,
#          xsync-weak, xsync-strong), 4 processes, a 1500 s budget; the
#          warm-ups, which make five maps of 1Mi entries per row and
#          GOMAXPROCS, take much of it. OUT defaults to results/large.txt.
#
# The test binary is built once, then run as BENCH_PROCS fresh processes
# one after the other. Each process measures every selected row, at each
# GOMAXPROCS, in rounds: every target of the row once per round, in a
# shuffled order, for BENCH_TIME (rounds of a quarter second or more run
# in one batch, which testing starts with two collections, long enough
# that the collections take at most a fifth of it). The run has
# a time budget, BENCH_BUDGET,
# split evenly over the processes still to run; a process shares its
# part among its rows, and a row runs rounds until its share is spent (at
# least BENCH_MIN_ROUNDS, at most BENCH_ROUNDS). The first process shares
# by the square roots of the rows' targets and records what a round of each row cost,
# and how much its per-round ratios spread; the
# others share by each row's spread times the square root of its cost
# (the spread held within half and four times the median row's), so
# that a row whose round costs four times another's gets half its
# rounds, and a row whose ratios spread twice as wide twice its rounds.
# So a busy machine gets fewer rounds, not a longer run. Targets run for 5ms a
# round: this machine's speed changes from one tenth of a second to the
# next, and two targets timed a few milliseconds apart are far more often
# timed at the same speed than two 20ms runs are (results/README.md,
# "Rounds of 5ms").
# Ratios are taken round by round (bench/paired); several processes keep
# one process's memory layout or slow spell from deciding. Progress goes
# to stderr.
#
# Variables (defaults per preset in brackets, quick / full):
#   BENCH_PROCS        fresh processes [8 / 6]
#   BENCH_BUDGET       seconds of measuring, all processes together
#                      [480 / 3300]
#   BENCH_ROUNDS       rounds per row in each process, at most [300 / 300]
#   BENCH_MIN_ROUNDS   rounds per row in each process, at least [2 / 2]
#   BENCH_TIME         time of one target in one round [5ms / 5ms]
#   BENCH_GC_BETWEEN   when to collect garbage, untimed, between the
#                      targets of a round: batch (never, and the
#                      collector off for the rest of a batch), garbage
#                      (after a target that allocated 256KiB or more), 1
#                      (before every one), 0 (never); results/README.md
#                      says why [batch / batch]
#   BENCH_REMAKE       the share of a row's time that may go to making its
#                      maps anew between batches, so that its rounds see
#                      several instances of each map (0: never)
#                      [0.1 / 0.1]
#   BENCH_CPU          GOMAXPROCS list of the concurrent groups [1,2]
#   BENCH_SERIAL_CPU   GOMAXPROCS list of Len, Iterate and Sweep, whose
#                      operations run on one goroutine [1]
#   BENCH_ROWS         regular expression of the rows to run (row names
#                      are Group/key=value/..., as in benchmark names
#                      without the target) [the preset's / all]
#   BENCH_TARGETS      regular expression of the benchmarks to run, matched
#                      against Group/key=value/.../target=<t>; weakstripe
#                      and its twin always run [the preset's / all]
#   BENCH_CHURN_LIVE   Churn's live sets L, comma-separated [4Ki / 4Ki]
#   BENCH_CHURN_OPS    Churn's operations per run, in multiples of L [16 / 16]
#   BENCH_LARGE        1: Len and Sweep also at 1Mi entries [0 / 0]
set -euo pipefail

die() {
	echo "bench.sh: $*" >&2
	exit 2
}

# The quick preset: every group at 1Ki entries (Churn at a 4Ki live set,
# 16 times that many operations so that collections run and dead entries
# must be removed) with the competitors, the shard variants on LoadHit and
# Store, the extreme threshold and budget variants on Churn (a Churn
# measurement makes its map and collects twice, so each target costs);
# and LoadHit and Store at 64Ki against the competitors only. Every batch
# of rounds collects garbage at least twice, a cost in proportion to the
# maps alive, so few large rows, with few targets, let enough rounds fit
# in 10 minutes. Processes are many: a process's hash seed and memory layout
# decide some ratios, and only more processes average them out.
QUICK_ROWS='^(LoadHit/keys=(1Ki|64Ki)|LoadMiss/keys=1Ki|Store/keys=(1Ki|64Ki)|Insert|Mix/reads=90/dist=zipf/keys=1Ki|Churn/live=4Ki|Len/op=(Len|RawLen)/size=1Ki|Iterate/op=(AllBreak10|Snapshot)/size=1Ki|Sweep/size=1Ki)$'
QUICK_TARGETS='/(keys|size)=1Ki/|^Insert/|/target=(strongmap|xsync-weak|goblog|seed|xsync-strong)$|^Churn/.*/target=weakstripe-(cleanup|T64|T4096|Toff|B16|Bwhole)$'

preset=${1:-quick}
case $preset in
quick)
	def_out=results/latest.txt def_procs=8 def_budget=480 def_rounds=300 def_time=5ms def_min_rounds=2
	def_rows=$QUICK_ROWS def_targets=$QUICK_TARGETS def_live=4Ki def_churn_ops=16 def_large=0
	;;
full)
	def_out=results/full.txt def_procs=6 def_budget=3300 def_rounds=300 def_time=5ms def_min_rounds=2
	def_rows= def_targets= def_live=4Ki def_churn_ops=16 def_large=0
	;;
large)
	def_out=results/large.txt def_procs=4 def_budget=1500 def_rounds=300 def_time=5ms def_min_rounds=2
	def_rows='/keys=1Mi$' def_targets= def_live=64Ki def_churn_ops=2 def_large=1
	;;
*) die "usage: scripts/bench.sh [quick|full|large] [OUT]" ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$root/$def_out}
export BENCH_PROCS=${BENCH_PROCS:-$def_procs}
[[ $BENCH_PROCS =~ ^[1-9][0-9]*$ ]] || die "BENCH_PROCS=$BENCH_PROCS: not a positive whole number"
export BENCH_RUNNER=rounds # the test binary runs the round runner, not the tests
export BENCH_ROUNDS=${BENCH_ROUNDS:-$def_rounds}
export BENCH_MIN_ROUNDS=${BENCH_MIN_ROUNDS:-$def_min_rounds}
budget=${BENCH_BUDGET:-$def_budget}
[[ $budget =~ ^[1-9][0-9]*$ ]] || die "BENCH_BUDGET=$budget: not a whole number of seconds"
export BENCH_TIME=${BENCH_TIME:-$def_time}
export BENCH_CPU=${BENCH_CPU:-1,2}
export BENCH_SERIAL_CPU=${BENCH_SERIAL_CPU:-1}
export BENCH_ROWS=${BENCH_ROWS-$def_rows}
export BENCH_TARGETS=${BENCH_TARGETS-$def_targets}
export BENCH_CHURN_LIVE=${BENCH_CHURN_LIVE:-$def_live}
export BENCH_CHURN_OPS=${BENCH_CHURN_OPS:-$def_churn_ops}
export BENCH_LARGE=${BENCH_LARGE:-$def_large}
export BENCH_GC_BETWEEN=${BENCH_GC_BETWEEN:-batch}
export BENCH_REMAKE=${BENCH_REMAKE:-0.1}

start=$(date +%s)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "bench.sh: $preset preset: building the benchmarks" >&2
. "$root/scripts/lib.sh"
build_bench "$root" "$tmp/bench.test" || die "cannot build the suite (bench/)"
echo "bench.sh: built in $(($(date +%s) - start))s" >&2

mkdir -p "$(dirname "$out")"
# The header goes through a temporary file: a redirect into OUT would
# truncate it first, and a tracked OUT (results/full.txt) would then make
# the header's commit read "+dirty".
(cd "$root" && BENCH_PRESET=$preset BENCH_BUDGET=${budget}s scripts/bench-header.sh) >"$tmp/header"
cp "$tmp/header" "$out"
deadline=$(($(date +%s) + budget))

for p in $(seq "$BENCH_PROCS"); do
	t0=$(date +%s)
	share=$(((deadline - t0) / (BENCH_PROCS - p + 1)))
	[ "$share" -ge 1 ] || share=1
	echo "[$p/$BENCH_PROCS] process $p: ${share}s, $BENCH_MIN_ROUNDS to $BENCH_ROUNDS rounds of ${BENCH_TIME} per target, -cpu $BENCH_CPU (serial groups $BENCH_SERIAL_CPU)" >&2
	# Tests run in their package's directory, as under go test. The
	# rounds' seed is the process number, so a rerun shuffles alike.
	if ! (cd "$root/bench" && BENCH_SEED=$p BENCH_BUDGET=${share}s BENCH_COSTS=$tmp/costs "$tmp/bench.test" -test.benchmem) >>"$out"; then
		die "process $p failed (see $out)"
	fi
	echo "[$p/$BENCH_PROCS] done in $(($(date +%s) - t0))s" >&2
done
echo "bench.sh: $preset preset done in $(($(date +%s) - start))s; results in $out" >&2
