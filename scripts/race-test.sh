#!/usr/bin/env bash
# Runs go test -race -count=1 with the given arguments. The race detector
# needs cgo, so a C compiler (go env CC, gcc by default): scripts/need.sh
# installs one when it can; when it cannot, the tests run without -race
# and the missing race detector is reported as a skipped step (a failure
# under CI=true).
#
# usage: scripts/race-test.sh [go test arguments, e.g. ./...]
set -uo pipefail
GO=${GO:-go}
cc=$("$GO" env CC)
cc=${cc%% *} # the command, without any flags
cc=${cc:-gcc}
"$(dirname "$0")/need.sh" "the race detector (go test -race needs a C compiler; the tests ran without it)" "gcc" "$cc" >/dev/null
case $? in
0) exec "$GO" test -race -count=1 "$@" ;;
1) exec "$GO" test -count=1 "$@" ;;
*) exit 1 ;;
esac
