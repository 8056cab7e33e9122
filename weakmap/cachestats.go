package weakmap

import (
	"sync/atomic"
	"unsafe"

	"github.com/weakstripe/weakstripe/internal/cacheline"
)

// WithCacheStats makes the map count, in Stats.Hits and Stats.Misses, the
// LoadOrStore and LoadOrCompute calls that found a live value and those
// that stored one (for a Set, the Add calls), as cache users measure a hit
// rate. Each shard counts its own calls, on a cache line of its own, so
// that calls for keys of different shards never write the same line. But
// a hit, which otherwise writes nothing, then writes its shard's counter,
// and calls on the keys of one shard from several cores take that line
// from each other: hence an option. Without it, counting costs a
// LoadOrStore or LoadOrCompute one predictable branch.
//
// Load is not counted, with or without the option: Load's hit path writes
// no shared memory, and it stays so. Count around Load where you need it.
func WithCacheStats() Option {
	return func(c *config) { c.stats = true }
}

// lookupCounts counts the outcomes of the LoadOrStore and LoadOrCompute
// calls of a map made WithCacheStats: a pair of counters per shard, each
// on its own cache line. Without the option shards is nil.
type lookupCounts struct {
	shards []paddedLookupCount
}

type lookupCount struct {
	hits, misses atomic.Uint64
}

type paddedLookupCount struct {
	lookupCount
	_ [cacheline.Size - unsafe.Sizeof(lookupCount{})%cacheline.Size]byte
}

func (c *lookupCounts) init(cfg config, shards int) {
	if cfg.stats {
		c.shards = make([]paddedLookupCount, shards)
	}
}

// hit counts a call on shard i that found a live value.
func (c *lookupCounts) hit(i int) { c.shards[i].hits.Add(1) }

// miss counts a call on shard i that stored a value.
func (c *lookupCounts) miss(i int) { c.shards[i].misses.Add(1) }

// addTo adds the counts to st.
func (c *lookupCounts) addTo(st *Stats) {
	for i := range c.shards {
		st.Hits += c.shards[i].hits.Load()
		st.Misses += c.shards[i].misses.Load()
	}
}

// counted counts one LoadOrStore or LoadOrCompute on the shard of hash h:
// a hit if it loaded a live value, a miss if it stored one.
func (c *core[K, E]) counted(h uint64, loaded bool) {
	if c.lookups.shards == nil {
		return
	}
	if loaded {
		c.lookups.hit(c.t.ShardOf(h))
	} else {
		c.lookups.miss(c.t.ShardOf(h))
	}
}
