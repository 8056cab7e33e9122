package report

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// variantFigure draws a family's settings on a nominal x axis, the
// defaults first: one plot of raw/live per churn workload and -cpu (if
// the family ran under churn), one of ns/op relative to the defaults with
// a line per group and -cpu, the geometric mean over the group's
// workloads.
func variantFigure(d *dataset, f family, file string) (*figure, error) {
	groups := f.Groups(d)
	if len(groups) == 0 {
		return nil, nil
	}
	members := f.Members(d, groups...)
	targets := append([]string{ours}, members...)
	xnames := []string{"defaults"}
	for _, m := range members {
		xnames = append(xnames, f.label(m))
	}
	fig := &figure{file: file, w: 7 * vg.Inch, h: 4 * vg.Inch}

	var raw []series
	for _, g := range groups {
		if !slices.Contains(d.Units(g), "raw/live") {
			continue
		}
		for _, k := range d.rows(g, "raw/live") {
			s := series{name: fmt.Sprintf("%s -cpu %d", benchName(g, k.Config), k.Procs), style: len(raw)}
			for x, t := range targets {
				if sum, ok := d.Summary(k.With(t)); ok {
					s.xys = append(s.xys, plotter.XY{X: float64(x), Y: sum.Center})
				}
			}
			raw = append(raw, s)
		}
	}
	err := fig.addPanel(raw, f.Option+": entries held per live entry after churn", f.Option, "raw/live (lower is better)", func(p *plot.Plot) {
		nominal(p, xnames)
		p.Y.Min = 0
	})
	if err != nil {
		return nil, err
	}

	var rel []series
	for _, g := range groups {
		for _, procs := range d.Procs() {
			s := series{name: fmt.Sprintf("%s -cpu %d", g, procs), style: len(rel)}
			for x, t := range targets {
				var rs []ratio
				for _, c := range d.Configs(g) {
					k := key(g, c, ours, procs, "ns/op")
					if r, ok := d.Compare(k.With(t), k); ok {
						rs = append(rs, r)
					}
				}
				if len(rs) > 0 {
					s.xys = append(s.xys, plotter.XY{X: float64(x), Y: geomean(rs).Value})
				}
			}
			rel = append(rel, s)
		}
	}
	return fig, fig.addPanel(rel, f.Option+": time per op relative to the defaults", f.Option, "ns/op ÷ defaults', geometric mean over workloads", func(p *plot.Plot) {
		p.Add(unity())
		nominal(p, xnames)
		p.Y.Min = math.Min(p.Y.Min, 0.9)
		p.Y.Max = math.Max(p.Y.Max, 1.1)
	})
}

// nominal labels the x axis with names at 0, 1, ... and pads the range so
// that the first and last points are not on the frame.
func nominal(p *plot.Plot, names []string) {
	p.NominalX(names...)
	p.X.Min = -0.5
	p.X.Max = float64(len(names)) - 0.5
}
