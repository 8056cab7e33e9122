package report

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
)

// Run is the benchreport command (bench/cmd/benchreport, whose doc gives
// the usage): it parses args (flags, then FILE), writes the report to
// stdout and errors to stderr, and returns the exit status: 0 done, 1 a
// failure while writing, 2 a usage error or a FILE that cannot be used.
func Run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchreport", flag.ContinueOnError)
	fs.SetOutput(stderr)
	md := fs.String("md", "", "Markdown `file` whose benchreport section to replace")
	readme := fs.String("readme", "", "Markdown `file` whose benchreport:results section to replace with the Results table")
	plots := fs.String("plots", "", "`directory` to write SVG plots into")
	ratiosOnly := fs.Bool("ratios", false, "print every ratio against weakstripe instead of the report")
	agreeOld := fs.String("agree", "", "print how many ratios of FILE agree with those of the run in `file`")
	tolerance := fs.Float64("tolerance", 0.10, "with -agree: two ratios agree when neither exceeds the other by more than this `fraction`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: benchreport [-md results/README.md] [-readme README.md] [-plots results/plots] FILE\n       benchreport -ratios FILE\n       benchreport -agree OLD [-tolerance 0.1] FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	d, code := readRun(fs.Arg(0), stderr)
	if d == nil {
		return code
	}
	var err error
	switch {
	case *agreeOld != "":
		old, code := readRun(*agreeOld, stderr)
		if old == nil {
			return code
		}
		err = agree(stdout, old, d, *agreeOld, fs.Arg(0), *tolerance, 20)
	case *ratiosOnly:
		err = writeRatios(stdout, allRatios(d))
	default:
		err = writeReport(d, stdout, *md, *readme, *plots)
	}
	if err != nil {
		fmt.Fprintln(stderr, "benchreport:", err)
		return 1
	}
	return 0
}

// writeReport prints the report, draws the plots into the directory
// plots, and fills the sections of the Markdown files md and readme; an
// empty name skips that step.
func writeReport(d *dataset, stdout io.Writer, md, readme, plots string) error {
	r := build(d)
	if _, err := fmt.Fprintf(stdout, "%s\n", r.Markdown(nil)); err != nil {
		return err
	}
	var links []string
	if plots != "" {
		files, err := writePlots(d, plots)
		if err != nil {
			return err
		}
		for _, f := range files {
			links = append(links, link(md, f))
		}
	}
	if md != "" {
		if err := updateFile(md, reportMarkers, r.Markdown(links)); err != nil {
			return err
		}
	}
	if readme != "" {
		return updateFile(readme, resultsMarkers, resultsMarkdown(d))
	}
	return nil
}

// readRun reads a raw run, reporting problems on stderr: it returns nil and
// the exit status when the file cannot be used.
func readRun(path string, stderr io.Writer) (*dataset, int) {
	d, err := readFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "benchreport:", err)
		if errors.Is(err, errNoBenchmarks) {
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
