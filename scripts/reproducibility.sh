#!/usr/bin/env bash
# Do two runs of the suite agree? Prints how many of the ratios of a
# target against weakstripe (each the Hodges-Lehmann estimate of its per-round ratios)
# present in both raw files agree within 10 %: neither exceeds the other
# by more than REPRO_TOLERANCE (0.10). The twin, weakstripe's A/A control,
# is left out of the count; the rows that the A/A rule marked noisy in
# each run are counted, and the figure is also given without them. It also
# prints how much weakstripe's own time moved between the runs, and warns
# when the machine ran them at speeds more than 1.2x apart.
#
# usage: scripts/reproducibility.sh OLD NEW    (make reproducibility OLD=... NEW=...)
#
# The acceptance test of the suite: two consecutive `make bench` runs,
#   make bench && cp results/latest.txt /tmp/a.txt
#   make bench && scripts/reproducibility.sh /tmp/a.txt results/latest.txt
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: scripts/reproducibility.sh OLD NEW" >&2; exit 2; }
old=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
new=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
. "$(dirname "$0")/lib.sh"
bench_go run ./cmd/benchreport -agree "$old" -tolerance "${REPRO_TOLERANCE:-0.10}" "$new"
