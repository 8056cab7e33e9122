package gate

import (
	"fmt"
	"math"

	"github.com/weakstripe/weakstripe/bench/paired"
	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

// A verdict is the outcome of one comparison.
type verdict int

const (
	// pass: NEW is not worse than OLD by the gate's rules.
	pass verdict = iota
	// fail: NEW is worse than OLD by the gate's rules: a regression.
	fail
	// skip: the comparison was not judged (see comparison.badInput for whether
	// that makes the input bad).
	skip
)

// String returns the verdict as the report prints it.
func (v verdict) String() string {
	switch v {
	case pass:
		return "ok"
	case fail:
		return "FAIL"
	case skip:
		return "SKIP"
	}
	return fmt.Sprintf("Verdict(%d)", int(v))
}

// A comparison judges one benchmark in one unit.
type comparison struct {
	benchmark benchmark
	Unit      string // tidied

	Old, New  []float64 // the samples, sorted once judged
	OldMedian float64
	NewMedian float64
	Judged    bool    // medians and change are known (enough samples)
	Change    float64 // (NewMedian - OldMedian) / |OldMedian|, in percent
	Worse     float64 // Change in the direction that hurts: > 0 is worse
	Exact     bool    // judged as an exact unit
	P         float64 // U test p-value; NaN for exact units and skips
	Better    int     // +1 higher is better, -1 lower is better, 0 unknown
	verdict   verdict
	Reason    string // why, in a few words
	badInput  bool   // not judged for a fault of the input
	Irregular bool   // an exact unit whose values vary within a side
}

// judge fills in the row's statistics and verdict.
func (r *comparison) judge(o options, units benchfmt.UnitMetadataMap) {
	r.P = math.NaN()
	r.Better = paired.Better(units, r.Unit)
	r.Exact = paired.Assumption(units, r.Unit) == benchmath.AssumeExact
	need := o.minSamples()
	if len(r.Old) < need || len(r.New) < need {
		r.verdict, r.badInput = skip, true
		r.Reason = fmt.Sprintf("too few samples (%d+%d, need %d a side)", len(r.Old), len(r.New), need)
		return
	}
	thresholds := &benchmath.Thresholds{CompareAlpha: o.Alpha}
	old := benchmath.NewSample(r.Old, thresholds)
	new := benchmath.NewSample(r.New, thresholds)
	r.Old, r.New = old.Values, new.Values // NewSample sorts them
	// Every unit is judged by its median, benchmath's summary when it
	// assumes nothing; an exact unit's own summary (the mode) would hide
	// a change in a minority of the runs.
	r.OldMedian = benchmath.AssumeNothing.Summary(old, paired.Confidence).Center
	r.NewMedian = benchmath.AssumeNothing.Summary(new, paired.Confidence).Center
	r.Judged = true
	r.Change = change(r.OldMedian, r.NewMedian)
	r.Worse = -float64(r.Better) * r.Change

	if r.Better == 0 {
		r.verdict = skip
		r.Reason = "direction unknown: add a line `Unit " + r.Unit + " better=lower` (or higher)"
		return
	}
	if r.Exact {
		// benchmath warns when an exact unit's values vary within a side.
		r.Irregular = len(benchmath.AssumeExact.Summary(old, 1).Warnings) > 0 ||
			len(benchmath.AssumeExact.Summary(new, 1).Warnings) > 0
		// benchmath's AssumeExact does no test (its P and Alpha are 0):
		// any worsening of the median fails.
		if r.Worse > 0 {
			r.verdict, r.Reason = fail, "exact unit got worse"
		} else {
			r.verdict, r.Reason = pass, "exact unit, not worse"
		}
		if r.Irregular {
			r.Reason += "; values vary within a side, so not exact"
		}
		return
	}
	r.P = benchmath.AssumeNothing.Compare(old, new).P
	switch {
	case r.Worse <= 0:
		r.verdict, r.Reason = pass, "not worse"
	case r.P >= o.Alpha:
		r.verdict, r.Reason = pass, fmt.Sprintf("worse, but p >= %g: not significant", o.Alpha)
	case r.Worse <= o.Threshold:
		r.verdict, r.Reason = pass, fmt.Sprintf("worse, significant, but within %g%%", o.Threshold)
	default:
		r.verdict, r.Reason = fail, fmt.Sprintf("worse by more than %g%% with p < %g", o.Threshold, o.Alpha)
	}
}

// change returns the relative change from old to new in percent: 0 when
// both are 0, and an infinity of new's sign when only old is 0, so that a
// metric leaving zero is worse (or better) by more than any threshold.
func change(old, new float64) float64 {
	switch {
	case old == new:
		return 0
	case old == 0:
		return math.Copysign(math.Inf(1), new)
	}
	return (new - old) / math.Abs(old) * 100
}
