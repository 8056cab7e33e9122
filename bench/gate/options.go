package gate

import (
	"fmt"
	"math"
)

// Defaults of benchgate used alone, on two files of whatever size: the
// usual 0.05 of benchstat and a 10 % threshold. scripts/gate.sh passes
// its own alpha, 0.01, with 40 samples a side: the settings its
// calibration on the development machine chose (results/gate-calibration.md,
// and the synthetic trial in trial_test.go). The threshold is what keeps
// noise out; alpha only has to keep a lucky streak of a few samples from
// failing.
const (
	// defaultAlpha is the significance level of the U test.
	defaultAlpha = 0.05

	// defaultThreshold is the worsening, in percent, that noise alone
	// must not reach. Medians of a busy machine's samples move by a few
	// percent between identical runs; 10 % stays clear of that and is
	// well below the 25 % of the injected Load regression.
	defaultThreshold = 10.0
)

// options are the settings of one comparison.
type options struct {
	// Alpha is the significance level: a noisy unit can only fail with
	// p < Alpha. In (0, 1).
	Alpha float64

	// Threshold is the worsening of the median, in percent, that a noisy
	// unit must exceed to fail. Not negative.
	Threshold float64

	// MinSamples is the number of samples each side must have for a
	// comparison to be judged. 0 means minSamplesFor(Alpha).
	MinSamples int

	// Units, if not empty, are the only units judged (tidied, as
	// benchfmt names them: sec/op, not ns/op; see tidyUnits). Every one
	// of them must be measured on both sides of some benchmark.
	Units []string
}

// defaultOptions returns the gate's default settings.
func defaultOptions() options {
	return options{Alpha: defaultAlpha, Threshold: defaultThreshold}
}

// check reports settings that cannot be used.
func (o options) check() error {
	if !(o.Alpha > 0 && o.Alpha < 1) {
		return fmt.Errorf("alpha %v is not in (0, 1)", o.Alpha)
	}
	if !(o.Threshold >= 0) || math.IsInf(o.Threshold, 1) {
		return fmt.Errorf("threshold %v%% is not a finite percentage >= 0", o.Threshold)
	}
	if o.MinSamples < 0 {
		return fmt.Errorf("minimum sample count %d is negative", o.MinSamples)
	}
	return nil
}

// minSamples is the sample count each side needs under these options.
func (o options) minSamples() int {
	if o.MinSamples > 0 {
		return o.MinSamples
	}
	return minSamplesFor(o.Alpha)
}

// minSamplesFor returns the smallest n for which the two-sided U test of n
// samples against n can give p < alpha at all (when the samples do not
// overlap, p = 2 / C(2n, n)): 4 for alpha 0.05, 5 for 0.01. With fewer, a
// noisy unit could never fail and the gate would pass anything.
func minSamplesFor(alpha float64) int {
	const limit = 50 // p at 50 is about 1e-29: no sane alpha needs more
	for n := 2; n < limit; n++ {
		if 2/binomial(2*n, n) < alpha {
			return n
		}
	}
	return limit
}

// binomial returns C(n, k) as a float64.
func binomial(n, k int) float64 {
	c := 1.0
	for i := 1; i <= k; i++ {
		c = c * float64(n-k+i) / float64(i)
	}
	return c
}
