package bench_test

import (
	"runtime"
	"testing"
)

// BenchmarkStore stores, from every RunParallel goroutine, one of two
// live values under an existing key of a map of 1Ki or 64Ki live entries
// (and 1Mi with BENCH_LARGE=1), walking the keys from a random place (see
// storeAlternating):
// the write path without growth, where a weak map pays for weak.Make and
// its sweep steps, and WithGCCleanup for a cleanup on the new value. At
// 1Ki everything fits in the core's own caches, so the code's cost shows
// (the performance gate uses it); at 64Ki cache misses add to it.
func BenchmarkStore(b *testing.B) { runRows(b, storeRows()) }

func storeRows() []row {
	var rows []row
	for _, n := range []int{1 * ki, 64 * ki} {
		specs := targets(baseTargets, []string{"weakstripe-cleanup"}, shardVariants)
		rows = append(rows, newRow("Store", "keys="+sizeName(n), specs, func(tg targetSpec) func(*testing.B) {
			return storeBench(tg, n)
		}))
	}
	for _, n := range largeKeys() {
		rows = append(rows, newRow("Store", "keys="+sizeName(n), targets(largeTargets), func(tg targetSpec) func(*testing.B) {
			return storeBench(tg, n)
		}))
	}
	return rows
}

// storeBench returns target tg's benchmark function of Store on n keys.
func storeBench(tg targetSpec, n int) func(*testing.B) {
	var (
		m         target
		vals, alt []*payload
	)
	return func(b *testing.B) {
		if m == nil {
			vals, alt = newPayloads(n, "v"), newPayloads(n, "alt")
			m = fill(tg, keyList(n), vals)
			settle()
			b.ResetTimer()
		}
		storeAlternating(b, m, vals, alt)
		runtime.KeepAlive(vals)
		runtime.KeepAlive(alt)
	}
}

// BenchmarkInsert stores, from every RunParallel goroutine, a fresh value
// under a fresh key into a map that starts empty at each round: the write
// path with growth, and the value's allocation, which is part of the
// workload. Nothing keeps the values alive, so a weak map's entries die at
// the next collection and, depending on the target, are swept, removed by
// cleanups, or stay; a strong map keeps them all. The keys are made before
// the timer starts (see keySpace).
func BenchmarkInsert(b *testing.B) { runRows(b, insertRows()) }

func insertRows() []row {
	specs := targets(baseTargets, []string{"weakstripe-cleanup"})
	r := newRow("Insert", "", specs, func(tg targetSpec) func(*testing.B) {
		return func(b *testing.B) {
			ks := newKeySpace(0, b.N, runtime.GOMAXPROCS(0))
			m := tg.new()
			settle()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i, end := 0, 0
				for pb.Next() {
					if i == end {
						i = ks.claim()
						end = i + keyChunk
					}
					m.Store(ks.key(i), &payload{})
					i++
				}
			})
		}
	})
	r.separate = true // a fresh map and keys each call, untimed
	return []row{r}
}
