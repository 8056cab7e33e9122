package bench_test

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/sweep"
	"github.com/weakstripe/weakstripe/weakmap"
)

// The round runner: with BENCH_RUNNER=rounds, the test binary measures the
// suite's rows in paired, interleaved rounds instead of running tests
// (TestMain calls runRounds). For each row and GOMAXPROCS, it first runs
// every target once, unrecorded: that makes the target's map, and
// unrecorded rounds find the iteration count that fills BENCH_TIME. Then,
// BENCH_ROUNDS times, every target runs once, in a new random order each
// round, for that count (kept near BENCH_TIME from batch to batch, see
// nextCount); a batch of rounds of about a quarter second is timed within
// one testing.Benchmark call (runBatch, rounds_call_test.go), or each
// target in a call of its own for rows that need it (runSeparately). A
// row's lines are printed together once all its rounds have run. So the
// k-th line of a target within a row is round k
// for every target of the row, also in a file that concatenates several
// processes (bench/paired reads it so). Lines are ordinary benchmark
// lines (with -N for GOMAXPROCS N > 1, B/op, allocs/op and the
// workloads' own metrics): benchstat and benchgate read them as usual.
//
// Settings (scripts/bench.sh sets them per preset):
//
//	BENCH_RUNNER      rounds: run the round runner, not the tests
//	BENCH_ROUNDS      rounds per row in this process, at most
//	BENCH_BUDGET      time of this process (none): each row gets a share
//	                  of what is left in proportion to the spread of its
//	                  per-round ratios times the square root of its
//	                  round's cost (of its targets, before costs are
//	                  known; the median spread, before its own is:
//	                  budgetWeights), and runs rounds, after its warm-up,
//	                  until its share is spent or BENCH_ROUNDS are done
//	BENCH_MIN_ROUNDS  rounds per row whatever the budget (3)
//	BENCH_COSTS       a file where each process records the time of a
//	                  round and of the warm-up of each row, and the
//	                  spread of its per-round ratios (rowSpread, pooled
//	                  over the processes so far), and where later
//	                  processes find them: they set the warm-ups aside
//	                  and share the rest of their budget by the rounds'
//	                  costs and spreads (the first process shares it by
//	                  targets), and start each row's warm-up at the
//	                  iteration counts it ended with, which spares
//	                  the unrecorded rounds of ramping up
//	BENCH_TIME        time of one target in one round (5ms); rows with
//	                  their own -benchtime (Churn, Sweep) use theirs
//	BENCH_CPU         GOMAXPROCS list of the concurrent groups (1,2)
//	BENCH_SERIAL_CPU  GOMAXPROCS list of Len, Iterate and Sweep (1)
//	BENCH_ROWS        regular expression: rows whose name
//	                  (Group/key=value/...) it matches run (all)
//	BENCH_TARGETS     regular expression: targets whose benchmark name
//	                  (Group/key=value/.../target=<t>) it matches run,
//	                  with weakstripe and weakstripe-twin always (all)
//	BENCH_SEED        seed of the shuffles (the clock)
//	BENCH_GC_BETWEEN  when to collect garbage, untimed, between the
//	                  targets of a batch timed in one call: batch,
//	                  never, with the collector off until the batch
//	                  ends; garbage, after a target that allocated
//	                  256KiB or more; 1, before every target (as testing
//	                  does before each of its calls); 0, never (batch)
//	BENCH_REMAKE      the share of a row's time that may go to making
//	                  its maps anew between batches, so that a row's
//	                  rounds see several instances of each map; 0,
//	                  never (0.1)
//
// and the sizes of env_test.go.

