package report

import (
	"fmt"
	"strings"
)

// variantTables returns, for a family of weakstripe variants, a table of
// the medians of the suite's own metrics of each variant, in groups that
// report such metrics, and one of their time per op against the
// defaults.
func variantTables(d *dataset, f family) []table {
	groups := f.Groups(d)
	if len(groups) == 0 {
		return nil
	}
	members := f.Members(d, groups...)
	labels := make([]string, len(members))
	for i, m := range members {
		labels[i] = f.label(m) + defaultMark(d, f, m)
	}
	var out []table
	t := metricTable(d, f.Option+": the suite's own metrics", groups,
		append([]string{ours}, members...), append([]string{ours}, labels...))
	if len(t.Rows) > 0 {
		out = append(out, t)
	}
	targets := append([]string{ours}, members...)
	t = fill(d, table{
		Title: fmt.Sprintf("%s: time per op against the defaults", f.Option),
		Notes: []string{fmt.Sprintf("%s: the defaults, median ns/op. %s columns: that variant's ns/op / %s's, per round (Hodges-Lehmann estimate ± its 95 %% interval); %s. A row marked noisy failed its A/A control.",
			ours, f.Letter, ours, againstOurs(d.Better("ns/op"), true))},
		Labels: 2,
		Header: append([]string{"benchmark", "cpu", ours}, labels...),
	}, groups, fixedUnit("ns/op"), targets, d.cell)
	if len(t.Rows) > 0 {
		out = append(out, t)
	}
	return out
}

// defaultMark says whether variant m equals the defaults, from the
// run's "weakstripe-defaults: T256 B64 S16@1 S16@2" line (the round
// runner prints it; the default shard count depends on GOMAXPROCS):
// " (default)", " (default at -cpu 1)", or "" when it is not a default
// or the file does not say.
func defaultMark(d *dataset, f family, m string) string {
	setting, ok := f.Setting(m)
	if !ok {
		return ""
	}
	want := f.Letter + setting
	var at []string
	all := true
	for _, tok := range strings.Fields(d.ConfigValue("weakstripe-defaults")) {
		label, procs, perProcs := strings.Cut(tok, "@")
		switch {
		case label == want && !perProcs:
			return " (default)"
		case label == want:
			at = append(at, procs)
		case perProcs && strings.HasPrefix(label, f.Letter):
			all = false
		}
	}
	switch {
	case len(at) == 0:
		return ""
	case all:
		return " (default)"
	}
	return " (default at -cpu " + strings.Join(at, ", ") + ")"
}
