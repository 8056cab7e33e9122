#!/usr/bin/env bash
# Prints the header that identifies a benchmark run: commit, Go version,
# cpu, the GOMAXPROCS list of the run (-cpu, from $BENCH_CPU) and date, as
# benchfmt configuration lines ("key: value") that benchstat carries along.
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
