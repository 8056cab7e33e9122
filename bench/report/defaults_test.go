package report

import (
	"strings"
	"testing"
)

// Variant columns say which variant equals the defaults, from the line
// the round runner prints; the shard count's default depends on -cpu.
func TestDefaultMark(t *testing.T) {
	in := "weakstripe-defaults: T256 B64 S16@1 S16@2 S32@8\n" +
		"BenchmarkStore/keys=1Ki/target=weakstripe 1 100 ns/op\n"
	d, err := read(strings.NewReader(in), "defaults")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f      family
		target string
		want   string
	}{
		{thresholdFamily, "weakstripe-T256", " (default)"},
		{thresholdFamily, "weakstripe-T64", ""},
		{budgetFamily, "weakstripe-B64", " (default)"},
		{shardsFamily, "weakstripe-S16", " (default at -cpu 1, 2)"},
		{shardsFamily, "weakstripe-S32", " (default at -cpu 8)"},
		{shardsFamily, "weakstripe-S4", ""},
	} {
		if got := defaultMark(d, c.f, c.target); got != c.want {
			t.Errorf("defaultMark(%s) = %q, want %q", c.target, got, c.want)
		}
	}
	// Every -cpu with the same default: plainly the default.
	d, _ = read(strings.NewReader("weakstripe-defaults: T256 B64 S16@1 S16@2\n"+
		"BenchmarkStore/keys=1Ki/target=weakstripe 1 100 ns/op\n"), "defaults")
	if got := defaultMark(d, shardsFamily, "weakstripe-S16"); got != " (default)" {
		t.Errorf("S16 default at every -cpu: %q, want \" (default)\"", got)
	}
	// A file that does not say marks nothing.
	d, _ = read(strings.NewReader("BenchmarkStore/keys=1Ki/target=weakstripe 1 100 ns/op\n"), "none")
	if got := defaultMark(d, thresholdFamily, "weakstripe-T256"); got != "" {
		t.Errorf("without the line: %q, want nothing", got)
	}
}
