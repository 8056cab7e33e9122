package paired

import (
	"math"
	"testing"
)

// The signed-rank distribution: for n = 3 the sums of subsets of {1, 2,
// 3} are 0, 1, 2, 3, 3, 4, 5, 6.
func TestSignedRankCDF(t *testing.T) {
	got := signedRankCDF(3)
	want := []float64{1, 2, 3, 5, 6, 7, 8}
	for i := range want {
		if math.Abs(got[i]-want[i]/8) > 1e-12 {
			t.Fatalf("signedRankCDF(3) = %v, want %v / 8", got, want)
		}
	}
	// Tables give P(T <= 8) = 0.0244 for n = 10 (critical value 8 at
	// two-sided 0.05).
	if p := signedRankCDF(10)[8]; math.Abs(p-25.0/1024) > 1e-12 {
		t.Errorf("P(T <= 8), n = 10: %v, want 25/1024", p)
	}
}

func TestSummarizeRatios(t *testing.T) {
	// Constant ratios: the estimate and both bounds are that ratio.
	iv, ok := SummarizeRatios([]float64{2, 2, 2, 2, 2, 2, 2, 2})
	if !ok || math.Abs(iv.Center-2) > 1e-12 || math.Abs(iv.Lo-2) > 1e-12 || math.Abs(iv.Hi-2) > 1e-12 {
		t.Errorf("constant 2: %+v", iv)
	}
	// Symmetric on the log scale: a/b summarises to the inverse of b/a.
	rs := []float64{1.1, 0.9, 1.3, 1.05, 0.95, 1.2, 1.0, 0.8, 1.15, 1.02}
	inv := make([]float64, len(rs))
	for i, r := range rs {
		inv[i] = 1 / r
	}
	a, _ := SummarizeRatios(rs)
	b, _ := SummarizeRatios(inv)
	if math.Abs(a.Center*b.Center-1) > 1e-12 || math.Abs(a.Lo*b.Hi-1) > 1e-12 {
		t.Errorf("not symmetric: %+v against %+v", a, b)
	}
	// n = 10: the 9th smallest and 9th largest of the 55 Walsh averages
	// (critical value 8), at 1 - 2*25/1024 = 95.1 %.
	if math.Abs(a.Confidence-(1-50.0/1024)) > 1e-12 || !(a.Lo < a.Center && a.Center < a.Hi) {
		t.Errorf("n = 10: %+v", a)
	}
	// One wild round moves the estimate little.
	wild := append([]float64{}, rs...)
	wild[0] = 50
	w, _ := SummarizeRatios(wild)
	if w.Center/a.Center > 1.05 {
		t.Errorf("one wild round moved the estimate from %.3f to %.3f", a.Center, w.Center)
	}
	// Five rounds cannot reach 95 %: the interval is unbounded.
	iv, _ = SummarizeRatios([]float64{1, 1.1, 0.9, 1.2, 0.8})
	if iv.Within(0.01, 100) {
		t.Errorf("5 rounds: %+v, want an unbounded interval", iv)
	}
	// Something against nothing: the median, unbounded.
	iv, _ = SummarizeRatios([]float64{1, math.Inf(1), 2})
	if iv.Center != 2 || !math.IsInf(iv.Hi, 1) {
		t.Errorf("with +Inf: %+v, want the median 2, unbounded", iv)
	}
}
