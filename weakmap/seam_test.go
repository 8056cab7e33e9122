package weakmap

// More of the test seam (see export_test.go), for the tests that need to
// know where a sweep step starts and where an entry sits.

// SlotOf returns the slot of key's entry in its shard's current array, or
// -1 if key has no entry.
func SlotOf[K comparable, V any](m *Map[K, V], key K) int {
	h := m.t.Hash(key)
	s := m.t.Lock(h)
	defer s.Unlock()
	pos, _ := s.Find(h, key)
	return pos
}

// SweepCursor returns the slot of shard i where the next sweep step starts.
func SweepCursor[K comparable, V any](m *Map[K, V], i int) int { return m.t.Stats(i).Cursor }

// KeyHash returns the hash the map gives key. Its low bits pick the key's
// home bucket in an array of a power-of-two number of buckets.
func KeyHash[K comparable, V any](m *Map[K, V], key K) uint64 { return m.t.Hash(key) }
