#!/usr/bin/env bash
# Load and Store of 64Ki live string keys, Map (weakstripe) against
# xsync.MapOf[string, weak.Pointer[V]] (xsync-weak), measured by the
# suite's round runner (bench/rounds_test.go) in COMPARE_PROCS fresh
# processes, then the ratios printed by scripts/ratios.sh: xsync-weak's
# time over weakstripe's, the Hodges-Lehmann estimate of the per-round
# ratios with its
# 95 % interval, and the A/A control (weakstripe-twin) of each row.
#
# Why rounds and several processes: on a shared 2-core VM the cost of
# both maps moves by up to 2x from one tenth of a second to the next and
# from one process to the next. Both targets run in every round, a few
# milliseconds apart, so a ratio taken per round cancels what they share
# (results/README.md, "Rounds of 5ms"); the median
# over the rounds of several processes keeps one unlucky process or
# spell from deciding.
#
# Settings: COMPARE_PROCS (6), COMPARE_ROUNDS (100 rounds per process),
# COMPARE_TIME (time per target and round, 5ms),
# COMPARE_OUT (results/compare-latest.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
procs=${COMPARE_PROCS:-6}
out=${COMPARE_OUT:-results/compare-latest.txt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. scripts/lib.sh
build_bench . "$tmp/bench.test"
mkdir -p "$(dirname "$out")"
export BENCH_RUNNER=rounds BENCH_ROUNDS=${COMPARE_ROUNDS:-100} BENCH_TIME=${COMPARE_TIME:-5ms} BENCH_CPU=1,2
export BENCH_ROWS='^(LoadHit|Store)/keys=64Ki$' BENCH_TARGETS='/target=xsync-weak$'
scripts/bench-header.sh >"$out"
echo "bench-procs: $procs" >>"$out"
for i in $(seq "$procs"); do
	echo "compare: process $i of $procs" >&2
	(cd bench && BENCH_SEED=$i "$tmp/bench.test" -test.benchmem) >>"$out"
done
echo "raw output: $out" >&2
scripts/ratios.sh "$out"
