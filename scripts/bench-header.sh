#!/usr/bin/env bash
# Prints the header that identifies a benchmark run: commit, Go version,
# cpu, the GOMAXPROCS list of the run (-cpu, from $BENCH_CPU) and date, as
# benchfmt configuration lines ("key: value") that benchstat carries along;
# the suite's settings when scripts/bench.sh passes them ($BENCH_PRESET,
# $BENCH_PROCS, $BENCH_BUDGET, $BENCH_MIN_ROUNDS, $BENCH_ROUNDS, $BENCH_TIME,
# $BENCH_CHURN_LIVE, $BENCH_GC_BETWEEN, $BENCH_REMAKE); and the
# benchfmt Unit lines that tell tools which way the suite's own metrics are
# better and how to treat them.
#
# The report and the gate take every direction from these lines (and
# benchfmt's defaults), by bench/paired/units.go, whose defaults they
# agree with: allocs/op is
# exact (a whole number per op, which does not vary for code whose
# allocations do not); B/op is not, because one-off allocations in a
# timed loop (weak handles made on first use, a table that grows) make it
# vary with b.N, so it is judged as a noisy unit.
set -euo pipefail
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then commit="$commit+dirty"; fi
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)
echo "commit: $commit"
echo "go-version: $(go env GOVERSION)"
echo "cpu-model: ${cpu:-unknown}"
echo "cores: $(nproc 2>/dev/null || echo unknown)"
echo "gomaxprocs: ${BENCH_CPU:-$(nproc 2>/dev/null || echo unknown)}"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
if [ -n "${BENCH_PRESET:-}" ]; then
	echo "bench-preset: $BENCH_PRESET"
	echo "bench-procs: ${BENCH_PROCS:-}"
	echo "bench-budget: ${BENCH_BUDGET:-}"
	echo "bench-rounds: ${BENCH_MIN_ROUNDS:-}-${BENCH_ROUNDS:-}"
	echo "bench-time: ${BENCH_TIME:-}"
	echo "bench-churn-live: ${BENCH_CHURN_LIVE:-}"
	echo "bench-gc-between: ${BENCH_GC_BETWEEN:-}"
	echo "bench-remake: ${BENCH_REMAKE:-}"
fi
cat <<'UNITS'
Unit raw/live better=lower
Unit retained-B/live better=lower
Unit p50-ns better=lower
Unit p99-ns better=lower
Unit p99.9-ns better=lower
Unit ns/entry better=lower
Unit allocs/op assume=exact
Unit B/op assume=nothing
UNITS
