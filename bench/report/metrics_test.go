package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// A group the report has never heard of gets a table of its own metrics,
// with the direction of each taken from the file's Unit lines.
func TestMetricTablesAnyGroup(t *testing.T) {
	d, err := read(strings.NewReader(`Unit hits/op better=higher
Unit live-B better=lower
BenchmarkCache/keys=1Ki/target=weakstripe 1 100 ns/op 0.75 hits/op 0.25 creates/op 4096 live-B 0 allocs/op
BenchmarkCache/keys=1Ki/target=xsync-weak 1 120 ns/op 0.5 hits/op 0.5 creates/op 8192 live-B 1 allocs/op
`), "cache")
	if err != nil {
		t.Fatal(err)
	}
	tb := findTable(t, build(d), "Cache: the suite's own metrics")
	for _, c := range []struct{ target, metric, want string }{
		{ours, "hits/op", "0.750"},
		{"xsync-weak", "creates/op", "0.500"},
		{"xsync-weak", "live-B", "8.00 KiB"},
	} {
		if got := cell(t, tb, c.target, "Cache/keys=1Ki", "1", c.metric); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.target, c.metric, got, c.want)
		}
	}
	for _, row := range tb.Rows {
		if row[2] == "ns/op" || row[2] == "allocs/op" {
			t.Errorf("row of the testing package's own unit %s: %q", row[2], row)
		}
	}
	want := "Median over runs of each metric. Lower is better: live-B; higher is better: hits/op; no Unit line says which way is better: creates/op."
	if tb.Notes[0] != want {
		t.Errorf("note = %q\nwant   %q", tb.Notes[0], want)
	}
}

// A family of variants gets the same table of its members' own metrics,
// in any group that reports some.
func TestMetricTablesOfVariants(t *testing.T) {
	d, err := read(strings.NewReader(`Unit hits/op better=higher
BenchmarkCache/keys=1Ki/target=weakstripe 1 100 ns/op 0.75 hits/op
BenchmarkCache/keys=1Ki/target=weakstripe-S4 1 90 ns/op 0.5 hits/op
BenchmarkLoadHit/keys=1Ki/target=weakstripe-S64 1 90 ns/op
`), "cache")
	if err != nil {
		t.Fatal(err)
	}
	tb := findTable(t, build(d), "Shards: the suite's own metrics")
	if got := cell(t, tb, "S4", "Cache/keys=1Ki", "1", "hits/op"); got != "0.500" {
		t.Errorf("S4 hits/op = %q, want 0.500", got)
	}
	if slices.Contains(tb.Header, "S64") {
		t.Errorf("header %q has S64, which reports no metric of its own", tb.Header)
	}
}

// The tables of a group show every target measured in it but the variant
// families (which have tables of their own): Cache's otter and
// golang-lru, with their hit rates, are columns of its tables.
func TestGroupTablesShowEveryTarget(t *testing.T) {
	var b strings.Builder
	for _, tg := range []string{"weakstripe", "weakstripe-twin", "goblog", "otter", "lru", "weakstripe-retain", "weakstripe-T64"} {
		for range 3 {
			fmt.Fprintf(&b, "BenchmarkCache/cap=4Ki/target=%s 100 150 ns/op 0.9 hits/op\n", tg)
		}
	}
	d, err := read(strings.NewReader(b.String()), "cache")
	if err != nil {
		t.Fatal(err)
	}
	got := groupTargets(d, "Cache", twin)
	want := []string{"weakstripe", "weakstripe-twin", "xsync-weak", "goblog", "seed", "xsync-strong", "strongmap", "otter", "lru", "weakstripe-retain"}
	if !slices.Equal(got, want) {
		t.Errorf("groupTargets = %v, want %v", got, want)
	}
	for _, tb := range metricTables(d) {
		if !slices.Contains(tb.Header, "otter") || !slices.Contains(tb.Header, "lru") || slices.Contains(tb.Header, "weakstripe-T64") {
			t.Errorf("metric table %q: header %v, want otter and lru and no T64", tb.Title, tb.Header)
		}
	}
}
