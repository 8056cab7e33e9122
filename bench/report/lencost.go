package report

import (
	"fmt"
	"strings"
)

// lenGroup is the group that measures Len against RawLen; its op=
// parameter names the method.
const lenGroup = "Len"

// lenTables returns a table of Len's cost against RawLen's for each
// target and size: Len must resolve every weak pointer, so its cost grows
// with the map, where weakstripe's RawLen reads one count per shard.
func lenTables(d *Data) []Table {
	t := Table{
		Title:  "Len against RawLen (ns/op)",
		Notes:  []string{"Len counts the live entries, resolving every weak pointer; RawLen counts the stored ones, collected but unswept included (weakstripe adds up its shards' counts). Last column: Len's median / RawLen's."},
		Labels: 3,
		Header: []string{"target", "size", "cpu", "Len", "RawLen", "Len/RawLen"},
	}
	rests := lenRests(d)
	for _, target := range d.Targets(lenGroup) {
		for _, rest := range rests {
			for _, p := range d.Procs() {
				lenK, okL := findLenKey(d, rest, "Len", target, p)
				rawK, okR := findLenKey(d, rest, "RawLen", target, p)
				row := []string{target, restLabel(rest), fmt.Sprint(p), missing, missing, missing}
				measured := false
				if s, ok := d.Summary(lenK); okL && ok {
					row[3] = formatSummary(s, "ns/op")
					measured = true
				}
				if s, ok := d.Summary(rawK); okR && ok {
					row[4] = formatSummary(s, "ns/op")
					measured = true
				}
				if r, ok := d.Compare(lenK, rawK); okL && okR && ok {
					row[5] = r.Cell()
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

// lenRests returns the configs of the Len group without their op= part,
// in order of appearance: "size=64Ki".
func lenRests(d *Data) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range d.Configs(lenGroup) {
		n, _ := d.Name(lenGroup, c)
		if rest := configWithout(n, "op"); !seen[rest] {
			seen[rest] = true
			out = append(out, rest)
		}
	}
	return out
}

// findLenKey finds the config of the Len group that is rest plus op=<op>.
func findLenKey(d *Data, rest, op, target string, procs int) (Key, bool) {
	for _, c := range d.Configs(lenGroup) {
		n, _ := d.Name(lenGroup, c)
		if v, _ := paramValue(n, "op"); v == op && configWithout(n, "op") == rest {
			return Key{lenGroup, c, target, procs, "ns/op"}, true
		}
	}
	return Key{}, false
}

// restLabel shows a config without its key names when it has one part
// ("64Ki" for size=64Ki).
func restLabel(rest string) string {
	if k, v, ok := strings.Cut(rest, "="); ok && !strings.Contains(v, "/") && k != "" {
		return v
	}
	return rest
}

// configWithout returns n's config without the key= part.
func configWithout(n Name, key string) string {
	var parts []string
	for _, p := range n.Params {
		if p.Key != key {
			parts = append(parts, p.Key+"="+p.Value)
		}
	}
	return strings.Join(parts, "/")
}

// paramValue returns the value of key in n's config.
func paramValue(n Name, key string) (string, bool) {
	for _, p := range n.Params {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}
