#!/usr/bin/env bash
# Checks that importing the library pulls none of the benchmark suite's
# modules into a user's build: a fresh module that imports weakmap (with a
# replace to this tree) must list no module that only bench/go.mod needs
# in its `go mod graph`. The suite is a module of its own for this reason.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$root/bench/go.mod" ] || { echo "check-deps: FAIL: bench/go.mod is missing: the suite is not a module of its own" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
cat >go.mod <<MOD
module example.com/user

go 1.26

require github.com/weakstripe/weakstripe v0.0.0

replace github.com/weakstripe/weakstripe => $root
MOD
cat >main.go <<'SRC'
package main

import "github.com/weakstripe/weakstripe/weakmap"

func main() { _ = weakmap.New[string, int]() }
SRC
go mod tidy >/dev/null 2>&1 || { go mod tidy; exit 1; }
go build ./... || exit 1
graph=$(go mod graph)

# The suite's own requirements, less those the library's tests share.
lib=$(cd "$root" && go list -m -f '{{.Path}}' all)
suite=$(cd "$root/bench" && go list -m -f '{{.Path}}' all)
bad=0
checked=0
for m in $suite; do
	grep -qxF "$m" <<<"$lib" && continue
	checked=$((checked + 1))
	if grep -qE "(^| )$m@" <<<"$graph"; then
		echo "check-deps: FAIL: importing weakmap pulls in $m, a module of the benchmark suite" >&2
		bad=1
	fi
done
[ "$checked" -gt 0 ] || { echo "check-deps: FAIL: found no module of the suite to check" >&2; exit 1; }
[ "$bad" -eq 0 ] || exit 1
echo "check-deps: ok: a module importing weakmap lists $(wc -l <<<"$graph") graph edges and none of the suite's $checked modules"
