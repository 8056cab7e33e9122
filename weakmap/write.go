package weakmap

import (
	"unsafe"

	"github.com/weakstripe/weakstripe/internal/cacheline"
	"github.com/weakstripe/weakstripe/shard"
)

// op is what a write decides to do with its key's entry.
type op uint8

const (
	opKeep   op = iota // leave the entry, or its absence, as it is
	opStore            // store the new entry in the key's slot
	opDelete           // delete the key's entry
)

// A stopper stops a GC cleanup registration once the shard lock is
// released: a *reg[T], possibly nil.
type stopper interface{ stop() }

// cleanupLedger is the kernel's view, through the slot type E, of the
// ledger of a map made WithGCCleanup (see reg): it knows which
// registration each E holds.
type cleanupLedger[E any] interface {
	// replaced records, under shard i's lock, that an entry holding add
	// (nil for a deletion) took the place of one holding drop (nil for an
	// insertion), and returns the registration to stop after unlocking.
	replaced(i int, add, drop *E) stopper
	// unstored stops the registration of add, which was made for an entry
	// that was not stored.
	unstored(add *E)
}

// write is the write kernel: every write of every map goes through it,
// except Store, which Map, StrongMap and KeyMap write out by hand to avoid
// the closure and interface calls on their hottest write (Map's and
// KeyMap's Swap share Store's code; see Map.put).
//
// It locks the shard of h (key's hash), finds key's entry (nil if there is
// none) and asks decide what to do with it. decide runs under the lock, so
// it must be short and must not call the map. write applies the decision:
// opStore stores the entry decide returns, opDelete deletes the one found
// (nothing, if there was none); in a Map, whose Stores change entries
// without the lock, a present key's entry takes the new entry's value in
// place instead (writeInPlace). Still under the lock it records in the
// ledger the registrations the write added and retired; then it unlocks,
// stops the retired registration, and counts the write toward a sweep
// step. If fresh (an entry made before the lock, to keep weak.Make and
// runtime.AddCleanup out of it) is not the entry stored, its registration
// is stopped too.
//
// If decide panics, the shard is unlocked, the map is unchanged, fresh's
// registration is stopped, and the panic goes on. If the eviction callback
// that Unlock may run panics (for entries a shrinking shard or a reader's
// sweep step left pending), the write is done all the same: the retired
// registration is stopped, and fresh's is kept if fresh was stored.
//
// It returns the entry found and what was done: opKeep if nothing changed.
func (c *core[K, E]) write(h uint64, key K, fresh *shard.Entry[K, E], decide func(old *shard.Entry[K, E]) (*shard.Entry[K, E], op)) (old *shard.Entry[K, E], done op) {
	var w written
	if c.ledger != nil {
		defer c.retire(fresh, &w)
	}
	old, done = c.writeLocked(h, key, fresh, decide, &w)
	if done != opKeep {
		c.tick(h)
	}
	return old, done
}

// written is what writeLocked reports to write's deferred retire, set
// before the shard is unlocked, so that a panic in Unlock loses neither.
type written struct {
	storedFresh bool    // fresh is in the table
	drop        stopper // the registration the write retired, to stop
}

// retire stops, after unlocking, the registration a write retired and, if
// fresh was not stored, fresh's.
func (c *core[K, E]) retire(fresh *shard.Entry[K, E], w *written) {
	if w.drop != nil {
		w.drop.stop()
	}
	if fresh != nil && !w.storedFresh {
		c.ledger.unstored(&fresh.Value)
	}
}

// writeLocked is write's locked part. It always unlocks, also when decide
// panics, and fills in w before unlocking.
func (c *core[K, E]) writeLocked(h uint64, key K, fresh *shard.Entry[K, E], decide func(*shard.Entry[K, E]) (*shard.Entry[K, E], op), w *written) (old *shard.Entry[K, E], done op) {
	s := c.t.Lock(h)
	defer s.Unlock()
	pos, old := s.Find(h, key)
	if old != nil && c.inPlace != nil {
		return old, c.writeInPlace(s, h, pos, old, decide)
	}
	ne, done := decide(old)
	var add, gone *E
	switch {
	case done == opStore:
		s.Set(h, pos, ne)
		add = &ne.Value
	case done == opDelete && old != nil:
		s.Delete(pos)
	default:
		return old, opKeep
	}
	if c.ledger != nil {
		if old != nil {
			gone = &old.Value
		}
		w.drop = c.ledger.replaced(c.t.ShardOf(h), add, gone)
		w.storedFresh = fresh != nil && ne == fresh && done == opStore
	}
	return old, done
}

