package weakmap

import (
	"iter"
	"runtime"
	"weak"
)

// Set is a concurrent set of *T that holds its members weakly, by
// identity: a member stays while it is reachable from outside the set and
// leaves when the garbage collector frees it. It is the set for listeners,
// observers and other registrations that must not keep their objects alive.
//
// A Set must be made with NewSet and must not be copied after first use
// (go vet reports copies). Its methods may be called from any goroutine.
// Contains never waits for a lock and does not call weak.Make.
//
// In the terminology of [the Go memory model], Set arranges that a write
// operation "synchronizes before" any read operation that observes the
// effect of the write, where read and write operations are defined as
// follows. [Set.Add] and [Set.Contains] are read operations, and so is
// [Set.All] for each member it yields; [Set.Delete] is a write operation,
// and [Set.Add] is a write operation when it returns added set to true.
//
// [the Go memory model]: https://go.dev/ref/mem
type Set[T any] struct {
	m KeyMap[T, struct{}]
}

// NewSet returns an empty Set. It panics if T has size zero.
func NewSet[T any](opts ...Option) *Set[T] {
	checkNonZeroSize[T]("NewSet", "member type")
	cfg := newConfig(opts)
	refuseEvictCallback(cfg, "NewSet", "a collected member leaves nothing to report; use a KeyMap with the data you need as its value")
	refuseRetain(cfg, "NewSet", keyRetainWhy)
	refuseHasher(cfg, "NewSet")
	s := new(Set[T])
	s.m.init(cfg, nil, keyAlive[T, struct{}], nil, nil)
	s.m.self = weak.Make(&s.m)
	if s.m.initWrites(cfg) {
		runtime.AddCleanup(s, stopAll[T], s.m.regs)
	}
	return s
}

// Add adds x and reports whether it was added: false if x was already a
// member. The set does not keep x alive. It panics if x is nil.
func (s *Set[T]) Add(x *T) (added bool) {
	if x == nil {
		panicNilMember("Add")
	}
	_, loaded := s.m.LoadOrStore(x, struct{}{})
	return !loaded
}

// Contains reports whether x is in the set. It panics if x is nil.
func (s *Set[T]) Contains(x *T) bool {
	if x == nil {
		panicNilMember("Contains")
	}
	_, ok := s.m.Load(x)
	return ok
}

// Delete removes x. It panics if x is nil.
func (s *Set[T]) Delete(x *T) {
	if x == nil {
		panicNilMember("Delete")
	}
	s.m.Delete(x)
}

// Len returns the number of live members: O(n), weakly consistent.
func (s *Set[T]) Len() int { return s.m.Len() }

// RawLen returns the number of stored members, counting collected ones not
// yet swept, in O(shards).
func (s *Set[T]) RawLen() int { return s.m.RawLen() }

// All returns a lazy iterator over the live members, with Map.All's
// guarantees.
func (s *Set[T]) All() iter.Seq[*T] {
	all := s.m.All()
	return func(yield func(*T) bool) {
		all(func(x *T, _ struct{}) bool { return yield(x) })
	}
}

// Clear removes every member.
func (s *Set[T]) Clear() { s.m.Clear() }

// Sweep removes the collected members now and returns how many it removed.
func (s *Set[T]) Sweep() (removed int) { return s.m.Sweep() }

// Stats returns the set's shard count, raw length and sweep record.
func (s *Set[T]) Stats() Stats { return s.m.Stats() }
