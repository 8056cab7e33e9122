package report

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// churnGroup is the group whose values die while the map is in use; it
// reports tail latencies and what the map retains.
const churnGroup = "Churn"

// percentileUnits are the tail-latency metrics of Churn, in order.
var percentileUnits = []string{"p50-ns", "p99-ns", "p99.9-ns"}

// tailFigure draws, per churn workload and -cpu, the latency percentiles
// of single operations for weakstripe and each competitor, on a
// logarithmic axis: tails differ by orders of magnitude.
func tailFigure(d *dataset) (*figure, error) {
	var units []string
	for _, u := range percentileUnits {
		if slices.Contains(d.Units(churnGroup), u) {
			units = append(units, u)
		}
	}
	if len(units) == 0 {
		return nil, nil
	}
	xnames := make([]string, len(units))
	for i, u := range units {
		xnames[i] = strings.TrimSuffix(u, "-ns")
	}
	fig := &figure{file: "tail.svg", w: 7 * vg.Inch, h: 4 * vg.Inch}
	for _, k := range d.rows(churnGroup, "") {
		var ss []series
		for i, target := range append([]string{ours}, competitors...) {
			s := series{name: target, style: i} // ours, then competitors: see series
			for x, u := range units {
				if sum, ok := d.Summary(k.With(target).WithUnit(u)); ok && sum.Center > 0 {
					s.xys = append(s.xys, plotter.XY{X: float64(x), Y: sum.Center})
				}
			}
			ss = append(ss, s)
		}
		title := fmt.Sprintf("%s -cpu %d: latency of single operations", benchName(churnGroup, k.Config), k.Procs)
		if err := fig.addPanel(ss, title, "percentile", "latency (log scale)", func(p *plot.Plot) {
			nominal(p, xnames)
			timeAxis(&p.Y)
		}); err != nil {
			return nil, err
		}
	}
	return fig, nil
}
