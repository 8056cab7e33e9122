package report

import (
	"fmt"
	"slices"
	"strings"
)

// testingUnits are the units the testing package itself reports; every
// other unit of a group is a metric of the suite's own (p99-ns, raw/live,
// hits/op...).
var testingUnits = []string{"ns/op", "sec/op", "B/op", "allocs/op", "MB/s", "B/s"}

// extraUnits returns the suite's own metrics that group reports besides
// the unit it is compared in, in order of first appearance.
func extraUnits(d *Data, group string) []string {
	var out []string
	primary := primaryUnit(d, group)
	for _, u := range d.Units(group) {
		if u != primary && !slices.Contains(testingUnits, u) {
			out = append(out, u)
		}
	}
	return out
}

// metricTables returns, for every group that reports metrics of its own
// (extraUnits), one table of their medians for weakstripe and each
// competitor, a row per config, -cpu and metric. Nothing here knows a
// group: the file's Unit lines say which way each metric is better.
func metricTables(d *Data) []Table {
	var out []Table
	targets := append([]string{ours}, Competitors...)
	for _, g := range d.Groups() {
		units := extraUnits(d, g)
		if len(units) == 0 {
			continue
		}
		t := Table{
			Title:  g + ": the suite's own metrics",
			Notes:  []string{"Median over runs of each metric. " + directions(d, units)},
			Labels: 3,
			Header: append([]string{"benchmark", "cpu", "metric"}, targets...),
		}
		for _, c := range d.Configs(g) {
			for _, p := range d.Procs() {
				for _, u := range units {
					row := []string{benchName(g, c), fmt.Sprint(p), u}
					measured := false
					for _, target := range targets {
						cell := missing
						if s, ok := d.Summary(key(g, c, target, p, u)); ok {
							cell, measured = formatValue(s.Center, u), true
						}
						row = append(row, cell)
					}
					if measured {
						t.Rows = append(t.Rows, row)
					}
				}
			}
		}
		if len(t.Rows) > 0 {
			out = append(out, pruneColumns(t))
		}
	}
	return out
}

// directions says which way each unit is better, per the file's Unit
// lines: "Lower is better for p99-ns and raw/live; higher for hits/op."
func directions(d *Data, units []string) string {
	by := map[int][]string{}
	for _, u := range units {
		b := d.Better(u)
		by[b] = append(by[b], u)
	}
	var parts []string
	for _, w := range []struct {
		better int
		say    string
	}{{-1, "lower is better for %s"}, {1, "higher is better for %s"}, {0, "no Unit line says which way %s is better"}} {
		if us := by[w.better]; len(us) > 0 {
			parts = append(parts, fmt.Sprintf(w.say, andList(us)))
		}
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// andList joins words as prose: "a", "a and b", "a, b and c".
func andList(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
