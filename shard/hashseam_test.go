package shard

// newWithHash returns a table that hashes its keys with hash instead of its
// seeded hasher: every path (Hash, Get, a rebuild's rehash, Retain's
// removals) goes through Table.hash when kind is kindOther. Tests use it to
// force collisions that a seeded hash makes vanishingly rare.
func newWithHash[K comparable, V any](cfg Config[K, V], hash func(K) uint64) *Table[K, V] {
	t := New(cfg)
	t.hash = func(k K, _ uint64) uint64 { return hash(k) }
	t.kind = kindOther
	return t
}
