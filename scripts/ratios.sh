#!/usr/bin/env bash
# Prints every ratio of a raw run of the suite's round runner (make
# bench, make bench-compare): each target's value over weakstripe's, in
# the group's unit, as the Hodges-Lehmann estimate of the per-round ratios with its 95 %
# interval, the number of rounds, and the row's A/A verdict. The
# measurement core, bench/paired, computes them; so do the report and
# the gate's reader.
#
# usage: scripts/ratios.sh FILE
set -euo pipefail
f=${1:?usage: ratios.sh FILE}
f=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")
. "$(dirname "$0")/lib.sh"
bench_go run ./cmd/benchreport -ratios "$f"
