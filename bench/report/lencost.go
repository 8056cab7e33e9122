package report

import (
	"fmt"
	"slices"
)

// lenGroup is the group that measures Len against RawLen; its op=
// parameter names the method.
const lenGroup = "Len"

// lenCost says how each target answers the two questions of the Len
// group: "count" walks every entry (O(n)), "size" reads counters kept as
// entries come and go (O(1), or O(shards) for weakstripe). A strong map's
// stored entries are all live, so its size answers the live question
// too; a weak map can only count. Ratios are taken only between answers
// of one kind: an O(n) count is not ranked against a size.
var lenCost = map[string]map[string]string{
	ours:           {"Len": "count", "RawLen": "size"},
	twin:           {"Len": "count", "RawLen": "size"},
	"strongmap":    {"Len": "size", "RawLen": "size"},
	"xsync-weak":   {"Len": "count", "RawLen": "size"},
	"goblog":       {"Len": "count", "RawLen": "count"}, // sync.Map has no size
	"seed":         {"Len": "count", "RawLen": "size"},
	"xsync-strong": {"Len": "size", "RawLen": "size"},
}

// lenTables returns, for each question of the Len group (live entries:
// op=Len; stored entries: op=RawLen), what each target's answer costs,
// against weakstripe's where both answers are of one kind.
func lenTables(d *dataset) []table {
	t := table{
		Title: "Len: what counting costs (ns/op)",
		Notes: []string{
			"op=Len: how many entries are live; op=RawLen: how many are stored, dead ones included (for a strong map, the same question).",
			"Each cell: how the target answers (count: walks every entry, O(n); size: reads counters, O(1) or O(shards)), then, where its answer is of the same kind as " + ours + "'s, its time / " + ours + "'s per round (above 1x " + ours + " is faster), else its median time: an O(n) count is not ranked against a size.",
		},
		Labels: 2,
		Header: []string{"benchmark", "cpu", ours},
	}
	var cols []string
	for _, c := range competitors {
		if slices.Contains(d.Targets(lenGroup), c) {
			cols = append(cols, c)
		}
	}
	t.Header = append(t.Header, cols...)
	for _, k := range d.rows(lenGroup, "ns/op") {
		s, ok := d.Summary(k)
		if !ok {
			continue
		}
		op := d.param(lenGroup, k.Config, "op")
		row := []string{rowLabel(d, k), fmt.Sprint(k.Procs), lenCost[ours][op] + " " + formatSummary(s, "ns/op")}
		for _, comp := range cols {
			kind := lenCost[comp][op]
			cell := missing
			if r, ok := d.Compare(k.With(comp), k); ok && kind == lenCost[ours][op] {
				cell = kind + " " + r.Cell()
			} else if s, ok := d.Summary(k.With(comp)); ok {
				cell = kind + " " + formatValue(s.Center, "ns/op")
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return []table{t}
}