// inPlaceSlots is how the write kernel changes an entry of slot type E in
// place, for a map whose Stores change entries without the lock (Map; see
// ref): an atomic load, a compare-and-swap, and the value that seals an
// entry.
type inPlaceSlots[E any] interface {
	load(p *E) E
	cas(p *E, old, new E) bool
	sealed() E
	// pin returns a strong pointer to the value e holds, nil if it was
	// collected: held, it keeps that answer from changing.
	pin(e E) unsafe.Pointer
	// same reports whether a and b hold the same weak pointer.
	same(a, b E) bool
}

// scratchEntry is a shard's copy of an entry for writeInPlace, used only
// under that shard's lock. The padding keeps the shards' copies on lines
// of their own: writers of different shards do not share one.
type scratchEntry[K comparable, E any] struct {
	e   shard.Entry[K, E]
	pin unsafe.Pointer // e's value, held strongly while decide runs
	_   [cacheline.Size]byte
}

// changeInPlace makes the kernel change present keys' entries in place,
// through slots, for a map whose Stores do so without the lock. Such a map
// has no ledger: an entry with a GC cleanup owns its registration and is
// never changed (writeInPlace neither records nor stops registrations,
// and removeIfHolds does not seal).
func (c *core[K, E]) changeInPlace(slots inPlaceSlots[E]) {
	c.inPlace = slots
	c.scratch = make([]scratchEntry[K, E], c.t.Shards())
}

// writeInPlace is writeLocked for a key whose entry old is present, in a
// map whose Stores change entries without the lock (Map.put). Such a Store
// may land at any moment, so decide is shown a copy of the entry, taken
// once, and the decision is applied to old by a compare-and-swap from the
// value that copy holds: opStore puts the new entry's value in old, and
// opDelete seals old (see ref) before it deletes it. Entries are never
// replaced here, so a Store that found old still writes the key's entry.
//
// If a Store of another value lands between the copy and the swap, the
// swap fails and old keeps the Store's value: the write then takes effect,
// in the order of operations, right before that Store, which replaces
// whatever it finds and returns nothing, so no caller can tell the two
// orders apart. decide's answer stands, and write returns it. (Every other
// write of the key waits for the lock, so only such Stores can come in
// between. A Store of the value the copy holds leaves old as it was, and
// the swap succeeds.) For that order to hold, what decide saw must still
// have been true right before that Store: so the copy's value is pinned
// (held strongly) until the swap, and the copy is taken only once old is
// seen to hold the same weak pointer after the pinning. Then a value
// decide finds live cannot be collected before the swap, and one it finds
// collected was collected while old still held it.
func (c *core[K, E]) writeInPlace(s *shard.Shard[K, E], h uint64, pos int, old *shard.Entry[K, E], decide func(*shard.Entry[K, E]) (*shard.Entry[K, E], op)) op {
	// The copy lives in the shard's scratch slot, not on the stack: decide
	// is a closure the compiler cannot see into, so a local copy would
	// escape and cost an allocation on every write.
	sc := &c.scratch[c.t.ShardOf(h)]
	defer func() { sc.e, sc.pin = shard.Entry[K, E]{}, nil }() // holds no key or value past the write
	cp := &sc.e
	// The copy is of a value that old held after it was pinned: a value
	// pinned dead might have been live when old last changed, before.
	v := c.inPlace.load(&old.Value)
	for {
		sc.pin = c.inPlace.pin(v)
		w := c.inPlace.load(&old.Value)
		if c.inPlace.same(v, w) {
			break
		}
		v = w
	}
	*cp = shard.Entry[K, E]{Key: old.Key, Value: v}
	ne, done := decide(cp)
	switch done {
	case opStore:
		c.inPlace.cas(&old.Value, cp.Value, ne.Value)
	case opDelete:
		if c.inPlace.cas(&old.Value, cp.Value, c.inPlace.sealed()) {
			s.Delete(pos)
		}
	}
	return done
}

// slotLedger is a map's ledger seen through its slot type E, whose pointer
// type P says which registration a slot holds (nil for a nil slot).
type slotLedger[T, E any, P interface {
	*E
	registration() *reg[T]
}] struct{ l *ledger[T] }

func (s slotLedger[T, E, P]) replaced(i int, add, drop *E) stopper {
	if r := s.l.replace(i, P(add).registration(), P(drop).registration()); r != nil {
		return r
	}
	return nil
}

func (s slotLedger[T, E, P]) unstored(add *E) { P(add).registration().stop() }
