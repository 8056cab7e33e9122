package weakmap

import (
	"reflect"
	"sync/atomic"
	"unsafe"

	"github.com/weakstripe/weakstripe/internal/cacheline"
	"github.com/weakstripe/weakstripe/shard"
)

// core is the engine shared by the weak maps: a table whose entries may
// die, the per-shard operation counters that pace its sweeps, and the sweep
// budget. E is what a slot stores (a weak pointer, or a weak key and its
// value); alive says whether such an entry's weak side still exists.
type core[K comparable, E any] struct {
	t         shard.Table[K, E] // by value: one pointer less on every Load
	threshold int64             // sweep threshold: ticks per step on a shard, 0 for none
	budget    int
	made      bool // set by the constructor; checked by table

	// retain is a Map's WithRetain (retain.go), nil for other maps and
	// without the option: here, beside made, on the line Load reads.
	retain *retainer

	// inPlace, for a Map whose Stores change entries without the lock,
	// is how the write kernel changes them (writeInPlace); nil for other
	// maps. scratch is a copy of an entry per shard, for writeInPlace.
	inPlace inPlaceSlots[E]
	scratch []scratchEntry[K, E]

	cleanup bool                       // WithGCCleanup
	ledger  cleanupLedger[E]           // with WithGCCleanup, the map's ledger seen through E; else nil
	evicted func([]*shard.Entry[K, E]) // the eviction hook, for cleanups

	// The GC cleanup record, written by every cleanup run. A full line on
	// each side keeps it off the lines of what Load reads (the fields
	// above) and of what writers read (the map's fields after core),
	// however the map is aligned: else every cleanup run would take those
	// lines from the cores that read them.
	_        [cacheline.Size]byte
	cleaned  atomic.Uint64 // entries removed by GC cleanups
	cleanups atomic.Uint64 // GC cleanups run
	_        [cacheline.Size]byte

	lookups lookupCounts // LoadOrStore and LoadOrCompute outcomes (cachestats.go)
}

// init makes c's table. hash is WithHasher's hasher, checked by the
// constructor (hasherOf), or nil for the table's own hash.
// aliveLocked, if not nil, is the table's KeepLocked.
func (c *core[K, E]) init(cfg config, hash func(K, uint64) uint64, alive, aliveLocked func(*shard.Entry[K, E]) bool, evicted func([]*shard.Entry[K, E])) {
	c.t.Init(shard.Config[K, E]{
		Shards:     cfg.shards,
		Hash:       hash,
		Keep:       alive,
		KeepLocked: aliveLocked,
		Evicted:    evicted,
		// With counter sweeps off, only the Delete family, Clear and
		// Sweep may remove entries, so a growing shard keeps its dead.
		DropOnGrow: cfg.threshold > 0,
		Epoch:      collections.epoch,
	})
	c.threshold = int64(cfg.threshold)
	c.budget = cfg.budget
	c.cleanup = cfg.gcCleanup
	c.evicted = evicted
	c.made = true
	c.lookups.init(cfg, c.t.Shards()) // cachestats.go
}

// removeIfHolds is the work of a GC cleanup: it deletes the entry of hash
// h for which same reports true, if any, the one the cleanup was
// registered for, and reports it to the eviction hook. It finds the entry
// by hash, not by key: the cleanup's argument must not hold the key (see
// mapCleanup). locked runs first under the shard lock: it unlinks the
// cleanup's registration.
func (c *core[K, E]) removeIfHolds(h uint64, locked func(), same func(*shard.Entry[K, E]) bool) {
	c.cleanups.Add(1)
	s := c.t.Lock(h)
	locked()
	pos, e := s.FindFunc(h, same)
	if e == nil {
		s.Unlock()
		return
	}
	s.Delete(pos)
	s.Unlock()
	c.cleaned.Add(1)
	if c.evicted != nil {
		c.evicted([]*shard.Entry[K, E]{e})
	}
}

// table returns the table, or panics if the map was not made by its
// constructor. It tests a plain field: a call to a method of the generic
// table would not be inlined in shaped code, and this runs on every Load.
func (c *core[K, E]) table() *shard.Table[K, E] {
	if !c.made {
		panicUninit()
	}
	return &c.t
}

// The panics are kept out of line: inlined, their formatting code bloats
// the hot methods that check for them.
//
//go:noinline
func panicUninit() {
	panicf("map used without its constructor; make it with weakmap.New, NewStrong, NewKeyMap or NewSet, not as a zero value")
}

// tick counts one write on the shard of hash h and runs a sweep step there
// when the counter says so.
func (c *core[K, E]) tick(h uint64) {
	if i := c.t.ShardOf(h); c.t.Tick(i, c.threshold) {
		c.t.Retain(i, c.budget)
	}
}

