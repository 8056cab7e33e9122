package report

import (
	"strings"
	"testing"
)

func TestHeader(t *testing.T) {
	const run = `commit: 1a2b3c4+dirty
go-version: go1.26.8
cpu: Test CPU
date: 2026-11-23T12:00:00Z
bench-count: 2
BenchmarkLoadHit/keys=1Ki/target=weakstripe 1 10 ns/op
BenchmarkLoadHit/keys=1Ki/target=weakstripe 1 11 ns/op
BenchmarkChurn/live=64Ki/target=weakstripe 1 10 ns/op
`
	d, err := read(strings.NewReader(run), "x")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var names []string
	for _, f := range build(d).Header {
		got[f.Name] = f.Value
		names = append(names, f.Name)
	}
	want := map[string]string{
		"commit": "1a2b3c4+dirty",
		"Go":     "go1.26.8",
		"cpu":    "Test CPU", // go test's cpu line when cpu-model is absent
		"date":   "2026-11-23T12:00:00Z",
		// Churn ran once where -count said 2: the header says so.
		"count": "2 (runs per benchmark: 1 to 2)",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("header %s = %q, want %q", k, got[k], v)
		}
	}
	// Optional fields the file lacks are left out.
	if len(names) != len(want) {
		t.Errorf("header fields %q, want only %d", names, len(want))
	}
}
