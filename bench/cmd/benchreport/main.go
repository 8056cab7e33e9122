// Command benchreport prints the tables of a raw run of the weakstripe
// benchmark suite and, on request, writes them into a Markdown file and
// draws SVG plots.
//
// Usage:
//
//	benchreport [-md results/README.md] [-plots results/plots] FILE
//	benchreport -ratios FILE
//	benchreport -agree OLD [-tolerance 0.1] FILE
//
// FILE is go test -bench output, with the header of
// scripts/bench-header.sh. With -md, the generated Markdown replaces what
// lies between the <!-- benchreport:begin --> and <!-- benchreport:end -->
// lines of that file. With -plots, SVG files are written into that
// directory. With -ratios, it prints every ratio of FILE (each target
// against weakstripe, per round, with its interval and the row's A/A
// verdict) instead of the report. With -agree OLD, it prints how many of
// the ratios of OLD and FILE agree within -tolerance (scripts/reproducibility.sh).
// The exit status is 2 for a usage error or a FILE that is missing, empty
// or holds no suite benchmark, 1 for other failures.
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
	ratios := fs.Bool("ratios", false, "print every ratio against weakstripe instead of the report")
	agree := fs.String("agree", "", "print how many ratios of FILE agree with those of the run in `file`")
	tolerance := fs.Float64("tolerance", 0.10, "with -agree: two ratios agree when neither exceeds the other by more than this `fraction`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: benchreport [-md results/README.md] [-plots results/plots] FILE\n       benchreport -ratios FILE\n       benchreport -agree OLD [-tolerance 0.1] FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	d, code := read(fs.Arg(0), stderr)
	if d == nil {
		return code
	}
	switch {
	case *agree != "":
		old, code := read(*agree, stderr)
		if old == nil {
			return code
		}
		if err := report.Agree(old, d, *tolerance).Write(stdout, *agree, fs.Arg(0), 20); err != nil {
			fmt.Fprintln(stderr, "benchreport:", err)
			return 1
		}
		return 0
	case *ratios:
		if err := report.WriteRatios(stdout, report.Ratios(d)); err != nil {
			fmt.Fprintln(stderr, "benchreport:", err)
			return 1
		}
		return 0
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

// read reads a raw run, reporting problems on stderr: it returns nil and
// the exit status when the file cannot be used.
func read(path string, stderr io.Writer) (*report.Data, int) {
	d, err := report.ReadFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "benchreport:", err)
		if errors.Is(err, report.ErrNoBenchmarks) {
			fmt.Fprintln(stderr, "benchreport: run the suite first (scripts/bench.sh) and pass its raw output")
		}
		return nil, 2
	}
	for _, w := range d.Warnings {
		fmt.Fprintln(stderr, "benchreport: warning:", w)
	}
	return d, 0
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
