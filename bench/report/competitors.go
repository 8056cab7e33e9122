package report

import "fmt"

// primaryUnits names the unit a group is compared in when it is not
// ns/op: a sweep is measured per entry examined.
var primaryUnits = map[string]string{"Sweep": "ns/entry"}

// primaryUnit returns the unit group is compared in: its entry in
// primaryUnits if the group reports it, else ns/op, else its first unit.
func primaryUnit(d *Data, group string) string {
	units := d.Units(group)
	for _, want := range []string{primaryUnits[group], "ns/op"} {
		for _, u := range units {
			if want != "" && u == want {
				return u
			}
		}
	}
	if len(units) == 0 {
		return "ns/op"
	}
	return units[0]
}

// benchName is how tables and sentences name a workload: the group and
// its config, "Mix/reads=90/dist=zipf/keys=64Ki".
func benchName(group, config string) string {
	if config == "" {
		return group
	}
	return group + "/" + config
}

// competitorTables returns, for each group, weakstripe's median against
// every competitor as ratios of medians, one row per config and -cpu.
func competitorTables(d *Data) []Table {
	var out []Table
	for _, g := range d.Groups() {
		unit := primaryUnit(d, g)
		t := Table{
			Title: fmt.Sprintf("%s: %s against competitors (%s)", g, ours, unit),
			Notes: []string{
				fmt.Sprintf("%s: its median %s. Competitor columns: %s's median / the competitor's; %s.",
					ours, unit, ours, direction(d.Better(unit), isTime(unit))),
			},
			Labels: 2,
			Header: append([]string{"benchmark", "cpu", ours}, Competitors...),
		}
		t.Rows = variantRows(d, g, unit, Competitors, func(k Key) string {
			if r, ok := d.Compare(k.With(ours), k); ok {
				return r.Cell()
			}
			return missing
		})
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}
