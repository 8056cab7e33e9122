package weakmap

// FlightWaiters reports whether a create is in flight for key, and how
// many calls have boarded its flight to wait for it.
func FlightWaiters[K comparable, V any](m *Map[K, V], key K) (inFlight bool, waiters int) {
	h := m.t.Hash(key)
	s := m.t.Lock(h)
	defer s.Unlock()
	f, inFlight := m.flights.byShard[m.t.ShardOf(h)][key]
	if f == nil {
		return inFlight, 0
	}
	return true, f.waiters
}

// KeyFlightWaiters is FlightWaiters for a KeyMap.
func KeyFlightWaiters[K, V any](m *KeyMap[K, V], key *K) (inFlight bool, waiters int) {
	a := addrOf(key)
	h := m.t.Hash(a)
	s := m.t.Lock(h)
	defer s.Unlock()
	f, inFlight := m.flights.byShard[m.t.ShardOf(h)][a]
	if f == nil {
		return inFlight, 0
	}
	return true, f.waiters
}
