// Command benchreport prints the tables of a raw run of the weakstripe
// benchmark suite and, on request, writes them into a Markdown file and
// draws SVG plots.
//
// Usage:
//
//	benchreport [-md results/README.md] [-plots results/plots] FILE
//
// FILE is go test -bench output, with the header of
// scripts/bench-header.sh. With -md, the generated Markdown replaces what
// lies between the <!-- benchreport:begin --> and <!-- benchreport:end -->
// lines of that file. With -plots, SVG files are written into that
// directory. The exit status is 2 for a usage error or a FILE that is
// missing, empty or holds no suite benchmark, 1 for other failures.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/weakstripe/weakstripe/bench/report"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command with its arguments and streams, returning the exit
// status, so that tests can drive it.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchreport", flag.ContinueOnError)
	fs.SetOutput(stderr)
	md := fs.String("md", "", "Markdown `file` whose benchreport section to replace")
	plots := fs.String("plots", "", "`directory` to write SVG plots into")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: benchreport [-md results/README.md] [-plots results/plots] FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	d, err := report.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "benchreport:", err)
		if errors.Is(err, report.ErrNoBenchmarks) {
			fmt.Fprintln(stderr, "benchreport: run the suite first (scripts/bench.sh) and pass its raw output")
		}
		return 2
	}
	for _, w := range d.Warnings {
		fmt.Fprintln(stderr, "benchreport: warning:", w)
	}
	r := report.Build(d)
	if err := r.WriteText(stdout); err != nil {
		fmt.Fprintln(stderr, "benchreport:", err)
		return 1
	}
	var links []string
	if *plots != "" {
		files, err := report.WritePlots(d, *plots)
		if err != nil {
			fmt.Fprintln(stderr, "benchreport:", err)
			return 1
		}
		for _, f := range files {
			links = append(links, link(*md, f))
		}
	}
	if *md != "" {
		if err := report.UpdateFile(*md, r.Markdown(links)); err != nil {
			fmt.Fprintln(stderr, "benchreport:", err)
			return 1
		}
	}
	return 0
}

// link returns the path of a plot as the Markdown file at md should
// refer to it: relative to md's directory, with forward slashes.
func link(md, file string) string {
	if md == "" {
		return filepath.ToSlash(file)
	}
	rel, err := filepath.Rel(filepath.Dir(md), file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(rel)
}
