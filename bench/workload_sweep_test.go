package bench_test

import (
	"runtime"
	"testing"
)

// sweepTargets are the targets that can remove dead entries on demand:
// weakstripe's Sweep, the seed's full retain, and xsync-weak with the
// sweep its user would write (Range and Compute).
var sweepTargets = []string{"weakstripe", "weakstripe-twin", "seed", "xsync-weak"}

// BenchmarkSweep times one full sweep of a map whose n values are all
// dead, and reports it per entry (ns/entry). Each iteration builds a new
// map, drops its values and collects them before the timer starts, so the
// values have really died. Run it with -benchtime Nx (scripts/bench.sh
// does): the untimed setup costs far more than the sweep. Sizes are 1Ki
// and 64Ki, and 1Mi with BENCH_LARGE=1 (without the seed).
func BenchmarkSweep(b *testing.B) { runRows(b, sweepRows()) }

// sweepIterations is the -benchtime of Sweep in rounds: the untimed
// setup of an iteration costs far more than its sweep.
const sweepIterations = "5x"

func sweepRows() []row {
	var rows []row
	for _, n := range withLarge(1*ki, 64*ki) {
		var specs []targetSpec
		for _, tg := range targets(sweepTargets) {
			// Building a map with the seed's Store runs a full retain
			// every 1000 stores: a quadratic setup, minutes at 1Mi for
			// each iteration. Its sweep is a plain map's
			// range-and-delete, measured at 64Ki.
			if tg.name != "seed" || n <= 64*ki {
				specs = append(specs, tg)
			}
		}
		r := newRow("Sweep", "size="+sizeName(n), specs, func(tg targetSpec) func(*testing.B) {
			return func(b *testing.B) { sweepDead(b, tg, n) }
		})
		r.serial, r.benchtime = true, sweepIterations
		rows = append(rows, r)
	}
	return rows
}

// sweepDead times, b.N times, one Sweep of a new map of n dead entries.
func sweepDead(b *testing.B, tg targetSpec, n int) {
	keys := keyList(n)
	for range b.N {
		b.StopTimer()
		m := deadMap(tg, keys)
		if got := m.Len(); got != 0 {
			b.Fatalf("%d values still live after a collection", got)
		}
		sw := m.(sweeper)
		b.StartTimer()
		removed := sw.Sweep()
		b.StopTimer()
		if removed != n || m.RawLen() != 0 {
			b.Fatalf("Sweep removed %d of %d dead entries, leaving %d", removed, n, m.RawLen())
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/entry")
}

// deadMap returns a map of the target with an entry for each key whose
// value has been collected. The values stay alive until every key is
// stored, so that no counter sweep removes an entry before Sweep does.
func deadMap(tg targetSpec, keys []string) target {
	vals := newPayloads(len(keys), "dead")
	m := fill(tg, keys, vals)
	runtime.KeepAlive(vals)
	vals = nil
	runtime.GC()
	return m
}
