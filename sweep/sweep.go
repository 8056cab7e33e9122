// Package sweep decides when a sharded table is swept and how much of it
// each sweep step examines. It knows nothing of what makes an entry dead.
//
// Each shard has an operation counter. Operations that may leave garbage
// behind (writes, and reads that find a dead entry) tick it; every
// Threshold-th tick on a shard asks for one sweep step on that shard, which
// examines at most Budget slots from where the previous step stopped.
//
// Bound: with Threshold T > 0 and Budget B > 0 on a shard of C slots, an
// entry that is already dead is removed within T*ceil(C/B) ticks of its
// shard (T ticks with B = 0, the whole shard), or sooner if the shard is
// rebuilt. The cursor never skips a slot, so ceil(C/B) steps cover the
// shard from wherever the cursor stands.
package sweep

import (
	"sync/atomic"
	"unsafe"

	"github.com/weakstripe/weakstripe/internal/cacheline"
)

// Policy is a threshold and a budget.
type Policy struct {
	// Threshold is the number of ticks on a shard between two sweep steps
	// on it; 0 turns counter-driven sweeping off.
	Threshold int
	// Budget is the number of slots one step examines; 0 means the whole
	// shard.
	Budget int
}

// Seed is the policy of the design this package grew from (the Rust
// weak-map crate): every 1000 operations, retain over everything. Per
// shard, that is a stop-the-world pause proportional to the shard's size.
var Seed = Policy{Threshold: 1000, Budget: 0}

// Incremental is the default policy: a short step of 64 slots every 256
// ticks, a quarter of a slot per counted operation. Examining a slot of a
// large table costs one to a few cache misses, so this adds some 10-15 % to
// a write, while growth (which also drops dead entries) keeps garbage bounded
// under churn. See the weakmap package documentation for the measurements.
var Incremental = Policy{Threshold: 256, Budget: 64}

// Counters are per-shard operation counters, each on its own cache line so
// that writers of different shards never contend.
type Counters struct {
	threshold int64
	c         []paddedCounter
}

type paddedCounter struct {
	n atomic.Int64
	_ [cacheline.Size - unsafe.Sizeof(atomic.Int64{})%cacheline.Size]byte
}

// NewCounters returns counters for n shards that ask for a step every
// threshold ticks; a threshold of 0 never asks.
func NewCounters(n, threshold int) *Counters {
	return &Counters{threshold: int64(threshold), c: make([]paddedCounter, n)}
}

// Tick counts one operation on shard i and reports whether this is the
// operation that must run a sweep step on it. One of every threshold ticks
// on a shard reports true, however many goroutines tick at once: a tick
// that finds the count at or above the threshold claims a step by taking
// the threshold off with a compare-and-swap, so racing ticks are never lost
// and the count can never stay stuck above the threshold.
func (c *Counters) Tick(i int) bool { return Tick(&c.c[i].n, c.threshold) }

// Tick is Counters.Tick on a counter kept elsewhere.
func Tick(n *atomic.Int64, threshold int64) bool {
	if threshold <= 0 {
		return false
	}
	if n.Add(1) < threshold {
		return false
	}
	for {
		cur := n.Load()
		if cur < threshold {
			return false // another tick claimed this step
		}
		if n.CompareAndSwap(cur, cur-threshold) {
			return true
		}
	}
}

// Pending returns the ticks counted on shard i since its last step.
func (c *Counters) Pending(i int) int { return int(c.c[i].n.Load()) }