// roundGroups lists the suite's groups in the order the runner measures
// them, with their rows.
var roundGroups = []struct {
	name string
	rows func(fatalf func(string, ...any)) []row
}{
	{"LoadHit", func(func(string, ...any)) []row { return loadHitRows() }},
	{"LoadMiss", func(func(string, ...any)) []row { return loadMissRows() }},
	{"UserLoad", func(func(string, ...any)) []row { return userLoadRows() }},
	{"Store", func(func(string, ...any)) []row { return storeRows() }},
	{"Insert", func(func(string, ...any)) []row { return insertRows() }},
	{"Mix", func(func(string, ...any)) []row { return mixRows() }},
	{"Churn", churnRows},
	{"Len", func(func(string, ...any)) []row { return lenRows() }},
	{"Iterate", func(func(string, ...any)) []row { return iterateRows() }},
	{"Sweep", func(func(string, ...any)) []row { return sweepRows() }},
	{"KeyMapLoad", func(func(string, ...any)) []row { return keyMapLoadRows() }},
	{"Cache", func(func(string, ...any)) []row { return cacheRows() }},
	{"Hash", func(func(string, ...any)) []row { return hashRows() }},
}

// roundSettings are the runner's settings, from the environment.
type roundSettings struct {
	rounds         int // the most rounds of a row
	minRounds      int // the fewest, whatever the budget
	time           time.Duration
	budget         time.Duration // the process's time; 0: rounds rounds
	cpu, serialCPU []int
	rows, targets  *regexp.Regexp
	seed           uint64
	gcBetween      gcPolicy       // when to collect between targets of a round
	costs          string         // file of the rows' costs per round, shared by processes
	prior          map[string]int // the row's counts by target, from the costs file
	// remake is the share of a row's time that may go to making its
	// maps anew within the process (BENCH_REMAKE); 0: never.
	remake float64
}

func roundSettingsFromEnv() (roundSettings, error) {
	s := roundSettings{time: 5 * time.Millisecond, seed: uint64(time.Now().UnixNano())}
	var err error
	if s.rounds, err = strconv.Atoi(os.Getenv("BENCH_ROUNDS")); err != nil || s.rounds < 1 {
		return s, fmt.Errorf("BENCH_ROUNDS=%q: not a positive whole number", os.Getenv("BENCH_ROUNDS"))
	}
	if v := os.Getenv("BENCH_TIME"); v != "" {
		if s.time, err = time.ParseDuration(v); err != nil || s.time <= 0 {
			return s, fmt.Errorf("BENCH_TIME=%q: not a duration such as 5ms", v)
		}
	}
	if v := os.Getenv("BENCH_BUDGET"); v != "" {
		if s.budget, err = time.ParseDuration(v); err != nil || s.budget < 0 {
			return s, fmt.Errorf("BENCH_BUDGET=%q: not a duration such as 100s", v)
		}
	}
	s.minRounds = min(3, s.rounds)
	if v := os.Getenv("BENCH_MIN_ROUNDS"); v != "" {
		if s.minRounds, err = strconv.Atoi(v); err != nil || s.minRounds < 1 || s.minRounds > s.rounds {
			return s, fmt.Errorf("BENCH_MIN_ROUNDS=%q: not a whole number from 1 to BENCH_ROUNDS", v)
		}
	}
	if s.cpu, err = cpuList("BENCH_CPU", "1,2"); err != nil {
		return s, err
	}
	if s.serialCPU, err = cpuList("BENCH_SERIAL_CPU", "1"); err != nil {
		return s, err
	}
	for _, re := range []struct {
		env string
		dst **regexp.Regexp
	}{{"BENCH_ROWS", &s.rows}, {"BENCH_TARGETS", &s.targets}} {
		if *re.dst, err = regexp.Compile(os.Getenv(re.env)); err != nil {
			return s, fmt.Errorf("%s: %v", re.env, err)
		}
	}
	s.costs = os.Getenv("BENCH_COSTS")
	switch v := os.Getenv("BENCH_GC_BETWEEN"); v {
	case "", "batch":
		s.gcBetween = gcOffInBatch
	case "garbage":
		s.gcBetween = gcAfterGarbage
	case "0":
		s.gcBetween = gcNever
	case "1":
		s.gcBetween = gcAlways
	default:
		return s, fmt.Errorf("BENCH_GC_BETWEEN=%q: not batch, garbage, 0 or 1", v)
	}
	s.remake = 0.1
	if v := os.Getenv("BENCH_REMAKE"); v != "" {
		if s.remake, err = strconv.ParseFloat(v, 64); err != nil || s.remake < 0 || s.remake >= 1 {
			return s, fmt.Errorf("BENCH_REMAKE=%q: not a share from 0 to below 1, such as 0.1", v)
		}
	}
	if v := os.Getenv("BENCH_SEED"); v != "" {
		if s.seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			return s, fmt.Errorf("BENCH_SEED=%q: not a whole number", v)
		}
	}
	return s, nil
}

