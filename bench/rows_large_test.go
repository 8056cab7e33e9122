package bench_test

import (
	"slices"
	"strings"
	"testing"
)

// BENCH_LARGE=1 adds rows and changes none: the quick and full presets,
// which leave it unset, keep their rows, and the rows of 1Mi keys run the
// engine's targets only (largeTargets), for LoadHit, LoadMiss, Store and
// Mix at 90 and 100 per cent reads, and KeyMapLoad's own three targets.
func TestLargeAddsOnlyTheEngineRows(t *testing.T) {
	names := func() map[string][]string {
		rows := map[string][]string{}
		for _, g := range roundGroups {
			for _, r := range g.rows(t.Fatalf) {
				for _, tg := range r.targets {
					rows[r.name()] = append(rows[r.name()], tg.name)
				}
			}
		}
		return rows
	}
	t.Setenv("BENCH_LARGE", "")
	small := names()
	t.Setenv("BENCH_LARGE", "1")
	large := names()

	for name, tgs := range small {
		if !slices.Equal(large[name], tgs) {
			t.Errorf("%s: targets %v with BENCH_LARGE=1, %v without", name, large[name], tgs)
		}
	}
	want := []string{
		"LoadHit/keys=1Mi", "LoadMiss/keys=1Mi", "Store/keys=1Mi",
		"Mix/reads=90/dist=uniform/keys=1Mi", "Mix/reads=90/dist=zipf/keys=1Mi",
		"Mix/reads=100/dist=uniform/keys=1Mi", "Mix/reads=100/dist=zipf/keys=1Mi",
		"KeyMapLoad/keys=1Mi",
	}
	var added []string
	for name, tgs := range large {
		if _, ok := small[name]; ok {
			continue
		}
		if strings.HasPrefix(name, "Len/") || strings.HasPrefix(name, "Sweep/") {
			continue // their 1Mi sizes, all targets
		}
		added = append(added, name)
		if name == "KeyMapLoad/keys=1Mi" {
			if want := small["KeyMapLoad/keys=64Ki"]; !slices.Equal(tgs, want) {
				t.Errorf("%s: targets %v, want KeyMapLoad's %v", name, tgs, want)
			}
			continue
		}
		if !slices.Equal(tgs, largeTargets) {
			t.Errorf("%s: targets %v, want %v", name, tgs, largeTargets)
		}
	}
	slices.Sort(added)
	slices.Sort(want)
	if !slices.Equal(added, want) {
		t.Errorf("BENCH_LARGE=1 added the rows %v, want %v", added, want)
	}
}
