package weakmap

// FlightWaiters reports whether a create is in flight for key, and how
// many calls have boarded its flight to wait for it.
func FlightWaiters[K comparable, V any](m *Map[K, V], key K) (inFlight bool, waiters int) {
	return flightWaiters(&m.core, &m.flights, key)
}

// KeyFlightWaiters is FlightWaiters for a KeyMap.
func KeyFlightWaiters[K, V any](m *KeyMap[K, V], key *K) (inFlight bool, waiters int) {
	return flightWaiters(&m.core, &m.flights, addrOf(key))
}

func flightWaiters[K comparable, E, R any](c *core[K, E], fs *flights[K, R], key K) (inFlight bool, waiters int) {
	h := c.t.Hash(key)
	s := c.t.Lock(h)
	defer s.Unlock()
	f, inFlight := fs.byShard[c.t.ShardOf(h)][key]
	if f == nil {
		return inFlight, 0
	}
	return true, f.waiters
}
