package bench_test

import (
	"runtime"
	"testing"
)

// BenchmarkBytesPerEntry reports what a map costs in live heap per live
// entry (B/entry), once filled with n keys whose values the benchmark
// keeps alive: the heap live after the fill less the heap live before it,
// with keys and values made before, so that only what the map allocates
// counts (entries, weak handles, slot arrays, shards). The runtime's
// records of weak handles (specials) live outside the heap and are not
// counted; every weak target makes one per value. Run with -benchtime 1x:
// the figure does not depend on b.N.
func BenchmarkBytesPerEntry(b *testing.B) {
	for _, n := range []int{1 * ki, 64 * ki, 1 * mi} {
		for _, tg := range targets([]string{"weakstripe", "strongmap", "xsync-weak", "xsync-strong"}) {
			b.Run("keys="+sizeName(n)+"/target="+tg.name, func(b *testing.B) {
				keys := keyList(n)
				var perEntry float64
				for range b.N {
					vals := newPayloads(n, "v")
					before := settledHeapLive(b)
					m := fill(tg, keys, vals)
					after := settledHeapLive(b)
					if got := m.RawLen(); got != n {
						b.Fatalf("the map holds %d entries, want %d", got, n)
					}
					runtime.KeepAlive(m)
					runtime.KeepAlive(vals)
					perEntry = (float64(after) - float64(before)) / float64(n)
				}
				b.ReportMetric(perEntry, "B/entry")
				b.ReportMetric(0, "ns/op")
			})
		}
	}
}
