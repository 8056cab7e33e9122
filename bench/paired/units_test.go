package paired

import (
	"strings"
	"testing"

	"golang.org/x/perf/benchmath"
)

// The Unit lines of the file decide a unit's direction and assumption;
// without one, benchfmt's defaults decide the direction and only
// allocs/op is exact.
func TestUnitRules(t *testing.T) {
	f, err := Read(strings.NewReader(`Unit p99-ns better=lower
Unit hits/op better=higher
Unit B/op assume=exact
Unit allocs/op assume=nothing
BenchmarkG/target=weakstripe 1 10 ns/op 5 p99-ns 0.5 hits/op 3 widgets
`), "units", nil)
	if err != nil {
		t.Fatal(err)
	}
	for unit, want := range map[string]int{
		"ns/op": -1, "sec/op": -1, "MB/s": 1, "allocs/op": -1, // benchfmt's defaults
		"p99-ns": -1, "hits/op": 1, // Unit lines
		"widgets": 0, "raw/live": 0, // nobody says
	} {
		if got := f.Better(unit); got != want {
			t.Errorf("Better(%q) = %d, want %d", unit, got, want)
		}
	}
	for unit, want := range map[string]benchmath.Assumption{
		"B/op": benchmath.AssumeExact, "allocs/op": benchmath.AssumeNothing, // Unit lines
		"ns/op": benchmath.AssumeNothing, "p99-ns": benchmath.AssumeNothing,
	} {
		if got := Assumption(f.Meta, unit); got != want {
			t.Errorf("Assumption(%q) = %v, want %v", unit, got, want)
		}
	}
	if got := Assumption(nil, "allocs/op"); got != benchmath.AssumeExact {
		t.Errorf("without Unit lines, Assumption(allocs/op) = %v, want exact", got)
	}
	if got := Assumption(nil, "B/op"); got != benchmath.AssumeNothing {
		t.Errorf("without Unit lines, Assumption(B/op) = %v, want nothing", got)
	}
}

// An exact unit is summarised by its mode, with benchmath's warning when
// its values vary.
func TestSummarizeExact(t *testing.T) {
	iv, warn, ok := Summarize(nil, "allocs/op", []float64{2, 2, 3, 2})
	if !ok || iv.Center != 2 || iv.Lo != 2 || iv.Hi != 3 || len(warn) != 1 {
		t.Errorf("Summarize(allocs/op, 2 2 3 2) = %+v, %v; want mode 2 in [2, 3] with a warning", iv, warn)
	}
	if _, warn, _ := Summarize(nil, "allocs/op", []float64{2, 2, 2}); len(warn) != 0 {
		t.Errorf("equal exact values warned: %v", warn)
	}
}
