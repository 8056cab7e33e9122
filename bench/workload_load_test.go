package bench_test

import (
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// BenchmarkLoadHit loads live keys from every RunParallel goroutine: the
// read path, with the weak pointer resolved on every hit.
func BenchmarkLoadHit(b *testing.B) { runRows(b, loadHitRows()) }

func loadHitRows() []row {
	var rows []row
	for _, n := range []int{1 * ki, 64 * ki} {
		// The cache options on the read path: retention of every key
		// (the hot set retained and marked) and hit counting.
		specs := append(targets(baseTargets, shardVariants),
			weakstripeTarget("weakstripe-retain", weakmap.WithRetain(n)),
			targetNamed("weakstripe-stats"))
		rows = append(rows, newRow("LoadHit", "keys="+sizeName(n), specs, func(tg targetSpec) func(*testing.B) {
			return loadHitBench(tg, n)
		}))
	}
	for _, n := range largeKeys() {
		rows = append(rows, newRow("LoadHit", "keys="+sizeName(n), targets(largeTargets), func(tg targetSpec) func(*testing.B) {
			return loadHitBench(tg, n)
		}))
	}
	return rows
}

// loadHitBench returns target tg's benchmark function of LoadHit on n keys.
func loadHitBench(tg targetSpec, n int) func(*testing.B) {
	keys := keyList(n)
	var (
		m    target
		vals []*payload
	)
	return func(b *testing.B) {
		if m == nil {
			vals = newPayloads(n, "v")
			m = fill(tg, keys, vals)
			settle()
			b.ResetTimer()
		}
		loadHits(b, m, keys)
		runtime.KeepAlive(vals)
	}
}

// BenchmarkLoadMiss loads keys that are not in a map of 1Ki or 64Ki live
// entries (and 1Mi with BENCH_LARGE=1): the read path that ends without an
// entry.
func BenchmarkLoadMiss(b *testing.B) { runRows(b, loadMissRows()) }

func loadMissRows() []row {
	var rows []row
	for _, n := range []int{1 * ki, 64 * ki} {
		rows = append(rows, loadMissRow(n, baseTargets))
	}
	for _, n := range largeKeys() {
		rows = append(rows, loadMissRow(n, largeTargets))
	}
	return rows
}

func loadMissRow(n int, names []string) row {
	return newRow("LoadMiss", "keys="+sizeName(n), targets(names), func(tg targetSpec) func(*testing.B) {
		var (
			m       target
			vals    []*payload
			missing []string
		)
		return func(b *testing.B) {
			if m == nil {
				// The keys are looked up once, with the timer stopped:
				// missKeyList takes a lock and, the first time, makes
				// them.
				vals, missing = newPayloads(n, "v"), missKeyList(n)
				m = fill(tg, keyList(n), vals)
				settle()
				b.ResetTimer()
			}
			var st streams
			b.RunParallel(func(pb *testing.PB) {
				i := st.start()
				for pb.Next() {
					i++
					if _, ok := m.Load(missing[i&(n-1)]); ok {
						b.Error("a key that was never stored was found")
						return
					}
				}
			})
			runtime.KeepAlive(vals)
		}
	})
}