// cpuList reads a comma-separated GOMAXPROCS list from env, def if unset.
func cpuList(env, def string) ([]int, error) {
	v := cmp.Or(os.Getenv(env), def)
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s=%q: not a list of positive numbers such as 1,2", env, v)
		}
		out = append(out, n)
	}
	return out, nil
}

// runRounds runs the rows in rounds and returns the exit status: 0, or 1
// if a benchmark failed or a setting is bad.
func runRounds() int {
	flag.Parse()
	s, err := roundSettingsFromEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "rounds:", err)
		return 1
	}
	fail := func(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
	rng := rand.New(rand.NewPCG(s.seed, 0x5eed))
	printDefaults(s)
	// The budget's weights: the spread of a round's ratios times the
	// square root of a round's cost, for the selected targets of every
	// selected row at each GOMAXPROCS (budgetWeights). A row's rounds then
	// go as its spread over the root of its cost: of all the ways to share
	// the time, the one that makes the sum of the rows' variances (each
	// spread squared over its rounds) the smallest, so that cheap, steady
	// rows do not take rounds they do not need, a row whose ratio moves by
	// a fifth from round to round gets the rounds to pin it down, and a
	// row whose round costs seconds does not take the time of dozens of
	// others.
	costs := readCosts(s.costs)
	// The selected rows' keys and targets, in a first pass, so that a
	// row whose cost is unknown is weighed alike in both passes below.
	targets := map[string]int{}
	for _, g := range roundGroups {
		rows := g.rows(fail)
		for _, procs := range groupCPU(rows, s) {
			for i := range rows {
				if n := len(selectTargets(&rows[i], s)); s.rows.MatchString(rows[i].name()) && n >= 2 {
					targets[costKey(rows[i].name(), procs)] = n
				}
			}
		}
	}
	weights := budgetWeights(targets, costs)
	// left is the weight of the rows still to run, warmUps the warm-ups
	// they took in an earlier process: the budget's rounds are what is
	// left after those.
	left, warmUps := 0.0, 0.0
	for key := range targets {
		left += weights[key]
		warmUps += costs[key].warmUp
	}
	start := time.Now()
	failed := false
	for _, g := range roundGroups {
		for _, procs := range groupCPU(g.rows(fail), s) {
			runtime.GOMAXPROCS(procs)
			rows := g.rows(fail) // fresh maps for each GOMAXPROCS
			for i := range rows {
				n := len(selectTargets(&rows[i], s))
				if s.rows.MatchString(rows[i].name()) && n >= 2 {
					key := costKey(rows[i].name(), procs)
					w := weights[key]
					var share time.Duration
					if s.budget > 0 {
						// Once the budget is spent, rows run their minimum.
						rest := (s.budget - time.Since(start)).Seconds() - warmUps
						share = max(time.Duration(rest*w/left*float64(time.Second)), time.Nanosecond)
					}
					left -= w
					warmUps -= costs[key].warmUp
					rs := s
					rs.prior = costs[key].counts
					cost, err := runRow(os.Stdout, os.Stderr, &rows[i], procs, rs, share, rng)
					if err != nil {
						fmt.Printf("--- FAIL: %v\n", err)
						failed = true
					} else if cost.round > 0 {
						cost.spread, cost.spreadRounds = poolSpread(costs[key], cost)
						writeCost(s.costs, key, cost)
					}
				}
				rows[i] = row{} // let its maps die
			}
			runtime.GC()
		}
	}
	if failed {
		fmt.Println("FAIL")
		return 1
	}
	fmt.Println("PASS")
	return 0
}

