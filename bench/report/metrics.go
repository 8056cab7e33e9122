package report

import (
	"slices"
	"strings"
)

// testingUnits are the units the testing package itself reports; every
// other unit of a group is a metric of the suite's own (p99-ns, raw/live,
// hits/op...).
var testingUnits = []string{"ns/op", "sec/op", "B/op", "allocs/op", "MB/s", "B/s"}

// meanings say what the suite's less obvious metrics measure, for the
// notes of tables that show them.
var meanings = map[string]string{
	"raw/live":        "entries held (live and dead) per live entry at the end of the run, 1 when no dead entry is held",
	"retained-B/live": "heap bytes retained per live entry at the end of the run",
}

// extraUnits returns the suite's own metrics that group reports besides
// the unit it is compared in, in order of first appearance.
func extraUnits(d *dataset, group string) []string {
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
// (extraUnits), one table of their medians for weakstripe, each
// competitor and the group's other targets but the variants. Nothing here knows a group: the file's Unit lines say which
// way each metric is better.
func metricTables(d *dataset) []table {
	var out []table
	for _, g := range d.Groups() {
		targets := groupTargets(d, g)
		t := metricTable(d, g+": the suite's own metrics", []string{g}, targets, targets)
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// metricTable returns the table of the medians of the suite's own metrics
// of groups, a column per target (headed by its label), a row per config,
// -cpu and metric in which a target other than the first was measured.
func metricTable(d *dataset, title string, groups, targets, labels []string) table {
	var all []string
	for _, g := range groups {
		for _, u := range extraUnits(d, g) {
			if !slices.Contains(all, u) {
				all = append(all, u)
			}
		}
	}
	t := fill(d, table{
		Title:  title,
		Labels: 3,
		Header: append([]string{"benchmark", "cpu", "metric"}, labels...),
	}, groups, func(g string) []string { return extraUnits(d, g) }, targets, func(k seriesKey) string {
		if s, ok := d.Summary(k); ok {
			return formatValue(s.Center, k.Unit)
		}
		return missing
	})
	if len(t.Rows) == 0 {
		return t
	}
	note := "Median over runs of each metric. " + directions(d, all)
	for _, u := range all {
		if m, ok := meanings[u]; ok {
			note += " " + u + ": " + m + "."
		}
	}
	t.Notes = []string{note}
	return t
}

// directions says which way each unit is better, per the file's Unit
// lines: "Lower is better: p99-ns, raw/live; higher is better: hits/op."
func directions(d *dataset, units []string) string {
	by := map[int][]string{}
	for _, u := range units {
		by[d.Better(u)] = append(by[d.Better(u)], u)
	}
	var parts []string
	for _, b := range []int{-1, 1, 0} {
		if len(by[b]) > 0 {
			say := map[int]string{-1: "lower is better", 1: "higher is better", 0: "no Unit line says which way is better"}[b]
			parts = append(parts, say+": "+strings.Join(by[b], ", "))
		}
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
