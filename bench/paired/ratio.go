package paired

import (
	"math"
	"strings"
)

// Confidence is the level of every interval of the package, benchstat's
// default.
const Confidence = 0.95

// An Interval summarises a sample: its center (the median, or for ratios
// the Hodges-Lehmann estimate) and the confidence interval of the center.
type Interval struct {
	Center, Lo, Hi float64
	// N is the number of values summarised: rounds, for a ratio.
	N int
	// Confidence is the interval's actual level, at least Confidence.
	// Fewer than 6 values cannot bound a median at 95 %: then Lo or Hi
	// is infinite.
	Confidence float64
	// Unequal reports, for a ratio, that the two targets had different
	// numbers of rounds, so that only the first N of each were paired.
	Unequal bool
}

// Excludes reports whether x lies outside the interval: the two sides of
// a ratio whose interval excludes 1 differ at the interval's level.
func (iv Interval) Excludes(x float64) bool { return iv.Lo > x || iv.Hi < x }

// Within reports whether the whole interval lies within [lo, hi].
func (iv Interval) Within(lo, hi float64) bool { return iv.Lo >= lo && iv.Hi <= hi }

// HalfWidth returns half the interval's width relative to its center: 0.05
// for 1.00 [0.95, 1.05].
func (iv Interval) HalfWidth() float64 {
	if iv.Center == 0 {
		return math.Inf(1)
	}
	return (iv.Hi - iv.Lo) / 2 / math.Abs(iv.Center)
}

// Ratios returns a's value over b's, round by round: the k-th value of a
// over the k-th of b, for k up to the shorter of the two (see the package
// documentation for why the k-th values belong together). A round in
// which both are 0 has ratio 1 (nothing against nothing, as allocs/op of
// two maps that allocate nothing); one in which only b is 0, +Inf.
// unequal reports that a and b have different numbers of values.
func (f *File) Ratios(a, b Key) (ratios []float64, unequal bool) {
	va, vb := f.samples[a], f.samples[b]
	n := min(len(va), len(vb))
	ratios = make([]float64, n)
	for i := range n {
		switch {
		case va[i] == vb[i]:
			ratios[i] = 1
		case vb[i] == 0:
			ratios[i] = math.Inf(1)
		default:
			ratios[i] = va[i] / vb[i]
		}
	}
	return ratios, len(va) != len(vb)
}

// Ratio returns the summary of a's per-round ratios to b (Ratios): their
// Hodges-Lehmann estimate with its 95 % interval (SummarizeRatios), and
// false if a or b was not measured.
func (f *File) Ratio(a, b Key) (Interval, bool) {
	rs, unequal := f.Ratios(a, b)
	iv, ok := SummarizeRatios(rs)
	iv.Unequal = unequal
	return iv, ok
}

// Default is the target of weakstripe with its default options, the one
// every ratio of the suite is taken against.
const Default = "weakstripe"

// twinSuffix names a target's A/A twin.
const twinSuffix = "-twin"

// Twin returns the name of target's A/A twin: the same map, made with the
// same options, measured in the same rounds under another name.
func Twin(target string) string { return target + twinSuffix }

// IsTwin reports whether target is some target's twin.
func IsTwin(target string) bool { return strings.HasSuffix(target, twinSuffix) }

// The A/A band: a row is noisy when its twin's ratio interval does not lie
// within [NoisyLo, NoisyHi].
const (
	NoisyLo = 0.95
	NoisyHi = 1.05
)

// Noisy judges the row of k (its group, config and GOMAXPROCS, in its
// unit) by its A/A control: the ratio of Default's twin to Default. It
// returns that ratio, whether the row is noisy, and false if the row has
// no twin (then it cannot be judged, and is not called noisy).
func (f *File) Noisy(k Key) (twin Interval, noisy, ok bool) {
	k = k.With(Default)
	twin, ok = f.Ratio(k.With(Twin(Default)), k)
	if !ok {
		return Interval{}, false, false
	}
	return twin, !twin.Within(NoisyLo, NoisyHi), true
}

// Median returns the median of sorted values, NaN for none.
func Median(sorted []float64) float64 {
	n := len(sorted)
	switch {
	case n == 0:
		return math.NaN()
	case n%2 == 1:
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}