// budgetWeights returns the weight of each row of targets (its targets
// by cost key) in the budget: the spread of its per-round ratios times
// the square root of its round's cost. The cost is the row's in costs,
// or, unknown, the known rows' mean cost per target times its targets,
// or, with none known, its targets alone. The spread is the row's in
// costs, within [spreadLow, spreadHigh] times the median of the rows
// whose spread is known, so that neither a row whose few rounds happened
// to agree is starved nor a row in a burst of noise takes the budget;
// unknown, it is that median; with none known, every row's is alike.
func budgetWeights(targets map[string]int, costs map[string]rowCost) map[string]float64 {
	known, knownTargets := 0.0, 0
	var spreads []float64
	for key, n := range targets {
		if c, ok := costs[key]; ok {
			known += c.round
			knownTargets += n
			if c.spreadRounds > 0 && c.spread > 0 {
				spreads = append(spreads, c.spread)
			}
		}
	}
	mid := 1.0
	if len(spreads) > 0 {
		mid = median(spreads)
	}
	weights := make(map[string]float64, len(targets))
	for key, n := range targets {
		c, ok := costs[key]
		switch {
		case ok:
			weights[key] = math.Sqrt(c.round)
		case knownTargets > 0:
			weights[key] = math.Sqrt(float64(n) * known / float64(knownTargets))
		default:
			weights[key] = math.Sqrt(float64(n))
		}
		spread := mid
		if ok && c.spreadRounds > 0 && c.spread > 0 {
			spread = min(max(c.spread, spreadLow*mid), spreadHigh*mid)
		}
		weights[key] *= spread
	}
	return weights
}

// The bounds of a row's spread in budgetWeights, as multiples of the
// median row's: a row's share is at most 8 times what the clamp's low
// end would give it at the same cost.
const (
	spreadLow  = 0.5
	spreadHigh = 4
)

// costKey names a row at a GOMAXPROCS in the costs file.
func costKey(row string, procs int) string { return fmt.Sprintf("%s@%d", row, procs) }

// rowCost is what a row cost in an earlier process: seconds per round,
// and seconds of warm-up (making its maps); the spread of its per-round
// ratios (rowSpread) and over how many rounds it was taken (0: not
// known); and its targets' iteration counts at the end, with which the
// next process's warm-up starts instead of ramping up from one
// iteration.
type rowCost struct {
	round, warmUp float64
	spread        float64
	spreadRounds  int
	counts        map[string]int
}

// readCosts reads the costs file: lines of a cost key, the seconds of one
// round, the seconds of the warm-up, the spread and its rounds, and the
// counts as target=count; a later line for a key wins (a process writes
// the spread pooled with the earlier ones, poolSpread). A missing file
// has none.
func readCosts(path string) map[string]rowCost {
	costs := map[string]rowCost{}
	if path == "" {
		return costs
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return costs
	}
	for _, line := range strings.Split(string(data), "\n") {
		var key string
		var c rowCost
		if n, _ := fmt.Sscanf(line, "%s %g %g %g %d", &key, &c.round, &c.warmUp, &c.spread, &c.spreadRounds); n == 5 && c.round > 0 {
			if c.spread <= 0 || c.spreadRounds <= 0 {
				c.spread, c.spreadRounds = 0, 0
			}
			for _, f := range strings.Fields(line)[5:] {
				t, v, _ := strings.Cut(f, "=")
				if n, err := strconv.Atoi(v); err == nil && n > 0 {
					if c.counts == nil {
						c.counts = map[string]int{}
					}
					c.counts[t] = n
				}
			}
			costs[key] = c
		}
	}
	return costs
}

