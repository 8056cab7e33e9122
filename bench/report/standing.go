package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/weakstripe/weakstripe/bench/paired"
)

// maxNamed is how many noisy rows the A/A sentence names; the rest are
// counted.
const maxNamed = 5

// standing returns a paragraph on the precision of the run's ratios
// (precise), one on its A/A controls, then for each competitor measured a
// paragraph on where weakstripe stands against it group by group
// (geometric mean of the ratios over the group's configs, per -cpu).
// Rows that failed their A/A control are left out of the competitor
// paragraphs, and the A/A paragraph says how many; so is Len, whose
// answers differ in kind between targets (lenTables compares them). Where
// weakstripe loses a workload, the tables say: the sentences do not repeat
// their cells.
func standing(d *dataset) []paragraph {
	var out []paragraph
	if within, judged := precise(d); judged > 0 {
		out = append(out, paragraph{Title: "Precision", Sentences: []string{fmt.Sprintf(
			"Interval half-widths: %d of %d ratios (%.1f %%) within ±%.0f %%. The ratios are those of every target but %s against %s, per workload and -cpu, in the group's unit, noisy rows included; a half-width is (hi - lo) / 2 / estimate of the ratio's 95 %% interval, unbounded below 6 rounds.",
			within, judged, 100*float64(within)/float64(judged), 100*maxHalfWidth, twin, ours)}})
	}
	if p := noiseParagraph(d); len(p.Sentences) > 0 {
		out = append(out, p)
	}
	for _, comp := range competitors {
		p := paragraph{Title: "Against " + comp}
		for _, g := range d.Groups() {
			if g == lenGroup {
				continue
			}
			unit := primaryUnit(d, g)
			var perProcs []string
			workloads := 0
			for _, procs := range d.Procs() {
				var rs []ratio
				for _, c := range d.Configs(g) {
					k := key(g, c, ours, procs, unit)
					r, ok := d.Compare(k, k.With(comp))
					if !ok || d.noisy(k) {
						continue
					}
					rs = append(rs, r)
				}
				if len(rs) == 0 {
					continue
				}
				workloads = max(workloads, len(rs))
				gm := geomean(rs)
				what := ""
				if len(perProcs) == 0 {
					what = fmt.Sprintf("%s/%s %s ", comp, ours, noun(unit))
				}
				perProcs = append(perProcs, fmt.Sprintf("%s%s at -cpu %d (%s %s)", what, formatRatio(1/gm.Value), procs, ours, gm.Verdict()))
			}
			if len(perProcs) == 0 {
				continue
			}
			label := g
			if workloads > 1 {
				label += fmt.Sprintf(" (geometric mean over %d workloads)", workloads)
			}
			p.Sentences = append(p.Sentences, fmt.Sprintf("%s: %s.", label, strings.Join(perProcs, ", ")))
		}
		if len(p.Sentences) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// noiseParagraph counts the rows measured against their A/A control and
// those that failed it, and names the latter.
func noiseParagraph(d *dataset) paragraph {
	p := paragraph{Title: "A/A controls"}
	judged, keys := aaRows(d)
	var noisy []string
	for _, k := range keys {
		noisy = append(noisy, fmt.Sprintf("%s at -cpu %d", benchName(k.Group, k.Config), k.Procs))
	}
	if judged == 0 {
		return p
	}
	s := fmt.Sprintf("%d of %d rows failed their A/A control (%s / %s outside [%.2f, %.2f]) and are left out of these sentences", len(noisy), judged, twin, ours, paired.NoisyLo, paired.NoisyHi)
	if len(noisy) > maxNamed {
		noisy = append(noisy[:maxNamed], fmt.Sprintf("and %d more", len(noisy)-maxNamed))
	}
	if len(noisy) > 0 {
		s += ": " + strings.Join(noisy, "; ")
	}
	p.Sentences = append(p.Sentences, s+".")
	return p
}

// geomean returns the geometric mean of ratios of one unit, as a ratio in
// the same direction. It is significant only if every ratio is.
func geomean(rs []ratio) ratio {
	g := ratio{Better: rs[0].Better, Time: rs[0].Time, Significant: true}
	sum := 0.0
	for _, r := range rs {
		sum += math.Log(r.Value)
		g.Significant = g.Significant && r.Significant
	}
	g.Value = math.Exp(sum / float64(len(rs)))
	return g
}

// noun is what a ratio of the unit compares: "time" for time units, the
// unit itself otherwise.
func noun(unit string) string {
	if isTime(unit) {
		return "time"
	}
	return unit
}
