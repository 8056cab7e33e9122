package weakmap

import (
	"iter"

	"github.com/weakstripe/weakstripe/shard"
)

// StrongMap has Map's API but holds its values strongly, on the same
// engine: nothing in it dies, Sweep removes nothing and Len equals RawLen.
// It is the control that isolates the cost of weak pointers in benchmarks,
// and the map to use when the values must stay alive.
//
// A StrongMap must be made with NewStrong. Its methods may be called from
// any goroutine. Loads take no lock: nothing in a StrongMap dies, so a
// read never counts toward a sweep.
type StrongMap[K comparable, V any] struct {
	core[K, *V]
}

type strongEntry[K comparable, V any] = shard.Entry[K, *V]

// NewStrong returns an empty StrongMap. Like New, it panics if V has size
// zero, so that code can switch between the two freely.
func NewStrong[K comparable, V any](opts ...Option) *StrongMap[K, V] {
	checkNonZeroSize[V]("NewStrong", "value type")
	m := new(StrongMap[K, V])
	cfg := newConfig(opts)
	refuseEvictCallback(cfg, "NewStrong", "nothing in a StrongMap is ever collected")
	refuseRetain(cfg, "NewStrong", "a StrongMap holds every value strongly already")
	if cfg.gcCleanup {
		panicf("NewStrong does not take WithGCCleanup: nothing in a StrongMap is ever collected")
	}
	cfg.threshold = 0 // nothing dies, so nothing to count
	m.init(cfg, nil, nil)
	return m
}

// Load returns the value stored under key.
func (m *StrongMap[K, V]) Load(key K) (value *V, ok bool) {
	t := m.table()
	if e, _ := t.Get(key); e != nil {
		return e.Value, true
	}
	return nil, false
}

// Store sets the value for key. It panics if value is nil.
func (m *StrongMap[K, V]) Store(key K, value *V) {
	if value == nil {
		panicNilValue("Store")
	}
	m.Swap(key, value)
}

// LoadOrStore returns the value stored under key and true, or stores value
// and returns it and false. It panics if value is nil.
func (m *StrongMap[K, V]) LoadOrStore(key K, value *V) (actual *V, loaded bool) {
	if value == nil {
		panicNilValue("LoadOrStore")
	}
	return m.LoadOrCompute(key, func() *V { return value })
}

// LoadOrCompute returns the value stored under key and true, or calls
// create, stores its result and returns it and false. As for Map, create
// runs under the shard lock, at most once, only when its result is stored;
// it must not call the map or return nil.
func (m *StrongMap[K, V]) LoadOrCompute(key K, create func() *V) (actual *V, loaded bool) {
	if create == nil {
		panicf("LoadOrCompute called with a nil create function; pass a function that returns the value to store")
	}
	t := m.table()
	e, h := t.Get(key)
	if e != nil {
		m.counted(h, true) // cachestats.go
		return e.Value, true
	}
	s := t.Lock(h)
	defer s.Unlock()
	if _, e := s.Find(h, key); e != nil {
		m.counted(h, true) // cachestats.go
		return e.Value, true
	}
	v := create()
	if v == nil {
		panicf("LoadOrCompute: create returned nil; it must return the non-nil value to store")
	}
	s.Set(h, -1, &strongEntry[K, V]{Key: key, Value: v})
	m.counted(h, false) // cachestats.go
	return v, false
}

// Swap stores value under key and returns the previous value, if any. It
// panics if value is nil.
func (m *StrongMap[K, V]) Swap(key K, value *V) (previous *V, loaded bool) {
	if value == nil {
		panicNilValue("Swap")
	}
	t := m.table()
	h := t.Hash(key)
	ne := &strongEntry[K, V]{Key: key, Value: value}
	s := t.Lock(h)
	slot, e := s.Find(h, key)
	s.Set(h, slot, ne)
	s.Unlock()
	if e != nil {
		return e.Value, true
	}
	return nil, false
}

// CompareAndSwap stores new under key if the value stored there is old (the
// same pointer). A nil old matches nothing. It panics if new is nil.
func (m *StrongMap[K, V]) CompareAndSwap(key K, old, new *V) (swapped bool) {
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
	ne := &strongEntry[K, V]{Key: key, Value: new}
	s := t.Lock(h)
	defer s.Unlock()
	slot, e := s.Find(h, key)
	if e == nil || e.Value != old {
		return false
	}
	s.Set(h, slot, ne)
	return true
}

// CompareAndDelete deletes key if the value stored there is old (the same
// pointer). A nil old matches nothing.
func (m *StrongMap[K, V]) CompareAndDelete(key K, old *V) (deleted bool) {
	t := m.table()
	if old == nil {
		return false
	}
	held, h := m.holds(key, old)
	if !held {
		return false
	}
	s := t.Lock(h)
	defer s.Unlock()
	slot, e := s.Find(h, key)
	if e == nil || e.Value != old {
		return false
	}
	s.Delete(slot)
	return true
}

// holds reports, without locking, whether key's value is v.
func (m *StrongMap[K, V]) holds(key K, v *V) (bool, uint64) {
	e, h := m.t.Get(key)
	return e != nil && e.Value == v, h
}

// LoadAndDelete deletes key and returns its value, if it had one.
func (m *StrongMap[K, V]) LoadAndDelete(key K) (value *V, loaded bool) {
	t := m.table()
	e, h := t.Get(key)
	if e == nil {
		return nil, false
	}
	s := t.Lock(h)
	defer s.Unlock()
	slot, e := s.Find(h, key)
	if e == nil {
		return nil, false
	}
	s.Delete(slot)
	return e.Value, true
}

// Delete deletes key.
func (m *StrongMap[K, V]) Delete(key K) { m.LoadAndDelete(key) }

// Len returns the number of entries; for a StrongMap it equals RawLen.
func (m *StrongMap[K, V]) Len() int { return m.RawLen() }

// RawLen returns the number of entries in O(shards).
func (m *StrongMap[K, V]) RawLen() int { return m.table().Len() }

// All returns a lazy iterator over the entries, with Map.All's guarantees.
func (m *StrongMap[K, V]) All() iter.Seq2[K, *V] {
	t := m.table()
	return func(yield func(K, *V) bool) {
		t.Range(func(e *strongEntry[K, V]) bool { return yield(e.Key, e.Value) })
	}
}

// Keys returns a lazy iterator over the keys, like All.
func (m *StrongMap[K, V]) Keys() iter.Seq[K] {
	t := m.table()
	return func(yield func(K) bool) {
		t.Range(func(e *strongEntry[K, V]) bool { return yield(e.Key) })
	}
}

// Values returns a lazy iterator over the values, like All.
func (m *StrongMap[K, V]) Values() iter.Seq[*V] {
	t := m.table()
	return func(yield func(*V) bool) {
		t.Range(func(e *strongEntry[K, V]) bool { return yield(e.Value) })
	}
}

// Snapshot returns the entries in a plain map.
func (m *StrongMap[K, V]) Snapshot() map[K]*V {
	out := make(map[K]*V, m.RawLen())
	for k, v := range m.All() {
		out[k] = v
	}
	return out
}

// Clear deletes every entry.
func (m *StrongMap[K, V]) Clear() { m.table().Clear() }

// Sweep removes nothing, since nothing in a StrongMap dies, and returns 0.
func (m *StrongMap[K, V]) Sweep() (removed int) { m.table(); return 0 }

// Stats returns the map's shard count and length; its sweep fields are zero.
func (m *StrongMap[K, V]) Stats() Stats { return m.stats() }
