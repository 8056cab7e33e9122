package bench_test

import (
	"math"
	"slices"

	"github.com/weakstripe/weakstripe/bench/paired"
)

// How much a row's per-round ratios vary. The budget (budgetWeights)
// gives a row a share in proportion to sigma * sqrt(cost), sigma the
// spread of its per-round log-ratios: that is the split of a fixed time
// that makes the sum of the rows' variances smallest, when rows differ
// in both what a round costs and how much its ratio moves from round to
// round (from 1 % for Hash to 20-30 % for Churn and Store at 64Ki keys).

// minSpreadRounds is the fewest rounds a row must run in a process for
// its spread to be recorded: a median absolute deviation of fewer says
// next to nothing.
const minSpreadRounds = 4

// rowSpread returns the spread of a row's per-round ratios: for each
// target other than weakstripe, the robust standard deviation (1.4826
// times the median absolute deviation, which one round in a burst of
// noise does not move) of log(target/weakstripe) over the rounds, and
// the median of that over the targets. rounds holds each round's time
// per op by target. It returns 0 with fewer than minSpreadRounds rounds,
// or no target beside weakstripe.
func rowSpread(rounds []map[string]float64) float64 {
	if len(rounds) < minSpreadRounds {
		return 0
	}
	byTarget := map[string][]float64{}
	for _, r := range rounds {
		base := r["weakstripe"]
		if base <= 0 {
			continue
		}
		for t, v := range r {
			if t != "weakstripe" && v > 0 {
				byTarget[t] = append(byTarget[t], math.Log(v/base))
			}
		}
	}
	var sds []float64
	for _, logs := range byTarget {
		if len(logs) >= minSpreadRounds {
			sds = append(sds, robustSD(logs))
		}
	}
	if len(sds) == 0 {
		return 0
	}
	return median(sds)
}

// robustSD returns 1.4826 times the median absolute deviation of xs from
// their median: the standard deviation, for normal data.
func robustSD(xs []float64) float64 {
	m := median(xs)
	dev := make([]float64, len(xs))
	for i, x := range xs {
		dev[i] = math.Abs(x - m)
	}
	return 1.4826 * median(dev)
}

// median returns the median of xs (not empty), leaving xs as it was.
func median(xs []float64) float64 {
	return paired.Median(slices.Sorted(slices.Values(xs)))
}

// poolSpread returns a row's spread over the rounds of the earlier
// processes (prior) and of this one (now): the mean of their variances
// weighted by rounds, and the rounds together. Pooled rather than the
// last process's alone, because one process runs few rounds of the
// dearest rows (Churn: 4-10), whose spread alone is uncertain by a third
// or more, and those are the rows whose shares it decides; and a
// process caught in a slow spell then moves the weights by its rounds'
// part only.
func poolSpread(prior, now rowCost) (spread float64, rounds int) {
	rounds = prior.spreadRounds + now.spreadRounds
	if rounds == 0 {
		return 0, 0
	}
	v := (float64(prior.spreadRounds)*prior.spread*prior.spread + float64(now.spreadRounds)*now.spread*now.spread) / float64(rounds)
	return math.Sqrt(v), rounds
}
