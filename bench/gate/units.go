package gate

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"
)

// mergeUnits combines the unit metadata (Unit lines) of both sides, by
// which paired.Better and paired.Assumption judge every unit. A key set
// to different values on the two sides is an error: the gate cannot tell
// which direction or assumption to judge by.
func mergeUnits(old, new *set) (benchfmt.UnitMetadataMap, error) {
	meta := make(benchfmt.UnitMetadataMap)
	var conflicts []string
	for _, side := range []*set{old, new} {
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
		return nil, fmt.Errorf("conflicting Unit lines: %s", strings.Join(conflicts, "; "))
	}
	return meta, nil
}

// tidyUnits returns units as benchfmt names them after tidying (ns/op
// becomes sec/op, MB/s becomes B/s), so that users may write either.
func tidyUnits(units []string) []string {
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
