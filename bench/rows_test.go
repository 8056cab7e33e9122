package bench_test

import (
	"testing"
)

// A row is one workload of a group at one configuration: every target of
// the row runs the same operations on its own map. Groups describe their
// workloads as rows, so that the same code runs under `go test -bench`
// (runRows: one sub-benchmark per target, benchstat's way) and under the
// round runner (rounds_test.go: every target once per round, in a
// shuffled order).
type row struct {
	group string // "LoadHit"
	// config is the row's key=value parts, "keys=1Ki", or "" for a group
	// without parameters.
	config string
	// serial: the workload runs on one goroutine, so GOMAXPROCS does not
	// change it; it runs at the serial -cpu list only.
	serial bool
	// benchtime, if set, is the row's own -benchtime ("5x"): a workload
	// whose cost or metrics depend on the number of operations.
	benchtime string
	// separate: the round runner runs each target of a round in its own
	// testing.Benchmark call (runSeparately), not all in one
	// (runBatch): the targets' functions do untimed work on every
	// call (Insert makes a fresh map and keys). Rows with their own
	// benchtime run so too.
	separate bool
	// maxRounds, if not 0, caps the row's rounds in each process of the
	// round runner, below BENCH_ROUNDS and BENCH_MIN_ROUNDS: for a row
	// whose round costs tens of seconds.
	maxRounds int
	targets   []rowTarget
}

// rowTarget is one target of a row and its benchmark function. The
// function makes its map on its first call, outside the timed region,
// and keeps it for the later calls (testing calls it for every -count,
// -cpu and b.N, and the round runner for every round). Later calls must
// not stop or reset the timer unless the row is separate: the round runner
// times them within one testing.Benchmark call and checks that they did
// not.
type rowTarget struct {
	name  string
	bench func(b *testing.B)
	// fresh, if not nil, returns another benchmark function like bench,
	// whose map is not made yet: the round runner makes new maps with it
	// within a process (roundSettings.remake).
	fresh func() func(b *testing.B)
}

// name returns the row's name without "Benchmark": "LoadHit/keys=1Ki".
func (r *row) name() string {
	if r.config == "" {
		return r.group
	}
	return r.group + "/" + r.config
}

// benchName returns the sub-benchmark name of target t within the group:
// "keys=1Ki/target=weakstripe".
func (r *row) benchName(t string) string {
	if r.config == "" {
		return "target=" + t
	}
	return r.config + "/target=" + t
}

// newRow returns a row with one target per spec, each benchmarked by
// bench(spec).
func newRow(group, config string, specs []targetSpec, bench func(targetSpec) func(*testing.B)) row {
	r := row{group: group, config: config}
	for _, tg := range specs {
		r.targets = append(r.targets, rowTarget{tg.name, bench(tg), func() func(*testing.B) { return bench(tg) }})
	}
	return r
}

// runRows runs rows as sub-benchmarks, one per target, named
// <config>/target=<t>. A target's map is dropped once its sub-benchmark
// is done, so that a group does not hold every target's map at once.
func runRows(b *testing.B, rows []row) {
	for i := range rows {
		r := &rows[i]
		for j := range r.targets {
			b.Run(r.benchName(r.targets[j].name), r.targets[j].bench)
			r.targets[j].bench = nil
		}
	}
}
