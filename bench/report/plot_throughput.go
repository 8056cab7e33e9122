package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// throughputFigure draws, per -cpu, each competitor's time per op relative
// to weakstripe's on every workload measured against one at that -cpu,
// as grouped bars, in the tables' direction (theirs ÷ ours: above 1x,
// weakstripe is faster). Each group is compared in its primary unit
// (ns/op; ns/entry for sweeps).
func throughputFigure(d *dataset) (*figure, error) {
	ratioOf := func(k seriesKey, comp string) (float64, bool) {
		r, ok := d.Compare(k.With(comp), k)
		// Only where lower is better: a bar of another unit would point
		// the wrong way.
		return r.Value, ok && r.Better == -1 && r.Value > 0
	}
	f := &figure{file: "throughput.svg", w: 7 * vg.Inch, h: 5 * vg.Inch}
	barWidth := vg.Points(0.6 * 72 * 0.8 / float64(len(competitors)))
	for _, procs := range d.Procs() {
		// Workloads compared with no competitor get no slot.
		var workloads []seriesKey
		var names []string
		for _, k := range d.primaryRows() {
			if k.Procs == procs && slices.ContainsFunc(competitors, func(comp string) bool {
				_, ok := ratioOf(k, comp)
				return ok
			}) {
				workloads = append(workloads, k)
				names = append(names, benchName(k.Group, k.Config))
			}
		}
		if len(workloads) == 0 {
			continue
		}
		f.w = max(f.w, vg.Length(0.6*float64(len(workloads)+1))*vg.Inch)
		pn := newPanel(fmt.Sprintf("-cpu %d: competitor's time per op ÷ %s's", procs, ours),
			"", "ratio, log scale, cut at 256x (up: "+ours+" faster; no bar: not measured)")
		for ci, comp := range competitors {
			// Bars rise from 1x by log2 of the ratio, so that 2x ahead
			// and 2x behind are bars of one length, and a ratio of
			// thousands (Len against an O(1) count) does not flatten
			// the rest.
			vals := make(plotter.Values, len(workloads))
			measured := false
			for i, w := range workloads {
				if v, ok := ratioOf(w, comp); ok {
					vals[i] = math.Log2(v)
					measured = true
				}
			}
			if !measured {
				continue
			}
			bars, err := plotter.NewBarChart(vals, barWidth)
			if err != nil {
				return nil, err
			}
			bars.Color = plotutil.Color(ci + 1) // see series
			bars.LineStyle.Width = 0
			bars.Offset = barWidth * vg.Length(float64(ci)-float64(len(competitors)-1)/2)
			pn.p.Add(bars)
			pn.legend.Add(comp, bars)
			for i, v := range vals {
				pn.shapes = append(pn.shapes, plotter.XYs{{X: float64(i), Y: 0}, {X: float64(i), Y: v}})
			}
		}
		p := pn.p
		nominal(p, names)
		p.X.Tick.Label.Rotation = math.Pi / 4
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YTop
		// Keep at least 1/2x..2x in view, and at most 1/256x..256x:
		// beyond that (Len against a map that keeps a count) a bar is
		// cut at the edge rather than squashing every other bar.
		p.Y.Min = math.Max(math.Min(p.Y.Min, -1), -maxLog2)
		p.Y.Max = math.Min(math.Max(p.Y.Max, 1), maxLog2)
		p.Y.Tick.Marker = plot.TickerFunc(log2Ticks)
		// Slanted workload names take room below the bars.
		longest := 0
		for _, n := range names {
			longest = max(longest, len(n))
		}
		f.h = max(f.h, 4*vg.Inch+vg.Length(longest)*vg.Points(5))
		f.panels = append(f.panels, pn)
	}
	return f, nil
}

// maxLog2 bounds the throughput axis: 2^8 = 256x either way.
const maxLog2 = 8

// log2Ticks labels an axis of log2 ratios with the ratios themselves at
// whole powers of two, at most about ten of them: 0.5x, 1x, 2x.
func log2Ticks(lo, hi float64) []plot.Tick {
	first, last := math.Floor(lo), math.Ceil(hi)
	step := math.Max(1, math.Ceil((last-first)/10))
	var ticks []plot.Tick
	for e := math.Floor(first/step) * step; e <= last; e += step {
		ticks = append(ticks, plot.Tick{Value: e, Label: ratioLabel(math.Exp2(e))})
	}
	return ticks
}

// ratioLabel prints a power of two as a ratio: "1/4x", "1x", "64x".
func ratioLabel(r float64) string {
	if r < 1 {
		return "1/" + strconv.FormatFloat(1/r, 'f', -1, 64) + "x"
	}
	return strconv.FormatFloat(r, 'f', -1, 64) + "x"
}
