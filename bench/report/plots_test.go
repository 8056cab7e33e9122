package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestWritePlots(t *testing.T) {
	d := readFixture(t, "suite.txt")
	dir := filepath.Join(t.TempDir(), "plots") // created by WritePlots
	files, err := WritePlots(d, dir)
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
	again, err := WritePlots(d, t.TempDir())
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
	files, err := WritePlots(readFixture(t, "small.txt"), t.TempDir())
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
