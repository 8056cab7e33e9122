package gate

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"golang.org/x/perf/benchmath"
)

// readSet parses benchmark output held in a string.
func readSet(t *testing.T, name, text string) *set {
	t.Helper()
	s, err := read(strings.NewReader(text), name, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// results writes one result line per value of unit for benchmark name.
func results(name, unit string, values ...float64) string {
	var b strings.Builder
	for _, v := range values {
		fmt.Fprintf(&b, "Benchmark%s 1000 %g %s\n", name, v, unit)
	}
	return b.String()
}

// compareOne compares one benchmark in one unit and returns its row.
func compareOne(t *testing.T, o options, header, unit string, old, new []float64) comparison {
	t.Helper()
	rep, err := compare(
		readSet(t, "old", header+results("X", unit, old...)),
		readSet(t, "new", header+results("X", unit, new...)), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 1 {
		t.Fatalf("got %d rows, want 1: %+v", len(rep.Rows), rep.Rows)
	}
	return rep.Rows[0]
}

func TestExactUnits(t *testing.T) {
	o := defaultOptions()
	five := func(v float64) []float64 { return []float64{v, v, v, v, v} }
	cases := []struct {
		name     string
		header   string
		unit     string
		old, new []float64
		want     verdict
		exact    bool
	}{
		// allocs/op is exact with no Unit line: one more allocation in
		// a hundred fails, although 1 % is well within the threshold.
		{"allocs/op up by one", "", "allocs/op", five(100), five(101), fail, true},
		{"allocs/op down by one", "", "allocs/op", five(3), five(2), pass, true},
		{"allocs/op the same", "", "allocs/op", five(2), five(2), pass, true},
		// A Unit line can say otherwise: then the threshold applies.
		{"allocs/op declared noisy", "Unit allocs/op assume=nothing\n", "allocs/op", five(100), five(101), pass, false},
		// B/op is noisy with no Unit line, exact with one.
		{"B/op up by 1 %", "", "B/op", five(100), five(101), pass, false},
		{"B/op declared exact, up by 1 %", "Unit B/op assume=exact\n", "B/op", five(100), five(101), fail, true},
		// Custom exact units follow their direction.
		{"custom exact, higher is better, drops", "Unit hits assume=exact better=higher\n", "hits", five(10), five(9), fail, true},
		{"custom exact, higher is better, rises", "Unit hits assume=exact better=higher\n", "hits", five(10), five(11), pass, true},
		// Any worsening of the median: one odd sample does not move it.
		{"one odd sample", "", "allocs/op", five(1), []float64{1, 1, 2, 1, 1}, pass, true},
		{"median moves", "", "allocs/op", five(1), []float64{1, 2, 2, 2, 1}, fail, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			row := compareOne(t, o, c.header, c.unit, c.old, c.new)
			if row.verdict != c.want || row.Exact != c.exact {
				t.Fatalf("verdict %v exact %v, want %v exact %v (%s)", row.verdict, row.Exact, c.want, c.exact, row.Reason)
			}
			if c.exact && !math.IsNaN(row.P) {
				t.Errorf("exact unit has a p-value %v: no test applies to it", row.P)
			}
		})
	}
}

// An exact unit whose values vary is reported, since the assumption that
// let any worsening fail does not hold.
func TestExactUnitThatVaries(t *testing.T) {
	rep, err := compare(
		readSet(t, "old", results("X", "allocs/op", 1, 1, 1, 1, 1)),
		readSet(t, "new", results("X", "allocs/op", 1, 1, 2, 1, 1)), defaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Rows[0].Irregular || len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "vary") {
		t.Fatalf("irregular %v, warnings %q", rep.Rows[0].Irregular, rep.Warnings)
	}
}

func TestNoisyUnits(t *testing.T) {
	o := defaultOptions() // alpha 0.05, threshold 10 %
	base := []float64{100, 101, 99, 100.5, 99.5, 100.2, 99.8, 100.1}
	scaled := func(f float64) []float64 {
		out := make([]float64, len(base))
		for i, v := range base {
			out[i] = v * f
		}
		return out
	}
	cases := []struct {
		name     string
		header   string
		unit     string
		old, new []float64
		want     verdict
	}{
		{"sec/op 20 % slower", "", "ns/op", base, scaled(1.2), fail},
		{"sec/op 20 % faster", "", "ns/op", base, scaled(0.8), pass},
		{"sec/op 10 % slower is not more than 10 %", "", "ns/op", base, scaled(1.0999), pass},
		{"B/s 20 % lower", "", "MB/s", base, scaled(0.8), fail},
		{"B/s 20 % higher", "", "MB/s", base, scaled(1.2), pass},
		{"custom lower is better rises", "Unit p99-ns better=lower\n", "p99-ns", base, scaled(1.5), fail},
		{"custom with no direction", "", "widgets", base, scaled(1.5), skip},
		// Medians 20 % apart, but the samples overlap too much for
		// p < 0.01: noise, as far as the gate can tell.
		{"shift that is not significant", "", "ns/op",
			[]float64{100, 100, 100, 100, 100, 130, 130, 130},
			[]float64{100, 100, 100, 130, 130, 130, 130, 130}, pass},
		{"from zero", "Unit misses better=lower\n", "misses", []float64{0, 0, 0, 0, 0}, []float64{3, 3, 4, 3, 3}, fail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			row := compareOne(t, o, c.header, c.unit, c.old, c.new)
			if row.verdict != c.want {
				t.Fatalf("verdict %v, want %v: change %+.2f%%, p %.3g (%s)", row.verdict, c.want, row.Change, row.P, row.Reason)
			}
		})
	}
}

// minSamplesFor must agree with the U test itself: at n samples a side,
// two samples that do not overlap give p < alpha, and at n-1 they do not.
func TestMinSamplesFor(t *testing.T) {
	separated := func(n int) float64 {
		a, b := make([]float64, n), make([]float64, n)
		for i := range a {
			a[i], b[i] = float64(i), float64(n+i)
		}
		return benchmath.AssumeNothing.Compare(benchmath.NewSample(a, &benchmath.DefaultThresholds), benchmath.NewSample(b, &benchmath.DefaultThresholds)).P
	}
	for _, alpha := range []float64{0.1, 0.05, 0.01, 0.005, 0.001} {
		n := minSamplesFor(alpha)
		if p := separated(n); p >= alpha {
			t.Errorf("alpha %g: n = %d, but separated samples give p = %.3g", alpha, n, p)
		}
		if p := separated(n - 1); n > 2 && p < alpha {
			t.Errorf("alpha %g: n = %d, but n-1 already gives p = %.3g", alpha, n, p)
		}
	}
	if got := minSamplesFor(0.05); got != 4 {
		t.Errorf("minSamplesFor(0.05) = %d, want 4", got)
	}
}
