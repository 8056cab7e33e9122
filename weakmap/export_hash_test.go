package weakmap

// KeyMapShardOf returns the index of the shard of m that holds key. A
// KeyMap hashes the key's address, so this tells how the addresses the
// allocator hands out spread over the shards.
func KeyMapShardOf[K, V any](m *KeyMap[K, V], key *K) int {
	return m.t.ShardOf(m.t.Hash(addrOf(key)))
}

// KeyMapHoldsAddress reports whether m has an entry, live or collected,
// at key's address: for a fresh key, one left by a dead key whose address
// the allocator gave to key.
func KeyMapHoldsAddress[K, V any](m *KeyMap[K, V], key *K) bool {
	e, _ := m.t.Get(addrOf(key))
	return e != nil
}
