#!/usr/bin/env bash
# Runs the tests of every package as arm64 binaries under user-mode
# emulation. arm64 has 128-byte cache lines and a weaker memory model than
# amd64: code that is only right under amd64's ordering, or that assumes
# 64-byte lines, fails here first.
#
# usage: scripts/arm64-test.sh [test binary flags, e.g. -test.short -test.run X]
#
# Each package's test binary is cross-compiled with GOARCH=arm64 (static,
# so the emulator needs no arm64 system libraries) and run by qemu-aarch64
# from the package's directory, as go test runs it, since tests read files
# relative to it. All tests run, without -race: the race detector needs cgo
# and a native toolchain, which a cross-compiled binary does not have.
# Emulation makes the tests some 5 to 20 times slower; the whole run takes
# about a minute on 2 cores.
#
# The emulator is $QEMU_AARCH64 if set, else qemu-aarch64, else
# qemu-aarch64-static. Without one, scripts/need.sh installs qemu-user
# (Debian and Ubuntu, as root or with passwordless sudo); if it cannot,
# the script prints a notice naming the command that installs it and exits
# 0 without running anything, except under CI=true, where it fails: CI
# never skips. It exits non-zero if a build or any package's tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}

qemu=${QEMU_AARCH64:-}
if [ -n "$qemu" ]; then
	if ! command -v "$qemu" >/dev/null 2>&1; then
		echo "arm64-test: QEMU_AARCH64=$qemu not found" >&2
		exit 1
	fi
else
	status=0
	qemu=$(scripts/need.sh "the arm64 tests (scripts/arm64-test.sh)" "qemu-user qemu-user-static" \
		qemu-aarch64 qemu-aarch64-static) || status=$?
	case $status in
	0) ;;
	1) exit 0 ;; # skipped, with a notice
	*) exit 1 ;;
	esac
fi

bins=$(mktemp -d)
trap 'rm -rf "$bins"' EXIT

# Packages that have tests, as "import path<TAB>directory".
pkgs=$("$GO" list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{"\t"}}{{.Dir}}{{end}}' ./...)
if [ -z "$pkgs" ]; then
	echo "arm64-test: no package with tests found" >&2
	exit 1
fi

echo "arm64-test: $("$qemu" --version | head -n 1), $("$GO" env GOVERSION)"
failed=0
start_all=$(date +%s)
while IFS=$'\t' read -r pkg dir; do
	bin="$bins/$(echo "$pkg" | tr '/.' '__').test"
	if ! GOARCH=arm64 "$GO" test -c -o "$bin" "$pkg"; then
		echo "FAIL	$pkg [arm64 build failed]"
		failed=1
		continue
	fi
	start=$(date +%s)
	if (cd "$dir" && WEAKSTRIPE_EXEC_WRAPPER="$qemu" "$qemu" "$bin" -test.count=1 -test.timeout=10m "$@"); then
		echo "ok  	$pkg	$(($(date +%s) - start))s (arm64, $qemu)"
	else
		echo "FAIL	$pkg	$(($(date +%s) - start))s (arm64, $qemu)"
		failed=1
	fi
done <<<"$pkgs"
echo "arm64-test: $(($(date +%s) - start_all))s in all"
exit "$failed"
