#!/usr/bin/env bash
# Calibrates the performance gate (scripts/gate.sh) on this machine: how
# often it fails when nothing changed (false alarms), and how often it
# catches regressions of known size (weakmap/inject_*.go):
#
#   A/A         the working tree against itself: must pass
#   slowload    -tags weakstripe_slowload, Map.Load about 25 % slower:
#               must fail on LoadHit/keys=1Ki/target=weakstripe sec/op
#   allocstore  -tags weakstripe_allocstore, one more allocation per
#               Map.Store: must fail on Store/keys=1Ki/target=weakstripe
#               allocs/op
#
# usage: scripts/gate-calibrate.sh [AA_RUNS [INJECTED_RUNS]]   (20, 10)
#
# The three binaries are built once; the runs of the three kinds are
# interleaved, so that a machine busier at one time than another weighs on
# all kinds alike. Every GATE_* setting of gate.sh applies to each run.
# Writes a summary and one line per run to $CAL_OUT
# (results/gate-calibration.md) and keeps each run's outputs in
# $CAL_KEEP if set. One gate run takes 30-60 s at the defaults.
set -euo pipefail

die() {
	echo "gate-calibrate.sh: $*" >&2
	exit 2
}

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
aa_runs=${1:-20}
inj_runs=${2:-10}
[[ $aa_runs =~ ^[0-9]+$ && $inj_runs =~ ^[0-9]+$ ]] || die "usage: scripts/gate-calibrate.sh [AA_RUNS [INJECTED_RUNS]]"
report=${CAL_OUT:-results/gate-calibration.md}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
keep=${CAL_KEEP:-$tmp/runs}
mkdir -p "$keep"

echo "gate-calibrate.sh: building the suite plain, with weakstripe_slowload and with weakstripe_allocstore" >&2
. scripts/lib.sh
build_bench . "$tmp/plain.test"
build_bench . "$tmp/slowload.test" weakstripe_slowload
build_bench . "$tmp/allocstore.test" weakstripe_allocstore

# expect KIND: the benchmark and unit that must fail, empty for A/A.
expect() {
	case $1 in
	slowload) echo "LoadHit/keys=1Ki/target=weakstripe sec/op" ;;
	allocstore) echo "Store/keys=1Ki/target=weakstripe allocs/op" ;;
	esac
}

# gate_default NAME prints gate.sh's GATE_DEFAULT_NAME.
gate_default() { sed -n "s/^GATE_DEFAULT_$1=//p" scripts/gate.sh; }

# write_report writes the report of the runs so far: it is rewritten after
# every run, so that an interrupted calibration keeps what it measured.
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain 2>/dev/null)" ] || commit="$commit+dirty"
write_report() {
{
	echo "# Performance gate calibration"
	echo
	echo "Written by scripts/gate-calibrate.sh $aa_runs $inj_runs. Each run is one scripts/gate.sh run"
	echo "(plain binary as OLD; as NEW the same binary for A/A, or a build with an injected regression)."
	echo
	echo "- commit: $commit"
	echo "- go: $(go env GOVERSION)"
	echo "- cpu: ${cpu:-unknown} ($(nproc) cores)"
	echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "- rounds (GATE_ROUNDS): ${GATE_ROUNDS:-$(gate_default ROUNDS)}; benchtime (GATE_BENCHTIME): ${GATE_BENCHTIME:-$(gate_default BENCHTIME)}; -cpu (GATE_CPU): ${GATE_CPU:-1}"
	echo "- benchgate: ${settings:-unknown}; units: ${GATE_UNITS:-$(gate_default UNITS)}"
	total=$(($(date +%s) - start))
	echo "- total time: ${total}s for $n runs ($((n > 0 ? total / n : 0))s a run)"
	echo
	echo "| kind | runs | failed (false alarms for A/A, caught otherwise) | errors |"
	echo "|---|---|---|---|"
	echo "| A/A | ${ran[A/A]} | $aa_false | $aa_err |"
	echo "| slowload (Load +25 %) | ${ran[slowload]} | ${caught[slowload]} | ${errs[slowload]} |"
	echo "| allocstore (Store +1 alloc) | ${ran[allocstore]} | ${caught[allocstore]} | ${errs[allocstore]} |"
	echo
	echo "Per run: for A/A, the largest worsening of a noisy unit; for an injection, the row that must fail."
	echo
	echo "| run | kind | exit | s | outcome | row | failed rows |"
	echo "|---|---|---|---|---|---|---|"
	printf '%s\n' "${lines[@]}"
} >"$report"
}

# One line per run: n, kind, exit status, seconds, outcome, the expected
# row's change and p (or, for A/A, the largest worsening of a noisy unit),
# and the rows that failed.
lines=()
n=0
aa_false=0 aa_err=0
declare -A caught=([slowload]=0 [allocstore]=0) errs=([slowload]=0 [allocstore]=0) ran=([A/A]=0 [slowload]=0 [allocstore]=0)
start=$(date +%s)
most=$((aa_runs > inj_runs ? aa_runs : inj_runs))
for i in $(seq 1 "$most"); do
	kinds=()
	[ "$i" -le "$aa_runs" ] && kinds+=(A/A)
	[ "$i" -le "$inj_runs" ] && kinds+=(slowload allocstore)
	for kind in "${kinds[@]}"; do
		n=$((n + 1))
		bin=$tmp/plain.test
		[ "$kind" != A/A ] && bin=$tmp/$kind.test
		dir=$keep/$n-${kind//\//}
		echo "gate-calibrate.sh: run $n: $kind" >&2
		t0=$(date +%s)
		code=0
		GATE_OLD_BIN=$tmp/plain.test GATE_NEW_BIN=$bin GATE_OUT=$dir \
			scripts/gate.sh >/dev/null 2>"$dir.log" || code=$?
		secs=$(($(date +%s) - t0))
		[ -f "$dir/report.txt" ] || : >"$dir/report.txt"
		[ -n "${settings:-}" ] || settings=$(sed -n 's/^benchgate: .*(\(alpha .*\))$/\1/p' "$dir/report.txt")
		failed=$(awk '$1 == "FAIL" { printf "%s%s %s %s", sep, $2, $3, $6; sep = "; " }' "$dir/report.txt")
		want=$(expect "$kind")
		if [ -z "$want" ]; then
			detail=$(awk '$1 == "ok" || $1 == "FAIL" { if ($7 != "exact") { c = $6; sub(/%/, "", c); if (c + 0 > worst + 0 || w == "") { worst = c; w = $2 " " $3 " " $6 " p=" $7 } } } END { print w }' "$dir/report.txt")
			case $code in
			0) outcome=pass ;;
			1) outcome="FALSE ALARM" aa_false=$((aa_false + 1)) ;;
			*) outcome="error ($code)" aa_err=$((aa_err + 1)) ;;
			esac
		else
			detail=$(awk -v b="${want% *}" -v u="${want#* }" '$2 == b && $3 == u { print $1 " " $6 " p=" $7 }' "$dir/report.txt")
			if [ "$code" -eq 1 ] && [[ $detail == FAIL* ]]; then
				outcome=caught caught[$kind]=$((caught[$kind] + 1))
			elif [ "$code" -le 1 ]; then
				outcome=MISSED
			else
				outcome="error ($code)" errs[$kind]=$((errs[$kind] + 1))
			fi
		fi
		lines+=("| $n | $kind | $code | $secs | $outcome | ${detail:--} | ${failed:--} |")
		ran[$kind]=$((ran[$kind] + 1))
		write_report
	done
done
write_report
echo "gate-calibrate.sh: wrote $report" >&2
cat "$report"
