package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/perf/benchunit"
)

// missing is what a cell says when its benchmark was not measured.
const missing = "-"

// isTime reports whether unit measures time: benchunit rewrites its "ns"
// to "sec" when tidying ("ns/op", "p99.9-ns", "ns/entry").
func isTime(unit string) bool {
	_, tidy := benchunit.Tidy(1, unit)
	return tidy != unit && strings.Contains(tidy, "sec")
}

// formatValue formats v, in unit, to three significant digits with a
// readable scale: times in ns, µs, ms or s; bytes in B, KiB or MiB;
// anything else as a plain number.
func formatValue(v float64, unit string) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return missing
	case isTime(unit):
		return scaled(v, 1000, []string{"ns", "µs", "ms", "s"})
	case benchunit.ClassOf(unit) == benchunit.Binary: // "retained-B/live", "B/op"
		return scaled(v, 1024, []string{"B", "KiB", "MiB", "GiB"})
	}
	return sig3(v)
}

// scaled divides v by step until it reads below step at three
// significant digits (999.7 ns is "1.00 µs", not "1000 ns").
func scaled(v, step float64, names []string) string {
	i := 0
	for i < len(names)-1 {
		r, err := strconv.ParseFloat(sig3(v), 64)
		if err != nil || math.Abs(r) < step {
			break
		}
		v /= step
		i++
	}
	return sig3(v) + " " + names[i]
}

// sig3 prints v with three significant digits and no exponent: 0.0123,
// 1.23, 123, 12300.
func sig3(v float64) string {
	if v == 0 {
		return "0"
	}
	digits := 2 - int(math.Floor(math.Log10(math.Abs(v))))
	if digits < 0 {
		digits = 0
	}
	s := strconv.FormatFloat(v, 'f', digits, 64)
	// Rounding can carry into a new digit (9.996 -> "10.00"): one
	// fewer decimal keeps three significant digits.
	if digits > 0 && len(strings.TrimLeft(strings.Replace(s, ".", "", 1), "-0")) > 3 {
		s = strconv.FormatFloat(v, 'f', digits-1, 64)
	}
	return s
}

// formatSummary formats a median with its confidence interval as a
// percentage ("17.9 ns ±2%"), leaving the interval out when benchmath
// could not bound it (too few runs for the confidence level).
func formatSummary(s interval, unit string) string {
	v := formatValue(s.Center, unit)
	if pct, ok := ciPercent(s); ok {
		v += " ±" + pct
	}
	return v
}

// ciPercent returns the larger distance of the interval's ends from the
// median, in percent, and false if the interval is unbounded or the
// median is zero.
func ciPercent(s interval) (string, bool) {
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) || s.Center == 0 {
		return "", false
	}
	p := 100 * math.Max(s.Hi/s.Center-1, 1-s.Lo/s.Center)
	return fmt.Sprintf("%.0f%%", math.Abs(p)), true
}

// formatRatio formats a ratio of medians: "0.97x", with fewer decimals
// once they stop meaning anything ("14.6x", "2338x").
func formatRatio(r float64) string {
	switch {
	case math.IsNaN(r) || math.IsInf(r, 0):
		return missing
	case r >= 100:
		return fmt.Sprintf("%.0fx", r)
	case r >= 10:
		return fmt.Sprintf("%.1fx", r)
	case r < 0.01:
		return sig3(r) + "x"
	}
	return fmt.Sprintf("%.2fx", r)
}
