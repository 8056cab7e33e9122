package bench_test

import (
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"
)

// How a round is timed. testing.Benchmark collects garbage before every
// run of a benchmark function (runtime.GC in B.runN), and twice per call
// (its probe of one iteration, then the run), and that collection walks
// every map of the row: at 64Ki keys and a dozen targets it cost several
// times the rounds measured. So runBatch times every target of several
// rounds within a single testing.Benchmark call, collecting twice per
// batch instead of twice per target; runSeparately keeps one call per
// target for the rows that need testing's own bookkeeping.

// runTogether runs one round of ts, in order, within one
// testing.Benchmark call, each target for its count in iters, and returns
// their results in the order of ts; or, if a target failed, its name.
// With setup, targets may work outside their timer (make their maps, on
// their first call); such a round counts no allocations right and is not
// recorded.
func runTogether(ts []rowTarget, iters map[string]string, gcBetween gcPolicy, setup bool) (results []testing.BenchmarkResult, failed string) {
	batch, failed := runBatch([][]rowTarget{ts}, iters, gcBetween, setup)
	if failed != "" {
		return nil, failed
	}
	return batch[0], ""
}

// runBatch runs rounds one after another within one testing.Benchmark
// call, each round's targets in its order, each target for its count in
// iters, and returns every round's results in the order of its targets;
// or, if a target failed, its name. Rounds of a few milliseconds per
// target pair best on a machine whose speed changes from one tenth of a
// second to the next, and a batch of them pays testing's two collections
// once: at 64Ki keys those collections cost more than the rounds.
//
// The call runs at -test.benchtime 2x: testing first calls the function
// with b.N = 1 (its probe), then with b.N = 2 (the run). The probe only
// sets RunParallel's grain: RunParallel hands out iterations in chunks of
// 100µs worth of the previous run's b.N, computed from that run's
// duration (1e5 * previousN / previousDuration, at most 1e4), and the
// probe's duration is what probeTime makes it. The run then times each
// target itself: b.N is set to the target's count (RunParallel and the
// workloads' loops read it), the timer is reset, the target's function
// called, the timer stopped and b.Elapsed read; B/op and allocs/op come
// from runtime.ReadMemStats around the call, which counts what the
// timer would, since a target's function makes its map and everything
// else untimed on its first call (the warm-up) and only times after it
// (a target that spends untimed time in a round fails the round, see
// untimedSlack). No workload of such a row calls b.Loop, whose state
// testing keeps per runN, or b.ReportMetric, whose values no caller of
// testing.Benchmark can read per target.
//
// gcBetween says when a collection runs before a target, outside its
// timing (testing runs one before each of its calls): see gcPolicy.
func runBatch(rounds [][]rowTarget, iters map[string]string, gcBetween gcPolicy, setup bool) (results [][]testing.BenchmarkResult, failed string) {
	var counts [][]int
	var all []int
	for _, ts := range rounds {
		cs := make([]int, len(ts))
		for i, t := range ts {
			n, err := strconv.Atoi(iters[t.name][:len(iters[t.name])-1])
			if err != nil || n < 1 {
				panic("rounds: bad count " + iters[t.name] + " for " + t.name)
			}
			cs[i] = n
		}
		counts = append(counts, cs)
		all = append(all, cs...)
	}
	probe := probeTime(all)
	setBenchtime("2x")
	done, untimed := false, false
	testing.Benchmark(func(b *testing.B) {
		if b.N == 1 {
			for b.Elapsed() < probe {
			}
			return
		}
		results = make([][]testing.BenchmarkResult, 0, len(rounds))
		if gcBetween == gcOffInBatch && !setup {
			// Testing has just collected; the batch's garbage waits for
			// the next call's collection.
			defer debug.SetGCPercent(debug.SetGCPercent(-1))
		}
		var before, after runtime.MemStats
		var prev *testing.BenchmarkResult // the call's previous target
		for r, ts := range rounds {
			round := make([]testing.BenchmarkResult, 0, len(ts))
			for i, t := range ts {
				failed = t.name // until it returns without failing
				if gcBetween == gcAlways || gcBetween == gcAfterGarbage && prev != nil && prev.MemBytes >= garbageBytes {
					b.StopTimer()
					runtime.GC()
					b.StartTimer()
				}
				//lint:ignore SA3001 the round sets each target's count itself; b.N is what RunParallel and the loops read
				b.N = counts[r][i]
				runtime.ReadMemStats(&before)
				b.ResetTimer()
				start := time.Now()
				t.bench(b)
				wall := time.Since(start)
				b.StopTimer()
				runtime.ReadMemStats(&after)
				// The timer ran from before start to after wall was read, so
				// d < wall only if the target stopped or reset it.
				d := b.Elapsed()
				if b.Failed() {
					return
				}
				if wall-d > untimedSlack && !setup {
					untimed = true
					return
				}
				round = append(round, testing.BenchmarkResult{
					N: counts[r][i], T: d,
					MemAllocs: after.Mallocs - before.Mallocs,
					MemBytes:  after.TotalAlloc - before.TotalAlloc,
				})
				prev = &round[len(round)-1]
				b.StartTimer()
			}
			results = append(results, round)
		}
		failed, done = "", true
	})
	if !done && failed == "" {
		failed = rounds[0][0].name // the probe failed
	}
	if untimed {
		panic("rounds: " + failed + " stopped its timer in a round: its row must be marked separate (rows_test.go)")
	}
	return results, failed
}

