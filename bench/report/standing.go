package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/weakstripe/weakstripe/bench/paired"
)

// maxLosses is how many of the worst losses to a competitor the
// sentences name; the rest are counted.
const maxLosses = 5

// loss is one workload where a competitor beats weakstripe.
type loss struct {
	where string
	r     ratio
}

// standing returns a paragraph on the precision of the run's ratios
// (precise), one on its A/A controls, then for each competitor measured a
// paragraph on where weakstripe stands against it group by group
// (geometric mean of the ratios over the group's configs, per -cpu) and
// where it loses, then a paragraph on churn. Rows that failed their A/A
// control are left out of the competitor paragraphs, and the A/A
// paragraph says how many; so is Len, whose answers differ in kind
// between targets (lenTables compares them).
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
		var losses []loss
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
					if r.Loses() {
						losses = append(losses, loss{fmt.Sprintf("%s at -cpu %d", benchName(g, c), procs), r})
					}
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
		if len(p.Sentences) == 0 {
			continue
		}
		p.Sentences = append(p.Sentences, lossSentence(comp, losses))
		out = append(out, p)
	}
	if c := churnParagraph(d); len(c.Sentences) > 0 {
		out = append(out, c)
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
	if len(noisy) > maxLosses {
		noisy = append(noisy[:maxLosses], fmt.Sprintf("and %d more", len(noisy)-maxLosses))
	}
	if len(noisy) > 0 {
		s += ": " + strings.Join(noisy, "; ")
	}
	p.Sentences = append(p.Sentences, s+".")
	return p
}

// lossSentence names the worst losses, worst first.
func lossSentence(comp string, losses []loss) string {
	if len(losses) == 0 {
		return fmt.Sprintf("Where we lose: nowhere; no workload measured against %s favours it at two decimals.", comp)
	}
	slices.SortStableFunc(losses, func(a, b loss) int {
		return cmp.Compare(badness(b.r), badness(a.r))
	})
	var parts []string
	for i, l := range losses {
		if i == maxLosses {
			parts = append(parts, fmt.Sprintf("and %d more", len(losses)-maxLosses))
			break
		}
		parts = append(parts, fmt.Sprintf("%s: %s, %s %s", l.where, formatRatio(1/l.r.Value), ours, l.r.Verdict()))
	}
	return fmt.Sprintf("Where we lose to %s, worst first: %s.", comp, strings.Join(parts, "; "))
}

// badness orders losses: how far the ratio is on the wrong side of 1,
// as a factor, whichever way the unit improves.
func badness(r ratio) float64 {
	if r.Better > 0 {
		return 1 / r.Value
	}
	return r.Value
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

// churnParagraph says, per churn workload and -cpu, what weakstripe,
// xsync-weak and the seed retain and how weakstripe's p99.9 compares with
// the seed's.
func churnParagraph(d *dataset) paragraph {
	p := paragraph{Title: "Under churn"}
	for _, k := range d.rows(churnGroup, "p99.9-ns") {
		var parts []string
		var held []string
		for _, target := range retentionTargets {
			if s, ok := d.Summary(k.With(target).WithUnit("raw/live")); ok {
				held = append(held, fmt.Sprintf("%s %s", target, formatValue(s.Center, "raw/live")))
			}
		}
		if len(held) > 0 {
			parts = append(parts, "entries held per live entry: "+strings.Join(held, ", "))
		}
		a, okA := d.Summary(k)
		b, okB := d.Summary(k.With("seed"))
		if r, ok := d.Compare(k, k.With("seed")); ok && okA && okB {
			parts = append(parts, fmt.Sprintf("p99.9 latency %s against the seed's %s (seed/%s %s, %s %s)",
				formatValue(a.Center, k.Unit), formatValue(b.Center, k.Unit), ours, formatRatio(1/r.Value), ours, r.Verdict()))
		}
		if len(parts) > 0 {
			p.Sentences = append(p.Sentences, fmt.Sprintf("%s at -cpu %d: %s.", benchName(churnGroup, k.Config), k.Procs, strings.Join(parts, "; ")))
		}
	}
	return p
}
