#!/usr/bin/env bash
# Runs the benchmark suite of package bench (bench/doc.go lists what each
# group measures) in paired, interleaved rounds (bench/rounds_test.go) and
# writes the raw output, after a header (scripts/bench-header.sh), to OUT.
#
# usage: scripts/bench.sh [quick|full] [OUT]
#
#   quick  under 10 minutes on 2 cores: a row or two of every group, with
#          the competitors and the main variants; OUT defaults to
#          results/latest.txt
#   full   about an hour: every row, Churn at 1Mi, Len and Sweep also at
#          1Mi; OUT defaults to results/full.txt
#
# The test binary is built once, then run as BENCH_PROCS fresh processes
# one after the other. Each process measures every selected row, at each
# GOMAXPROCS, in BENCH_ROUNDS rounds: every target of the row once per
# round, in a shuffled order, for BENCH_TIME. Ratios are taken round by
# round (bench/paired); several processes keep one process's memory
# layout or slow spell from deciding. Progress goes to stderr.
#
# Variables (defaults per preset in brackets, quick / full):
#   BENCH_PROCS        fresh processes [4 / 6]
#   BENCH_ROUNDS       rounds per row in each process [6 / 10]
#   BENCH_TIME         time of one target in one round [20ms / 50ms]
#   BENCH_CPU          GOMAXPROCS list of the concurrent groups [1,2]
#   BENCH_SERIAL_CPU   GOMAXPROCS list of Len, Iterate and Sweep, whose
#                      operations run on one goroutine [1]
#   BENCH_ROWS         regular expression of the rows to run (row names
#                      are Group/key=value/..., as in benchmark names
#                      without the target) [the preset's / all]
#   BENCH_TARGETS      regular expression of the targets to run, with
#                      weakstripe and its twin always [all]
#   BENCH_CHURN_LIVE   Churn's live set L [16Ki / 1Mi]
#   BENCH_CHURN_OPS    Churn's operations per run, in multiples of L [2 / 1]
#   BENCH_LARGE        1: Len and Sweep also at 1Mi entries [0 / 1]
set -euo pipefail

die() {
	echo "bench.sh: $*" >&2
	exit 2
}

# The quick preset's rows: each group once or twice, the shard variants
# on LoadHit and Store, the threshold and budget variants on Churn. Rows
# of 1Ki keys where the group allows: with fewer, smaller maps alive, the
# collection that testing runs before every measurement is short, so more
# rounds fit.
QUICK_ROWS='^(LoadHit/keys=(1Ki|64Ki)|LoadMiss/keys=64Ki|Store/keys=(1Ki|64Ki)|Insert|Mix/reads=(90|100)/dist=zipf/keys=1Ki|Churn/live=.*|Len/op=(Len|RawLen)/size=1Ki|Iterate/op=(AllBreak10|Snapshot)/size=64Ki|Sweep/size=64Ki)$'

preset=${1:-quick}
case $preset in
quick)
	def_out=results/latest.txt def_procs=4 def_rounds=6 def_time=20ms def_rows=$QUICK_ROWS
	def_live=16Ki def_churn_ops=2 def_large=0
	;;
full)
	def_out=results/full.txt def_procs=6 def_rounds=10 def_time=50ms def_rows=
	def_live=1Mi def_churn_ops=1 def_large=1
	;;
*) die "usage: scripts/bench.sh [quick|full] [OUT]" ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$root/$def_out}
export BENCH_PROCS=${BENCH_PROCS:-$def_procs}
[[ $BENCH_PROCS =~ ^[1-9][0-9]*$ ]] || die "BENCH_PROCS=$BENCH_PROCS: not a positive whole number"
export BENCH_ROUNDS=${BENCH_ROUNDS:-$def_rounds}
export BENCH_TIME=${BENCH_TIME:-$def_time}
export BENCH_CPU=${BENCH_CPU:-1,2}
export BENCH_SERIAL_CPU=${BENCH_SERIAL_CPU:-1}
export BENCH_ROWS=${BENCH_ROWS-$def_rows}
export BENCH_TARGETS=${BENCH_TARGETS:-}
export BENCH_CHURN_LIVE=${BENCH_CHURN_LIVE:-$def_live}
export BENCH_CHURN_OPS=${BENCH_CHURN_OPS:-$def_churn_ops}
export BENCH_LARGE=${BENCH_LARGE:-$def_large}

start=$(date +%s)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "bench.sh: $preset preset: building the benchmarks" >&2
. "$root/scripts/lib.sh"
build_bench "$root" "$tmp/bench.test" || die "cannot build the suite (bench/)"
echo "bench.sh: built in $(($(date +%s) - start))s" >&2

mkdir -p "$(dirname "$out")"
(cd "$root" && BENCH_PRESET=$preset scripts/bench-header.sh) >"$out"

for p in $(seq "$BENCH_PROCS"); do
	t0=$(date +%s)
	echo "[$p/$BENCH_PROCS] process $p: $BENCH_ROUNDS rounds of ${BENCH_TIME} per target, -cpu $BENCH_CPU (serial groups $BENCH_SERIAL_CPU)" >&2
	# Tests run in their package's directory, as under go test. The
	# rounds' seed is the process number, so a rerun shuffles alike.
	if ! (cd "$root/bench" && BENCH_SEED=$p "$tmp/bench.test" -test.benchmem) >>"$out" 2>"$tmp/progress"; then
		cat "$tmp/progress" >&2
		die "process $p failed (see $out)"
	fi
	echo "[$p/$BENCH_PROCS] done in $(($(date +%s) - t0))s" >&2
done
echo "bench.sh: $preset preset done in $(($(date +%s) - start))s; results in $out" >&2
