package weakmap

import (
	"runtime"
	"weak"

	"github.com/weakstripe/weakstripe/internal/cacheline"
	"github.com/weakstripe/weakstripe/shard"
)

// WithGCCleanup makes the map register a cleanup (runtime.AddCleanup) on
// each weakly held object it stores, the value for a Map, the key for a
// KeyMap or Set, which removes the object's entry soon after the garbage
// collector frees the object, on top of the counter-driven sweeps. Use it
// when dead entries must not linger, for example when the eviction
// callback must run promptly. It costs a runtime.AddCleanup (and a Stop of
// the registration it replaces) on every store of a Map, which makes an
// entry for each stored value, and on every store of a KeyMap or Set key
// that is not already in the map (a key's registration is kept while it
// stays). A dropped map stops its entries' cleanups, in time linear in what
// it held.
//
// A pending cleanup never keeps the map alive: it refers to the map through
// a weak pointer and does nothing if the map is gone. It removes an entry
// only if the slot still holds the weak pointer the cleanup was made for,
// so a key stored again after its old value died keeps its new entry. A
// replaced or deleted entry's cleanup is stopped, so cleanups never stack
// up on an object stored many times.
//
// The cleanup takes the entry's shard lock, like any writer, rather than
// queueing the removal for the next writer of the shard (Java's
// ReferenceQueue): a queue could at best spare writers the cleanup's hold
// of the lock, which under churn costs them nothing measurable (see "GC
// cleanups: shard lock or queue" in results/README.md); and the entry is
// gone when the cleanup returns, instead of at some later write to its
// shard, which might never come.
func WithGCCleanup() Option {
	return func(c *config) { c.gcCleanup = true }
}

// reg is one GC cleanup a map registered on an object of type T: its
// handle, and a weak pointer to the object, which Stop needs reachable.
//
// While an entry holds it, and after a sweep removed the entry until the
// cleanup runs, it is linked in its shard's ledger. Whoever takes an entry
// out of the map with the shard locked unlinks its reg there (unless the
// entry that replaces it holds the same reg) and stops it after unlocking.
// So the regs linked in a shard's list are those of its entries, plus
// those of entries swept because the object died, whose cleanups are
// queued; and a reg an entry in the table holds was never stopped.
type reg[T any] struct {
	cl         runtime.Cleanup
	wp         weak.Pointer[T]
	prev, next *reg[T]
}

// stop stops r's cleanup, if r is not nil. Stop is only guaranteed to work
// while the object is reachable, so it is resolved and kept alive across
// the call; if it is already dead its cleanup is queued or done, and
// finds its entry gone.
func (r *reg[T]) stop() {
	if r == nil {
		return
	}
	p := r.wp.Value()
	r.cl.Stop()
	runtime.KeepAlive(p)
}

// unlockAndStop unlocks s, then stops r1 and r2 (either may be nil):
// registrations that a write took out of the ledger under s's lock (a
// deleted or replaced entry's) or never linked (one made for an entry that
// was not stored). Unlock may run the eviction callback, for what a
// shrinking shard or a reader's sweep step left pending; the registrations
// are stopped even if that callback panics, or nothing would ever stop
// them.
func unlockAndStop[K comparable, E, T any](s *shard.Shard[K, E], r1, r2 *reg[T]) {
	defer r2.stop()
	defer r1.stop()
	s.Unlock()
}

// A ledger lists, per shard, the GC cleanups registered for that shard's
// entries; list i is guarded by shard i's lock. It is the argument of the
// cleanup registered on the map itself, which stops them all when the map
// is dropped: otherwise each abandoned entry would keep a cleanup (some 200
// bytes) on its object until the object died, and a short-lived map over
// long-lived objects would leak. So a ledger must never reach the map, nor
// anything that may reach it: not the table, its hooks (the eviction
// callback may refer to the map), nor the entries' keys and values. It
// holds only regs, whose objects it refers to weakly.
type ledger[T any] struct {
	heads []ledgerHead[T]
}

// ledgerHead is a list's sentinel, padded so that writers of different
// shards do not share its cache line.
type ledgerHead[T any] struct {
	reg[T]
	_ [cacheline.Size]byte
}

func newLedger[T any](shards int) *ledger[T] {
	l := &ledger[T]{heads: make([]ledgerHead[T], shards)}
	for i := range l.heads {
		h := &l.heads[i].reg
		h.prev, h.next = h, h
	}
	return l
}

// replace records, under shard i's lock, that an entry holding add (nil
// for a deletion) took the place of one holding drop (nil for an
// insertion). It returns the reg to stop once the lock is released: drop,
// unless the new entry keeps it.
func (l *ledger[T]) replace(i int, add, drop *reg[T]) *reg[T] {
	if add == drop {
		return nil
	}
	if add != nil && add.next == nil {
		h := &l.heads[i].reg
		add.prev, add.next = h, h.next
		h.next.prev = add
		h.next = add
	}
	drop.unlink()
	return drop
}

// unlink takes r, if linked, out of its list, under its shard's lock.
func (r *reg[T]) unlink() {
	if r == nil || r.next == nil {
		return
	}
	r.prev.next, r.next.prev = r.next, r.prev
	r.prev, r.next = nil, nil
}

// detach unlinks every reg of list i, under shard i's lock, and returns
// them to be stopped once the lock is released.
func (l *ledger[T]) detach(i int) []*reg[T] {
	h := &l.heads[i].reg
	var rs []*reg[T]
	for r := h.next; r != h; {
		next := r.next
		r.prev, r.next = nil, nil
		rs = append(rs, r)
		r = next
	}
	h.prev, h.next = h, h
	return rs
}

// stopAll is the cleanup of a dropped map: it stops every cleanup still
// registered for its entries. It takes no lock. Nothing else can touch the
// lists any more. No method of the map is running: the map is unreachable.
// And an entry's cleanup touches the lists only through the map, which it
// holds strongly (from its weak pointer's Value) while it does: so while
// one runs, the map is reachable and stopAll is not queued; and one that
// runs after the map became unreachable finds its weak pointer nil (the
// collector clears weak pointers to an object in the cycle that finds it
// unreachable, before it queues the object's cleanups), and does nothing.
func stopAll[T any](l *ledger[T]) {
	for i := range l.heads {
		for _, r := range l.detach(i) {
			r.stop()
		}
	}
}
