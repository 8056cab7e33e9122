package weakmap

import (
	"iter"
	"runtime"
	"weak"

	"github.com/weakstripe/weakstripe/shard"
)

// Map is a concurrent map from K to *V that holds its values weakly: an
// entry lives while something outside the map keeps its value reachable,
// and is treated as absent once the garbage collector has freed the value.
// Dead entries are removed by sweep steps (see the package documentation).
//
// A Map must be made with New. Its methods may be called from any
// goroutine. Loads never wait for a lock.
type Map[K comparable, V any] struct {
	retain *retainer // WithRetain (retain.go); first, on the line Load reads first
	core[K, ref[V]]
	self weak.Pointer[Map[K, V]] // what GC cleanups hold: never keeps the map alive
	regs *ledger[V]              // with WithGCCleanup: the entries' cleanups
}

// ref is what a Map slot stores: the value's weak pointer and, with
// WithGCCleanup, the handle of the cleanup registered on the value.
type ref[V any] struct {
	wp weak.Pointer[V]
	cl *reg[V]
}

type entry[K comparable, V any] = shard.Entry[K, ref[V]]

// newRef makes the ref that stores v under key. With WithGCCleanup it
// registers a cleanup on v, which the caller must link in the ledger if
// it stores the ref, and stop if it does not.
func (m *Map[K, V]) newRef(key K, v *V) ref[V] {
	r := ref[V]{wp: weak.Make(v)}
	if m.cleanup {
		g := &reg[V]{wp: r.wp}
		g.cl = runtime.AddCleanup(v, cleanMapEntry[K, V], mapCleanup[K, V]{m: m.self, key: key, r: g})
		r.cl = g
	}
	return r
}

// replaced records, under the lock of the shard of hash h, that ne (nil
// for a deletion) took the place of old (nil for an insertion), and
// returns the registration to stop once the lock is released.
func (m *Map[K, V]) replaced(h uint64, ne, old *entry[K, V]) *reg[V] {
	if m.regs == nil {
		return nil
	}
	var add, drop *reg[V]
	if ne != nil {
		add = ne.Value.cl
	}
	if old != nil {
		drop = old.Value.cl
	}
	return m.regs.replace(m.t.ShardOf(h), add, drop)
}

// mapCleanup is the argument of a Map's GC cleanup. It must not refer to
// the value (or the value would never die) nor strongly to the map.
type mapCleanup[K comparable, V any] struct {
	m   weak.Pointer[Map[K, V]]
	key K
	r   *reg[V]
}

func cleanMapEntry[K comparable, V any](a mapCleanup[K, V]) {
	if m := a.m.Value(); m != nil {
		m.clean(a.key, a.r.wp, a.r)
	}
}

// clean removes key's entry if it still holds wp, whose referent died, and
// unlinks r, the registration of the cleanup that ran, if any.
func (m *Map[K, V]) clean(key K, wp weak.Pointer[V], r *reg[V]) {
	m.removeIfHolds(key, func(e *entry[K, V]) bool {
		r.unlink()
		return e != nil && e.Value.wp == wp
	})
}

// New returns an empty Map. It panics if V has size zero: weak pointers to
// zero-size values never expire.
func New[K comparable, V any](opts ...Option) *Map[K, V] {
	checkNonZeroSize[V]("New", "value type")
	cfg := newConfig(opts)
	evicted := evictHook(cfg, "Map["+typeName[K]()+", "+typeName[V]()+"]", func(e *entry[K, V]) K { return e.Key })
	m := new(Map[K, V])
	m.init(cfg, func(e *entry[K, V]) bool { return notCleared(&e.Value.wp) && !dropLive() }, evicted)
	m.self = weak.Make(m)
	m.retain = newRetainer(cfg.retain, m.t.Shards()) // retain.go
	if cfg.gcCleanup {
		m.regs = newLedger[V](m.t.Shards())
		runtime.AddCleanup(m, stopAll[V], m.regs)
	}
	return m
}

// Load returns the value stored under key, or (nil, false) if there is none
// or it has been collected. It never waits for a lock: when it finds a
// collected entry and it is its turn to run a sweep step, it runs the step
// only if the shard's lock is free at once.
func (m *Map[K, V]) Load(key K) (value *V, ok bool) {
	injectLoad() // nothing, unless built for the gate's calibration
	e, h := m.table().Get(key)
	if e == nil {
		return nil, false
	}
	if v := e.Value.wp.Value(); v != nil {
		m.retainHit(h, v) // retain.go
		return v, true
	}
	m.tickRead(h)
	return nil, false
}

// Store sets the value for key. The map does not keep value alive.
// It panics if value is nil; use Delete to remove a key.
func (m *Map[K, V]) Store(key K, value *V) {
	injectStore() // nothing, unless built for the gate's calibration
	m.put("Store", key, value, false)
}

