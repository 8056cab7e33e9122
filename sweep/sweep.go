// Package sweep decides when a sharded table is swept. It knows nothing of
// what makes an entry dead.
//
// It is a low-level building block of package weakmap, not a supported
// API: it may change in any way before v1, with the change noted in
// CHANGELOG.md. Use weakmap.
//
// Each shard has an operation counter, kept by the caller. Operations that
// may leave garbage behind (writes, and reads that find a dead entry) tick
// it; every threshold-th tick on a shard asks for one sweep step on that
// shard, which examines at most a budget of slots from where the previous
// step stopped.
//
// Bound: with threshold T > 0 and budget B > 0 on a shard of C slots, an
// entry that is already dead is removed within T*ceil(C/B) ticks of its
// shard (T ticks with B = 0, the whole shard), or sooner if the shard is
// rebuilt, provided each step resumes where the previous one stopped and
// never skips a slot, so that ceil(C/B) steps cover the shard from wherever
// they start.
package sweep

import "sync/atomic"

// The default policy: a short step of DefaultBudget slots every
// DefaultThreshold ticks, a quarter of a slot per counted operation. A
// step that examines a few slots often, rather than the whole shard
// rarely, costs each write a little and never stops one write for a pass
// over a large shard; a shard that grows also drops its dead entries, which
// keeps garbage bounded under churn between steps. results/README.md
// ("Sweep policy") has the measurements behind these values.
const (
	// DefaultThreshold is the number of ticks on a shard between two
	// sweep steps on it.
	DefaultThreshold = 256
	// DefaultBudget is the number of slots one step examines.
	DefaultBudget = 64
)

// Tick counts one operation on the counter n of a shard and reports
// whether this is the operation that must run a sweep step on it; a
// threshold of 0 or below never asks, and counts nothing.
//
// One of every threshold ticks on a counter reports true, however many
// goroutines tick at once: a tick that finds the count at or above the
// threshold claims a step by taking the threshold off with a
// compare-and-swap, so racing ticks are never lost and the count can never
// stay stuck at or above the threshold.
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
