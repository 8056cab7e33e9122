package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// lenFigure draws Len's and RawLen's ns/op against the map's size, both
// axes logarithmic: Len grows with the map, RawLen should not.
func lenFigure(d *dataset) (*figure, error) {
	var ss []series
	var ticks []plot.Tick
	for _, c := range d.Configs(lenGroup) {
		v := d.param(lenGroup, c, "size")
		if n, ok := parseCount(v); ok && !slices.ContainsFunc(ticks, func(t plot.Tick) bool { return t.Value == n }) {
			ticks = append(ticks, plot.Tick{Value: n, Label: v})
		}
	}
	for _, target := range d.Targets(lenGroup) {
		for _, op := range []string{"Len", "RawLen"} {
			for _, procs := range d.Procs() {
				s := series{name: fmt.Sprintf("%s %s -cpu %d", target, op, procs), style: len(ss)}
				for _, c := range d.Configs(lenGroup) {
					n, ok := parseCount(d.param(lenGroup, c, "size"))
					if !ok || d.param(lenGroup, c, "op") != op {
						continue
					}
					if sum, ok := d.Summary(key(lenGroup, c, target, procs, "ns/op")); ok && sum.Center > 0 {
						s.xys = append(s.xys, plotter.XY{X: n, Y: sum.Center})
					}
				}
				ss = append(ss, s)
			}
		}
	}
	fig := &figure{file: "len.svg", w: 7 * vg.Inch, h: 4.5 * vg.Inch}
	return fig, fig.addPanel(ss, "Len against RawLen by map size (log scales)", "entries (size=)", "time per op", func(p *plot.Plot) {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		timeAxis(&p.Y)
	})
}

// parseCount reads a count with an optional binary suffix: 1Ki, 64Ki,
// 1Mi, 1000.
func parseCount(s string) (float64, bool) {
	mult := 1.0
	for suffix, m := range map[string]float64{"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30} {
		if v, ok := strings.CutSuffix(s, suffix); ok {
			s, mult = v, m
			break
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n * mult, true
}
