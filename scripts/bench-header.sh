#!/usr/bin/env bash
# Prints the header that identifies a benchmark run: commit, Go version,
# cpu, the GOMAXPROCS list of the run (-cpu, from $BENCH_CPU) and date, as
# benchfmt configuration lines ("key: value") that benchstat carries along;
# the suite's settings when scripts/bench.sh passes them ($BENCH_PRESET,
# $BENCH_COUNT, $BENCH_TIME, $BENCH_CHURN_LIVE, $BENCH_CHURN_TIME); and the
# benchfmt Unit lines that tell tools which way the suite's own metrics are
# better.
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
	echo "bench-count: ${BENCH_COUNT:-}"
	echo "bench-time: ${BENCH_TIME:-}"
	echo "bench-churn-live: ${BENCH_CHURN_LIVE:-}"
	echo "bench-churn-time: ${BENCH_CHURN_TIME:-}"
fi
cat <<'UNITS'
Unit raw/live better=lower
Unit retained-B/live better=lower
Unit p50-ns better=lower
Unit p99-ns better=lower
Unit p99.9-ns better=lower
Unit ns/entry better=lower
Unit allocs/op assume=exact
Unit B/op assume=exact
UNITS
