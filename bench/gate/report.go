package gate

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"golang.org/x/perf/benchunit"
)

// write prints the report: one line per comparison with its verdict,
// then the benchmarks found on one side only, warnings, problems, and a
// last line with the outcome.
func (r *report) write(w io.Writer) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "verdict\tbenchmark\tunit\told\tnew\tchange\tp\tn\twhy")
	withPkg := manyPackages(r.Rows)
	for _, row := range r.Rows {
		oldS, newS, changeS, pS := "-", "-", "-", "-"
		if row.Judged {
			sc := benchunit.CommonScale([]float64{row.OldMedian, row.NewMedian}, benchunit.ClassOf(row.Unit))
			oldS, newS = sc.Format(row.OldMedian), sc.Format(row.NewMedian)
			changeS = formatChange(row.Change)
		}
		switch {
		case row.Exact && row.Judged:
			pS = "exact"
		case !math.IsNaN(row.P):
			pS = fmt.Sprintf("%.2g", row.P)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d+%d\t%s\n",
			row.verdict, row.benchmark.display(withPkg), row.Unit, oldS, newS, changeS, pS,
			len(row.Old), len(row.New), row.Reason)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, bm := range r.OnlyOld {
		fmt.Fprintf(&b, "not compared, in OLD only: %s\n", bm.display(withPkg))
	}
	for _, bm := range r.OnlyNew {
		fmt.Fprintf(&b, "not compared, in NEW only: %s\n", bm.display(withPkg))
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", warn)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "bad input: %s\n", p)
	}
	fmt.Fprintln(&b, r.summary())
	_, err := io.WriteString(w, b.String())
	return err
}

// summary is the report's last line.
func (r *report) summary() string {
	settings := fmt.Sprintf("alpha %g, threshold %g%%, at least %d samples a side",
		r.options.Alpha, r.options.Threshold, r.options.minSamples())
	fails := r.failures()
	switch {
	case r.badInput():
		return fmt.Sprintf("benchgate: BAD INPUT (exit 2): %d of %d comparisons failed, some could not be made (%s)", fails, len(r.Rows), settings)
	case fails > 0:
		return fmt.Sprintf("benchgate: FAIL (exit 1): %d of %d comparisons regressed (%s)", fails, len(r.Rows), settings)
	}
	return fmt.Sprintf("benchgate: ok (exit 0): no regression in %d comparisons (%s)", len(r.Rows), settings)
}

// formatChange prints a change in percent with its sign.
func formatChange(c float64) string {
	if math.IsInf(c, 0) {
		if c > 0 {
			return "+Inf%"
		}
		return "-Inf%"
	}
	return fmt.Sprintf("%+.1f%%", c)
}

// manyPackages reports whether the rows come from more than one package,
// in which case names alone are ambiguous.
func manyPackages(rows []comparison) bool {
	for _, row := range rows {
		if row.benchmark.Pkg != rows[0].benchmark.Pkg {
			return true
		}
	}
	return false
}

// display returns the benchmark's name, after its package if withPkg.
func (b benchmark) display(withPkg bool) string {
	if withPkg && b.Pkg != "" {
		return b.Pkg + "." + b.Name
	}
	return b.Name
}
