package weakmap

import (
	"sync/atomic"
	"weak"

	"github.com/weakstripe/weakstripe/shard"
)

// The test seam. MarkCollected makes key's entry look exactly as it does
// after the garbage collector has freed its value: its weak pointer
// becomes the zero weak.Pointer, whose Value is nil for ever (given in
// place where Stores write entries without the lock; else in a new entry
// published in the same slot). It counts no operation. Deterministic tests use it
// instead of the GC, the way Guava's tests enqueue references by hand.
// Like a collection, it moves the count of collections, so that the next
// growth of a shard asks which entries are dead (see collections).
func MarkCollected[K comparable, V any](m *Map[K, V], key K) bool {
	return markCollected(m, key, true)
}

// MarkCollectedUncounted is MarkCollected without moving the count of
// collections: an entry dead as no collection could make it, for the
// tests that check that growth looks for dead entries only after one.
func MarkCollectedUncounted[K comparable, V any](m *Map[K, V], key K) bool {
	return markCollected(m, key, false)
}

func markCollected[K comparable, V any](m *Map[K, V], key K, counted bool) bool {
	t := m.table()
	h := t.Hash(key)
	s := t.Lock(h)
	defer s.Unlock()
	pos, e := s.Find(h, key)
	if e == nil {
		return false
	}
	if m.inPlace != nil {
		// Stores write this entry without the lock: it must stay the
		// key's entry, or a Store that found it would be lost.
		e.Value.set(weak.Pointer[V]{})
	} else {
		s.Set(h, pos, m.newEntry(key, ref[V]{}, nil))
	}
	if counted {
		// After the entry is dead, as in a collection, which clears
		// values' handles no later than its sentinel's: a growth between
		// the two would record the new count and keep the entry.
		simulateCollection()
	}
	return true
}

// ShardOf returns the index of the shard that holds key.
func ShardOf[K comparable, V any](m *Map[K, V], key K) int {
	return m.t.ShardOf(m.t.Hash(key))
}

// PendingTicks returns the operations counted on shard i since its last
// sweep step.
func PendingTicks[K comparable, V any](m *Map[K, V], i int) int { return int(m.t.Stats(i).Pending) }

// ShardCapacity returns the number of slots of shard i.
func ShardCapacity[K comparable, V any](m *Map[K, V], i int) int { return m.t.Stats(i).Slots }

// ShardLen returns the number of entries stored in shard i.
func ShardLen[K comparable, V any](m *Map[K, V], i int) int {
	n := 0
	m.t.Range(func(e *entry[K, V]) bool {
		if m.t.ShardOf(m.t.Hash(e.Key)) == i {
			n++
		}
		return true
	})
	return n
}

// RemoveIfHolds runs what a GC cleanup registered for (key, the current
// weak pointer of v) does, as if v had died: it removes key's entry only if
// the entry still holds v's weak pointer.
func RemoveIfHolds[K comparable, V any](m *Map[K, V], key K, v *V) {
	if m.inPlace != nil {
		// A GC cleanup's removal does not seal: only maps made
		// WithGCCleanup, whose Stores all lock, have cleanups.
		panic("RemoveIfHolds on a Map made without WithGCCleanup")
	}
	wp := weak.Make(v)
	m.removeIfHolds(m.t.Hash(key), func() {}, func(e *entry[K, V]) bool { return e.Key == key && e.Value.load() == wp })
}

// MarkKeyCollected makes key's KeyMap entry look as it does after the
// collector has freed the key: the same slot, with the zero weak pointer.
// It counts no operation; it moves the count of collections, like
// MarkCollected.
func MarkKeyCollected[K, V any](m *KeyMap[K, V], key *K) bool {
	a := addrOf(key)
	h := m.t.Hash(a)
	s := m.t.Lock(h)
	defer s.Unlock()
	pos, e := s.Find(h, a)
	if e == nil {
		return false
	}
	kv := e.Value
	kv.key = weak.Pointer[K]{}
	s.Set(h, pos, &keyEntry[K, V]{Key: a, Value: kv})
	simulateCollection() // after the entry is dead, as in MarkCollected
	return true
}

// ReportPending has the eviction callback report what reads' sweep steps
// removed, as the next write to each shard would: it locks and unlocks
// every shard.
func ReportPending[K comparable, V any](m *Map[K, V]) { reportPending(&m.t) }

// ReportPendingKeyMap is ReportPending for a KeyMap.
func ReportPendingKeyMap[K, V any](m *KeyMap[K, V]) { reportPending(&m.t) }

func reportPending[K comparable, E any](t *shard.Table[K, E]) {
	for i := range t.Shards() {
		t.LockShard(i).Unlock()
	}
}

// SetKeyMap returns the KeyMap a Set is built on.
func SetKeyMap[T any](s *Set[T]) *KeyMap[T, struct{}] { return &s.m }

// simulateCollection moves the count of collections as the collection
// that frees the current sentinel would.
func simulateCollection() { collections.advance(collections.mark.Load()) }

// FoundEntry is a Map entry as a Store without the lock finds it: the
// seam that lets a test run an unlink between the finding and the write.
type FoundEntry[K comparable, V any] struct{ e *entry[K, V] }

// FindEntry returns key's entry as Store's lock-free path finds it (its
// e is nil if there is none).
func FindEntry[K comparable, V any](m *Map[K, V], key K) FoundEntry[K, V] {
	e, _ := m.table().Get(key)
	return FoundEntry[K, V]{e}
}

// StoreInto is the write of Store's lock-free path on the found entry: it
// reports whether it wrote v there.
func (f FoundEntry[K, V]) StoreInto(v *V) bool { return f.e.Value.storeOpen(weak.Make(v)) }

// Sealed reports whether the found entry is sealed.
func (f FoundEntry[K, V]) Sealed() bool {
	return atomic.LoadPointer(f.e.Value.handle()) == sealedHandle
}
