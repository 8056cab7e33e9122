package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

func TestWritePlots(t *testing.T) {
	d := readFixture(t, "suite.txt")
	dir := filepath.Join(t.TempDir(), "plots") // created by WritePlots
	files, err := writePlots(d, dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	want := []string{"throughput.svg", "threshold.svg", "shards.svg", "len.svg", "tail.svg"}
	if !slices.Equal(names, want) {
		t.Fatalf("files = %v, want %v", names, want)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		paths, err := svgPaths(data)
		if err != nil {
			t.Errorf("%s: not XML: %v", f, err)
		}
		if paths == 0 {
			t.Errorf("%s: no <path> element", f)
		}
	}

	// The same input gives the same bytes.
	again, err := writePlots(d, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for i := range files {
		a, _ := os.ReadFile(files[i])
		b, _ := os.ReadFile(again[i])
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs on the same input", names[i])
		}
	}
}

// A run without variants, Len or Churn draws only what it has.
func TestWritePlotsPartial(t *testing.T) {
	files, err := writePlots(readFixture(t, "small.txt"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if want := []string{"throughput.svg", "tail.svg"}; !slices.Equal(names, want) {
		t.Errorf("files = %v, want %v", names, want)
	}
}

// svgPaths parses data as XML to the end and counts its path elements.
func svgPaths(data []byte) (int, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	n := 0
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			if se.Name.Local == "path" {
				n++
			}
		}
	}
	if root != "svg" {
		return n, errors.New("root element is " + root + ", not svg")
	}
	return n, nil
}

// TestPlotFontsHaveFallback: every font an SVG names must end in a generic
// family, so that a viewer without the Liberation fonts, which gonum/plot
// measures text with, still draws the text in a font of the same kind
// rather than in its own default, or not at all.
func TestPlotFontsHaveFallback(t *testing.T) {
	files, err := writePlots(readFixture(t, "suite.txt"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	generic := []string{"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		decls := fontFamilyDecl.FindAllSubmatch(data, -1)
		if len(decls) == 0 {
			t.Fatalf("%s: no font-family declaration: the test no longer sees how fonts are named", f)
		}
		for _, d := range decls {
			var families []string
			for _, fam := range strings.Split(string(d[1]), ",") {
				families = append(families, strings.Trim(strings.TrimSpace(fam), `'"`))
			}
			last := families[len(families)-1]
			if !slices.Contains(generic, last) {
				t.Fatalf("%s: font-family %q does not end in a generic family", filepath.Base(f), d[1])
			}
		}
	}
}

// fontFamilyDecl matches a font-family declaration of an SVG style
// attribute; the value is the first submatch.
var fontFamilyDecl = regexp.MustCompile(`font-family:([^;"]+)`)

// TestPlotLegendsInsideFrames: on every figure of the full fixture, each
// legend, with its white margin, lies inside its plot's data area.
func TestPlotLegendsInsideFrames(t *testing.T) {
	d := readFixture(t, "suite.txt")
	for _, build := range figureBuilders {
		f, err := build(d)
		if err != nil {
			t.Fatal(err)
		}
		if f == nil {
			continue
		}
		w, h := f.size()
		dc := draw.New(vgsvg.New(w, h))
		for i, c := range f.canvases(dc) {
			pn := f.panels[i]
			data := pn.p.DataCanvas(c)
			box := pn.legendBox(data)
			if box.Size().X <= 0 || box.Size().Y <= 0 {
				t.Fatalf("%s panel %d: empty legend box %v", f.file, i, box)
			}
			pad := vg.Point{X: legendPad, Y: legendPad}
			if !data.Contains(box.Min.Sub(pad)) || !data.Contains(box.Max.Add(pad)) {
				t.Errorf("%s panel %d: legend %v outside the data area %v", f.file, i, box, data.Rectangle)
			}
		}
	}
}

// TestThroughputRatioDirection: the throughput figure's bars are the
// tables' ratios, theirs ÷ ours (log2), for every workload and competitor
// the data compares.
func TestThroughputRatioDirection(t *testing.T) {
	d := readFixture(t, "suite.txt")
	var want []float64
	for _, procs := range d.Procs() {
		for _, g := range d.Groups() {
			for _, c := range d.Configs(g) {
				for _, comp := range competitors {
					k := key(g, c, ours, procs, primaryUnit(d, g))
					// The competitor tables' cell: ratioCell's Compare.
					if r, ok := d.Compare(k.With(comp), k); ok && r.Better == -1 && r.Value > 0 && r.Value != 1 {
						want = append(want, math.Log2(r.Value))
					}
				}
			}
		}
	}
	f, err := throughputFigure(d)
	if err != nil || f == nil {
		t.Fatalf("throughputFigure = %v, %v", f, err)
	}
	var got []float64
	for _, pn := range f.panels {
		for _, s := range pn.shapes {
			if top := s[len(s)-1].Y; top != 0 {
				got = append(got, top)
			}
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("bars (log2) %v, want the tables' ratios theirs/ours (log2) %v", got, want)
	}
}
