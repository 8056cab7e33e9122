package report

import (
	"fmt"
	"slices"

	"github.com/weakstripe/weakstripe/bench/paired"
)

// primaryUnits names the unit a group is compared in when it is not
// ns/op: a sweep is measured per entry examined.
var primaryUnits = map[string]string{"Sweep": "ns/entry"}

// primaryUnit returns the unit group is compared in: its entry in
// primaryUnits if the group reports it, else ns/op, else its first unit.
func primaryUnit(d *dataset, group string) string {
	units := d.Units(group)
	for _, want := range []string{primaryUnits[group], "ns/op"} {
		if want != "" && slices.Contains(units, want) {
			return want
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

// competitorTables returns, for each group but Len (lenTables), each
// competitor's time against weakstripe's, as per-round ratios, one row per
// config and -cpu, with the row's A/A control.
func competitorTables(d *dataset) []table {
	var out []table
	for _, g := range d.Groups() {
		if g == lenGroup {
			continue
		}
		targets := groupTargets(d, g, twin)
		unit := primaryUnit(d, g)
		t := fill(d, table{
			Title: fmt.Sprintf("%s: competitors against %s (%s)", g, ours, unit),
			Notes: []string{fmt.Sprintf("%s: its median %s. Other columns: that target's %s / %s's; %s.",
				ours, unit, unit, ours, againstOurs(d.Better(unit), isTime(unit)))},
			Labels: 2,
			Header: append([]string{"benchmark", "cpu"}, targets...),
		}, []string{g}, fixedUnit(unit), targets, d.cell)
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// cell is the cell of k in the competitor and variant tables: weakstripe's
// median with its interval, the twin's A/A ratio, or another target's
// ratio to weakstripe in the same row, per round.
func (d *dataset) cell(k seriesKey) string {
	switch k.Target {
	case ours:
		if s, ok := d.Summary(k); ok {
			return formatSummary(s, k.Unit)
		}
		return missing
	case twin:
		return aaCell(d, k)
	}
	return ratioCell(d, k)
}

// ratioCell is the cell of k's ratio to weakstripe in the same row, per
// round.
func ratioCell(d *dataset, k seriesKey) string {
	if r, ok := d.Compare(k, k.With(ours)); ok {
		return r.Cell()
	}
	return missing
}

// twin is the A/A control of every row: weakstripe again, under another
// name.
var twin = paired.Twin(ours)

// aaNote explains the A/A column, in the legend of a run that has one.
var aaNote = fmt.Sprintf("%s is the A/A control, the same map as %s measured in the same rounds: a row whose %s interval leaves [%.2f, %.2f] is marked noisy and left out of the summaries.",
	twin, ours, twin, paired.NoisyLo, paired.NoisyHi)

// aaCell is the A/A column's cell of k's row: the twin's ratio, marked
// noisy when the row is.
func aaCell(d *dataset, k seriesKey) string {
	iv, noisy, ok := d.Noisy(k)
	if !ok {
		return missing
	}
	r := ratio{Value: iv.Center, Lo: iv.Lo, Hi: iv.Hi, Significant: iv.Excludes(1)}
	if noisy {
		return r.Cell() + " noisy"
	}
	return r.Cell()
}

// rowLabel names k's row in a table: its workload, marked when the row
// fails its A/A control.
func rowLabel(d *dataset, k seriesKey) string {
	if d.noisy(k.WithUnit(primaryUnit(d, k.Group))) {
		return benchName(k.Group, k.Config) + " (noisy)"
	}
	return benchName(k.Group, k.Config)
}

// noisy reports whether k's row (its group, config and -cpu, in k's unit)
// fails its A/A control.
func (d *dataset) noisy(k seriesKey) bool {
	_, noisy, _ := d.Noisy(k)
	return noisy
}

// fill adds to t a row per config, -cpu and unit of each of groups (see
// rows; units gives a group's units): its label columns, then cell(k) for
// the key of each target. With three label columns, the third names the
// unit. It leaves out the rows in which no target after the first was
// measured, and the value columns after the first that hold no
// measurement.
func fill(d *dataset, t table, groups []string, units func(group string) []string, targets []string, cell func(seriesKey) string) table {
	for _, g := range groups {
		for _, k := range d.rows(g, "") {
			for _, u := range units(g) {
				k := k.WithUnit(u)
				row := []string{rowLabel(d, k), fmt.Sprint(k.Procs)}
				if t.Labels == 3 {
					row = []string{benchName(g, k.Config), row[1], u}
				}
				measured := false
				for i, target := range targets {
					row = append(row, cell(k.With(target)))
					_, ok := d.Summary(k.With(target))
					measured = measured || i > 0 && ok
				}
				if measured {
					t.Rows = append(t.Rows, row)
				}
			}
		}
	}
	keep := make([]bool, len(t.Header))
	for i := range keep {
		keep[i] = i <= t.Labels
	}
	for _, row := range t.Rows {
		for i, c := range row {
			keep[i] = keep[i] || c != missing
		}
	}
	filter := func(cells []string) []string {
		var out []string
		for i, c := range cells {
			if keep[i] {
				out = append(out, c)
			}
		}
		return out
	}
	t.Header = filter(t.Header)
	for i := range t.Rows {
		t.Rows[i] = filter(t.Rows[i])
	}
	return t
}

// fixedUnit is fill's units for tables of one unit whatever the group.
func fixedUnit(unit string) func(string) []string {
	return func(string) []string { return []string{unit} }
}

// groupTargets returns the columns of group g's tables: weakstripe, the
// targets first, the competitors, then every other target measured in the
// group but the variant families, which have tables of their own (the
// Cache group's otter and golang-lru, the options on the read path, the
// hashers).
func groupTargets(d *dataset, g string, first ...string) []string {
	targets := append(append([]string{ours}, first...), competitors...)
	for _, t := range d.Targets(g) {
		variant := false
		for _, f := range []family{thresholdFamily, shardsFamily, budgetFamily} {
			_, v := f.Setting(t)
			variant = variant || v
		}
		if !variant && !slices.Contains(targets, t) {
			targets = append(targets, t)
		}
	}
	return targets
}
