package shard

import "testing"

// Helpers that drive a table through its writer protocol (Lock, Find,
// Set/Delete, Unlock), as every user of the package does.

// put stores key -> v and reports whether the key was absent (an insert)
// rather than present (a replace).
func put[K comparable, V any](tb *Table[K, V], key K, v V) (inserted bool) {
	h := tb.Hash(key)
	s := tb.Lock(h)
	pos, _ := s.Find(h, key)
	s.Set(h, pos, &Entry[K, V]{Key: key, Value: v})
	s.Unlock()
	return pos < 0
}

// putEntry inserts or replaces with the given entry (so a test can keep its
// pointer).
func putEntry[K comparable, V any](tb *Table[K, V], e *Entry[K, V]) {
	h := tb.Hash(e.Key)
	s := tb.Lock(h)
	pos, _ := s.Find(h, e.Key)
	s.Set(h, pos, e)
	s.Unlock()
}

// del removes key and reports whether it was present.
func del[K comparable, V any](tb *Table[K, V], key K) bool {
	h := tb.Hash(key)
	s := tb.Lock(h)
	pos, _ := s.Find(h, key)
	if pos >= 0 {
		s.Delete(pos)
	}
	s.Unlock()
	return pos >= 0
}

// get is the lock-free read.
func get[K comparable, V any](tb *Table[K, V], key K) (V, bool) {
	if e, _ := tb.Get(key); e != nil {
		return e.Value, true
	}
	var zero V
	return zero, false
}

// slotOf returns the slot (position) of key in its shard, or -1.
func slotOf[K comparable, V any](tb *Table[K, V], key K) int {
	h := tb.Hash(key)
	s := tb.Lock(h)
	pos, _ := s.Find(h, key)
	s.Unlock()
	return pos
}

// findLocked is Find under the lock, for comparing with the lock-free Get.
func findLocked[K comparable, V any](tb *Table[K, V], key K) *Entry[K, V] {
	h := tb.Hash(key)
	s := tb.Lock(h)
	_, e := s.Find(h, key)
	s.Unlock()
	return e
}

// collect returns what Range yields, failing on a key yielded twice.
func collect[K comparable, V any](t *testing.T, tb *Table[K, V]) map[K]V {
	t.Helper()
	got := make(map[K]V)
	tb.Range(func(e *Entry[K, V]) bool {
		if _, dup := got[e.Key]; dup {
			t.Fatalf("Range yielded key %v twice", e.Key)
		}
		got[e.Key] = e.Value
		return true
	})
	return got
}
