package sweep

import "sync/atomic"

// counters are per-shard operation counters for the tests: Tick on each
// shard's own counter, as weakmap does with the counters its table keeps.
type counters struct {
	threshold int64
	c         []atomic.Int64
}

func newCounters(n, threshold int) *counters {
	return &counters{threshold: int64(threshold), c: make([]atomic.Int64, n)}
}

// Tick ticks shard i's counter.
func (c *counters) Tick(i int) bool { return Tick(&c.c[i], c.threshold) }

// Pending returns the ticks counted on shard i since its last step.
func (c *counters) Pending(i int) int { return int(c.c[i].Load()) }
