package report

import (
	"fmt"
	"math"
)

// A ratio compares two targets on one benchmark and unit, round by round
// (paired.File.Ratio): Value is the Hodges-Lehmann estimate of the
// per-round ratios of the first to the second, whichever way the unit
// improves, and [Lo, Hi] its 95 % confidence interval. Better says which
// side of 1 is good for the first.
type ratio struct {
	Value, Lo, Hi float64
	// Rounds is the number of rounds paired.
	Rounds int
	// Better is -1 if lower values of the unit are better (below 1x we
	// win), +1 if higher are (above 1x we win), 0 if the file does not
	// say.
	Better int
	// Significant reports whether the interval is bounded (6 rounds or
	// more) and excludes 1: the two targets differ at the 95 % level.
	Significant bool
	// Time reports whether the unit measures time, so that sentences
	// can say faster and slower rather than better and worse.
	Time bool
}

// Compare returns the ratio a/b of two keys, per round, and false if
// either was not measured.
func (d *dataset) Compare(a, b seriesKey) (ratio, bool) {
	iv, ok := d.Ratio(a, b)
	if !ok || math.IsInf(iv.Center, 0) || math.IsNaN(iv.Center) {
		return ratio{}, false
	}
	return ratio{
		Value: iv.Center, Lo: iv.Lo, Hi: iv.Hi, Rounds: iv.N,
		Better:      d.Better(a.Unit),
		Significant: iv.Excludes(1) && !math.IsInf(iv.Lo, 0) && !math.IsInf(iv.Hi, 0),
		Time:        isTime(a.Unit),
	}, true
}

// Wins reports whether the ratio favours us (strictly, at the two
// decimals that tables print).
func (r ratio) Wins() bool {
	return r.Better != 0 && rounded(r.Value) != 1 && (rounded(r.Value) < 1) == (r.Better < 0)
}

// Loses reports whether the ratio favours the other target (strictly, at
// the two decimals that tables print).
func (r ratio) Loses() bool {
	return r.Better != 0 && rounded(r.Value) != 1 && !r.Wins()
}

// Cell is the ratio as a table cell: "0.97x ±2%", the interval as the
// larger distance of its ends from the median, with " ~" when the
// interval holds 1 (no difference at 95 %).
func (r ratio) Cell() string {
	s := formatRatio(r.Value)
	if pct, ok := ciPercent(interval{Center: r.Value, Lo: r.Lo, Hi: r.Hi}); ok {
		s += " ±" + pct
	}
	if !r.Significant {
		s += " ~"
	}
	return s
}

// Verdict says in words which way the ratio goes and by how much:
// "faster by 3 %", "worse by 12 %", "same", or "direction unknown".
// For lower-is-better units the percentage is 1 - ratio (0.97x is 3 %
// faster); for higher-is-better units it is ratio - 1.
func (r ratio) Verdict() string {
	if r.Better == 0 {
		return "direction unknown"
	}
	if !r.Wins() && !r.Loses() {
		return "same"
	}
	word := "better"
	if r.Loses() {
		word = "worse"
	}
	if r.Time {
		word = map[string]string{"better": "faster", "worse": "slower"}[word]
	}
	// Past a factor of 2 either way, percentages grow unreadable
	// (14643653 %, or 100 % faster for 284 times as fast): say the
	// factor.
	if f := max(r.Value, 1/r.Value); f >= 2 {
		return word + " by a factor of " + sig3(f)
	}
	if p := 100 * math.Abs(r.Value-1); p < 1 {
		return fmt.Sprintf("%s by %.1f %%", word, p)
	}
	return fmt.Sprintf("%s by %.0f %%", word, 100*math.Abs(r.Value-1))
}

// againstOurs is the table note that says which side of 1x is good for
// us in a column of another target's values over ours.
func againstOurs(better int, time bool) string {
	good, bad := "better", "worse"
	if time {
		good, bad = "faster", "slower"
	}
	switch better {
	case -1:
		return "above 1x " + ours + " is " + good + ", below 1x " + bad
	case 1:
		return "below 1x " + ours + " is " + good + ", above 1x " + bad
	}
	return "the file does not say whether higher or lower is better"
}

func rounded(v float64) float64 {
	return math.Round(v*100) / 100
}
