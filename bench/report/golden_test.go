package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it after a deliberate change):\n%s", path, lineDiff(want, got))
	}
}

// lineDiff names the first line where two outputs differ.
func lineDiff(want, got []byte) string {
	w := bytes.Split(want, []byte("\n"))
	g := bytes.Split(got, []byte("\n"))
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl []byte
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if !bytes.Equal(wl, gl) {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + string(wl) + "\ngot:  " + string(gl)
		}
	}
	return "(same lines, different bytes)"
}

// TestGoldenText: what benchreport prints, the report without plots.
func TestGoldenText(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Run([]string{filepath.Join("testdata", "suite.txt")}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr.String())
	}
	golden(t, "suite.golden", stdout.Bytes())
}

func TestGoldenMarkdown(t *testing.T) {
	md := build(readFixture(t, "suite.txt")).Markdown([]string{"plots/throughput.svg"})
	golden(t, "suite.md.golden", md)
}

func TestGoldenResults(t *testing.T) {
	golden(t, "results.md.golden", resultsMarkdown(readFixture(t, "results.txt")))
}