// batchTime is about how long runRow makes the rounds of a batch
// (runBatch) last at least: long enough that testing's two collections
// per call are a small part of the call, short enough that a row stops
// near the end of its share.
const batchTime = 250 * time.Millisecond

// callShare bounds what a call's own cost (testing's two collections and
// its probe) may take of a batch: at 64Ki keys those collections walk
// every map of the row and cost 130-200 ms a call, more than a round of
// seven targets (about 35 ms), so a batch of batchTime held a round or
// two and five sixths of a row's time went to collecting.
const callShare = 0.2

// batchRounds returns how many rounds runRow runs in one call when the
// targets of a round take inner, timed, and the call itself costs
// callCost besides: about batchTime's worth, or more where the call
// costs more, so that the call's cost is at most callShare of the
// call; at least one round.
func batchRounds(inner, callCost time.Duration) int {
	d := max(batchTime, time.Duration(float64(callCost)*(1-callShare)/callShare))
	return max(int(d/max(inner, 1)), 1)
}

// gcPolicy says when runBatch collects garbage between the targets of
// a batch (BENCH_GC_BETWEEN).
type gcPolicy int

const (
	// gcAfterGarbage: before a target if the target before
	// it in the call allocated garbageBytes or more, so that no target
	// pays for a collection of another's garbage, while rows that
	// allocate nothing (LoadHit, LoadMiss, Len, Iterate) pay for no
	// collection at all.
	gcAfterGarbage gcPolicy = iota
	// gcNever: no collection between targets.
	gcNever
	// gcAlways: before every target.
	gcAlways
	// gcOffInBatch, the runner's default (BENCH_GC_BETWEEN unset): none
	// between targets, and none during a batch: the
	// collector is off from testing's collection before the batch to
	// its end, so that no target pays for a collection of another's
	// garbage, as under gcAfterGarbage, and the batch pays for one
	// collection, not one per target that allocated: rows whose targets
	// allocate (Store at 64Ki keys) get several times the rounds in the
	// same time. The heap grows by the batch's garbage meanwhile (some
	// 70-130 MB for a batch of Store at 64Ki keys, whose batches last
	// longest, batchRounds).
	gcOffInBatch
)

// garbageBytes is how much a target must allocate in a round for the
// next one to start after a collection under gcAfterGarbage: Store's
// targets allocate about 0.5MB in a round of 5ms, LoadHit's nothing.
const garbageBytes = 256 << 10

// untimedSlack is how much shorter than runBatch's own clock a
// target's timed span may be before the target counts as having stopped
// or reset its timer in a round: work that the single call cannot leave
// out of its allocation counts, so its row must be marked separate. Both
// clocks are monotonic and runBatch's lies within the timer's, so the
// slack only absorbs the clock reads.
const untimedSlack = 50 * time.Microsecond

// probeTime returns how long runBatch's probe should last for
// RunParallel's grain, 1e5 ns / probeTime, to be about a fiftieth of the
// smallest count of the batch: the slowest target's goroutines then take
// their iterations in 50 or more chunks, so that one goroutine finishing
// a chunk alone at the end skews its time by 2 % at most, while the
// fastest targets, whose chunks are then longer, pay for the shared
// counter rarely. Under plain go test -bench the grain comes from each
// target's own previous run; here one probe serves the whole batch.
func probeTime(counts []int) time.Duration {
	grain := max(min(slicesMin(counts)/50, 1e4), 1)
	return time.Duration(1e5 / grain)
}

func slicesMin(xs []int) int {
	m := xs[0]
	for _, x := range xs[1:] {
		m = min(m, x)
	}
	return m
}

// runSeparately runs one round of ts, in order, one testing.Benchmark
// call per target at its count in iters, and returns their results in the
// order of ts; or, if a target failed, its name. It serves the rows
// runBatch cannot: Churn and Sweep report metrics (b.ReportMetric,
// which only testing's result carries) and have their own counts, and
// Insert makes a fresh map and keys in every call with the timer stopped.
func runSeparately(ts []rowTarget, iters map[string]string) (results []testing.BenchmarkResult, failed string) {
	for _, t := range ts {
		setBenchtime(iters[t.name])
		bad := true
		res := testing.Benchmark(func(b *testing.B) {
			defer func() { bad = b.Failed() }()
			t.bench(b)
		})
		if bad || res.N == 0 {
			return nil, t.name
		}
		results = append(results, res)
	}
	return results, ""
}
