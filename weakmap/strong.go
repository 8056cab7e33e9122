package weakmap

import (
	"iter"

	"github.com/weakstripe/weakstripe/shard"
)

// StrongMap has Map's API but holds its values strongly, on the same
// engine and the same write code: nothing in it dies, Sweep removes nothing
// and Len equals RawLen.
// It is the control that isolates the cost of weak pointers in benchmarks,
// and the map to use when the values must stay alive.
//
// A StrongMap must be made with NewStrong and must not be copied after
// first use (go vet reports copies). Its methods may be called from any
// goroutine. Loads take no lock: nothing in a StrongMap dies, so a read
// never counts toward a sweep.
//
// In the terminology of [the Go memory model], StrongMap arranges that a
// write operation "synchronizes before" any read operation that observes
// the effect of the write, with read and write operations defined as for
// [Map].
//
// [the Go memory model]: https://go.dev/ref/mem
type StrongMap[K comparable, V any] struct {
	noCopy noCopy

	core[K, *V]
	flights pointerFlights[K, V] // the creates of LoadOrCompute in flight
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
	hash := hasherOf[K](cfg, "StrongMap["+typeName[K]()+", "+typeName[V]()+"]")
	cfg.threshold = 0 // nothing dies, so nothing to count
	m.init(cfg, hash, nil, nil, nil)
	m.flights.init(m.t.Shards())
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
	// Written out rather than a call of the write kernel, like Map.Store:
	// the kernel's indirect calls cost measurable time on a write this
	// short, and a StrongMap keeps no cleanups and counts no writes.
	t := m.table()
	h := t.Hash(key)
	ne := &strongEntry[K, V]{Key: key, Value: value}
	s := t.Lock(h)
	pos, _ := s.Find(h, key)
	s.Set(h, pos, ne)
	s.Unlock()
}

// LoadOrStore returns the value stored under key and true, or stores value
// and returns it and false. It panics if value is nil.
func (m *StrongMap[K, V]) LoadOrStore(key K, value *V) (actual *V, loaded bool) {
	if value == nil {
		panicNilValue("LoadOrStore")
	}
	return loadOrStore(&m.core, m, key, value)
}

// LoadOrCompute returns the value stored under key and true, or calls
// create, stores its result and returns it and false. create runs without
// any lock held, once for all the concurrent calls for the key, as for
// Map.LoadOrCompute, whose rules it follows; it must not return nil.
func (m *StrongMap[K, V]) LoadOrCompute(key K, create func() *V) (actual *V, loaded bool) {
	if create == nil {
		panicNilCreate("LoadOrCompute")
	}
	actual, loaded, _ = loadOrTryCompute(&m.core, m, &m.flights, "LoadOrCompute", key, false, func() (*V, error) { return create(), nil })
	return actual, loaded
}

// LoadOrTryCompute is LoadOrCompute for a create that may fail, as
// Map.LoadOrTryCompute.
func (m *StrongMap[K, V]) LoadOrTryCompute(key K, create func() (*V, error)) (actual *V, loaded bool, err error) {
	if create == nil {
		panicNilCreate("LoadOrTryCompute")
	}
	return loadOrTryCompute(&m.core, m, &m.flights, "LoadOrTryCompute", key, true, create)
}

// Compute changes the value stored under key atomically, as Map.Compute:
// f runs under the shard lock and must not call the map.
func (m *StrongMap[K, V]) Compute(key K, f func(old *V, loaded bool) (new *V, op ComputeOp)) (actual *V, ok bool) {
	return compute(&m.core, m, key, f)
}

// Swap stores value under key and returns the previous value, if any. It
// panics if value is nil.
func (m *StrongMap[K, V]) Swap(key K, value *V) (previous *V, loaded bool) {
	if value == nil {
		panicNilValue("Swap")
	}
	return swap(&m.core, m, key, value)
}

// CompareAndSwap stores new under key if the value stored there is old (the
// same pointer). A nil old matches nothing. It panics if new is nil.
func (m *StrongMap[K, V]) CompareAndSwap(key K, old, new *V) (swapped bool) {
	if new == nil {
		panicNilValue("CompareAndSwap")
	}
	return compareAnd(&m.core, m, key, old, new)
}

// CompareAndDelete deletes key if the value stored there is old (the same
// pointer). A nil old matches nothing.
func (m *StrongMap[K, V]) CompareAndDelete(key K, old *V) (deleted bool) {
	return compareAnd(&m.core, m, key, old, nil)
}

// LoadAndDelete deletes key and returns its value, if it had one.
func (m *StrongMap[K, V]) LoadAndDelete(key K) (value *V, loaded bool) {
	return loadAndDelete(&m.core, m, key)
}

// Delete deletes key.
func (m *StrongMap[K, V]) Delete(key K) { m.LoadAndDelete(key) }

func (m *StrongMap[K, V]) valueIn(e *strongEntry[K, V]) *V { return e.Value }

func (m *StrongMap[K, V]) slotFor(key K, v *V) *strongEntry[K, V] {
	return &strongEntry[K, V]{Key: key, Value: v}
}

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
