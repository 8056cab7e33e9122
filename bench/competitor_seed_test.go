package bench_test

import (
	"iter"
	"sync"
	"sync/atomic"
	"weak"
)

// seedThreshold is the seed design's sweep threshold: every this many
// counted operations, a write removes every dead entry.
const seedThreshold = 1000

// seed is competitor 3, the design this project started from, a port of
// the Rust weak-map crate: one sync.RWMutex over a plain map of weak
// pointers, and one atomic operation counter for the whole map. Every
// operation bumps the counter (an iteration bumps it by the number of
// entries, as the crate's does); a write that finds it at seedThreshold or
// more resets it and, under the write lock, retains only the live entries.
// Reads never sweep: they hold only the read lock.
type seed struct {
	mu  sync.RWMutex
	m   map[string]weak.Pointer[payload]
	ops atomic.Int64
}

func newSeed() target { return &seed{m: make(map[string]weak.Pointer[payload])} }

func (s *seed) Load(k string) (*payload, bool) {
	s.ops.Add(1)
	s.mu.RLock()
	wp, ok := s.m[k]
	s.mu.RUnlock()
	if !ok {
		return nil, false
	}
	v := wp.Value()
	return v, v != nil
}

func (s *seed) Store(k string, v *payload) {
	wp := weak.Make(v)
	s.mu.Lock()
	s.bumpLocked()
	s.m[k] = wp
	s.mu.Unlock()
}

func (s *seed) Delete(k string) {
	s.mu.Lock()
	s.bumpLocked()
	delete(s.m, k)
	s.mu.Unlock()
}

// bumpLocked counts a write and, at the threshold, sweeps the whole map.
// The caller holds the write lock.
func (s *seed) bumpLocked() {
	if s.ops.Add(1) >= seedThreshold {
		s.retainLocked()
	}
}

// retainLocked resets the counter and removes every dead entry.
func (s *seed) retainLocked() (removed int) {
	s.ops.Store(0)
	for k, wp := range s.m {
		if wp.Value() == nil {
			delete(s.m, k)
			removed++
		}
	}
	return removed
}

func (s *seed) Sweep() (removed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.retainLocked()
}

func (s *seed) Len() int {
	n := 0
	for range s.All() {
		n++
	}
	return n
}

func (s *seed) RawLen() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.m)
}

// All holds the read lock for the whole loop, as the crate's iterator
// borrows its map.
func (s *seed) All() iter.Seq2[string, *payload] {
	return func(yield func(string, *payload) bool) {
		s.mu.RLock()
		defer s.mu.RUnlock()
		s.ops.Add(int64(len(s.m)))
		for k, wp := range s.m {
			if v := wp.Value(); v != nil && !yield(k, v) {
				return
			}
		}
	}
}

func (s *seed) Snapshot() map[string]*payload {
	out := make(map[string]*payload)
	for k, v := range s.All() {
		out[k] = v
	}
	return out
}
