package gate

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"golang.org/x/perf/benchproc"
)

const usage = `usage: benchgate [flags] OLD NEW

Compares two files of 'go test -bench' output and exits 0 if NEW is no
regression of OLD, 1 if it is, 2 if the input is bad (unreadable file,
no benchmark and unit in common, a unit of -units not in common, fewer
than -min-n samples, bad flags).

A noisy unit (sec/op, B/s, custom) fails when its median is worse by more
than -threshold percent with Mann-Whitney p < -alpha; an exact unit
(allocs/op, or any marked 'Unit <unit> assume=exact') fails when its
median is worse at all. Lower is better for sec/op, B/op and allocs/op,
higher for B/s, and for custom units as 'Unit <unit> better=higher|lower'
says; a unit with no known direction is skipped. Benchmarks are matched by
package and name; cpu and other configuration lines are ignored.

flags:
`

// Run is the benchgate command: it parses args (flags, then OLD and NEW),
// writes the report to stdout and errors to stderr, and returns the exit
// status: 0 pass, 1 regression, 2 bad input.
func Run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchgate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	def := defaultOptions()
	alpha := fs.Float64("alpha", def.Alpha, "significance level of the Mann-Whitney U test, in (0, 1)")
	threshold := fs.Float64("threshold", def.Threshold, "worsening of the median, in `percent`, that a noisy unit must exceed to fail")
	filter := fs.String("filter", "", "keep only results matching this `expression` (benchstat's filter syntax, see\n'go doc golang.org/x/perf/benchproc/syntax'; e.g. '.fullname:/^CompareLoad/'\nor '-/target:strongmap')")
	units := fs.String("units", "", "judge only these comma-separated `units` (ns/op and sec/op are one unit);\nevery one must be measured on both sides")
	minN := fs.Int("min-n", 0, "samples each side needs, `N`; 0 means the fewest with which the U test can\nreach p < alpha (4 at 0.05, 5 at 0.01)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	o := options{Alpha: *alpha, Threshold: *threshold, MinSamples: *minN}
	if *units != "" {
		o.Units = tidyUnits(strings.Split(*units, ","))
	}
	if err := o.check(); err != nil {
		fmt.Fprintf(stderr, "benchgate: %v\n", err)
		return 2
	}
	var f *benchproc.Filter
	if *filter != "" {
		var err error
		if f, err = benchproc.NewFilter(*filter); err != nil {
			fmt.Fprintf(stderr, "benchgate: -filter: %v\n", err)
			return 2
		}
	}
	var sets [2]*set
	for i, path := range fs.Args() {
		s, err := readFile(path, f)
		if err != nil {
			fmt.Fprintf(stderr, "benchgate: %v\n", err)
			return 2
		}
		sets[i] = s
	}
	rep, err := compare(sets[0], sets[1], o)
	if err != nil {
		fmt.Fprintf(stderr, "benchgate: %v\n", err)
		return 2
	}
	if err := rep.write(stdout); err != nil {
		fmt.Fprintf(stderr, "benchgate: writing the report: %v\n", err)
		return 2
	}
	return rep.exitCode()
}
