package weakmap

import "fmt"

// The retention seams (retain.go). SetHeapPressure replaces how m's
// retention reads the heap after each collection: f returns the live heap
// and the memory limit. RelieveRetention runs now what runs after each
// collection, for the given live heap and limit: adapt the retention
// target to that pressure and evict what exceeds it. (Tests that call it
// set f to a neutral reading, between the thresholds, so that the
// collections they cause change nothing.)
func SetHeapPressure[K comparable, V any](m *Map[K, V], f func() (live, limit uint64)) {
	m.retain.pressure.Store(&f)
}

func RelieveRetention[K comparable, V any](m *Map[K, V], live, limit uint64) {
	m.retain.relieve(live, limit)
}

// CheckRetention returns an error if m's retention structures disagree:
// each shard's count must equal its used words and its retained ring
// slots, each used word must point to a ring slot of its hash, each ring
// slot must be found from its hash, holes must be listed as free, and the
// total must be the sum of the counts. It locks each shard in turn, so
// it must run while no goroutine uses m.
func CheckRetention[K comparable, V any](m *Map[K, V]) error {
	r := m.retain
	if r == nil {
		return nil
	}
	var total int64
	for si := range r.shards {
		s := &r.shards[si]
		s.mu.Lock()
		used := 0
		for i := range s.words {
			x := s.words[i].Load()
			if x == 0 {
				continue
			}
			used++
			j := s.pos[i]
			if int(j) >= len(s.ring) || s.ring[j].v == nil || wordOf(s.ring[j].h) != x&^wordMarked {
				s.mu.Unlock()
				return fmt.Errorf("shard %d: word %d (%#x) points to ring slot %d, which does not hold its hash", si, i, x, j)
			}
		}
		live := 0
		for j, e := range s.ring {
			if e.v == nil {
				continue
			}
			live++
			if i, ok := s.find(e.h); !ok || int(s.pos[i]) != j {
				s.mu.Unlock()
				return fmt.Errorf("shard %d: ring slot %d (hash %#x) is not found from its hash", si, j, e.h)
			}
		}
		n := s.count.Load()
		if int64(used) != n || int64(live) != n || len(s.ring)-live != len(s.free) {
			s.mu.Unlock()
			return fmt.Errorf("shard %d: count %d, used words %d, retained ring slots %d, holes %d, free %d",
				si, n, used, live, len(s.ring)-live, len(s.free))
		}
		total += n
		s.mu.Unlock()
	}
	if got := r.total.Load(); got != total {
		return fmt.Errorf("total %d, sum of the shards' counts %d", got, total)
	}
	return nil
}

// ReadHeapPressure is what retention reads after each collection, unless
// a test set another function.
var ReadHeapPressure = readHeapPressure

// LockRetention locks the retention lock of key's shard and returns the
// function that unlocks it.
func LockRetention[K comparable, V any](m *Map[K, V], key K) (unlock func()) {
	s := m.retain.shard(m.t.Hash(key))
	s.mu.Lock()
	return s.mu.Unlock
}

// Retains reports whether m retains a value for key.
func Retains[K comparable, V any](m *Map[K, V], key K) bool {
	h := m.t.Hash(key)
	s := m.retain.shard(h)
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.find(h)
	return ok
}
