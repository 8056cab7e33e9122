package report

import (
	"fmt"
	"slices"
)

// churnGroup is the group whose values die while the map is in use; it
// reports tail latencies and what the map retains.
const churnGroup = "Churn"

// percentileUnits are the tail-latency metrics of Churn, in order.
var percentileUnits = []string{"p50-ns", "p99-ns", "p99.9-ns"}

// retentionTargets are the targets whose retention after churn is worth
// setting side by side: ours, the weak map without cleanup, the seed.
var retentionTargets = []string{ours, "xsync-weak", "seed"}

// tailTables returns the latency percentiles of single operations under
// churn for weakstripe and every competitor, with weakstripe / seed.
func tailTables(d *Data) []Table {
	units := d.Units(churnGroup)
	t := Table{
		Title: "Churn: latency percentiles of single operations",
		Notes: []string{fmt.Sprintf("Median over runs of each percentile. Last column: seed's / %s's, per round; %s.",
			ours, againstOurs(d.Better("p99-ns"), true))},
		Labels: 3,
		Header: append(append([]string{"benchmark", "cpu", "percentile", ours}, Competitors...), "seed/"+ours),
	}
	for _, c := range d.Configs(churnGroup) {
		for _, p := range d.Procs() {
			for _, u := range percentileUnits {
				if !slices.Contains(units, u) {
					continue
				}
				k := key(churnGroup, c, ours, p, u)
				row := []string{benchName(churnGroup, c), fmt.Sprint(p), percentileLabel(u)}
				measured := false
				for _, target := range append([]string{ours}, Competitors...) {
					cell := missing
					if s, ok := d.Summary(k.With(target)); ok {
						cell = formatValue(s.Center, u)
						measured = true
					}
					row = append(row, cell)
				}
				cell := missing
				if r, ok := d.Compare(k.With("seed"), k); ok {
					cell = r.Cell()
				}
				if measured {
					t.Rows = append(t.Rows, append(row, cell))
				}
			}
		}
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return []Table{pruneColumns(t)}
}

// percentileLabel is "p99.9" for "p99.9-ns".
func percentileLabel(unit string) string {
	if n := len(unit) - len("-ns"); n > 0 && unit[n:] == "-ns" {
		return unit[:n]
	}
	return unit
}

// retentionTables returns what weakstripe, xsync-weak and the seed hold
// at the end of a churn run.
func retentionTables(d *Data) []Table {
	t := Table{
		Title:  "Churn: what each map holds at the end of the run",
		Notes:  []string{"raw/live: entries held (live and dead) per live entry, 1 is ideal. retained-B/live: heap bytes retained per live entry. Medians; lower is better."},
		Labels: 3,
		Header: []string{"benchmark", "cpu", "target"},
	}
	var units []string
	for _, ru := range retentionUnits {
		if slices.Contains(d.Units(churnGroup), ru.unit) {
			units = append(units, ru.unit)
			t.Header = append(t.Header, ru.unit)
		}
	}
	if len(units) == 0 {
		return nil
	}
	for _, c := range d.Configs(churnGroup) {
		for _, p := range d.Procs() {
			for _, target := range retentionTargets {
				row := []string{benchName(churnGroup, c), fmt.Sprint(p), target}
				measured := false
				for _, u := range units {
					cell := missing
					if s, ok := d.Summary(key(churnGroup, c, target, p, u)); ok {
						cell = formatSummary(s, u)
						measured = true
					}
					row = append(row, cell)
				}
				if measured {
					t.Rows = append(t.Rows, row)
				}
			}
		}
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return []Table{t}
}
