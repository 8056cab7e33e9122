package report

import "math"

// Ratio compares our median with another target's on one benchmark and
// unit. Value is always ours/theirs, whichever way the unit improves;
// Better says which side of 1 is good for us.
type Ratio struct {
	Value float64
	// Better is -1 if lower values of the unit are better (below 1x we
	// win), +1 if higher are (above 1x we win), 0 if the file does not
	// say.
	Better int
	// Significant reports whether the U-test (or exact comparison for
	// exact units) tells the two samples apart at alpha = 0.05.
	Significant bool
	// Time reports whether the unit measures time, so that sentences
	// can say faster and slower rather than better and worse.
	Time bool
}

// Compare returns the ratio ours/theirs of the medians of two keys, and
// false if either was not measured or theirs is zero.
func (d *Data) Compare(ours, theirs Key) (Ratio, bool) {
	a, ok1 := d.Summary(ours)
	b, ok2 := d.Summary(theirs)
	if !ok1 || !ok2 || b.Center == 0 {
		return Ratio{}, false
	}
	return Ratio{
		Value:       a.Center / b.Center,
		Better:      d.Better(ours.Unit),
		Significant: Differs(a, b),
		Time:        isTime(ours.Unit),
	}, true
}

// Wins reports whether the ratio favours us (strictly, at the two
// decimals that tables print).
func (r Ratio) Wins() bool {
	return r.Better != 0 && rounded(r.Value) != 1 && (rounded(r.Value) < 1) == (r.Better < 0)
}

// Loses reports whether the ratio favours the other target (strictly, at
// the two decimals that tables print).
func (r Ratio) Loses() bool {
	return r.Better != 0 && rounded(r.Value) != 1 && !r.Wins()
}

// Cell is the ratio as a table cell: "0.97x", with " ~" when the test
// cannot tell the samples apart.
func (r Ratio) Cell() string {
	s := formatRatio(r.Value)
	if !r.Significant {
		s += " ~"
	}
	return s
}

// Verdict says in words which way the ratio goes and by how much:
// "faster by 3 %", "worse by 12 %", "same", or "direction unknown".
// For lower-is-better units the percentage is 1 - ratio (0.97x is 3 %
// faster); for higher-is-better units it is ratio - 1.
func (r Ratio) Verdict() string {
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
	// Past a factor of 2 on the losing side of a lower-is-better unit,
	// or the winning side of a higher-is-better one, percentages grow
	// unreadable (14643653 %): say the factor.
	if r.Value >= 2 {
		return word + " by a factor of " + sig3(r.Value)
	}
	return word + " by " + formatPercent(100*math.Abs(r.Value-1))
}

// direction is the table note that says which side of 1x is good for us.
func direction(better int, time bool) string {
	good, bad := "better", "worse"
	if time {
		good, bad = "faster", "slower"
	}
	switch better {
	case -1:
		return "below 1x " + ours + " is " + good + ", above 1x " + bad
	case 1:
		return "above 1x " + ours + " is " + good + ", below 1x " + bad
	}
	return "the file does not say whether higher or lower is better"
}

func rounded(v float64) float64 {
	return math.Round(v*100) / 100
}