// writeCost appends a row's costs to the costs file.
func writeCost(path, key string, c rowCost) {
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rounds: costs:", err)
		return
	}
	defer f.Close()
	line := fmt.Sprintf("%s %g %g %g %d", key, c.round, c.warmUp, c.spread, c.spreadRounds)
	for _, t := range slices.Sorted(maps.Keys(c.counts)) {
		line += fmt.Sprintf(" %s=%d", t, c.counts[t])
	}
	fmt.Fprintln(f, line)
}

// groupCPU returns the GOMAXPROCS list of a group's rows.
func groupCPU(rows []row, s roundSettings) []int {
	if len(rows) > 0 && rows[0].serial {
		return s.serialCPU
	}
	return s.cpu
}

// selectTargets returns the targets of r that s selects: weakstripe and
// its twin, and those whose benchmark name BENCH_TARGETS matches.
func selectTargets(r *row, s roundSettings) []rowTarget {
	var ts []rowTarget
	for _, t := range r.targets {
		if t.name == "weakstripe" || t.name == "weakstripe-twin" || s.targets.MatchString(r.group+"/"+r.benchName(t.name)) {
			ts = append(ts, t)
		}
	}
	return ts
}

// printDefaults prints the configuration lines that open the output:
// those go test prints, and which variants equal the defaults, for
// reports to mark (a configuration line, the same in every process).
func printDefaults(s roundSettings) {
	fmt.Printf("goos: %s\ngoarch: %s\npkg: github.com/weakstripe/weakstripe/bench\n", runtime.GOOS, runtime.GOARCH)
	var shards []string
	for _, p := range append(slices.Clone(s.cpu), s.serialCPU...) {
		prev := runtime.GOMAXPROCS(p)
		sh := fmt.Sprintf("S%d@%d", weakmap.New[string, payload]().Stats().Shards, p)
		runtime.GOMAXPROCS(prev)
		if !slices.Contains(shards, sh) {
			shards = append(shards, sh)
		}
	}
	fmt.Printf("weakstripe-defaults: T%d B%d %s\n", sweep.DefaultThreshold, sweep.DefaultBudget, strings.Join(shards, " "))
}