// LoadOrStore returns the live value stored under key, if any, and true.
// Otherwise it stores value (replacing a collected one) and returns it and
// false. It panics if value is nil.
func (m *Map[K, V]) LoadOrStore(key K, value *V) (actual *V, loaded bool) {
	if value == nil {
		panicNilValue("LoadOrStore")
	}
	t := m.table()
	v, h := m.live(key)
	if v != nil {
		m.retainHit(h, v)  // retain.go
		m.counted(h, true) // cachestats.go
		return v, true
	}
	ne := &entry[K, V]{Key: key, Value: m.newRef(key, value)}
	s := t.Lock(h)
	slot, e := s.Find(h, key)
	if e != nil {
		if v := e.Value.wp.Value(); v != nil {
			s.Unlock()
			ne.Value.cl.stop() // never stored
			m.retainHit(h, v)  // retain.go
			m.counted(h, true) // cachestats.go
			return v, true
		}
	}
	s.Set(h, slot, ne)
	drop := m.replaced(h, ne, e)
	s.Unlock()
	drop.stop()
	m.tick(h)
	m.retainStored(h, value) // retain.go
	m.counted(h, false)      // cachestats.go
	return value, false
}

// LoadOrCompute returns the live value stored under key, if any, and true.
// Otherwise it calls create, stores its result and returns it and false.
//
// create is called at most once per call, and only when its result will be
// stored: it runs while the key's shard is locked, so that no other
// goroutine can store the key in between. create must therefore be quick
// and must not call this map (that may deadlock). If create panics, the
// map is left unchanged. It must not return nil.
func (m *Map[K, V]) LoadOrCompute(key K, create func() *V) (actual *V, loaded bool) {
	if create == nil {
		panicf("LoadOrCompute called with a nil create function; pass a function that returns the value to store")
	}
	t := m.table()
	v, h := m.live(key)
	if v != nil {
		m.retainHit(h, v)  // retain.go
		m.counted(h, true) // cachestats.go
		return v, true
	}
	s := t.Lock(h)
	v, drop, stored := m.computeLocked(s, h, key, create)
	if stored {
		drop.stop()
		m.tick(h)
		m.retainStored(h, v) // retain.go
	} else {
		m.retainHit(h, v) // retain.go
	}
	m.counted(h, !stored) // cachestats.go
	return v, !stored
}

// computeLocked is LoadOrCompute's locked part. It always unlocks s, also
// when create panics (before anything is registered: the cleanup is added
// only for a value about to be stored). It returns the registration of
// the collected entry it replaced, if any, to stop.
func (m *Map[K, V]) computeLocked(s *shard.Shard[K, ref[V]], h uint64, key K, create func() *V) (v *V, drop *reg[V], stored bool) {
	defer s.Unlock()
	slot, e := s.Find(h, key)
	if e != nil {
		if v := e.Value.wp.Value(); v != nil {
			return v, nil, false
		}
	}
	v = create()
	if v == nil {
		panicf("LoadOrCompute: create returned nil; it must return the non-nil value to store")
	}
	ne := &entry[K, V]{Key: key, Value: m.newRef(key, v)}
	s.Set(h, slot, ne)
	return v, m.replaced(h, ne, e), true
}

// Swap stores value under key and returns the previous live value, if any.
// It panics if value is nil.
func (m *Map[K, V]) Swap(key K, value *V) (previous *V, loaded bool) {
	previous = m.put("Swap", key, value, true)
	return previous, previous != nil
}

// put stores value under key for Store and Swap, and returns the previous
// live value if wantPrevious (resolving it costs a Value call).
func (m *Map[K, V]) put(method string, key K, value *V, wantPrevious bool) (previous *V) {
	if value == nil {
		panicNilValue(method)
	}
	t := m.table()
	h := t.Hash(key)
	ne := &entry[K, V]{Key: key, Value: m.newRef(key, value)}
	s := t.Lock(h)
	slot, old := s.Find(h, key)
	if old != nil && wantPrevious {
		previous = old.Value.wp.Value()
	}
	s.Set(h, slot, ne)
	var drop *reg[V]
	if m.regs != nil { // tested here: the call costs on every Store without cleanups
		drop = m.replaced(h, ne, old)
	}
	s.Unlock()
	if drop != nil {
		drop.stop()
	}
	m.tick(h)
	m.retainStored(h, value) // retain.go
	return previous
}

// CompareAndSwap stores new under key if the live value stored there is old
// (the same pointer) and reports whether it did. A nil old matches nothing:
// an absent or collected entry is not swapped (use LoadOrStore for that).
// It panics if new is nil.
func (m *Map[K, V]) CompareAndSwap(key K, old, new *V) (swapped bool) {
	if new == nil {
		panicNilValue("CompareAndSwap")
	}
	t := m.table()
	if old == nil {
		return false
	}
	held, h := m.holds(key, old)
	if !held {
		return false
	}
	ne := &entry[K, V]{Key: key, Value: m.newRef(key, new)}
	s := t.Lock(h)
	slot, e := s.Find(h, key)
	if e == nil || e.Value.wp.Value() != old {
		s.Unlock()
		ne.Value.cl.stop() // never stored
		return false
	}
	s.Set(h, slot, ne)
	drop := m.replaced(h, ne, e)
	s.Unlock()
	drop.stop()
	m.tick(h)
	m.retainStored(h, new) // retain.go
	return true
}

