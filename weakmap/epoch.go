package weakmap

import (
	"sync/atomic"
	"weak"
)

// collections counts the garbage collections this package has noticed,
// for shard.Config.Epoch: a growing shard asks its keep predicate about
// the entries it copies only if a collection has completed since its last
// growth that asked, since values die only in collections. Asking reads
// every entry's weak handle, memory the copy itself does not touch.
//
// It notices a collection by a sentinel that nothing references: the
// first collection whose marking starts after the sentinel was made frees
// it (one made while the collector marks is allocated marked, and lives
// through that collection). The count moves when a caller finds the
// sentinel's weak handle cleared; that caller makes the next sentinel.
// So the count moves at most once a collection and may miss some; it
// lags the collections by as much as the time to the next growth; and a
// value freed in the same collection as the sentinel may have its handle
// cleared after the count moved (the sweeper clears handles span by
// span): its entry is then dropped at a later growth or by a sweep step.
// The count never moves without a collection, but by the test seam
// (MarkCollected).
var collections collectionCount

type collectionCount struct {
	mark atomic.Pointer[collectionMark]
}

// A collectionMark is the count at the time its sentinel was made (a
// gcSentinel, see retain.go: never in a tiny block).
type collectionMark struct {
	sentinel weak.Pointer[gcSentinel]
	n        uint64
}

// epoch returns the count of collections noticed so far.
func (c *collectionCount) epoch() uint64 {
	m := c.mark.Load()
	// notCleared, not Value: Value shades the sentinel while the
	// collector marks, which keeps it for another cycle. (With Value, a
	// goroutine asking without pause slowed the count some tenfold
	// under back-to-back runtime.GC calls.)
	if m != nil && notCleared(&m.sentinel) {
		return m.n
	}
	return c.advance(m)
}

// advance replaces the mark m, whose sentinel is gone (or nil: none yet),
// with a new one counting one more collection, unless another caller
// already did, and returns the count.
func (c *collectionCount) advance(m *collectionMark) uint64 {
	if cur := c.mark.Load(); cur != m {
		// Another caller replaced m first: spare the allocations, which
		// growing shards would otherwise all make under their locks.
		return cur.n
	}
	next := &collectionMark{sentinel: weak.Make(&gcSentinel{})}
	if m != nil {
		next.n = m.n + 1
	}
	if c.mark.CompareAndSwap(m, next) {
		return next.n
	}
	return c.mark.Load().n
}