// runRow measures one row at GOMAXPROCS procs: a warm-up of every target,
// then rounds, s.rounds of them (at most r.maxRounds) or, if share is not
// 0, as many as fit in share (at least s.minRounds). It writes the rounds' lines to out once
// all are measured, and a line of progress to progress. It returns what
// the row cost.
func runRow(out, progress io.Writer, r *row, procs int, s roundSettings, share time.Duration, rng *rand.Rand) (rowCost, error) {
	if r.maxRounds > 0 {
		s.rounds = min(s.rounds, r.maxRounds)
		s.minRounds = min(s.minRounds, s.rounds)
	}
	ts := selectTargets(r, s)
	if len(ts) < 2 {
		return rowCost{}, nil
	}
	name := func(t string) string {
		n := "Benchmark" + r.group + "/" + r.benchName(t)
		if procs != 1 {
			n += "-" + strconv.Itoa(procs)
		}
		return n
	}
	start := time.Now()
	// Warm up (make the maps) in a random order too: in Mix, a map made
	// first in a process ran 20-30 % faster than the same map made after
	// it, and a fixed order would hand that to weakstripe in every row.
	rng.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
	iters := make(map[string]string, len(ts))
	together := !r.separate && r.benchtime == ""
	for _, t := range ts {
		switch {
		case r.benchtime != "":
			// A fixed count already: the first round warms up too.
			iters[t.name] = r.benchtime
			continue
		case together:
			// The first of the unrecorded rounds below makes the maps,
			// at the count an earlier process ended with, if any.
			iters[t.name] = strconv.Itoa(max(s.prior[t.name], 1)) + "x"
			continue
		default:
			setBenchtime(s.time.String())
		}
		res := testing.Benchmark(t.bench)
		if res.N == 0 {
			return rowCost{}, fmt.Errorf("%s: warm-up failed", name(t.name))
		}
		iters[t.name] = strconv.Itoa(res.N) + "x"
	}
	// per is what a round costs: at first as much as its targets' time,
	// or what the last unrecorded round took if more (the collections
	// between targets, targets slower than the time); then the mean of
	// the rounds so far. It sizes the batches.
	per := time.Duration(len(ts)) * s.time
	// makeCost is what an unrecorded round that makes the maps took.
	var makeCost time.Duration
	if together {
		// Find the counts that fill s.time in unrecorded rounds of the
		// whole row, as testing ramps up b.N, but collecting twice per
		// round rather than twice per target and step.
		// The last unrecorded round's time (the first's, with the maps'
		// making, if the first filled s.time already) sizes the first
		// batch: too large an estimate only makes it small.
		var last time.Duration
		for step := range maxCountSteps {
			// In the first, each target makes its map on its first call
			// and resets its timer after: work outside the timer.
			t0 := time.Now()
			results, failed := runTogether(ts, iters, s.gcBetween, step == 0)
			last = time.Since(t0)
			if step == 0 {
				makeCost = last
			}
			if failed != "" {
				return rowCost{}, fmt.Errorf("%s: warm-up failed", name(failed))
			}
			filled := true
			for i, t := range ts {
				filled = filled && results[i].T >= s.time/2
				iters[t.name] = rampCount(results[i], s.time)
			}
			if filled {
				break
			}
		}
		per = max(per, last)
	}
	var lines strings.Builder
	rounds, remakes := 0, 0
	made := time.Now()
	remake := together && s.remake > 0 && !slices.ContainsFunc(ts, func(t rowTarget) bool { return t.fresh == nil })
	var perOp []map[string]float64 // each round's time per op by target
	// timed is what the targets of the batched rounds so far took, inside
	// their calls, over timedRounds rounds, and callCost what the last
	// call took besides: testing's two collections, which at 64Ki keys
	// walk every map of the row and cost several rounds. They size the
	// batches (batchRounds); per, which counts both, paces the share.
	var timed, callCost time.Duration
	timedRounds := 0
	// The share is for rounds: the warm-up (making the maps) is charged
	// to the rows after this one, whose shares come out of what is left,
	// so that rows of large maps are not left with their minimum.
	roundsStart := time.Now()
	for rounds < s.rounds {
		if share > 0 && rounds >= s.minRounds && time.Since(roundsStart) >= share {
			break
		}
		if remake && rounds > 0 && time.Since(made).Seconds() >= makeCost.Seconds()*(1-s.remake)/s.remake {
			// New maps for every target, made in a shuffled order in an
			// unrecorded round. A map's speed is set when it is made
			// (where its entries, handles and values land in the heap,
			// and so how long weak.Make walks a span's records), and
			// stays so for the process: with one instance per target,
			// rounds agree with each other more than instances do, and
			// an interval over rounds is narrower than the spread of
			// the ratio between instances.
			rng.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
			for i := range ts {
				ts[i].bench = ts[i].fresh()
				for j := range r.targets {
					if r.targets[j].name == ts[i].name {
						r.targets[j].bench = ts[i].bench // let the old map die
					}
				}
			}
			t0 := time.Now()
			if _, failed := runTogether(ts, iters, s.gcBetween, true); failed != "" {
				return rowCost{}, fmt.Errorf("%s: remaking its map failed", name(failed))
			}
			made, makeCost = time.Now(), time.Since(t0)
			remakes++
		}
		var batch [][]testing.BenchmarkResult
		var order [][]rowTarget
		var failed string
		if r.separate || r.benchtime != "" {
			rng.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
			order = [][]rowTarget{slices.Clone(ts)}
			var results []testing.BenchmarkResult
			if results, failed = runSeparately(ts, iters); failed == "" {
				batch = [][]testing.BenchmarkResult{results}
			}
		} else {
			elapsed := time.Since(roundsStart)
			if rounds > 0 {
				per = elapsed / time.Duration(rounds)
			}
			inner := per
			if timedRounds > 0 {
				inner = timed / time.Duration(timedRounds)
			}
			k := min(batchRounds(inner, callCost), s.rounds-rounds)
			if share > 0 {
				// No batch runs far past the share: at most the rounds
				// left in it at this row's pace, or up to its minimum.
				k = min(k, max(int((share-elapsed+per-1)/per), s.minRounds-rounds, 1))
			}
			for range k {
				rng.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
				order = append(order, slices.Clone(ts))
			}
			t0 := time.Now()
			batch, failed = runBatch(order, iters, s.gcBetween, false)
			call := time.Since(t0)
			var inCall time.Duration
			for _, results := range batch {
				for _, res := range results {
					inCall += res.T
				}
			}
			timed += inCall
			timedRounds += len(batch)
			callCost = max(call-inCall, 0)
		}
		if failed != "" {
			// testing.Benchmark discards a benchmark's messages.
			return rowCost{}, fmt.Errorf("%s: round %d failed (run it with go test -bench to see why)", name(failed), rounds+len(batch)+1)
		}
		for k, results := range batch {
			rounds++
			round := make(map[string]float64, len(order[k]))
			for i, t := range order[k] {
				res := results[i]
				fmt.Fprintf(&lines, "%s\t%s\t%s\n", name(t.name), res.String(), res.MemString())
				round[t.name] = float64(res.T.Nanoseconds()) / float64(res.N)
				if r.benchtime == "" {
					iters[t.name] = nextCount(res, s.time)
				}
			}
			perOp = append(perOp, round)
		}
	}
	cost := rowCost{
		round:  time.Since(roundsStart).Seconds() / float64(rounds),
		warmUp: roundsStart.Sub(start).Seconds(),
		spread: rowSpread(perOp),
	}
	if cost.spread > 0 {
		cost.spreadRounds = rounds
	}
	if together {
		cost.counts = map[string]int{}
		for t, it := range iters {
			cost.counts[t], _ = strconv.Atoi(strings.TrimSuffix(it, "x"))
		}
	}
	if _, err := io.WriteString(out, lines.String()); err != nil {
		return rowCost{}, err
	}
	fmt.Fprintf(progress, "rounds: %s -cpu %d: %d targets, %d rounds, %d sets of maps, %.1fs (warm-up %.1fs)\n",
		r.name(), procs, len(ts), rounds, 1+remakes, time.Since(start).Seconds(), cost.warmUp)
	return cost, nil
}

