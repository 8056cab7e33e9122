// Command benchreport prints the tables of a raw run of the weakstripe
// benchmark suite as Markdown and, on request, writes them into a
// Markdown file and draws SVG plots.
//
// Usage:
//
//	benchreport [-md results/README.md] [-readme README.md] [-plots results/plots] FILE
//	benchreport -ratios FILE
//	benchreport -agree OLD [-tolerance 0.1] FILE
//
// FILE is go test -bench output, with the header of
// scripts/bench-header.sh. With -md, the generated Markdown replaces what
// lies between the <!-- benchreport:begin --> and <!-- benchreport:end -->
// lines of that file. With -readme, a table of each competitor's time per
// op against weakstripe's on the main workloads, with 95 % intervals,
// replaces what lies between the <!-- benchreport:results:begin --> and
// <!-- benchreport:results:end --> lines of that file (the repository's
// README). With -plots, SVG files are written into that
// directory. With -ratios, it prints every ratio of FILE (each target
// against weakstripe, per round, with its interval and the row's A/A
// verdict) instead of the report. With -agree OLD, it prints how many of
// the ratios of OLD and FILE agree within -tolerance (scripts/reproducibility.sh),
// and how much weakstripe's own time per op moved from OLD to FILE, with a
// warning beyond 1.2x either way: the machine changed speed between them.
// The exit status is 2 for a usage error or a FILE that is missing, empty
// or holds no suite benchmark, 1 for other failures.
package main

import (
	"os"

	"github.com/weakstripe/weakstripe/bench/report"
)

func main() { os.Exit(report.Run(os.Args[1:], os.Stdout, os.Stderr)) }