// tickRead counts a read that found a collected entry, like tick, but
// never waits for a lock: reads take none, so that a read never waits
// behind a writer (which might itself be waiting for that read, in a
// Compute's function). If the step it claims cannot lock the shard at
// once, it hands the step back to the counter, for the next operation. The
// entries such a step removes are not reported on the reader's goroutine
// (the eviction callback may wait for a lock) but by the shard's next
// Unlock: a write's (not a lock-free Store's), Clear's or Sweep's.
func (c *core[K, E]) tickRead(h uint64) {
	c.t.TryTick(c.t.ShardOf(h), c.threshold, c.budget)
}

// clearAll removes every entry of t, shard by shard, and with a ledger
// (WithGCCleanup) stops the cleanups of exactly the entries it removed:
// each shard's list is detached under the lock that also empties the
// shard, so an entry stored concurrently is either removed with its
// registration or stays with it. The cleanups are stopped outside the
// lock. seal, if not nil, is called under the lock on every entry
// removed (see ref).
func clearAll[K comparable, E, T any](t *shard.Table[K, E], l *ledger[T], seal func(*shard.Entry[K, E])) {
	if l == nil && seal == nil {
		t.Clear()
		return
	}
	for i := range t.Shards() {
		s := t.LockShard(i)
		if seal != nil {
			s.Each(seal)
		}
		s.Clear()
		var rs []*reg[T]
		if l != nil {
			rs = l.detach(i)
		}
		s.Unlock()
		for _, r := range rs {
			r.stop()
		}
	}
}

func (c *core[K, E]) sweep() (removed int) {
	t := c.table()
	for i := range t.Shards() {
		removed += t.Retain(i, 0).Removed
	}
	return removed
}

func (c *core[K, E]) stats() Stats {
	t := c.table()
	st := Stats{Shards: t.Shards(), RawLen: t.Len(), CleanupRemoved: c.cleaned.Load(), CleanupRuns: c.cleanups.Load()}
	for i := range t.Shards() {
		s := t.Stats(i)
		st.SweepSteps += s.Steps
		st.SlotsExamined += s.Examined
		st.Removed += s.Removed
	}
	c.lookups.addTo(&st) // cachestats.go
	return st
}

// Stats describes a map's size and sweep work since it was made, and the
// work of WithCacheStats and WithRetain.
type Stats struct {
	Shards        int    // number of shards
	RawLen        int    // stored entries, dead or alive (RawLen)
	SweepSteps    uint64 // sweep steps run, by counters and by Sweep
	SlotsExamined uint64 // slots those steps examined
	Removed       uint64 // dead entries removed by sweep steps and by shards that grew
	// CleanupRemoved counts dead entries removed by GC cleanups
	// (WithGCCleanup).
	CleanupRemoved uint64
	// CleanupRuns counts GC cleanups run, including those that found
	// their entry already replaced, deleted or swept.
	CleanupRuns uint64
	// Hits counts LoadOrStore, LoadOrCompute and LoadOrTryCompute calls
	// that found a live value (for a Set, Add calls that found the
	// member), and Misses those that stored one, in a map made
	// WithCacheStats; else both are 0. Load is not counted, nor a
	// LoadOrTryCompute that returned an error.
	Hits, Misses uint64
	// Retained is the number of values a Map made WithRetain keeps alive
	// now, and RetainTarget the number it aims for: the n of WithRetain,
	// or less under memory pressure. Both are 0 without the option.
	Retained, RetainTarget int
}

func checkNonZeroSize[V any](ctor, what string) {
	var zero V
	if unsafe.Sizeof(zero) == 0 {
		panicf("%s with zero-size %s %T: weak pointers to zero-size objects never expire (they all share one address); use a type with at least one byte", ctor, what, zero)
	}
}

// evictCallback returns the eviction callback of cfg as a func(T), or nil
// if there is none. It panics if the callback takes another type, naming
// both: what the map reports (T, for a map described as mapType) and what
// the callback takes.
func evictCallback[T any](cfg config, mapType string) func(T) {
	if cfg.evict == nil {
		return nil
	}
	f, ok := cfg.evict.(func(T))
	if !ok {
		panicf("WithEvictCallback: a %s reports each collected entry as a %s, but the callback is a %T; pass a func(%s)",
			mapType, typeName[T](), cfg.evict, typeName[T]())
	}
	return f
}

// evictHook turns the eviction callback of cfg, if any, into the table's
// Evicted hook, reporting report(e) for each evicted entry e.
func evictHook[K comparable, E, T any](cfg config, mapType string, report func(*shard.Entry[K, E]) T) func([]*shard.Entry[K, E]) {
	f := evictCallback[T](cfg, mapType)
	if f == nil {
		return nil
	}
	return func(es []*shard.Entry[K, E]) {
		for _, e := range es {
			f(report(e))
		}
	}
}

func refuseEvictCallback(cfg config, ctor, why string) {
	if cfg.evict != nil {
		panicf("%s does not take WithEvictCallback: %s", ctor, why)
	}
}

func typeName[T any]() string { return reflect.TypeFor[T]().String() }
