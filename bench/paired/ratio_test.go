package paired

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func readFixture(t *testing.T) *File {
	t.Helper()
	f, err := ReadFile("testdata/rounds.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The k-th line of each target in a row is round k, across processes
// and whatever the order of targets within a round; rows at another
// GOMAXPROCS are rows of their own.
func TestRatiosPairRounds(t *testing.T) {
	f := readFixture(t)
	k := Key{"LoadHit", "keys=1Ki", Default, 1, "ns/op"}
	got, unequal := f.Ratios(k.With("xsync-weak"), k)
	// Rounds: 20/10, 40/20, 200/100. The medians of the two samples
	// (40 and 20) would give 2 as well; the per-round ratios must be
	// exactly 2 each, which only a pairing by round gives.
	if want := []float64{2, 2, 2}; !reflect.DeepEqual(got, want) || unequal {
		t.Errorf("Ratios(xsync-weak, weakstripe) = %v, %v; want %v, false", got, unequal, want)
	}
	k2 := k
	k2.Procs = 2
	got, _ = f.Ratios(k2.With("xsync-weak"), k2)
	if want := []float64{3, 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("at -cpu 2: Ratios = %v, want %v", got, want)
	}
	iv, ok := f.Ratio(k2.With("xsync-weak"), k2)
	// Two rounds cannot bound a median: the interval is unbounded.
	if !ok || math.Abs(iv.Center-3) > 1e-9 || !math.IsInf(iv.Lo, -1) || !math.IsInf(iv.Hi, 1) || iv.N != 2 {
		t.Errorf("Ratio at -cpu 2 = %+v, %v; want 3 [-Inf, +Inf] over 2 rounds", iv, ok)
	}
}

// A ratio of medians is not a median of ratios: with a slow spell that
// hits both targets of a round, only the paired ratio stays put.
func TestRatioIgnoresSlowRounds(t *testing.T) {
	var b strings.Builder
	for i := range 12 {
		scale := 1.0
		if i%3 == 0 {
			scale = 3 // a slow spell: both targets slow
		}
		b.WriteString(line("target=weakstripe", 10*scale))
		b.WriteString(line("target=seed", 15*scale))
	}
	f, err := Read(strings.NewReader(b.String()), "spells", nil)
	if err != nil {
		t.Fatal(err)
	}
	k := Key{"Store", "keys=1Ki", Default, 1, "ns/op"}
	iv, _ := f.Ratio(k.With("seed"), k)
	if iv.Center != 1.5 || iv.Lo != 1.5 || iv.Hi != 1.5 {
		t.Errorf("Ratio = %+v, want 1.5 [1.5, 1.5]", iv)
	}
}

func line(target string, ns float64) string {
	return "BenchmarkStore/keys=1Ki/" + target + " \t 1000\t " + ftoa(ns) + " ns/op\n"
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Unequal round counts pair only the rounds both have, and say so.
func TestRatioUnequalRounds(t *testing.T) {
	in := line("target=weakstripe", 10) + line("target=seed", 20) +
		line("target=weakstripe", 10) + line("target=seed", 20) +
		line("target=weakstripe", 10)
	f, err := Read(strings.NewReader(in), "unequal", nil)
	if err != nil {
		t.Fatal(err)
	}
	k := Key{"Store", "keys=1Ki", Default, 1, "ns/op"}
	iv, ok := f.Ratio(k.With("seed"), k)
	if !ok || iv.N != 2 || !iv.Unequal || iv.Center != 2 {
		t.Errorf("Ratio = %+v, %v; want 2 over 2 rounds, Unequal", iv, ok)
	}
	if _, ok := f.Ratio(k.With("goblog"), k); ok {
		t.Error("Ratio of a target that was not measured reported ok")
	}
}

// The interval is benchmath's distribution-free interval of the median:
// for 10 values, the 2nd and 9th order statistics (97.9 %); with fewer
// than 6 values it cannot reach 95 % and is unbounded on a side.
func TestSummarizeInterval(t *testing.T) {
	vals := []float64{7, 3, 9, 1, 5, 10, 2, 8, 4, 6}
	iv, warn, ok := Summarize(nil, "ns/op", vals)
	if !ok || len(warn) != 0 || iv.Center != 5.5 || iv.Lo != 2 || iv.Hi != 9 || iv.N != 10 {
		t.Errorf("Summarize(1..10) = %+v, want 5.5 [2, 9] over 10", iv)
	}
	if iv.Confidence < Confidence {
		t.Errorf("confidence %v below %v with 10 values", iv.Confidence, Confidence)
	}
	if vals[0] != 7 {
		t.Error("Summarize sorted its argument")
	}
	iv, warn, _ = Summarize(nil, "ns/op", []float64{1, 2, 3, 4, 5})
	if iv.Center != 3 || iv.Within(0, 10) || len(warn) != 1 {
		t.Errorf("Summarize(1..5) = %+v, want 3 with an unbounded interval", iv)
	}
	if _, _, ok := Summarize(nil, "ns/op", nil); ok {
		t.Error("Summarize(nil) reported ok")
	}
	if got := (Interval{Center: 1, Lo: 0.9, Hi: 1.2}).HalfWidth(); math.Abs(got-0.15) > 1e-12 {
		t.Errorf("HalfWidth = %v, want 0.15", got)
	}
}

// The noisy-row rule: the twin's ratio interval must lie within
// [0.95, 1.05].
func TestNoisy(t *testing.T) {
	build := func(twin func(i int) float64) *File {
		var b strings.Builder
		for i := range 20 {
			b.WriteString(line("target=weakstripe", 100))
			b.WriteString(line("target=weakstripe-twin", twin(i)))
		}
		f, err := Read(strings.NewReader(b.String()), "twin", nil)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	k := Key{"Store", "keys=1Ki", "seed", 1, "ns/op"} // any target of the row
	cases := []struct {
		name  string
		twin  func(i int) float64
		noisy bool
	}{
		{"quiet", func(i int) float64 { return 99 + float64(i%3) }, false},
		{"twin off by 10 %", func(i int) float64 { return 110 + float64(i%3) }, true},
		{"twin slow by 4 %, inside", func(i int) float64 { return 104 }, false},
		{"twin scattered", func(i int) float64 { return []float64{80, 120}[i%2] }, true},
	}
	for _, c := range cases {
		twin, noisy, ok := build(c.twin).Noisy(k)
		if !ok || noisy != c.noisy {
			t.Errorf("%s: Noisy = %+v, %v, %v; want noisy %v", c.name, twin, noisy, ok, c.noisy)
		}
	}
	f := readFixture(t)
	if _, _, ok := f.Noisy(Key{"Sweep", "size=64Ki", Default, 1, "ns/entry"}); ok {
		t.Error("a row without a twin was judged")
	}
	// Two rounds bound nothing: the fixture's rows are noisy, whatever
	// their twin's ratio.
	if twin, noisy, ok := f.Noisy(Key{"LoadHit", "keys=1Ki", Default, 2, "ns/op"}); !ok || !noisy || twin.Center != 1.2 {
		t.Errorf("fixture at -cpu 2: Noisy = %+v, %v, %v; want 1.2, noisy", twin, noisy, ok)
	}
}

func TestRatioZeros(t *testing.T) {
	in := "BenchmarkStore/keys=1Ki/target=weakstripe \t 1 \t 0 allocs/op\n" +
		"BenchmarkStore/keys=1Ki/target=goblog \t 1 \t 0 allocs/op\n" +
		"BenchmarkStore/keys=1Ki/target=seed \t 1 \t 2 allocs/op\n"
	f, err := Read(strings.NewReader(in), "zeros", nil)
	if err != nil {
		t.Fatal(err)
	}
	k := Key{"Store", "keys=1Ki", Default, 1, "allocs/op"}
	if rs, _ := f.Ratios(k.With("goblog"), k); len(rs) != 1 || rs[0] != 1 {
		t.Errorf("0 over 0 = %v, want 1", rs)
	}
	if rs, _ := f.Ratios(k.With("seed"), k); len(rs) != 1 || !math.IsInf(rs[0], 1) {
		t.Errorf("2 over 0 = %v, want +Inf", rs)
	}
}

// Read keeps every result line for the gate, indexes the suite's, and
// carries configuration and Unit lines.
func TestRead(t *testing.T) {
	f := readFixture(t)
	if len(f.Results) != 17 {
		t.Errorf("%d results, want 17", len(f.Results))
	}
	if len(f.Skipped) != 1 || f.Skipped[0] != "BenchmarkCompareLoad/weakmap" {
		t.Errorf("Skipped = %v, want the Compare line", f.Skipped)
	}
	if got := f.Config["process"]; !reflect.DeepEqual(got, []string{"1", "2"}) {
		t.Errorf("process config = %v", got)
	}
	if f.Meta.GetBetter("ns/entry") != -1 {
		t.Error("the Unit line of ns/entry was lost")
	}
	if got := f.Samples(Key{"Sweep", "size=64Ki", Default, 1, "ns/entry"}); !reflect.DeepEqual(got, []float64{3}) {
		t.Errorf("ns/entry samples = %v", got)
	}
	if got := f.Results[0].Pkg; got != "github.com/weakstripe/weakstripe/bench" {
		t.Errorf("pkg = %q", got)
	}
	_, err := Read(strings.NewReader("goos: linux\n"), "empty", nil)
	if !errors.Is(err, ErrNoBenchmarks) {
		t.Errorf("Read of no results: %v, want ErrNoBenchmarks", err)
	}
}
