package report

import (
	"slices"
	"strconv"
	"strings"
)

// ours is the target of weakstripe with default options, the one every
// comparison is made from.
const ours = "weakstripe"

// competitors are the other implementations of the suite, in the order
// tables show them: the two weak maps people write today, the seed this
// project started from, then the two strong maps that bound what a weak
// map can reach.
var competitors = []string{"xsync-weak", "goblog", "seed", "xsync-strong", "strongmap"}

// family is a set of weakstripe variants that differ from the defaults in
// one option, named weakstripe-<Letter><setting>.
type family struct {
	// Letter prefixes the setting in the target name: T, S or B.
	Letter string
	// Option names what the setting is, for titles: "Sweep threshold T".
	Option string
}

// Families are the variant families of the suite.
var (
	thresholdFamily = family{"T", "Sweep threshold T"}
	shardsFamily    = family{"S", "Shards"}
	budgetFamily    = family{"B", "Sweep budget B"}
)

// Setting returns the setting of a target of the family ("64" for
// weakstripe-T64, "off" for weakstripe-Toff), and false for other targets.
func (f family) Setting(target string) (string, bool) {
	s, ok := strings.CutPrefix(target, ours+"-"+f.Letter)
	return s, ok && s != ""
}

// Members returns the family's targets measured in any of groups, ordered
// by setting: numbers ascending, then words (off, whole) in order of
// appearance.
func (f family) Members(d *dataset, groups ...string) []string {
	var out []string
	for _, g := range groups {
		for _, t := range d.Targets(g) {
			if _, ok := f.Setting(t); ok && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b string) int {
		sa, _ := f.Setting(a)
		sb, _ := f.Setting(b)
		na, errA := strconv.Atoi(sa)
		nb, errB := strconv.Atoi(sb)
		switch {
		case errA == nil && errB == nil:
			return na - nb
		case errA == nil:
			return -1
		case errB == nil:
			return 1
		}
		return 0
	})
	return out
}

// Groups returns the groups in which some target of the family was
// measured, in order of appearance.
func (f family) Groups(d *dataset) []string {
	var out []string
	for _, g := range d.Groups() {
		if len(f.Members(d, g)) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// label is the column heading of a variant: "T64" for weakstripe-T64.
func (f family) label(target string) string {
	s, _ := f.Setting(target)
	return f.Letter + s
}
