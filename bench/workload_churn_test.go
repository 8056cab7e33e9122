package bench_test

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkChurn keeps a steady live set of L values (BENCH_CHURN_LIVE,
// 64Ki by default) while, from every RunParallel goroutine, each operation
// stores a fresh value under a fresh key and drops its strong reference to
// the oldest one: each goroutine holds its share of the live set in a ring.
// The dropped values die whenever the collector runs, as it would in a
// program; a weak map must then get rid of their entries. Strong targets
// cannot tell, so for them the operation also deletes the dropped key, as
// their user must.
//
// Run it with -benchtime Nx, N a multiple of L (scripts/bench.sh does): the
// garbage left in a map that never removes it grows with the number of
// operations, so a fixed number keeps runs comparable. Besides ns/op it
// reports (b.ReportMetric):
//
//   - raw/live: RawLen when the timed loop stops, over Len after a
//     collection (which is then L): the dead entries carried, plus one.
//   - retained-B/live: live heap bytes, once collections and the cleanups
//     they queue have nothing left to do (settledHeapLive), minus the same
//     measure taken just before the map was made, over L. The baseline
//     includes the keys, the latency buffer and the rings (their backing
//     arrays, empty), which stay alive to the end; so the figure counts the
//     map's own heap (tables, entries, weak handles, cleanup closures, dead
//     entries not yet removed) and the L live values, 48 bytes each. It
//     does not count the runtime's records for weak pointers and cleanups,
//     which live outside the heap. Keys are 8-byte windows of one string
//     in the baseline, so the entries' keys cost only their headers.
//   - p50-ns, p99-ns, p99.9-ns: percentiles of the duration of single
//     operations (see latencies for what a sample includes; ns/op includes
//     the same clock read).
func BenchmarkChurn(b *testing.B) { runRows(b, churnRows(b.Fatalf)) }

// churnRows returns the rows of Churn; fatalf reports bad settings.
func churnRows(fatalf func(string, ...any)) []row {
	var rows []row
	for _, live := range churnLiveSizes(fatalf) {
		specs := targets(baseTargets, []string{"weakstripe-cleanup"}, thresholdVariants, budgetVariants)
		r := newRow("Churn", "live="+sizeName(live), specs, func(tg targetSpec) func(*testing.B) {
			return func(b *testing.B) { churn(b, tg, live) }
		})
		r.benchtime = churnBenchtime(fatalf, live)
		rows = append(rows, r)
	}
	return rows
}

// churnSlot is one value of the live set and its key.
type churnSlot struct {
	key   string
	value *payload
}

func churn(b *testing.B, tg targetSpec, live int) {
	procs := runtime.GOMAXPROCS(0)
	ks := newKeySpace(live, b.N, procs)
	first := ks.reserved // keys from here on are claimed, one per operation
	lat := newLatencies(ks.len() - first)
	rings := make([][]churnSlot, procs)
	for g := range rings {
		n := live / procs
		if g < live%procs {
			n++
		}
		rings[g] = make([]churnSlot, n)
	}
	settle()
	base := settledHeapLive(b)

	m := tg.new()
	k := 0
	for _, ring := range rings {
		for j := range ring {
			v := &payload{}
			ring[j] = churnSlot{key: ks.key(k), value: v}
			m.Store(ring[j].key, v)
			k++
		}
	}
	settle()
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		g := int(next.Add(1) - 1)
		if g >= len(rings) {
			b.Errorf("RunParallel started more than %d goroutines", len(rings))
			return
		}
		ring := rings[g]
		pos, i, end := 0, 0, 0
		prev := time.Now()
		for pb.Next() {
			if i == end {
				i = ks.claim()
				end = i + keyChunk
			}
			key := ks.key(i)
			v := &payload{}
			m.Store(key, v)
			if tg.strong {
				m.Delete(ring[pos].key)
			}
			ring[pos] = churnSlot{key: key, value: v}
			if pos++; pos == len(ring) {
				pos = 0
			}
			now := time.Now()
			lat.record(i-first, now.Sub(prev))
			prev = now
			i++
		}
	})
	b.StopTimer()

	raw := m.RawLen()
	n := liveAfterGC(m, live)
	if n != live {
		b.Errorf("Len is %d after collections, want the live set, %d", n, live)
	}
	retained := int64(settledHeapLive(b)) - int64(base)
	b.ReportMetric(float64(raw)/float64(n), "raw/live")
	b.ReportMetric(float64(retained)/float64(live), "retained-B/live")
	lat.report(b)
	// The map, the live set and everything in the baseline must stay
	// alive until the heap is measured.
	runtime.KeepAlive(m)
	runtime.KeepAlive(rings)
	runtime.KeepAlive(ks)
	runtime.KeepAlive(lat)
}

// liveAfterGC collects garbage until m's Len is want, for at most a few
// seconds, and returns the last Len.
func liveAfterGC(m target, want int) int {
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		n := m.Len()
		if n == want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(time.Millisecond)
	}
}
