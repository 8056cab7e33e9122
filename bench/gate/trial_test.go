package gate

import (
	"math"
	"math/rand/v2"
	"testing"
)

// trialRounds is scripts/gate.sh's default GATE_ROUNDS: the sample count
// of each side in a real gate run.
const trialRounds = 40

// trialAlpha is scripts/gate.sh's default GATE_ALPHA.
const trialAlpha = 0.01

// trialBenchmarks is the number of benchmarks in the gate's preset: a gate
// run passes only if every one of them does.
const trialBenchmarks = 4

// noisySample draws n timings around center, shaped like those of the
// shared 2-core machine the gate was calibrated on: a log-normal spread of
// 4 %, and one sample in four taken while a neighbour slowed the machine
// down, by 40 to 90 % (seen in calibration runs, in whole processes).
func noisySample(rng *rand.Rand, n int, center float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		v := center * math.Exp(rng.NormFloat64()*0.04)
		if rng.IntN(4) == 0 {
			v *= 1.4 + 0.5*rng.Float64()
		}
		out[i] = v
	}
	return out
}

// gateRun compares trialBenchmarks benchmarks, the first of which is
// slower by factor on the NEW side, and reports whether the run failed.
func gateRun(t *testing.T, rng *rand.Rand, factor float64) bool {
	old, new := &set{File: "old"}, &set{File: "new"}
	for _, s := range []*set{old, new} {
		s.Samples = make(map[benchmark]map[string][]float64)
		s.UnitOrder = make(map[benchmark][]string)
	}
	for i := range trialBenchmarks {
		b := benchmark{Name: string(rune('A' + i))}
		center := 20 * float64(i+1) // ns, a different cost for each
		slower := 1.0
		if i == 0 {
			slower = factor
		}
		for _, side := range []struct {
			s *set
			f float64
		}{{old, 1}, {new, slower}} {
			side.s.Benchmarks = append(side.s.Benchmarks, b)
			side.s.Samples[b] = map[string][]float64{"sec/op": noisySample(rng, trialRounds, center*side.f*1e-9)}
			side.s.UnitOrder[b] = []string{"sec/op"}
		}
	}
	opts := defaultOptions()
	opts.Alpha = trialAlpha
	rep, err := compare(old, new, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.badInput() {
		t.Fatalf("synthetic input judged bad: %+v", rep.Problems)
	}
	return rep.exitCode() == 1
}

// At the gate's default settings, seeded synthetic gate runs of identical
// distributions must never fail, and runs with one benchmark 25 % slower
// must nearly always fail. The noise is deterministic (seeded), so
// the counts are too; they are logged.
func TestSyntheticTrials(t *testing.T) {
	const trials = 300
	rng := rand.New(rand.NewPCG(1, 2))
	falseAlarms, caught := 0, 0
	for range trials {
		if gateRun(t, rng, 1) {
			falseAlarms++
		}
		if gateRun(t, rng, 1.25) {
			caught++
		}
	}
	t.Logf("%d trials: %d false alarms with identical distributions, %d caught with a 25 %% shift", trials, falseAlarms, caught)
	if falseAlarms != 0 {
		t.Errorf("%d of %d runs of identical distributions failed, want none", falseAlarms, trials)
	}
	if caught < trials*95/100 {
		t.Errorf("a 25 %% shift was caught in %d of %d runs, want at least 95 %%", caught, trials)
	}
}
