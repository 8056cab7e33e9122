#!/usr/bin/env bash
# Runs the benchmark suite of package bench (bench/doc.go lists what each
# group measures) and writes the raw `go test -bench` output, after a header
# (scripts/bench-header.sh), to OUT.
#
# usage: scripts/bench.sh [quick|full] [OUT]
#
#   quick  minutes; Churn at a 64Ki live set; OUT defaults to results/latest.txt
#   full   -count 10, Churn at 1Mi, Len and Sweep also at 1Mi (fewer runs);
#          OUT defaults to results/full.txt
#
# The test binary is built once; each group then runs in a fresh process,
# so that no group inherits another's heap. Progress goes to stderr.
#
# Variables (defaults per preset in brackets, quick / full):
#   BENCH_CPU          -cpu list of the concurrent groups [1,2]
#   BENCH_SERIAL_CPU   -cpu list of Len, Iterate and Sweep, whose operations
#                      run on one goroutine [1]
#   BENCH_COUNT        -count [2 / 10]
#   BENCH_TIME         -benchtime of the time-based groups [0.1s / 0.1s]
#   BENCH_CHURN_LIVE   Churn's live set L [64Ki / 1Mi]
#   BENCH_CHURN_OPS    Churn's operations per run, in multiples of L [2 / 1]
#   BENCH_CHURN_COUNT  -count of Churn [1 / 1]
#   BENCH_SWEEP_TIME   -benchtime of Sweep, iterations [5x / 5x]
#   BENCH_LARGE_COUNT  -count of Len and Sweep at 1Mi entries [- / 2]
#   BENCH_GROUPS       groups to run, space-separated [all]
set -euo pipefail

die() {
	echo "bench.sh: $*" >&2
	exit 2
}

preset=${1:-quick}
case $preset in
quick)
	def_out=results/latest.txt def_count=2 def_time=0.1s def_live=64Ki large=0
	def_churn_ops=2 def_churn_count=1 def_sweep=5x def_large_count=0
	;;
full)
	def_out=results/full.txt def_count=10 def_time=0.1s def_live=1Mi large=1
	def_churn_ops=1 def_churn_count=1 def_sweep=5x def_large_count=2
	;;
*) die "usage: scripts/bench.sh [quick|full] [OUT]" ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$root/$def_out}
cpu=${BENCH_CPU:-1,2}
serial_cpu=${BENCH_SERIAL_CPU:-1}
count=${BENCH_COUNT:-$def_count}
benchtime=${BENCH_TIME:-$def_time}
live=${BENCH_CHURN_LIVE:-$def_live}
churn_ops=${BENCH_CHURN_OPS:-$def_churn_ops}
churn_count=${BENCH_CHURN_COUNT:-$def_churn_count}
sweep_time=${BENCH_SWEEP_TIME:-$def_sweep}
large_count=${BENCH_LARGE_COUNT:-$def_large_count}
groups=${BENCH_GROUPS:-LoadHit LoadMiss Store Insert Mix Churn Len Iterate Sweep}

# Churn runs a fixed number of operations, a multiple of its live set, so
# that the garbage a map carries compares across runs (bench/workload_churn_test.go).
case $live in
*Ki) live_n=$((${live%Ki} * 1024)) ;;
*Mi) live_n=$((${live%Mi} * 1024 * 1024)) ;;
*[!0-9]* | '') die "BENCH_CHURN_LIVE=$live: not a size such as 64Ki, 1Mi or 1000" ;;
*) live_n=$live ;;
esac
[[ $churn_ops =~ ^[1-9][0-9]*$ ]] || die "BENCH_CHURN_OPS=$churn_ops: not a positive whole number"
churn_time="$((live_n * churn_ops))x"

start=$(date +%s)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "bench.sh: $preset preset: building the benchmarks" >&2
. "$root/scripts/lib.sh"
build_bench "$root" "$tmp/bench.test" || die "cannot build the suite (bench/)"
echo "bench.sh: built in $(($(date +%s) - start))s" >&2

mkdir -p "$(dirname "$out")"
(cd "$root" && BENCH_CPU=$cpu BENCH_PRESET=$preset BENCH_COUNT=$count BENCH_TIME=$benchtime \
	BENCH_CHURN_LIVE=$live BENCH_CHURN_TIME=$churn_time scripts/bench-header.sh) >"$out"

# Steps: group, -bench pattern, -cpu, -count, -benchtime, BENCH_LARGE.
# Len and Sweep at 1Mi take seconds per operation or per setup, so the full
# preset runs them in steps of their own, at BENCH_LARGE_COUNT.
steps=()
for g in $groups; do
	case $g in
	LoadHit | LoadMiss | Store | Insert | Mix) steps+=("$g|^Benchmark$g\$|$cpu|$count|$benchtime|0") ;;
	Churn) steps+=("$g|^Benchmark$g\$|$cpu|$churn_count|$churn_time|0") ;;
	Len | Iterate) steps+=("$g|^Benchmark$g\$|$serial_cpu|$count|$benchtime|0") ;;
	Sweep) steps+=("$g|^Benchmark$g\$|$serial_cpu|$count|$sweep_time|0") ;;
	*) die "BENCH_GROUPS: no group $g (groups: LoadHit LoadMiss Store Insert Mix Churn Len Iterate Sweep)" ;;
	esac
	if [ "$large" = 1 ]; then
		case $g in
		Len) steps+=("Len at 1Mi|^BenchmarkLen\$/./size=1Mi\$|$serial_cpu|$large_count|$benchtime|1") ;;
		Sweep) steps+=("Sweep at 1Mi|^BenchmarkSweep\$/size=1Mi\$|$serial_cpu|$large_count|$sweep_time|1") ;;
		esac
	fi
done

export BENCH_CHURN_LIVE=$live
failed=()
i=0
for step in "${steps[@]}"; do
	i=$((i + 1))
	IFS='|' read -r name pattern scpu scount stime slarge <<<"$step"
	t0=$(date +%s)
	echo "[$i/${#steps[@]}] $name: -cpu $scpu -count $scount -benchtime $stime" >&2
	# Tests run in their package's directory, as under go test. With
	# BENCH_LARGE=0 the 1Mi sizes do not exist, so the 1Mi steps alone
	# run them.
	if ! (cd "$root/bench" && BENCH_LARGE=$slarge "$tmp/bench.test" -test.run '^$' -test.bench "$pattern" \
		-test.benchmem -test.cpu "$scpu" -test.count "$scount" -test.benchtime "$stime") >>"$out"; then
		failed+=("$name")
		echo "[$i/${#steps[@]}] $name FAILED (see $out)" >&2
	fi
	echo "[$i/${#steps[@]}] $name done in $(($(date +%s) - t0))s" >&2
done
echo "bench.sh: $preset preset done in $(($(date +%s) - start))s; results in $out" >&2
if [ ${#failed[@]} -gt 0 ]; then
	echo "bench.sh: failed groups: ${failed[*]}" >&2
	exit 1
fi
