package gate

import (
	"fmt"

	"github.com/weakstripe/weakstripe/bench/paired"
	"golang.org/x/perf/benchmath"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"
)

// unitInfo is what the gate knows of every unit: the Unit lines of both
// files, which must agree, over benchfmt's built-in defaults.
type unitInfo struct {
	meta benchfmt.UnitMetadataMap
}

// mergeUnits combines the unit metadata of both sides. A key set to
// different values on the two sides is an error: the gate cannot tell
// which direction or assumption to judge by.
func mergeUnits(old, new *Set) (unitInfo, error) {
	meta := make(benchfmt.UnitMetadataMap)
	var conflicts []string
	for _, side := range []*Set{old, new} {
		for key, m := range side.Units {
			if have, ok := meta[key]; ok && have.Value != m.Value {
				conflicts = append(conflicts, fmt.Sprintf("unit %s: %s=%s in %s but %s=%s in %s",
					key.Unit, key.Key, have.Value, old.File, key.Key, m.Value, new.File))
				continue
			}
			meta[key] = m
		}
	}
	if len(conflicts) > 0 {
		sort.Strings(conflicts)
		return unitInfo{}, fmt.Errorf("conflicting Unit lines: %s", strings.Join(conflicts, "; "))
	}
	return unitInfo{meta}, nil
}

// better returns +1 if higher values of unit are better, -1 if lower ones
// are, 0 if nobody said: the suite's one rule, paired.Better.
func (u unitInfo) better(unit string) int { return paired.Better(u.meta, unit) }

// exact reports whether unit is measured exactly: paired.Assumption,
// which takes a Unit line's assume= and else treats allocs/op, and only
// it, as exact (B/op varies with b.N; see there).
func (u unitInfo) exact(unit string) bool {
	return paired.Assumption(u.meta, unit) == benchmath.AssumeExact
}

// TidyUnits returns units as benchfmt names them after tidying (ns/op
// becomes sec/op, MB/s becomes B/s), so that users may write either.
func TidyUnits(units []string) []string {
	out := make([]string, 0, len(units))
	for _, u := range units {
		u = strings.TrimSpace(u)
		if u == "" {
			continue
		}
		_, tidy := benchunit.Tidy(1, u)
		out = append(out, tidy)
	}
	return out
}
