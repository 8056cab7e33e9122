package report

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
	targets := append([]string{ours}, competitors...)
	t := fill(d, table{
		Title: "Len: what counting costs (ns/op)",
		Notes: []string{
			"op=Len: how many entries are live; op=RawLen: how many are stored, dead ones included (for a strong map, the same question).",
			"Each cell: how the target answers (count: walks every entry, O(n); size: reads counters, O(1) or O(shards)), then, where its answer is of the same kind as " + ours + "'s, its time / " + ours + "'s per round (above 1x " + ours + " is faster), else its median time: an O(n) count is not ranked against a size.",
		},
		Labels: 2,
		Header: append([]string{"benchmark", "cpu"}, targets...),
	}, []string{lenGroup}, fixedUnit("ns/op"), targets, func(k seriesKey) string {
		op := d.param(lenGroup, k.Config, "op")
		kind := lenCost[k.Target][op]
		if r, ok := d.Compare(k, k.With(ours)); ok && k.Target != ours && kind == lenCost[ours][op] {
			return kind + " " + r.Cell()
		}
		if s, ok := d.Summary(k); ok && k.Target == ours {
			return kind + " " + formatSummary(s, k.Unit)
		} else if ok {
			return kind + " " + formatValue(s.Center, k.Unit)
		}
		return missing
	})
	if len(t.Rows) == 0 {
		return nil
	}
	return []table{t}
}
