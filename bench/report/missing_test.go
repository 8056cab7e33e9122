package report

import (
	"slices"
	"strings"
	"testing"
)

// findTable returns the table with the given title.
func findTable(t *testing.T, r *report, title string) table {
	t.Helper()
	var titles []string
	for _, tb := range r.Tables {
		if tb.Title == title {
			return tb
		}
		titles = append(titles, tb.Title)
	}
	t.Fatalf("no table %q among %q", title, titles)
	return table{}
}

// cell returns the cell of the row whose first columns are labels, in
// the column headed col.
func cell(t *testing.T, tb table, col string, labels ...string) string {
	t.Helper()
	c := slices.Index(tb.Header, col)
	if c < 0 {
		t.Fatalf("table %q has no column %q: %q", tb.Title, col, tb.Header)
	}
	for _, row := range tb.Rows {
		if slices.Equal(row[:len(labels)], labels) {
			return row[c]
		}
	}
	t.Fatalf("table %q has no row %q", tb.Title, labels)
	return ""
}

func TestMissingCells(t *testing.T) {
	r := build(readFixture(t, "suite.txt"))
	store := findTable(t, r, "Store: competitors against weakstripe (ns/op)")
	// goblog did not run Store in the fixture, so its table has no
	// goblog column; xsync-strong skipped LoadHit/keys=1Ki at -cpu 2;
	// strongmap skipped Churn.
	if slices.Contains(store.Header, "goblog") {
		t.Errorf("Store table has a goblog column, which is never measured: %q", store.Header)
	}
	if got := cell(t, store, "seed", "Store/keys=64Ki", "1"); got == missing || !strings.HasSuffix(strings.TrimSuffix(got, " ~"), "x") {
		t.Errorf("Store seed cell = %q, want a ratio", got)
	}
	load := findTable(t, r, "LoadHit: competitors against weakstripe (ns/op)")
	if got := cell(t, load, "xsync-strong", "LoadHit/keys=1Ki", "2"); got != missing {
		t.Errorf("LoadHit 1Ki -cpu 2 xsync-strong = %q, want %q", got, missing)
	}
	metrics := findTable(t, r, "Churn: the suite's own metrics")
	if slices.Contains(metrics.Header, "strongmap") {
		t.Errorf("metrics table has a strongmap column, which is never measured: %q", metrics.Header)
	}
	if got := cell(t, metrics, "seed", "Churn/live=64Ki", "1", "p99.9-ns"); got != "248 µs" {
		t.Errorf("metrics seed p99.9-ns cell = %q, want 248 µs", got)
	}
	// Len: answers of one kind are ranked, a count against a size is
	// not.
	lenT := findTable(t, r, "Len: what counting costs (ns/op)")
	if got := cell(t, lenT, "seed", "Len/op=Len/size=1Ki", "1"); !strings.HasPrefix(got, "count ") || !strings.Contains(got, "x") {
		t.Errorf("seed Len cell = %q, want a count ranked as a ratio", got)
	}
	if got := cell(t, lenT, ours, "Len/op=Len/size=1Ki", "1"); !strings.HasPrefix(got, "count ") {
		t.Errorf("weakstripe Len cell = %q, want a count", got)
	}
}

// Every row of every table has as many cells as its header, whatever is
// missing, and a file holding a single benchmark builds without panics.
func TestSparseData(t *testing.T) {
	for _, input := range []string{
		"BenchmarkStore/keys=64Ki/target=seed 1 100 ns/op\n",
		"BenchmarkChurn/live=64Ki/target=weakstripe-T64 1 100 ns/op 1.5 raw/live\n",
		"BenchmarkLen/op=RawLen/size=1Ki/target=goblog 1 100 ns/op\n",
		"BenchmarkChurn/live=64Ki/target=goblog-2 1 100 ns/op 900 p99-ns\n",
		"BenchmarkSweep/size=1Mi/target=weakstripe 1 100 ns/op\nBenchmarkSweep/size=1Mi/target=seed 1 100 ns/op\n",
	} {
		d, err := read(strings.NewReader(input), "x")
		if err != nil {
			t.Fatalf("%q: %v", input, err)
		}
		r := build(d)
		if len(r.Tables) == 0 {
			t.Errorf("%q: no table", input)
		}
		for _, tb := range r.Tables {
			if len(tb.Rows) == 0 {
				t.Errorf("%q: table %q has no rows", input, tb.Title)
			}
			for _, row := range tb.Rows {
				if len(row) != len(tb.Header) {
					t.Errorf("%q: table %q row %q has %d cells, header %d", input, tb.Title, row, len(row), len(tb.Header))
				}
			}
		}
		_ = r.Markdown(nil)
		if _, err := writePlots(d, t.TempDir()); err != nil {
			t.Errorf("%q: WritePlots: %v", input, err)
		}
	}
}