// CompareAndDelete deletes key if the live value stored there is old (the
// same pointer) and reports whether it did. A nil old matches nothing.
func (m *Map[K, V]) CompareAndDelete(key K, old *V) (deleted bool) {
	t := m.table()
	if old == nil {
		return false
	}
	held, h := m.holds(key, old)
	if !held {
		return false
	}
	s := t.Lock(h)
	slot, e := s.Find(h, key)
	if e == nil || e.Value.wp.Value() != old {
		s.Unlock()
		return false
	}
	s.Delete(slot)
	drop := m.replaced(h, nil, e)
	s.Unlock()
	drop.stop()
	m.tick(h)
	m.retainDropped(h) // retain.go
	return true
}

// live returns key's live value, found without locking, or nil.
func (m *Map[K, V]) live(key K) (*V, uint64) {
	e, h := m.t.Get(key)
	if e != nil {
		return e.Value.wp.Value(), h
	}
	return nil, h
}

// holds reports, without locking, whether key's live value is v. A
// collected entry found on the way is counted like any read that finds one.
func (m *Map[K, V]) holds(key K, v *V) (bool, uint64) {
	e, h := m.t.Get(key)
	if e == nil {
		return false, h
	}
	cur := e.Value.wp.Value()
	if cur == nil {
		m.tick(h)
	}
	return cur == v, h
}

// LoadAndDelete deletes key and returns its live value, if it had one. A
// collected entry is deleted too, and reported as absent.
func (m *Map[K, V]) LoadAndDelete(key K) (value *V, loaded bool) {
	t := m.table()
	e, h := t.Get(key)
	if e == nil {
		return nil, false
	}
	s := t.Lock(h)
	slot, e := s.Find(h, key)
	if e == nil {
		s.Unlock()
		return nil, false
	}
	value = e.Value.wp.Value()
	s.Delete(slot)
	drop := m.replaced(h, nil, e)
	s.Unlock()
	drop.stop()
	m.tick(h)
	m.retainDropped(h) // retain.go
	return value, value != nil
}

// Delete deletes key.
func (m *Map[K, V]) Delete(key K) { m.LoadAndDelete(key) }

// Len returns the number of live entries. It visits every slot (O(n)),
// takes no lock, and is weakly consistent: entries stored, deleted or collected
// while it runs may or may not be counted. It removes nothing.
func (m *Map[K, V]) Len() int {
	n := 0
	m.table().Range(func(e *entry[K, V]) bool {
		if e.Value.wp.Value() != nil {
			n++
		}
		return true
	})
	return n
}

// RawLen returns the number of stored entries, counting those whose values
// were collected but not yet swept. It costs O(shards), not O(n).
func (m *Map[K, V]) RawLen() int { return m.table().Len() }

// All returns an iterator over the live entries. It is lazy and holds no
// lock while the loop body runs, so the body may call any method of the
// map. Every key that is live and neither stored, deleted nor collected
// during the loop is yielded exactly once; others may or may not be.
// Breaking out of the loop stops all work. It removes nothing.
func (m *Map[K, V]) All() iter.Seq2[K, *V] {
	t := m.table()
	return func(yield func(K, *V) bool) {
		t.Range(func(e *entry[K, V]) bool {
			if v := e.Value.wp.Value(); v != nil {
				return yield(e.Key, v)
			}
			return true
		})
	}
}

// Keys returns an iterator over the keys of live entries, like All.
func (m *Map[K, V]) Keys() iter.Seq[K] {
	all := m.All()
	return func(yield func(K) bool) {
		all(func(k K, _ *V) bool { return yield(k) })
	}
}

// Values returns an iterator over the live values, like All.
func (m *Map[K, V]) Values() iter.Seq[*V] {
	all := m.All()
	return func(yield func(*V) bool) {
		all(func(_ K, v *V) bool { return yield(v) })
	}
}

// Snapshot returns the live entries in a plain map of strong pointers: the
// values it holds stay alive as long as the returned map does.
func (m *Map[K, V]) Snapshot() map[K]*V {
	out := make(map[K]*V, m.RawLen())
	for k, v := range m.All() {
		out[k] = v
	}
	return out
}

// Clear deletes every entry.
func (m *Map[K, V]) Clear() {
	clearAll(m.table(), m.regs)
	m.retainCleared() // retain.go
}

// Sweep examines every entry now, removes those whose values were
// collected, and returns how many it removed.
func (m *Map[K, V]) Sweep() (removed int) { return m.sweep() }

// Stats returns the map's shard count, raw length and sweep record, and
// its hit counts (WithCacheStats) and retention (WithRetain).
func (m *Map[K, V]) Stats() Stats {
	st := m.stats()
	m.retainStats(&st) // retain.go
	return st
}

//go:noinline
func panicNilValue(method string) {
	panicf("%s called with a nil value; store a non-nil pointer, or use Delete to remove a key", method)
}
