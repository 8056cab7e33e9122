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

// agree prints how many of the ratios of a target (not the twin) against
// weakstripe present in runs a and b agree, in every row and in rows
// quiet in both runs, how many rows each run marked noisy, then the
// ratios furthest apart, at most max of them. Two ratios agree when
// neither exceeds the other by more than the tolerance: max(a/b, b/a) <=
// 1 + tolerance.
func agree(w io.Writer, a, b *dataset, nameA, nameB string, tolerance float64, max int) error {
	type apart struct {
		id      string
		a, b, f float64
	}
	var common, within, commonClean, withinClean int
	var far []apart
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
		agrees, clean := f <= 1+tolerance+1e-12, !ra.Noisy && !rb.Noisy
		common++
		if clean {
			commonClean++
		}
		if !agrees {
			far = append(far, apart{ra.id(), ra.Ratio.Value, rb.Ratio.Value, f})
			continue
		}
		within++
		if clean {
			withinClean++
		}
	}
	slices.SortStableFunc(far, func(x, y apart) int { return cmp.Compare(y.f, x.f) })
	rowsA, noisyA := aaRows(a)
	rowsB, noisyB := aaRows(b)
	var s strings.Builder
	pct := func(n, of int) string {
		if of == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f %%", 100*float64(n)/float64(of))
	}
	tol := fmt.Sprintf("%g %%", 100*tolerance)
	fmt.Fprintf(&s, "A: %s\nB: %s\n", nameA, nameB)
	fmt.Fprintf(&s, "ratios of a target against %s in both runs (twin left out): %d\n", ours, common)
	fmt.Fprintf(&s, "agreeing within %s: %d of %d (%s)\n", tol, within, common, pct(within, common))
	fmt.Fprintf(&s, "agreeing within %s, rows noisy in either run left out: %d of %d (%s)\n", tol, withinClean, commonClean, pct(withinClean, commonClean))
	fmt.Fprintf(&s, "rows marked noisy by the A/A control: A %d of %d, B %d of %d\n", len(noisyA), rowsA, len(noisyB), rowsB)
	if speed, n := speedChange(a, b); n > 0 {
		fmt.Fprintf(&s, "%s's time per op, B over A (geometric mean of %d rows): %s\n", ours, n, formatRatio(speed))
		if speed > maxSpeedChange || speed < 1/maxSpeedChange {
			fmt.Fprintf(&s, "warning: the machine ran B at another speed than A; competitors that answer a change of speed unlike %s move their ratios, and the A/A control cannot see it (compare a pair of runs at one speed)\n", ours)
		}
	}
	for i, d := range far {
		if i == max {
			fmt.Fprintf(&s, "  ... and %d more\n", len(far)-max)
			break
		}
		if i == 0 {
			s.WriteString("furthest apart:\n")
		}
		fmt.Fprintf(&s, "  %s: %s against %s (%s apart)\n", d.id, formatRatio(d.a), formatRatio(d.b), formatRatio(d.f))
	}
	_, err := io.WriteString(w, s.String())
	return err
}

// maxSpeedChange is how far weakstripe's own time may move between two
// runs before agree warns that the machine changed speed: on the 2-core
// machine the suite was built on, a pair whose second run was 1.6 times
// faster missed the reproducibility target, and the pair after it, at
// one speed, met it (results/README.md, "Reproducibility").
const maxSpeedChange = 1.2

// speedChange returns the geometric mean, over the ns/op rows both runs
// measured, of weakstripe's median time per op in b over a, and how many
// rows it covers: how much slower (above 1) the machine ran b. Ratios
// within a run cancel such a change; ratios compared across runs do not
// always, since targets do not all slow down alike.
func speedChange(a, b *dataset) (float64, int) {
	var sum float64
	n := 0
	for _, k := range a.primaryRows() {
		if k.Unit != "ns/op" {
			continue
		}
		sa, okA := a.Summary(k)
		sb, okB := b.Summary(k)
		if !okA || !okB || sa.Center <= 0 || sb.Center <= 0 {
			continue
		}
		sum += math.Log(sb.Center / sa.Center)
		n++
	}
	if n == 0 {
		return 1, 0
	}
	return math.Exp(sum / float64(n)), n
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
