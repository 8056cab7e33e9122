#!/usr/bin/env bash
# Runs the Compare benchmarks (Load and Store of 64Ki live string keys, Map
# against xsync.MapOf[string, weak.Pointer[V]]) in COMPARE_PROCS fresh
# processes and prints, per benchmark and -cpu, the ratio of the two in
# each process and the median of those ratios (scripts/ratios.sh).
#
# Why several processes: on a shared 2-core VM the cost of both maps moves
# by up to 2x from one process to the next (bursts in which neighbours on
# the shared host slow a whole process down), not always by the same
# amount for both targets. A ratio taken inside one process cancels what
# the targets share; the median over processes keeps one unlucky process
# from deciding.
#
# Settings: COMPARE_PROCS (8), COMPARE_COUNT (2 runs per process),
# COMPARE_TIME (-benchtime, 1s), COMPARE_OUT (results/compare-latest.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
procs=${COMPARE_PROCS:-8}
count=${COMPARE_COUNT:-2}
benchtime=${COMPARE_TIME:-1s}
out=${COMPARE_OUT:-results/compare-latest.txt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. scripts/lib.sh
build_bench . "$tmp/bench.test"
mkdir -p "$(dirname "$out")"
BENCH_CPU=1,2 scripts/bench-header.sh > "$out"
echo "compare-procs: $procs" >> "$out"
for i in $(seq "$procs"); do
	echo "compare: process $i of $procs" >&2
	echo "process: $i" >> "$out"
	(cd bench && "$tmp/bench.test" -test.run '^$' -test.bench 'Compare' -test.cpu 1,2 \
		-test.count "$count" -test.benchtime "$benchtime") | grep '^Benchmark' >> "$out"
done
echo "raw output: $out" >&2
scripts/ratios.sh "$out"
