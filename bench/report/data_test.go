package report

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func readFixture(t *testing.T, name string) *dataset {
	t.Helper()
	d, err := readFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestReadSmall(t *testing.T) {
	d := readFixture(t, "small.txt")
	// Medians of three runs: 10 12 11 -> 11; 20 24 22 -> 22.
	for _, tt := range []struct {
		k    seriesKey
		want float64
	}{
		{key("LoadHit", "keys=1Ki", "weakstripe", 1, "ns/op"), 11},
		{key("LoadHit", "keys=1Ki", "xsync-weak", 1, "ns/op"), 22},
		{key("LoadHit", "keys=1Ki", "weakstripe", 2, "ns/op"), 6},
		{key("Rate", "", "weakstripe", 1, "ops/s"), 120},
		// Units are kept as written, not tidied to sec.
		{key("Churn", "live=64Ki", "seed", 1, "p99.9-ns"), 4000},
	} {
		s, ok := d.Summary(tt.k)
		if !ok {
			t.Errorf("Summary(%+v) missing", tt.k)
			continue
		}
		if s.Center != tt.want {
			t.Errorf("Summary(%+v).Center = %v, want %v", tt.k, s.Center, tt.want)
		}
	}
	if s, _ := d.Summary(key("LoadHit", "keys=1Ki", "weakstripe", 1, "ns/op")); s.N != 3 {
		t.Errorf("N = %d, want 3", s.N)
	}
	if _, ok := d.Summary(key("LoadHit", "keys=1Ki", "goblog", 1, "ns/op")); ok {
		t.Error("Summary of an unmeasured target reported ok")
	}
	if got, want := d.Procs(), []int{1, 2}; !slices.Equal(got, want) {
		t.Errorf("Procs() = %v, want %v", got, want)
	}
	if got, want := d.Groups(), []string{"LoadHit", "Rate", "Churn"}; !slices.Equal(got, want) {
		t.Errorf("Groups() = %v, want %v", got, want)
	}
	if got, want := d.Skipped, []string{"BenchmarkCompareLoad/weakmap"}; !slices.Equal(got, want) {
		t.Errorf("Skipped = %v, want %v", got, want)
	}
	if got := d.ConfigValue("commit"); got != "abc1234" {
		t.Errorf("commit = %q", got)
	}
}

// Unit lines set the direction of units benchfmt does not know.
func TestReadHonoursUnitMetadata(t *testing.T) {
	d := readFixture(t, "small.txt")
	for unit, want := range map[string]int{
		"ns/op":    -1, // benchfmt's own default
		"p99.9-ns": -1, // Unit p99.9-ns better=lower
		"ops/s":    1,  // Unit ops/s better=higher
		"raw/live": -1, // Unit raw/live better=lower
		"p99-ns":   0,  // no Unit line here: unknown, the suite keeps no table of its own
		"B/s":      1,  // benchfmt's default
		"widgets":  0,  // nobody says
	} {
		if got := d.Better(unit); got != want {
			t.Errorf("Better(%q) = %d, want %d", unit, got, want)
		}
	}
	// A Unit line is all that sets the direction of the suite's metrics.
	d2, err := read(strings.NewReader("Unit raw/live better=higher\nBenchmarkChurn/target=seed 1 1.5 raw/live\n"), "x")
	if err != nil {
		t.Fatal(err)
	}
	if got := d2.Better("raw/live"); got != 1 {
		t.Errorf("with Unit raw/live better=higher, Better(raw/live) = %d, want 1", got)
	}
}

func TestReadNoBenchmarks(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{empty, "testdata/nobench.txt", "testdata/foreign.txt"} {
		_, err := readFile(path)
		if !errors.Is(err, errNoBenchmarks) {
			t.Errorf("ReadFile(%s) error = %v, want ErrNoBenchmarks", path, err)
		}
		if err != nil && !strings.Contains(err.Error(), path) {
			t.Errorf("error %q does not name the file", err)
		}
	}
	if _, err := readFile(filepath.Join(t.TempDir(), "missing.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadFile(missing) error = %v, want not-exist", err)
	}
}

func TestReadFixtureScheme(t *testing.T) {
	d := readFixture(t, "suite.txt")
	if got, want := d.Configs("Mix"), []string{"reads=90/dist=zipf/keys=64Ki"}; !slices.Equal(got, want) {
		t.Errorf("Configs(Mix) = %v, want %v", got, want)
	}
	if got, want := thresholdFamily.Members(d, "Churn"), []string{"weakstripe-T64", "weakstripe-T1000", "weakstripe-Toff"}; !slices.Equal(got, want) {
		t.Errorf("Threshold members = %v, want %v (numbers ascending, off last)", got, want)
	}
	if got, want := budgetFamily.Members(d, "Churn"), []string{"weakstripe-B16", "weakstripe-Bwhole"}; !slices.Equal(got, want) {
		t.Errorf("Budget members = %v, want %v", got, want)
	}
	if lo, hi := d.Counts(); lo != 3 || hi != 3 {
		t.Errorf("Counts() = %d, %d, want 3, 3", lo, hi)
	}
}

// From 6 runs on, benchmath bounds the median at 95 %, and cells show the
// interval; with 5 it cannot.
func TestSummaryInterval(t *testing.T) {
	var b strings.Builder
	for i, v := range []string{"100", "101", "99", "102", "98", "100"} {
		b.WriteString("BenchmarkG/target=weakstripe 1 " + v + " ns/op\n")
		if i < 5 {
			b.WriteString("BenchmarkH/target=weakstripe 1 " + v + " ns/op\n")
		}
	}
	d, err := read(strings.NewReader(b.String()), "x")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := d.Summary(key("G", "", ours, 1, "ns/op"))
	if got, want := formatSummary(s, "ns/op"), "100 ns ±2%"; got != want {
		t.Errorf("6 runs: %q, want %q", got, want)
	}
	s, _ = d.Summary(key("H", "", ours, 1, "ns/op"))
	if got, want := formatSummary(s, "ns/op"), "100 ns"; got != want {
		t.Errorf("5 runs: %q, want %q", got, want)
	}
}
