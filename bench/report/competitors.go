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

// competitorTables returns, for each group but Len (lenTables), each
// competitor's time against weakstripe's, as per-round ratios, one row per
// config and -cpu, with the row's A/A control.
func competitorTables(d *dataset) []table {
	var out []table
	for _, g := range d.Groups() {
		if g == lenGroup {
			continue
		}
		unit := primaryUnit(d, g)
		cols := append([]string{twin}, competitors...)
		t := table{
			Title: fmt.Sprintf("%s: competitors against %s (%s)", g, ours, unit),
			Notes: []string{
				fmt.Sprintf("%s: its median %s. Other columns: that target's %s / %s's, per round (Hodges-Lehmann estimate ± its 95 %% interval); %s.",
					ours, unit, unit, ours, againstOurs(d.Better(unit), isTime(unit))),
				aaNote,
			},
			Labels: 2,
			Header: append([]string{"benchmark", "cpu", ours}, cols...),
		}
		t.Rows = variantRows(d, g, unit, cols, func(k seriesKey) string {
			if k.Target == twin {
				return aaCell(d, k)
			}
			return ratioCell(d, k)
		})
		if len(t.Rows) > 0 {
			t = pruneColumns(t)
			if !slices.Contains(t.Header, twin) {
				t.Notes = t.Notes[:1]
			}
			out = append(out, t)
		}
	}
	return out
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

// aaNote explains the A/A column.
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

// pruneColumns drops the value columns after the first that hold no
// measurement in any row.
func pruneColumns(t table) table {
	keep := make([]bool, len(t.Header))
	for i := range keep {
		keep[i] = i <= t.Labels
	}
	for _, row := range t.Rows {
		for i, c := range row {
			if c != missing {
				keep[i] = true
			}
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
