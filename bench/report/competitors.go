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
		for _, c := range d.Configs(g) {
			for _, p := range d.Procs() {
				k := Key{g, c, ours, p, unit}
				row := []string{benchName(g, c), fmt.Sprint(p), missing}
				measured := false
				if s, ok := d.Summary(k); ok {
					row[2] = formatSummary(s, unit)
					measured = true
				}
				for _, comp := range Competitors {
					cell := missing
					if d.Has(g, c, comp, p) {
						measured = true
					}
					if r, ok := d.Compare(k, k.With(comp)); ok {
						cell = r.Cell()
					}
					row = append(row, cell)
				}
				if measured {
					t.Rows = append(t.Rows, row)
				}
			}
		}
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}
