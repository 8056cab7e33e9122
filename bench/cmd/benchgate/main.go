// Command benchgate is the performance gate: it compares two files of
// `go test -bench` output and exits 0 if NEW is no regression of OLD, 1 if
// it is, 2 if the input is bad. See package gate for the rules and
// scripts/gate.sh for producing the two files.
//
// usage: benchgate [-alpha A] [-threshold X] [-filter F] [-units U] [-min-n N] OLD NEW
//
// Build it (go build ./bench/cmd/benchgate) where the exit status matters:
// `go run` reports every failure of the program it runs as status 1, so 2
// (bad input) would read as 1 (a regression).
package main

import (
	"os"

	"github.com/weakstripe/weakstripe/bench/gate"
)

func main() { os.Exit(gate.Run(os.Args[1:], os.Stdout, os.Stderr)) }
