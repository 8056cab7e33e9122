package weakmap

// Range calls f for each live entry, as sync.Map's Range does, so that code
// written for a sync.Map ports by changing the map's type. If f returns
// false, Range stops. It has All's guarantees: it holds no lock while f
// runs, so f may call any method of the map; every key that is live and
// neither stored, deleted nor collected during the call is passed to f
// exactly once, others may or may not be. It removes nothing.
func (m *Map[K, V]) Range(f func(key K, value *V) bool) { m.All()(f) }

// Range calls f for each entry, like Map.Range, with All's guarantees.
func (m *StrongMap[K, V]) Range(f func(key K, value *V) bool) { m.All()(f) }
