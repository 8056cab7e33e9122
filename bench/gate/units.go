package gate

import (
	"fmt"
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
// are, 0 if nobody said.
func (u unitInfo) better(unit string) int {
	return u.meta.GetBetter(unit)
}

// exact reports whether unit is measured exactly: a Unit line says
// assume=exact, or the unit is allocs/op and no Unit line says otherwise.
//
// B/op is not exact by default although it looks it: the testing package
// divides the bytes allocated in the whole timed loop by b.N, so one-off
// allocations inside it (weak handles made on first use, a table that
// grows, RunParallel's goroutines) change B/op with b.N, which changes
// with the machine's speed. Measured: 32 to 38 B/op for one Store
// benchmark, 128 to 180 for a churn benchmark, in the same binary.
// allocs/op has the same cause but rounds down to a whole number, which
// hides a fraction of an allocation per op.
func (u unitInfo) exact(unit string) bool {
	if m := u.meta.Get(unit, "assume"); m != nil {
		return m.Value == "exact"
	}
	return unit == "allocs/op"
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
