package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/weakstripe/weakstripe/bench/paired"
)

// A ratioRow is one ratio of a run: a target against weakstripe on one
// workload and -cpu, in the group's primary unit (primaryUnit).
type ratioRow struct {
	Bench  string // "LoadHit/keys=1Ki"
	Procs  int
	Target string
	Unit   string
	Ratio  ratio // target / weakstripe, per round
	// Noisy reports that the row failed its A/A control.
	Noisy bool
}

// id names the ratio across runs.
func (r ratioRow) id() string { return fmt.Sprintf("%s -cpu %d %s", r.Bench, r.Procs, r.Target) }

// allRatios returns every ratio of d: each target, the twin included,
// against weakstripe, per workload and -cpu, in file order.
func allRatios(d *dataset) []ratioRow {
	var out []ratioRow
	for _, k := range d.primaryRows() {
		noisy := d.noisy(k)
		for _, t := range d.Targets(k.Group) {
			if t == ours {
				continue
			}
			if r, ok := d.Compare(k.With(t), k); ok {
				out = append(out, ratioRow{benchName(k.Group, k.Config), k.Procs, t, k.Unit, r, noisy})
			}
		}
	}
	return out
}

// maxHalfWidth is the precision a ratio of a full run should reach: the
// half-width of its 95 % interval at most 5 % of its estimate.
const maxHalfWidth = 0.05

// precise counts the ratios of d that the precision figure judges (every
// ratio of allRatios but the A/A twin's, noisy rows included) and those
// whose interval's half-width, (hi - lo) / 2 / estimate, is at most
// maxHalfWidth. An unbounded interval (fewer than 6 rounds) is not.
func precise(d *dataset) (within, judged int) {
	for _, r := range allRatios(d) {
		if paired.IsTwin(r.Target) {
			continue
		}
		judged++
		iv := interval{Center: r.Ratio.Value, Lo: r.Ratio.Lo, Hi: r.Ratio.Hi}
		if iv.HalfWidth() <= maxHalfWidth+1e-12 {
			within++
		}
	}
	return within, judged
}

// writeRatios prints ratio rows as an aligned table.
func writeRatios(w io.Writer, rows []ratioRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "benchmark\tcpu\ttarget\tunit\ttarget/%s\t95%% interval\trounds\tA/A\n", ours)
	for _, r := range rows {
		aa := "ok"
		if r.Noisy {
			aa = "noisy"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t[%s, %s]\t%d\t%s\n", r.Bench, r.Procs, r.Target, r.Unit,
			formatRatio(r.Ratio.Value), formatRatio(r.Ratio.Lo), formatRatio(r.Ratio.Hi), r.Ratio.Rounds, aa)
	}
	return tw.Flush()
}

// An agreement compares the ratios of two runs: how many of the ratios of
// a target (not the twin) against weakstripe present in both lie within
// a tolerance of each other.
type agreement struct {
	Tolerance float64 // 0.10 for 10 %
	// Common and Within count all ratios in both runs, and those that
	// agree; the Clean counts leave out rows noisy in either run.
	Common, Within           int
	CommonClean, WithinClean int
	// Rows and NoisyA, NoisyB count the rows (workload and -cpu) with an
	// A/A control in each run, and those marked noisy.
	RowsA, RowsB, NoisyA, NoisyB int
	// Apart lists the ratios that do not agree, furthest apart first.
	Apart []disagreement
}

// A disagreement is one ratio that two runs measured differently.
type disagreement struct {
	Ratio  string
	A, B   float64
	Factor float64 // max(A/B, B/A)
}

// agree compares the ratios of runs a and b. Two ratios agree when
// neither exceeds the other by more than the tolerance:
// max(a/b, b/a) <= 1 + tolerance.
func agree(a, b *dataset, tolerance float64) agreement {
	ag := agreement{Tolerance: tolerance}
	rowsA, noisyA := aaRows(a)
	rowsB, noisyB := aaRows(b)
	ag.RowsA, ag.NoisyA, ag.RowsB, ag.NoisyB = rowsA, len(noisyA), rowsB, len(noisyB)
	inB := map[string]ratioRow{}
	for _, r := range allRatios(b) {
		inB[r.id()] = r
	}
	for _, ra := range allRatios(a) {
		rb, ok := inB[ra.id()]
		if !ok || paired.IsTwin(ra.Target) || ra.Ratio.Value <= 0 || rb.Ratio.Value <= 0 {
			continue
		}
		f := math.Max(ra.Ratio.Value/rb.Ratio.Value, rb.Ratio.Value/ra.Ratio.Value)
		agree := f <= 1+tolerance+1e-12
		clean := !ra.Noisy && !rb.Noisy
		ag.Common++
		if clean {
			ag.CommonClean++
		}
		if agree {
			ag.Within++
			if clean {
				ag.WithinClean++
			}
		} else {
			ag.Apart = append(ag.Apart, disagreement{ra.id(), ra.Ratio.Value, rb.Ratio.Value, f})
		}
	}
	slices.SortStableFunc(ag.Apart, func(x, y disagreement) int { return cmp.Compare(y.Factor, x.Factor) })
	return ag
}

// aaRows returns how many rows of d have an A/A control, and the rows
// that failed it.
func aaRows(d *dataset) (judged int, noisy []seriesKey) {
	for _, k := range d.primaryRows() {
		if _, bad, ok := d.Noisy(k); ok {
			judged++
			if bad {
				noisy = append(noisy, k)
			}
		}
	}
	return judged, noisy
}

// Write prints the agreement: the figures, then the ratios furthest
// apart (at most max).
func (ag agreement) Write(w io.Writer, nameA, nameB string, max int) error {
	var b strings.Builder
	pct := func(n, of int) string {
		if of == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f %%", 100*float64(n)/float64(of))
	}
	tol := fmt.Sprintf("%g %%", 100*ag.Tolerance)
	fmt.Fprintf(&b, "A: %s\nB: %s\n", nameA, nameB)
	fmt.Fprintf(&b, "ratios of a target against %s in both runs (twin left out): %d\n", ours, ag.Common)
	fmt.Fprintf(&b, "agreeing within %s: %d of %d (%s)\n", tol, ag.Within, ag.Common, pct(ag.Within, ag.Common))
	fmt.Fprintf(&b, "agreeing within %s, rows noisy in either run left out: %d of %d (%s)\n", tol, ag.WithinClean, ag.CommonClean, pct(ag.WithinClean, ag.CommonClean))
	fmt.Fprintf(&b, "rows marked noisy by the A/A control: A %d of %d, B %d of %d\n", ag.NoisyA, ag.RowsA, ag.NoisyB, ag.RowsB)
	for i, d := range ag.Apart {
		if i == max {
			fmt.Fprintf(&b, "  ... and %d more\n", len(ag.Apart)-max)
			break
		}
		if i == 0 {
			b.WriteString("furthest apart:\n")
		}
		fmt.Fprintf(&b, "  %s: %s against %s (%s apart)\n", d.Ratio, formatRatio(d.A), formatRatio(d.B), formatRatio(d.Factor))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
