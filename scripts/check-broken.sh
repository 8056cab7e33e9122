#!/usr/bin/env bash
# Checks that the correctness checkers can fail: builds weakmap with
# -tags weakstripe_broken, in which sweeps now and then remove a live entry
# (weakmap/broken_on.go), and runs
#
#   1. the linearizability tests (TestLinMap, TestLinKeyMap), which must
#      fail with porcupine's verdict "is not linearizable (porcupine:
#      Illegal)" for both Map and KeyMap;
#   2. the fuzz targets on their seed corpus (FuzzMap, FuzzKeyMap, no
#      fuzzing), which must both fail.
#
# Exits 0 if every run failed as it must, 1 if any passed or failed for
# another reason (a build error, say), printing the run's output then.
#
# usage: scripts/check-broken.sh
set -uo pipefail
cd "$(dirname "$0")/.."
GO="${GO:-go}"
status=0

out="$("$GO" test -count=1 -tags weakstripe_broken -run '^TestLin' ./weakmap 2>&1)"
rc=$?
for kind in Map KeyMap; do
	if [ "$rc" -eq 0 ]; then
		echo "check-broken: FAIL: the linearizability tests passed on a map that drops live entries"
		status=1
		break
	elif grep -q "^ *lin_.*: $kind: history .* is not linearizable (porcupine: Illegal)" <<<"$out"; then
		echo "check-broken: ok: $kind: $(grep -o "linearizability: $kind: [0-9]* of [0-9]* histories not linearizable" <<<"$out")"
	else
		echo "check-broken: FAIL: the linearizability tests did not report a non-linearizable $kind history"
		status=1
	fi
done
[ "$status" -eq 0 ] || printf '%s\n' "$out"

out="$("$GO" test -count=1 -tags weakstripe_broken -run '^Fuzz' ./weakmap 2>&1)"
rc=$?
for target in FuzzMap FuzzKeyMap; do
	if [ "$rc" -ne 0 ] && grep -q -- "--- FAIL: $target/" <<<"$out"; then
		echo "check-broken: ok: $target: $(grep -c -- "--- FAIL: $target/" <<<"$out") seed inputs fail"
	else
		echo "check-broken: FAIL: $target passed its seed corpus on a map that drops live entries"
		status=1
		printf '%s\n' "$out"
	fi
done
exit "$status"
