package report

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// figure is one SVG file: panels stacked in a column, each w wide
// (legend included) and h high.
type figure struct {
	file   string
	panels []*panel
	w, h   vg.Length
}

// panel is one plot with its legend, which is drawn to the right of the
// plot rather than over the data.
type panel struct {
	p      *plot.Plot
	legend plot.Legend
	names  []string
}

// add puts an entry in the panel's legend.
func (pn *panel) add(name string, thumbs ...plot.Thumbnailer) {
	pn.legend.Add(name, thumbs...)
	pn.names = append(pn.names, name)
}

// legendWidth is the room the widest legend of the figure needs.
func (f *figure) legendWidth() vg.Length {
	var w vg.Length
	for _, pn := range f.panels {
		for _, n := range pn.names {
			w = max(w, pn.legend.TextStyle.Width(n)+pn.legend.ThumbnailWidth+vg.Points(12))
		}
	}
	return w
}

// figureBuilders draw the report's figures from the data; each returns
// nil when the run lacks what it plots.
var figureBuilders = []func(*Data) (*figure, error){
	throughputFigure,
	thresholdFigure,
	shardsFigure,
	lenFigure,
	tailFigure,
}

// WritePlots draws every figure the data allows as an SVG file in dir,
// creating dir if needed, and returns the paths written. The same input
// gives the same bytes: no timestamps, fonts referred to by name rather
// than embedded, series in a fixed order.
func WritePlots(d *Data, dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, build := range figureBuilders {
		f, err := build(d)
		if err != nil {
			return files, err
		}
		if f == nil {
			continue
		}
		path := filepath.Join(dir, f.file)
		svg, err := f.render()
		if err != nil {
			return files, fmt.Errorf("%s: %w", path, err)
		}
		if err := os.WriteFile(path, svg, 0o644); err != nil {
			return files, err
		}
		files = append(files, path)
	}
	return files, nil
}

// render draws the figure as SVG.
func (f *figure) render() (out []byte, err error) {
	// gonum/plot panics on data it cannot draw (say, a log axis over
	// zero); a report should fail with an error instead.
	defer func() {
		if e := recover(); e != nil {
			err = fmt.Errorf("drawing: %v", e)
		}
	}()
	w, h := f.size()
	c := vgsvg.New(w, h)
	f.draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// size is the figure's whole size: panels and the legend column.
func (f *figure) size() (w, h vg.Length) {
	return f.w + f.legendWidth(), f.h * vg.Length(len(f.panels))
}

// draw draws the panels one under the other on dc, plots aligned,
// legends in a column on the right.
func (f *figure) draw(dc draw.Canvas) {
	// Paint the whole figure, legends included, so that it reads on a
	// dark page too.
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	lw := f.legendWidth()
	grid := make([][]*plot.Plot, len(f.panels))
	for i, pn := range f.panels {
		grid[i] = []*plot.Plot{pn.p}
	}
	tiles := draw.Tiles{
		Rows: len(f.panels), Cols: 1,
		PadY: vg.Points(18), PadTop: vg.Points(6), PadBottom: vg.Points(6),
		PadLeft: vg.Points(6), PadRight: vg.Points(6),
	}
	canvases := plot.Align(grid, tiles, draw.Crop(dc, 0, -lw, 0, 0))
	for i, pn := range f.panels {
		pn.p.Draw(canvases[i][0])
		tile := tiles.At(dc, 0, i)
		tile.Min.X = tile.Max.X - lw
		pn.legend.Top, pn.legend.Left = true, true
		pn.legend.Draw(tile)
	}
}

// newPanel returns a panel with the report's title and axis labels.
func newPanel(title, x, y string) *panel {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	return &panel{p: p, legend: plot.NewLegend()}
}

// series is one line of a line plot: a name, points, and the index of
// its colour and glyph.
type series struct {
	name  string
	xys   plotter.XYs
	style int
}

// targetStyle gives each target the same colour in every figure:
// weakstripe first, then the competitors in table order; other targets
// (variants) follow in the order given by i.
func targetStyle(target string, i int) int {
	if target == ours {
		return 0
	}
	if j := slices.Index(Competitors, target); j >= 0 {
		return j + 1
	}
	return len(Competitors) + 1 + i
}

// addLines adds each series as a line with points, in the colour and
// glyph of its style. Series without points are left out.
func (pn *panel) addLines(ss []series) error {
	for _, s := range ss {
		if len(s.xys) == 0 {
			continue
		}
		l, pts, err := plotter.NewLinePoints(s.xys)
		if err != nil {
			return err
		}
		l.Color = plotutil.Color(s.style)
		l.Dashes = plotutil.Dashes(s.style / len(plotutil.DefaultColors))
		pts.Color = plotutil.Color(s.style)
		pts.Shape = plotutil.Shape(s.style)
		pn.p.Add(l, pts)
		pn.add(s.name, l, pts)
	}
	return nil
}

// unity is a grey horizontal line at y = 1, where a ratio is even.
func unity() plot.Plotter {
	f := plotter.NewFunction(func(float64) float64 { return 1 })
	f.Color = color.Gray{Y: 128}
	f.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	return f
}

// logAxis makes an axis logarithmic, with ticks at powers of ten.
func logAxis(a *plot.Axis) {
	a.Scale = plot.LogScale{}
	a.Tick.Marker = plot.LogTicks{Prec: -1}
}

// timeAxis makes an axis of nanoseconds logarithmic, its ticks labelled
// as durations ("10 µs") rather than in exponent form ("1e+04").
func timeAxis(a *plot.Axis) {
	a.Scale = plot.LogScale{}
	a.Tick.Marker = plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		ticks := plot.LogTicks{}.Ticks(lo, hi)
		for i := range ticks {
			if ticks[i].Label != "" {
				ticks[i].Label = trimZeros(formatValue(ticks[i].Value, "ns"))
			}
		}
		return ticks
	})
}

// hasData reports whether any series has a point.
func hasData(ss []series) bool {
	for _, s := range ss {
		if len(s.xys) > 0 {
			return true
		}
	}
	return false
}

// trimZeros drops the zeros that three significant digits put after the
// point of a round tick value: "10.0 µs" is "10 µs".
func trimZeros(label string) string {
	num, unit, _ := strings.Cut(label, " ")
	if strings.Contains(num, ".") {
		num = strings.TrimRight(strings.TrimRight(num, "0"), ".")
	}
	return strings.TrimSpace(num + " " + unit)
}
