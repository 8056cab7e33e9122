package bench_test

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// Heap measurement for Churn's retained-B/live: the bytes of live heap
// once the collector and the cleanups it queued have nothing left to do.

const (
	heapLiveMetric         = "/gc/heap/live:bytes"
	cleanupsQueuedMetric   = "/gc/cleanups/queued:cleanups"   // Go 1.25 and later
	cleanupsExecutedMetric = "/gc/cleanups/executed:cleanups" // Go 1.25 and later
)

// heapSettleTimeout bounds how long settledHeapLive waits for cleanups.
const heapSettleTimeout = 30 * time.Second

// readMetrics returns the current values of the named uint64 metrics, and
// false if the runtime does not know one of them.
func readMetrics(names ...string) ([]uint64, bool) {
	s := make([]metrics.Sample, len(names))
	for i, n := range names {
		s[i].Name = n
	}
	metrics.Read(s)
	vals := make([]uint64, len(s))
	for i := range s {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return nil, false
		}
		vals[i] = s[i].Value.Uint64()
	}
	return vals, true
}

// heapLive returns the bytes of heap objects that the last collection
// marked live.
func heapLive() uint64 {
	v, ok := readMetrics(heapLiveMetric)
	if !ok {
		panic("bench: the runtime has no " + heapLiveMetric)
	}
	return v[0]
}

// settledHeapLive collects garbage, waits for the cleanups that the
// collection queued (they may free more, as the Go-blog cache's and
// WithGCCleanup's do by removing entries), and repeats until a collection
// queues no cleanup; then it returns heapLive. Where the runtime does not
// count cleanups (Go 1.24), it collects three times, each time waiting for
// a cleanup of its own, queued last, to run.
func settledHeapLive(tb testing.TB) uint64 {
	deadline := time.Now().Add(heapSettleTimeout)
	names := []string{cleanupsQueuedMetric, cleanupsExecutedMetric}
	if _, ok := readMetrics(names...); !ok {
		for range 3 {
			runtime.GC()
			waitOwnCleanup(tb, deadline)
		}
		runtime.GC()
		return heapLive()
	}
	for {
		before, _ := readMetrics(names...)
		runtime.GC()
		for {
			c, _ := readMetrics(names...)
			if c[1] >= c[0] {
				if c[0] == before[0] {
					return heapLive()
				}
				break
			}
			if time.Now().After(deadline) {
				tb.Errorf("%d cleanups still queued after %v", c[0]-c[1], heapSettleTimeout)
				return heapLive()
			}
			time.Sleep(time.Millisecond)
		}
	}
}

// waitOwnCleanup queues a cleanup behind those already queued and waits
// for it to run.
func waitOwnCleanup(tb testing.TB, deadline time.Time) {
	done := make(chan struct{})
	addDoneCleanup(done)
	runtime.GC()
	select {
	case <-done:
	case <-time.After(time.Until(deadline)):
		tb.Errorf("a cleanup did not run within %v", heapSettleTimeout)
	}
}

//go:noinline
func addDoneCleanup(done chan struct{}) {
	p := &payload{name: "sentinel"}
	runtime.AddCleanup(p, func(c chan struct{}) { close(c) }, done)
}
