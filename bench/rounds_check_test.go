package bench_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/bench/paired"
)

// The round runner must print, for each row, one line per target per
// round, each round's targets together, so that the k-th line of every
// target is round k (bench/paired pairs them so); a target the filter
// leaves out does not run, weakstripe and its twin always do; each
// target's setup runs once, not once per round; and the row's cost
// carries the spread of its per-round ratios, taken over its rounds.
func TestRunRowRounds(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	const rounds = 5
	var setups [4]atomic.Int32
	names := []string{"weakstripe", "weakstripe-twin", "seed", "goblog"}
	r := row{group: "Fake", config: "keys=1Ki"}
	for i, name := range names {
		made := false
		r.targets = append(r.targets, rowTarget{name: name, bench: func(b *testing.B) {
			if !made {
				made = true
				setups[i].Add(1)
			}
			for range b.N {
				time.Sleep(time.Microsecond)
			}
		}})
	}
	s := roundSettings{
		rounds: rounds, time: time.Millisecond,
		rows: regexp.MustCompile(""), targets: regexp.MustCompile("/target=seed$"),
	}
	var out bytes.Buffer
	cost, err := runRow(&out, io.Discard, &r, 2, s, 0, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if cost.spreadRounds != rounds || cost.spread <= 0 {
		t.Errorf("cost has spread %v over %d rounds, want one over %d", cost.spread, cost.spreadRounds, rounds)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	ran := []string{"weakstripe", "weakstripe-twin", "seed"}
	if len(lines) != rounds*len(ran) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), rounds*len(ran), out.String())
	}
	for k := range rounds {
		seen := map[string]bool{}
		for _, l := range lines[k*len(ran) : (k+1)*len(ran)] {
			name := strings.Fields(l)[0]
			if !strings.HasPrefix(name, "BenchmarkFake/keys=1Ki/target=") || !strings.HasSuffix(name, "-2") {
				t.Errorf("line %q: name not Benchmark<Group>/<config>/target=<t>-<procs>", l)
			}
			seen[name] = true
			if !strings.Contains(l, "ns/op") || !strings.Contains(l, "allocs/op") {
				t.Errorf("line %q lacks ns/op or allocs/op", l)
			}
		}
		if len(seen) != len(ran) {
			t.Errorf("round %d ran %d distinct targets, want each of %q once:\n%s", k+1, len(seen), ran, out.String())
		}
	}
	for i, name := range names {
		want := int32(1)
		if name == "goblog" {
			want = 0
		}
		if n := setups[i].Load(); n != want {
			t.Errorf("%s set up %d times, want %d", name, n, want)
		}
	}
	// The core reads the output back round by round.
	f, err := paired.Read(&out, "rounds", nil)
	if err != nil {
		t.Fatal(err)
	}
	k := paired.Key{Group: "Fake", Config: "keys=1Ki", Target: "seed", Procs: 2, Unit: "ns/op"}
	if rs, unequal := f.Ratios(k, k.With("weakstripe")); len(rs) != rounds || unequal {
		t.Errorf("the core paired %d rounds (unequal %v), want %d", len(rs), unequal, rounds)
	}
}

// With a time share, a row runs its minimum of rounds however short the
// share, and no more than its maximum however long.
func TestRunRowShare(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	r := row{group: "Fake"}
	for _, name := range []string{"weakstripe", "weakstripe-twin"} {
		r.targets = append(r.targets, rowTarget{name: name, bench: func(b *testing.B) {
			for range b.N {
				time.Sleep(time.Microsecond)
			}
		}})
	}
	s := roundSettings{rounds: 6, minRounds: 2, time: time.Millisecond, rows: regexp.MustCompile(""), targets: regexp.MustCompile("^$")}
	for _, c := range []struct {
		share time.Duration
		lines int
	}{{time.Nanosecond, 2 * 2}, {time.Hour, 6 * 2}} {
		var out bytes.Buffer
		if _, err := runRow(&out, io.Discard, &r, 1, s, c.share, rand.New(rand.NewPCG(1, 2))); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(out.String(), "\n"); n != c.lines {
			t.Errorf("share %v: %d lines, want %d", c.share, n, c.lines)
		}
	}
}

