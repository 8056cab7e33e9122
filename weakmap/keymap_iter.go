package weakmap

import "iter"

// Keys returns a lazy iterator over the live keys, like All. The keys it
// yields are strong pointers: the loop keeps the current one alive.
func (m *KeyMap[K, V]) Keys() iter.Seq[*K] {
	all := m.All()
	return func(yield func(*K) bool) {
		all(func(k *K, _ V) bool { return yield(k) })
	}
}

// Values returns a lazy iterator over the values of the entries whose keys
// are alive, like All.
func (m *KeyMap[K, V]) Values() iter.Seq[V] {
	all := m.All()
	return func(yield func(V) bool) {
		all(func(_ *K, v V) bool { return yield(v) })
	}
}

// Snapshot returns the entries whose keys are alive in a plain map. Its
// keys are strong pointers: they stay alive, and so do their entries in m,
// as long as the returned map does.
func (m *KeyMap[K, V]) Snapshot() map[*K]V {
	out := make(map[*K]V, m.RawLen())
	for k, v := range m.All() {
		out[k] = v
	}
	return out
}
