package weakmap

import (
	"sync/atomic"
	"unsafe"

	"github.com/weakstripe/weakstripe/internal/cacheline"
)

// lookupCounts counts the outcomes of the LoadOrStore and LoadOrCompute
// calls of a map, for Stats.Hits and Stats.Misses. Each shard has its own
// pair of counters, on its own cache line, so that calls for keys of
// different shards never write the same line; a single counter would
// take its line from every other core on every call.
//
// Load is not counted: a Load that finds its value writes no shared
// memory, so that reads scale with the cores, and a counter would add a
// write to every one of them.
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

func (c *lookupCounts) init(shards int) { c.shards = make([]paddedLookupCount, shards) }

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
	if loaded {
		c.lookups.hit(c.t.ShardOf(h))
	} else {
		c.lookups.miss(c.t.ShardOf(h))
	}
}