// Row costs recorded by one process are read back by the next, the last
// record of a row winning, with the spread of its ratios and its rounds
// and the targets' counts; a missing file has none.
func TestCostsFile(t *testing.T) {
	path := t.TempDir() + "/costs"
	if c := readCosts(path); len(c) != 0 {
		t.Fatalf("missing file: %v", c)
	}
	writeCost(path, costKey("LoadHit/keys=64Ki", 2), rowCost{round: 1.5, warmUp: 3, spread: 0.5, spreadRounds: 9})
	writeCost(path, costKey("Insert", 1), rowCost{round: 0.25, warmUp: 0.5})
	counts := map[string]int{"weakstripe": 120000, "xsync-weak": 98000}
	loadHit := rowCost{round: 2, warmUp: 4, spread: 0.0371, spreadRounds: 42, counts: counts}
	writeCost(path, costKey("LoadHit/keys=64Ki", 2), loadHit)
	c := readCosts(path)
	if len(c) != 2 || !reflect.DeepEqual(c["LoadHit/keys=64Ki@2"], loadHit) || !reflect.DeepEqual(c["Insert@1"], rowCost{round: 0.25, warmUp: 0.5}) {
		t.Errorf("costs = %+v, want LoadHit/keys=64Ki@2 %+v and Insert@1 {0.25 0.5}", c, loadHit)
	}
}

// A row's spread is the median over its targets of the robust standard
// deviation of log(target/weakstripe) per round, which one wild round
// does not move; fewer than minSpreadRounds rounds give none.
func TestRowSpread(t *testing.T) {
	e := math.Exp
	// steady: its ratio is exp(0 or ±0.01) about 2, and one round at
	// 10x. twin: exp(0 or ±0.05) about 1. wild: exp(0 or ±0.2) about 3.
	signs := []float64{0, 1, -1, 1, -1, 1, -1}
	var rounds []map[string]float64
	for i, sg := range signs {
		base := 10 * float64(i+1) // weakstripe's speed changes; ratios do not
		steady := base * 2 * e(0.01*sg)
		if i == 3 {
			steady = base * 20
		}
		rounds = append(rounds, map[string]float64{
			"weakstripe": base, "steady": steady,
			"weakstripe-twin": base * e(0.05*sg), "wild": base * 3 * e(0.2*sg),
		})
	}
	// Each target's log-ratios sit at ±d about their median, 0, but
	// one: MAD d.
	want := 1.4826 * 0.05
	if got := rowSpread(rounds); math.Abs(got-want) > 1e-9 {
		t.Errorf("spread %v, want the twin's, the median target's, %v", got, want)
	}
	if got := rowSpread(rounds[:minSpreadRounds-1]); got != 0 {
		t.Errorf("%d rounds: spread %v, want 0 (not known)", minSpreadRounds-1, got)
	}
	if got := rowSpread(rounds[:minSpreadRounds]); got <= 0 {
		t.Errorf("%d rounds: spread %v, want it known", minSpreadRounds, got)
	}
}

// Spreads of several processes pool as their variances weighted by
// rounds; a process without one leaves the earlier one as it was.
func TestPoolSpread(t *testing.T) {
	for _, c := range []struct {
		prior, now rowCost
		spread     float64
		rounds     int
	}{
		{rowCost{}, rowCost{spread: 0.1, spreadRounds: 10}, 0.1, 10},
		{rowCost{spread: 0.1, spreadRounds: 10}, rowCost{}, 0.1, 10},
		{rowCost{spread: 0.1, spreadRounds: 10}, rowCost{spread: 0.2, spreadRounds: 30}, math.Sqrt((10*0.01 + 30*0.04) / 40), 40},
		{rowCost{}, rowCost{}, 0, 0},
	} {
		if s, n := poolSpread(c.prior, c.now); math.Abs(s-c.spread) > 1e-12 || n != c.rounds {
			t.Errorf("poolSpread(%+v, %+v) = %v, %d; want %v, %d", c.prior, c.now, s, n, c.spread, c.rounds)
		}
	}
}

