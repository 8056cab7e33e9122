package gate

import (
	"fmt"
	"slices"
)

// A report is the outcome of comparing two sets.
type report struct {
	options options
	Rows    []comparison // in OLD's order of benchmarks, then of units

	// OnlyOld and OnlyNew are the benchmarks measured on one side only
	// (after filtering): not compared, and not an error, since a change
	// may add or remove benchmarks.
	OnlyOld, OnlyNew []benchmark

	// Problems are the faults of the input that make it bad, beyond the
	// rows with badInput set: nothing in common, a unit asked for that
	// is not in common.
	Problems []string

	// Warnings are worth reading but change no verdict.
	Warnings []string
}

// compare judges every benchmark and unit measured in both old and new
// (limited to o.Units if set).
func compare(old, new *set, o options) (*report, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	units, err := mergeUnits(old, new)
	if err != nil {
		return nil, err
	}
	rep := &report{options: o}
	for _, s := range []*set{old, new} {
		for _, w := range s.Warnings {
			rep.Warnings = append(rep.Warnings, "ignored a line: "+w)
		}
	}
	seen := make(map[string]bool) // units compared at least once
	for _, b := range old.Benchmarks {
		newByUnit, ok := new.Samples[b]
		if !ok {
			rep.OnlyOld = append(rep.OnlyOld, b)
			continue
		}
		for _, unit := range old.UnitOrder[b] {
			if len(o.Units) > 0 && !slices.Contains(o.Units, unit) {
				continue
			}
			newValues, ok := newByUnit[unit]
			if !ok {
				rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: %s measured in %s only", b.Name, unit, old.File))
				continue
			}
			seen[unit] = true
			row := comparison{
				benchmark: b,
				Unit:      unit,
				Old:       slices.Clone(old.Samples[b][unit]),
				New:       slices.Clone(newValues),
			}
			row.judge(o, units)
			if row.Irregular {
				rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: %s is assumed exact but its values vary within a side", b.Name, unit))
			}
			rep.Rows = append(rep.Rows, row)
		}
	}
	for _, b := range new.Benchmarks {
		if _, ok := old.Samples[b]; !ok {
			rep.OnlyNew = append(rep.OnlyNew, b)
		}
	}
	if len(rep.Rows) == 0 {
		rep.Problems = append(rep.Problems, fmt.Sprintf("no benchmark and unit measured in both %s and %s", old.File, new.File))
	}
	for _, u := range o.Units {
		if !seen[u] && len(rep.Rows) > 0 {
			rep.Problems = append(rep.Problems, fmt.Sprintf("unit %s is not measured on both sides of any benchmark", u))
		}
	}
	return rep, nil
}

// exitCode returns the command's exit status for the report: 2 if the
// input is bad, else 1 if a comparison failed, else 0.
func (r *report) exitCode() int {
	if r.badInput() {
		return 2
	}
	if r.failures() > 0 {
		return 1
	}
	return 0
}

// badInput reports whether some comparison could not be made as asked.
func (r *report) badInput() bool {
	if len(r.Problems) > 0 {
		return true
	}
	for _, row := range r.Rows {
		if row.badInput {
			return true
		}
	}
	return false
}

// failures returns the number of failed comparisons.
func (r *report) failures() int {
	n := 0
	for _, row := range r.Rows {
		if row.verdict == fail {
			n++
		}
	}
	return n
}
