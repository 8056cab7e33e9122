package paired

import (
	"math"
	"slices"
)

// SummarizeRatios summarises per-round ratios by their Hodges-Lehmann
// estimate, taken on their logarithms (so that a/b and b/a summarise to
// inverses): the median of the means of every pair of log-ratios, a pair
// of a round with itself included, with the distribution-free 95 %
// interval that the Wilcoxon signed-rank test gives (exact, from the
// order statistics of those pairwise means). Like the median it ignores
// a few wild rounds; unlike it, it uses every round's distance from the
// center, so it needs about two thirds as many rounds for the same
// precision. It assumes only that the log-ratios scatter symmetrically.
// With a ratio of 0 or +Inf (something against nothing) it gives the
// median of the ratios with an unbounded interval. It returns false for
// no ratios.
func SummarizeRatios(ratios []float64) (Interval, bool) {
	n := len(ratios)
	if n == 0 {
		return Interval{}, false
	}
	logs := make([]float64, n)
	for i, r := range ratios {
		if !(r > 0) || math.IsInf(r, 1) {
			sorted := slices.Clone(ratios)
			slices.Sort(sorted)
			return Interval{Center: Median(sorted), Lo: math.Inf(-1), Hi: math.Inf(1), N: n, Confidence: 1}, true
		}
		logs[i] = math.Log(r)
	}
	walsh := make([]float64, 0, n*(n+1)/2)
	for i := range logs {
		for j := i; j < n; j++ {
			walsh = append(walsh, (logs[i]+logs[j])/2)
		}
	}
	slices.Sort(walsh)
	iv := Interval{Center: math.Exp(Median(walsh)), N: n, Lo: math.Inf(-1), Hi: math.Inf(1), Confidence: 1}
	// The k-th smallest and k-th largest Walsh averages bound the
	// estimate, k-1 being the largest signed-rank statistic whose lower
	// tail is at most (1-Confidence)/2.
	cdf := signedRankCDF(n)
	k := 0
	for k < len(cdf) && cdf[k] <= (1-Confidence)/2 {
		k++
	}
	if k > 0 {
		iv.Lo, iv.Hi = math.Exp(walsh[k-1]), math.Exp(walsh[len(walsh)-k])
		iv.Confidence = 1 - 2*cdf[k-1]
	}
	return iv, true
}

// signedRankCDF returns P(T <= t) for t = 0 .. n(n+1)/2, T the Wilcoxon
// signed-rank statistic of n values under the null hypothesis: the sum of
// a random subset of 1..n, each rank in or out with probability 1/2.
func signedRankCDF(n int) []float64 {
	top := n * (n + 1) / 2
	p := make([]float64, top+1)
	p[0] = 1
	for i := 1; i <= n; i++ {
		for s := i * (i + 1) / 2; s >= 0; s-- {
			q := p[s] / 2
			if s >= i {
				q += p[s-i] / 2
			}
			p[s] = q
		}
	}
	for s := 1; s <= top; s++ {
		p[s] += p[s-1]
	}
	return p
}