// nextCount returns the iteration count of a target's next round: the
// count that would have filled d at this round's time per op, within a
// factor of 4 of this round's count. A target whose cost drifts within a
// process (the Go-blog cache stacks a cleanup on a value at every Store,
// so its Stores get slower as the process goes on) keeps its rounds near
// d instead of stretching them, and the round's targets stay close in
// time.
func nextCount(res testing.BenchmarkResult, d time.Duration) string {
	n := res.N
	if per := res.NsPerOp(); per > 0 {
		n = min(max(int(d.Nanoseconds()/per), res.N/4, 1), res.N*4)
	}
	return strconv.Itoa(n) + "x"
}

// maxCountSteps bounds the unrecorded rounds that find a row's counts:
// from one iteration, rampCount reaches a billion in five steps.
const maxCountSteps = 6

// rampCount returns the count to try after res on the way to a count
// that fills d: as testing's own ramp, the count that would have filled
// d at res's time per op, plus a fifth, at most 100 times res's count and
// at least one more.
func rampCount(res testing.BenchmarkResult, d time.Duration) string {
	n := int64(res.N) * 100
	if ns := res.T.Nanoseconds(); ns > 0 {
		n = min(d.Nanoseconds()*int64(res.N)/ns, n)
	}
	n += n / 5
	n = min(max(n, int64(res.N)+1), 1e9)
	return strconv.FormatInt(n, 10) + "x"
}

// setBenchtime sets -test.benchtime, which testing.Benchmark honours.
func setBenchtime(v string) {
	if err := flag.Set("test.benchtime", v); err != nil {
		panic("rounds: -test.benchtime " + v + ": " + err.Error())
	}
}
