package paired

import (
	"slices"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

// Better returns +1 if higher values of unit are better, -1 if lower ones
// are, 0 if unknown: the `Unit <unit> better=higher|lower` line of meta
// (scripts/bench-header.sh writes one for each of the suite's own
// metrics), else benchfmt's built-in defaults (time and allocation lower,
// MB/s higher). It is the one table of directions of the report and the
// gate.
func Better(meta benchfmt.UnitMetadataMap, unit string) int {
	return meta.GetBetter(unit)
}

// Assumption returns how the values of unit are distributed: as a
// `Unit <unit> assume=` line of meta says, else exact for allocs/op, else
// nothing (benchmath's median and U test).
//
// B/op is not exact by default although it looks it: the testing package
// divides the bytes allocated in the whole timed loop by b.N, so one-off
// allocations inside it (weak handles made on first use, a table that
// grows, RunParallel's goroutines) change B/op with b.N, which changes
// with the machine's speed. allocs/op has the same cause but rounds down
// to a whole number, which hides a fraction of an allocation per op.
func Assumption(meta benchfmt.UnitMetadataMap, unit string) benchmath.Assumption {
	if m := meta.Get(unit, "assume"); m != nil {
		return meta.GetAssumption(unit)
	}
	if unit == "allocs/op" {
		return benchmath.AssumeExact
	}
	return benchmath.AssumeNothing
}

// Summarize summarises values in unit by benchmath under the unit's
// Assumption: the median (or, for an exact unit, the mode) and the 95 %
// interval, with benchmath's warnings (too few values for an interval,
// an exact unit whose values vary).
func Summarize(meta benchfmt.UnitMetadataMap, unit string, values []float64) (Interval, []error, bool) {
	if len(values) == 0 {
		return Interval{}, nil, false
	}
	s := benchmath.NewSample(slices.Clone(values), &benchmath.DefaultThresholds)
	sum := Assumption(meta, unit).Summary(s, Confidence)
	iv := Interval{Center: sum.Center, Lo: sum.Lo, Hi: sum.Hi, N: len(values), Confidence: sum.Confidence}
	return iv, sum.Warnings, true
}

// Better returns the direction of unit in f: see the function Better.
func (f *File) Better(unit string) int { return Better(f.Meta, unit) }

// Summary returns the summary of k's values under its unit's Assumption
// (see Summarize), and false if k was not measured.
func (f *File) Summary(k Key) (Interval, bool) {
	iv, _, ok := Summarize(f.Meta, k.Unit, f.samples[k])
	return iv, ok
}
