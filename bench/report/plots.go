package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// figure is one SVG file: panels stacked in a column, each w wide and h
// high.
type figure struct {
	file   string
	panels []*panel
	w, h   vg.Length
}

// panel is one plot with its legend, which is drawn inside the plot's
// frame, in the corner where it hides the least data (see legendBox).
type panel struct {
	p      *plot.Plot
	legend plot.Legend
	// shapes are what the panel draws, in data coordinates: each line's
	// points and each bar's base and top, for legendBox to avoid.
	shapes []plotter.XYs
}

// figureBuilders draw the report's figures from the data; a figure
// without panels (or nil) is one the run lacks the data for.
var figureBuilders = []func(*dataset) (*figure, error){
	throughputFigure,
	func(d *dataset) (*figure, error) { return variantFigure(d, thresholdFamily, "threshold.svg") },
	func(d *dataset) (*figure, error) { return variantFigure(d, shardsFamily, "shards.svg") },
	lenFigure,
	tailFigure,
}

// writePlots draws every figure the data allows as an SVG file in dir,
// creating dir if needed, and returns the paths written. The same input
// gives the same bytes: no timestamps, fonts referred to by name (with
// fallbacks, see withFallbackFonts) rather than embedded, series in a
// fixed order.
func writePlots(d *dataset, dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, build := range figureBuilders {
		f, err := build(d)
		if err != nil {
			return files, err
		}
		if f == nil || len(f.panels) == 0 {
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
	return withFallbackFonts(b.Bytes()), nil
}

// fontFamily matches the font-family of the style attributes vgsvg
// writes: the family name of the font gonum/plot measured the text with.
var fontFamily = regexp.MustCompile(`font-family:([^;"]+)`)

// withFallbackFonts follows every font family in svg with fonts of the
// same widths (Times New Roman and Arial are metric-compatible with
// Liberation Serif and Sans) and a generic family. A viewer without the
// Liberation fonts then draws text of about the size it was laid out for,
// and some text in any case, where with the name alone it may draw none.
func withFallbackFonts(svg []byte) []byte {
	return fontFamily.ReplaceAllFunc(svg, func(decl []byte) []byte {
		family := strings.TrimSpace(string(fontFamily.FindSubmatch(decl)[1]))
		fallback := ",'Times New Roman',Times,serif"
		switch {
		case strings.Contains(family, "Mono"):
			fallback = ",'Courier New',Courier,monospace"
		case strings.Contains(family, "Sans"):
			fallback = ",Arial,Helvetica,sans-serif"
		}
		return []byte("font-family:'" + family + "'" + fallback)
	})
}

// size is the figure's whole size.
func (f *figure) size() (w, h vg.Length) {
	return f.w, f.h * vg.Length(len(f.panels))
}

// draw draws the panels one under the other on dc, plots aligned, each
// with its legend inside its frame.
func (f *figure) draw(dc draw.Canvas) {
	// Paint the whole figure so that it reads on a dark page too.
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	for i, c := range f.canvases(dc) {
		pn := f.panels[i]
		pn.p.Draw(c)
		data := pn.p.DataCanvas(c)
		box := pn.legendBox(data)
		bg := vg.Rectangle{
			Min: vg.Point{X: box.Min.X - legendPad, Y: box.Min.Y - legendPad},
			Max: vg.Point{X: box.Max.X + legendPad, Y: box.Max.Y + legendPad},
		}
		data.SetColor(color.White)
		data.Fill(bg.Path())
		data.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 160}, Width: vg.Points(0.5)})
		data.Stroke(bg.Path())
		pn.legend.Top, pn.legend.Left = true, true
		pn.legend.Draw(draw.Canvas{Canvas: data.Canvas, Rectangle: box})
	}
}

// canvases returns the canvas of each panel, the plots aligned.
func (f *figure) canvases(dc draw.Canvas) []draw.Canvas {
	grid := make([][]*plot.Plot, len(f.panels))
	for i, pn := range f.panels {
		grid[i] = []*plot.Plot{pn.p}
	}
	tiles := draw.Tiles{
		Rows: len(f.panels), Cols: 1,
		PadY: vg.Points(18), PadTop: vg.Points(6), PadBottom: vg.Points(6),
		PadLeft: vg.Points(6), PadRight: vg.Points(18),
	}
	var cs []draw.Canvas
	for _, row := range plot.Align(grid, tiles, dc) {
		cs = append(cs, row[0])
	}
	return cs
}

// legendPad is the white margin around a legend's entries, and
// legendMargin the room between that margin and the plot's frame.
const (
	legendPad    = vg.Length(4)
	legendMargin = vg.Length(4)
)

// legendBox returns where the legend's entries go inside data, the plot's
// data area: the corner (top right, top left, bottom right, bottom left,
// in that order of preference) whose box hides the fewest points of the
// panel's shapes, each line sampled along its length on the canvas.
func (pn *panel) legendBox(data draw.Canvas) vg.Rectangle {
	size := pn.legend.Rectangle(data).Size()
	// Draw puts the first entry's baseline a font descent below the top.
	size.Y += pn.legend.TextStyle.FontExtents().Descent
	inset := legendPad + legendMargin
	left, right := data.Min.X+inset, data.Max.X-inset-size.X
	bottom, top := data.Min.Y+inset, data.Max.Y-inset-size.Y
	corners := []vg.Point{{X: right, Y: top}, {X: left, Y: top}, {X: right, Y: bottom}, {X: left, Y: bottom}}

	var pts []vg.Point
	trX, trY := pn.p.Transforms(&data)
	for _, s := range pn.shapes {
		var prev vg.Point
		for i, xy := range s {
			x, y := trX(xy.X), trY(xy.Y)
			if math.IsNaN(float64(x)) || math.IsNaN(float64(y)) || math.IsInf(float64(x), 0) || math.IsInf(float64(y), 0) {
				continue
			}
			p := vg.Point{X: x, Y: y}
			if i > 0 {
				const steps = 16
				for k := 1; k < steps; k++ {
					f := vg.Length(k) / steps
					pts = append(pts, vg.Point{X: prev.X + (p.X-prev.X)*f, Y: prev.Y + (p.Y-prev.Y)*f})
				}
			}
			pts = append(pts, p)
			prev = p
		}
	}
	best, bestHidden := corners[0], -1
	for _, c := range corners {
		hidden := 0
		for _, p := range pts {
			if p.X >= c.X-legendPad && p.X <= c.X+size.X+legendPad && p.Y >= c.Y-legendPad && p.Y <= c.Y+size.Y+legendPad {
				hidden++
			}
		}
		if bestHidden < 0 || hidden < bestHidden {
			best, bestHidden = c, hidden
		}
	}
	return vg.Rectangle{Min: best, Max: vg.Point{X: best.X + size.X, Y: best.Y + size.Y}}
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
// its colour and glyph. Figures of targets give weakstripe style 0 and
// each competitor its index in competitors plus 1, so that a target has
// one colour in every figure.
type series struct {
	name  string
	xys   plotter.XYs
	style int
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
		pn.legend.Add(s.name, l, pts)
		pn.shapes = append(pn.shapes, s.xys)
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

// addPanel adds a panel of the series as lines (see addLines) unless no
// series has a point; set adjusts its axes.
func (f *figure) addPanel(ss []series, title, x, y string, set func(p *plot.Plot)) error {
	if !slices.ContainsFunc(ss, func(s series) bool { return len(s.xys) > 0 }) {
		return nil
	}
	pn := newPanel(title, x, y)
	if err := pn.addLines(ss); err != nil {
		return err
	}
	set(pn.p)
	f.panels = append(f.panels, pn)
	return nil
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