// A row that an earlier process measured starts its warm-up at the counts
// that process ended with: one unrecorded round (which makes the maps)
// fills the time, where from one iteration it takes several.
func TestRunRowStartsAtPriorCounts(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	calls := map[string]int{}
	r, s := fakeRow([]string{"weakstripe", "weakstripe-twin"}, func(b *testing.B, name string) {
		calls[name]++
		for range b.N {
			for start := time.Now(); time.Since(start) < time.Microsecond; {
			}
		}
	})
	s.rounds, s.minRounds = 1, 1
	cost, err := runRow(io.Discard, io.Discard, &r, 1, s, 0, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	ramped := calls["weakstripe"]
	if ramped < 3 || cost.counts["weakstripe"] < 100 {
		t.Fatalf("from one iteration: %d calls, counts %v; want a ramp of several calls to a count of 100s", ramped, cost.counts)
	}
	clear(calls)
	// Counts that fill the time whatever the machine's pace: every
	// iteration takes at least a microsecond. The counts the ramp ended
	// with would not do: a burst of noise during the ramp makes them
	// small, and the row then ramps again (a flaky test under -race).
	s.prior = map[string]int{}
	for name := range cost.counts {
		s.prior[name] = int(s.time / time.Microsecond)
	}
	if _, err := runRow(io.Discard, io.Discard, &r, 1, s, 0, rand.New(rand.NewPCG(1, 2))); err != nil {
		t.Fatal(err)
	}
	if got := calls["weakstripe"]; got != 2 {
		t.Errorf("from the prior counts: %d calls, want 2 (one unrecorded round, one recorded); from one iteration it took %d", got, ramped)
	}
}

// fakeRow returns a row of the named targets, each running body b.N
// times, and its own settings: a few rounds of 2ms each.
func fakeRow(names []string, body func(b *testing.B, target string)) (row, roundSettings) {
	r := row{group: "Fake"}
	for _, name := range names {
		r.targets = append(r.targets, rowTarget{name: name, bench: func(b *testing.B) { body(b, name) }})
	}
	s := roundSettings{rounds: 4, minRounds: 4, time: 2 * time.Millisecond, rows: regexp.MustCompile(""), targets: regexp.MustCompile("")}
	return r, s
}

// In a round measured in one call, each target runs for its own count
// (near BENCH_TIME, found in the warm-up), is timed alone, and its
// allocations are its own: a line's ns/op, B/op and allocs/op are the
// target's, not the round's.
func TestRunTogetherTimesEachTarget(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	var sink []byte
	perOp := map[string]time.Duration{"weakstripe": 2 * time.Microsecond, "weakstripe-twin": 2 * time.Microsecond, "slow": 20 * time.Microsecond}
	allocs := map[string]int{"weakstripe": 0, "weakstripe-twin": 1, "slow": 3}
	r, s := fakeRow([]string{"weakstripe", "weakstripe-twin", "slow"}, func(b *testing.B, name string) {
		for range b.N {
			for range allocs[name] {
				sink = make([]byte, 64)
			}
			for start := time.Now(); time.Since(start) < perOp[name]; {
			}
		}
	})
	_ = sink
	// A line's time is wall time: a burst of load (other packages'
	// tests under -race) can stretch a round past the bounds below. A
	// broken runner fails every attempt; a busy machine rarely three.
	var problems []string
	for range 3 {
		if problems = timesEachTarget(&r, s, perOp, allocs); len(problems) == 0 {
			return
		}
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// timesEachTarget runs r's rounds and returns what is wrong with their
// lines, against each target's time and allocations per op.
func timesEachTarget(r *row, s roundSettings, perOp map[string]time.Duration, allocs map[string]int) []string {
	var out bytes.Buffer
	if _, err := runRow(&out, io.Discard, r, 1, s, 0, rand.New(rand.NewPCG(1, 2))); err != nil {
		return []string{err.Error()}
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != s.rounds*3 {
		return []string{fmt.Sprintf("%d lines, want %d:\n%s", len(lines), s.rounds*3, out.String())}
	}
	var problems []string
	for _, l := range lines {
		// BenchmarkFake/target=slow  100  20123 ns/op  192 B/op  3 allocs/op
		f := strings.Fields(l)
		if len(f) != 8 || f[3] != "ns/op" || f[5] != "B/op" || f[7] != "allocs/op" {
			return []string{fmt.Sprintf("line %q: not benchstat's N, ns/op, B/op, allocs/op", l)}
		}
		name := strings.TrimPrefix(f[0], "BenchmarkFake/target=")
		n, _ := strconv.Atoi(f[1])
		ns, _ := strconv.ParseFloat(f[2], 64)
		nallocs, _ := strconv.Atoi(f[6])
		want := float64(perOp[name].Nanoseconds())
		if ns < want || ns > 5*want {
			problems = append(problems, fmt.Sprintf("line %q: %v ns/op, want the target's own, %v", l, ns, want))
		}
		if total := time.Duration(float64(n) * ns); total < s.time/4 || total > 4*s.time {
			problems = append(problems, fmt.Sprintf("line %q: %d iterations take %v, want near BENCH_TIME %v", l, n, total, s.time))
		}
		if nallocs != allocs[name] {
			problems = append(problems, fmt.Sprintf("line %q: %d allocs/op, want %d", l, nallocs, allocs[name]))
		}
	}
	return problems
}

// A target that fails, by b.Error or b.Fatal, in a round fails its row
// with the target's name, in either way of running a round.
func TestRunRowFailingTarget(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	for _, c := range []struct {
		how      string
		separate bool
	}{{"Error", false}, {"Fatal", false}, {"Error", true}, {"Fatal", true}} {
		calls := 0
		r, s := fakeRow([]string{"weakstripe", "weakstripe-twin", "bad"}, func(b *testing.B, name string) {
			if name == "bad" {
				if calls++; calls > 3 { // after the warm-up
					if c.how == "Error" {
						b.Error("broken")
					} else {
						b.Fatal("broken")
					}
				}
			}
			for range b.N {
				time.Sleep(time.Microsecond)
			}
		})
		r.separate = c.separate
		var out bytes.Buffer
		_, err := runRow(&out, io.Discard, &r, 1, s, 0, rand.New(rand.NewPCG(1, 2)))
		if err == nil || !strings.Contains(err.Error(), "BenchmarkFake/target=bad") {
			t.Errorf("b.%s, separate %v: error %v, want one naming BenchmarkFake/target=bad", c.how, c.separate, err)
		}
		if out.Len() != 0 {
			t.Errorf("b.%s, separate %v: a failed row printed lines:\n%s", c.how, c.separate, out.String())
		}
	}
}

// A target that stops its timer for untimed work in a round cannot be
// measured in one call with the others: the runner says so at once.
func TestRunTogetherUntimedWork(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	r, s := fakeRow([]string{"weakstripe", "weakstripe-twin"}, func(b *testing.B, name string) {
		if name == "weakstripe-twin" {
			b.StopTimer()
			time.Sleep(time.Millisecond)
			b.StartTimer()
		}
		for range b.N {
			time.Sleep(time.Microsecond)
		}
	})
	defer func() {
		if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "weakstripe-twin stopped its timer") {
			t.Errorf("panic %v, want one naming weakstripe-twin", p)
		}
	}()
	runRow(io.Discard, io.Discard, &r, 1, s, 0, rand.New(rand.NewPCG(1, 2)))
}

// The probe sets RunParallel's grain to a fiftieth of the round's
// smallest count, within testing's bounds of 1 and 1e4.
func TestProbeTime(t *testing.T) {
	for _, c := range []struct {
		counts []int
		grain  int
	}{{[]int{1_000_000, 5000}, 100}, {[]int{10}, 1}, {[]int{1e9, 1e9}, 1e4}} {
		if g := int(1e5 / probeTime(c.counts).Nanoseconds()); g != c.grain {
			t.Errorf("counts %v: grain %d, want %d", c.counts, g, c.grain)
		}
	}
}

// Under the default policy a round collects before a target only when the
// target before it left garbage; gcAlways before every target, gcNever
// never.
func TestRunTogetherCollects(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	var sink []byte
	var gcs [3]uint32 // collections seen before each target
	var last uint32
	mk := func(i int, garbage bool) rowTarget {
		return rowTarget{name: fmt.Sprint(i), bench: func(b *testing.B) {
			gcs[i] = numGC() - last
			for range b.N {
				if garbage {
					sink = make([]byte, garbageBytes/b.N+1)
				}
			}
			last = numGC()
		}}
	}
	ts := []rowTarget{mk(0, true), mk(1, false), mk(2, false)}
	iters := map[string]string{"0": "4x", "1": "4x", "2": "4x"}
	for _, c := range []struct {
		policy gcPolicy
		want   [3]bool // whether a collection ran before targets 1 and 2
	}{{gcAfterGarbage, [3]bool{1: true}}, {gcAlways, [3]bool{1: true, 2: true}}, {gcNever, [3]bool{}}} {
		if _, failed := runTogether(ts, iters, c.policy, false); failed != "" {
			t.Fatalf("policy %d: %s failed", c.policy, failed)
		}
		for i := 1; i < 3; i++ {
			if got := gcs[i] > 0; got != c.want[i] {
				t.Errorf("policy %d: collection before target %d: %v, want %v", c.policy, i, got, c.want[i])
			}
		}
	}
	_ = sink
}

// A batch of rounds is one testing.Benchmark call: testing's two
// collections (its probe's and its run's) are paid once for the batch,
// not once per round, and each round's results come back in that round's
// own order. Under gcAfterGarbage, a collection runs before a target
// whenever the target before it in the call, in its round or the round
// before, left garbage.
func TestRunBatchCollectsOncePerBatch(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	var sink []byte
	var ran []string
	mk := func(name string, garbage bool) rowTarget {
		return rowTarget{name: name, bench: func(b *testing.B) {
			ran = append(ran, name)
			for range b.N {
				if garbage {
					sink = make([]byte, garbageBytes/b.N+1)
				}
			}
		}}
	}
	a, z := mk("a", false), mk("z", true)
	iters := map[string]string{"a": "4x", "z": "4x"}
	// a z | z a | a z | z a | a z: after garbage before the second
	// round's z and a, and the fourth's.
	const rounds = 5
	var batch [][]rowTarget
	for r := range rounds {
		if r%2 == 0 {
			batch = append(batch, []rowTarget{a, z})
		} else {
			batch = append(batch, []rowTarget{z, a})
		}
	}
	before := forcedGC()
	results, failed := runBatch(batch, iters, gcNever, false)
	if failed != "" {
		t.Fatalf("%s failed", failed)
	}
	if n := forcedGC() - before; n != 2 {
		t.Errorf("a batch of %d rounds collected %d times, want testing's 2", rounds, n)
	}
	if len(results) != rounds || len(ran) != 2*rounds {
		t.Fatalf("%d rounds of results, %d target runs; want %d and %d", len(results), len(ran), rounds, 2*rounds)
	}
	for r, res := range results {
		for i, tg := range batch[r] {
			if garbage := res[i].MemBytes >= garbageBytes; len(res) != 2 || garbage != (tg.name == "z") {
				t.Fatalf("round %d: results %+v, want them in the round's order %s %s", r, res, batch[r][0].name, batch[r][1].name)
			}
		}
	}
	before = forcedGC()
	if _, failed := runBatch(batch, iters, gcAfterGarbage, false); failed != "" {
		t.Fatalf("%s failed", failed)
	}
	if n := forcedGC() - before; n != 2+4 {
		t.Errorf("gcAfterGarbage: %d collections, want %d", n, 2+4)
	}
	_ = sink
}

// runRow times its rounds in batches: a row of 20 short rounds makes a
// few testing.Benchmark calls, not one per round (each call collects
// twice).
func TestRunRowBatches(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	r, s := fakeRow([]string{"weakstripe", "weakstripe-twin"}, func(b *testing.B, _ string) {
		for range b.N {
			for start := time.Now(); time.Since(start) < time.Microsecond; {
			}
		}
	})
	s.rounds, s.minRounds, s.time = 20, 20, time.Millisecond
	before := forcedGC()
	var out bytes.Buffer
	if _, err := runRow(&out, io.Discard, &r, 1, s, 0, rand.New(rand.NewPCG(1, 2))); err != nil {
		t.Fatal(err)
	}
	// The warm-up: one call per target, then at most maxCountSteps
	// calls of the whole row; then the batches, 2 ms a round.
	if n, most := int(forcedGC()-before), 2*(2+maxCountSteps)+2*4; n > most {
		t.Errorf("20 rounds collected %d times, want at most %d (batched)", n, most)
	}
	if n := strings.Count(out.String(), "\n"); n != 2*s.rounds {
		t.Errorf("%d lines, want %d", n, 2*s.rounds)
	}
}

// A row whose rounds take longer than its targets' time (here each
// target's one iteration takes 20 ms against a time of 5 ms) stops near
// its share: its first batch is sized by what the warm-up's rounds took,
// not by the targets' time.
func TestRunRowBatchWithinShare(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	r, s := fakeRow([]string{"weakstripe", "weakstripe-twin"}, func(b *testing.B, _ string) {
		for range b.N {
			time.Sleep(20 * time.Millisecond)
		}
	})
	s.rounds, s.minRounds, s.time = 50, 1, 5*time.Millisecond
	var out bytes.Buffer
	if _, err := runRow(&out, io.Discard, &r, 1, s, 50*time.Millisecond, rand.New(rand.NewPCG(1, 2))); err != nil {
		t.Fatal(err)
	}
	// Rounds of 40 ms or more: two fill the 50 ms share; a third would be
	// past it already.
	if n := strings.Count(out.String(), "\n") / 2; n < 1 || n > 2 {
		t.Errorf("%d rounds in a share of 50ms at 40ms or more a round, want 1 or 2", n)
	}
}

// A row's maxRounds caps its rounds in a process below both BENCH_ROUNDS
// and BENCH_MIN_ROUNDS; so few rounds record no spread.
func TestRunRowMaxRounds(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	r, s := fakeRow([]string{"weakstripe", "weakstripe-twin"}, func(b *testing.B, _ string) {
		for range b.N {
			for start := time.Now(); time.Since(start) < time.Microsecond; {
			}
		}
	})
	s.rounds, s.minRounds = 6, 3
	r.maxRounds = 1
	var out bytes.Buffer
	cost, err := runRow(&out, io.Discard, &r, 1, s, time.Hour, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 2 {
		t.Errorf("%d lines, want one round of 2 targets", n)
	}
	if cost.spreadRounds != 0 || cost.spread != 0 {
		t.Errorf("one round recorded a spread of %v over %d rounds, want none", cost.spread, cost.spreadRounds)
	}
}

// Each streams value, one per benchmark call, starts its goroutines at a
// random place in the keys, so that short rounds do not all walk the same
// window of a large map's keys; within one, goroutines are spread apart.
func TestStreamsStartAtRandom(t *testing.T) {
	var a, b streams
	a0, a1, b0 := a.start(), a.start(), b.start()
	if a1-a0 != 7717 {
		t.Errorf("two goroutines of one call start %d apart, want 7717", a1-a0)
	}
	if a0 == b0 {
		t.Errorf("two calls start at the same place, %d", a0)
	}
}

// Under gcOffInBatch no collection runs while a batch's targets do, however
// much they allocate, and the collector is back on after the batch.
func TestRunBatchCollectorOffInBatch(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	var sink [][]byte
	var first, last uint32
	mk := func(name string, at *uint32) rowTarget {
		return rowTarget{name: name, bench: func(b *testing.B) {
			if at != nil && *at == 0 {
				*at = numGC()
			}
			for range b.N {
				// 8 MiB a call, 64 MiB in the batch: several
				// collections' worth at this test's heap.
				sink = append(sink, make([]byte, 8<<20/b.N))
			}
			if at == &last {
				*at = numGC()
			}
		}}
	}
	a, z := mk("a", &first), mk("z", &last)
	iters := map[string]string{"a": "4x", "z": "4x"}
	var batch [][]rowTarget
	for range 4 {
		batch = append(batch, []rowTarget{a, z})
	}
	if _, failed := runBatch(batch, iters, gcOffInBatch, false); failed != "" {
		t.Fatalf("%s failed", failed)
	}
	sink = nil
	if first == 0 || last != first {
		t.Errorf("collections during the batch: NumGC went from %d to %d, want none", first, last)
	}
	if p := debug.SetGCPercent(100); p < 0 {
		t.Errorf("the collector is still off after the batch (GC percent %d)", p)
	} else {
		debug.SetGCPercent(p)
	}
}

// numGC returns the collections completed so far, and forcedGC those of
// them that runtime.GC forced.
func numGC() uint32 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.NumGC
}

func forcedGC() uint32 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.NumForcedGC
}

// The budget's weights go as the spread of a row's per-round ratios
// times the square root of its round cost, so a row whose round costs
// four times another's gets twice its share and half its rounds, and a
// row whose ratios spread twice as wide gets twice its share and twice
// its rounds. Spreads are held within [spreadLow, spreadHigh] times the
// median known one; a row of unknown spread is weighed by that median,
// a row of unknown cost by the known rows' cost per target, and with no
// cost known, by its targets.
func TestBudgetWeights(t *testing.T) {
	targets := map[string]int{"cheap@1": 2, "dear@1": 4, "new@1": 8}
	costs := map[string]rowCost{"cheap@1": {round: 0.25}, "dear@1": {round: 1}}
	// Known: 1.25 s over 6 targets; new's 8 targets cost 8*1.25/6 s.
	newCost := math.Sqrt(8 * 1.25 / 6)
	for _, c := range []struct {
		name    string
		targets map[string]int
		spreads map[string]rowCost // spread and spreadRounds by row
		want    map[string]float64
	}{
		{"no spread known: the roots of the costs", targets, nil,
			map[string]float64{"cheap@1": 0.5, "dear@1": 1, "new@1": newCost}},
		// Median of 0.02, 0.05 and 0.08: 0.05.
		{"spreads within the clamp", map[string]int{"cheap@1": 2, "dear@1": 4, "mid@1": 3, "new@1": 8},
			map[string]rowCost{"cheap@1": {spread: 0.08, spreadRounds: 9}, "dear@1": {spread: 0.02, spreadRounds: 9}, "mid@1": {round: 0.25, spread: 0.05, spreadRounds: 9}},
			map[string]float64{"cheap@1": 0.08 * 0.5, "dear@1": 0.025 * 1, "mid@1": 0.05 * 0.5, "new@1": 0.05 * math.Sqrt(8*1.5/9)}},
		// Median of 0.001, 0.01 and 1: 0.01; 0.001 is raised to 0.005, 1 cut to 0.04.
		{"spreads clamped", map[string]int{"cheap@1": 2, "dear@1": 4, "mid@1": 3},
			map[string]rowCost{"cheap@1": {spread: 1, spreadRounds: 4}, "dear@1": {spread: 0.001, spreadRounds: 4}, "mid@1": {round: 0.25, spread: 0.01, spreadRounds: 5}},
			map[string]float64{"cheap@1": 0.04 * 0.5, "dear@1": 0.005 * 1, "mid@1": 0.01 * 0.5}},
		{"a spread of no rounds is not known", targets,
			map[string]rowCost{"cheap@1": {spread: 0.08, spreadRounds: 9}, "dear@1": {spread: 0.5}},
			map[string]float64{"cheap@1": 0.08 * 0.5, "dear@1": 0.08 * 1, "new@1": 0.08 * newCost}},
	} {
		cs := map[string]rowCost{}
		for k, v := range costs {
			cs[k] = v
		}
		for k, v := range c.spreads {
			rc := cs[k]
			if v.round > 0 {
				rc.round = v.round
			}
			rc.spread, rc.spreadRounds = v.spread, v.spreadRounds
			cs[k] = rc
		}
		w := budgetWeights(c.targets, cs)
		if len(w) != len(c.want) {
			t.Errorf("%s: weights %v, want %v", c.name, w, c.want)
		}
		for k, v := range c.want {
			if math.Abs(w[k]-v) > 1e-12 {
				t.Errorf("%s: weight of %s = %v, want %v", c.name, k, w[k], v)
			}
		}
	}
	if w := budgetWeights(targets, nil); w["new@1"] != math.Sqrt(8) || w["cheap@1"] != math.Sqrt(2) {
		t.Errorf("no costs known: weights %v, want the roots of the targets", w)
	}
}

// A row whose targets can make fresh maps gets new ones between batches,
// in unrecorded rounds, when the making costs at most the remake share
// of the row's time: its rounds then see several instances of each map.
// With BENCH_REMAKE=0 each target makes one; either way the row records
// the same rounds.
func TestRunRowRemakesMaps(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	for _, c := range []struct {
		share   float64
		atLeast int32
		atMost  int32
	}{{0.5, 3, 1 << 30}, {0, 1, 1}} {
		var made [2]atomic.Int32
		r := row{group: "Fake"}
		for i, name := range []string{"weakstripe", "weakstripe-twin"} {
			bench := func() func(*testing.B) {
				made[i].Add(1)
				return func(b *testing.B) {
					for range b.N {
						time.Sleep(time.Millisecond)
					}
				}
			}
			r.targets = append(r.targets, rowTarget{name, bench(), bench})
		}
		// Every operation takes a millisecond or more, so a round takes
		// 2 ms or more and a batch (batchTime) holds at most 125 rounds:
		// 300 rounds take three batches or more, and two remakings
		// between them, each costing a round against a batch's time.
		s := roundSettings{rounds: 300, minRounds: 300, time: time.Millisecond, remake: c.share,
			rows: regexp.MustCompile(""), targets: regexp.MustCompile("")}
		var out bytes.Buffer
		if _, err := runRow(&out, io.Discard, &r, 1, s, 0, rand.New(rand.NewPCG(1, 2))); err != nil {
			t.Fatal(err)
		}
		for i := range made {
			if n := made[i].Load(); n < c.atLeast || n > c.atMost {
				t.Errorf("remake share %v: target %d made %d maps, want %d to %d", c.share, i, n, c.atLeast, c.atMost)
			}
		}
		if n := strings.Count(out.String(), "\n"); n != 2*s.rounds {
			t.Errorf("remake share %v: %d lines, want %d", c.share, n, 2*s.rounds)
		}
	}
}

// BENCH_GC_BETWEEN unset turns the collector off for the rest of each
// batch; the other policies stay selectable by name, and a bad name is
// refused.
func TestGCBetweenSetting(t *testing.T) {
	t.Setenv("BENCH_ROUNDS", "5")
	for _, c := range []struct {
		env  string
		want gcPolicy
	}{{"", gcOffInBatch}, {"batch", gcOffInBatch}, {"garbage", gcAfterGarbage}, {"0", gcNever}, {"1", gcAlways}} {
		t.Setenv("BENCH_GC_BETWEEN", c.env)
		s, err := roundSettingsFromEnv()
		if err != nil || s.gcBetween != c.want {
			t.Errorf("BENCH_GC_BETWEEN=%q: policy %d, error %v; want %d", c.env, s.gcBetween, err, c.want)
		}
	}
	t.Setenv("BENCH_GC_BETWEEN", "sometimes")
	if _, err := roundSettingsFromEnv(); err == nil {
		t.Error(`BENCH_GC_BETWEEN="sometimes": no error`)
	}
}

// A batch's rounds must outweigh its call's own cost: at 64Ki keys
// testing's two collections per call cost 130-200 ms, several rounds, and
// batches sized by the whole call's time per round held one round each,
// so that collecting took five sixths of a row's time.
func TestBatchRoundsAmortizeTheCall(t *testing.T) {
	for _, c := range []struct{ inner, call time.Duration }{
		{35 * time.Millisecond, 190 * time.Millisecond},
		{35 * time.Millisecond, 0},
		{2 * time.Millisecond, 5 * time.Millisecond},
		{400 * time.Millisecond, 50 * time.Millisecond},
		{0, 0},
	} {
		k := batchRounds(c.inner, c.call)
		if k < 1 {
			t.Fatalf("batchRounds(%v, %v) = %d, want at least 1", c.inner, c.call, k)
		}
		if k > 1 && time.Duration(k-1)*c.inner > max(batchTime, time.Duration(float64(c.call)*(1-callShare)/callShare)) {
			t.Errorf("batchRounds(%v, %v) = %d: one round fewer would still last past both batchTime and the call's share", c.inner, c.call, k)
		}
		if c.inner > 0 && c.inner < batchTime {
			in := time.Duration(k) * c.inner
			if share := float64(c.call) / float64(c.call+in); share > callShare+0.01 {
				t.Errorf("batchRounds(%v, %v) = %d: the call's cost is %.2f of the batch, want at most %.2f", c.inner, c.call, k, share, callShare)
			}
			if in < batchTime-c.inner {
				t.Errorf("batchRounds(%v, %v) = %d: the rounds last %v, want about %v", c.inner, c.call, k, in, batchTime)
			}
		}
	}
}
