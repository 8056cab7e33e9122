package weakmap

import (
	"iter"
	"runtime"
	"sync/atomic"
	"unsafe"
	"weak"

	"github.com/weakstripe/weakstripe/shard"
)

// Map is a concurrent map from K to *V that holds its values weakly: an
// entry lives while something outside the map keeps its value reachable,
// and is treated as absent once the garbage collector has freed the value.
// Dead entries are removed by sweep steps (see the package documentation).
//
// A Map must be made with New and must not be copied after first use (go
// vet reports copies). Its methods may be called from any goroutine. Loads
// never wait for a lock.
//
// In the terminology of [the Go memory model], Map arranges that a write
// operation "synchronizes before" any read operation that observes the
// effect of the write, where read and write operations are defined as
// follows. [Map.Load], [Map.LoadAndDelete], [Map.LoadOrStore],
// [Map.LoadOrCompute], [Map.LoadOrTryCompute], [Map.Compute], [Map.Swap],
// [Map.CompareAndSwap] and [Map.CompareAndDelete] are read operations, and
// so are [Map.All], [Map.Keys], [Map.Values], [Map.Range] and
// [Map.Snapshot] for each entry they yield; [Map.Delete],
// [Map.LoadAndDelete], [Map.Store] and [Map.Swap] are write operations;
// [Map.LoadOrStore], [Map.LoadOrCompute] and [Map.LoadOrTryCompute] are
// write operations when they return loaded set to false (and no error);
// [Map.Compute] is a write operation when its function returns UpdateOp or
// DeleteOp; [Map.CompareAndSwap] is a write operation when it returns
// swapped set to true; and [Map.CompareAndDelete] is a write operation when
// it returns deleted set to true.
//
// [the Go memory model]: https://go.dev/ref/mem
type Map[K comparable, V any] struct {
	noCopy noCopy

	core[K, ref[V]]
	self    weak.Pointer[Map[K, V]] // what GC cleanups hold: never keeps the map alive
	regs    *ledger[V]              // with WithGCCleanup: the entries' cleanups
	flights pointerFlights[K, V]    // the creates of LoadOrCompute in flight
}

// ref is what a Map slot stores: the value's weak pointer, and nothing
// else, so that an entry with a string key takes 24 bytes (a size class
// less than with a second word). Load reads only the weak pointer.
//
// A Store of a key that is present replaces the weak pointer in the entry
// it finds, under the shard lock (set), instead of publishing a new entry:
// it allocates nothing. So the field changes after the entry is published,
// and every read of it goes through load, an atomic load, which the race
// detector sees (a plain load on amd64, a load-acquire on arm64).
type ref[V any] struct {
	wp weak.Pointer[V]
}

// load returns the weak pointer r holds.
func (r *ref[V]) load() weak.Pointer[V] {
	if !oneWord {
		return r.wp // never replaced in place: see inPlace
	}
	var wp weak.Pointer[V]
	(*weakLayout)(unsafe.Pointer(&wp)).handle = atomic.LoadPointer(&(*weakLayout)(unsafe.Pointer(&r.wp)).handle)
	return wp
}

// set replaces the weak pointer r holds. The caller holds the lock of the
// shard whose table holds r's entry, and inPlace is true.
func (r *ref[V]) set(wp weak.Pointer[V]) {
	atomic.StorePointer(&(*weakLayout)(unsafe.Pointer(&r.wp)).handle, (*weakLayout)(unsafe.Pointer(&wp)).handle)
}

// oneWord reports whether a weak.Pointer is one word, which load and set
// read and write as the handle pointer (a constant: the size of
// weak.Pointer[V] does not depend on V). load tests only this constant,
// to stay a single load on Load's path; a Go whose one word were not a
// pointer would fail TestKnownHandleLayout (the check behind
// handlesReadable and so inPlace) before any release ran on it.
const oneWord = unsafe.Sizeof(weak.Pointer[byte]{}) == unsafe.Sizeof(weakLayout{})

type entry[K comparable, V any] = shard.Entry[K, ref[V]]

// cleanupEntry is how every entry of a Map made WithGCCleanup is
// allocated: the entry, followed in the same object by the registration of
// the cleanup on its value (nil for an entry that has none, such as the
// test seam's). The table holds a pointer to e, the same *entry as without
// the option, so Load does not know the difference; the writes and the
// cleanup, which alone need the registration, find it right after the
// entry's Value (see registration). Maps without the option allocate
// bare entries and pay nothing for it.
type cleanupEntry[K comparable, V any] struct {
	e  entry[K, V]
	cl *reg[V]
}

// newEntry returns an entry holding r under key, with cl as its
// registration if m was made WithGCCleanup (cl must be nil otherwise).
func (m *Map[K, V]) newEntry(key K, r ref[V], cl *reg[V]) *entry[K, V] {
	if m.cleanup {
		return &(&cleanupEntry[K, V]{e: entry[K, V]{Key: key, Value: r}, cl: cl}).e
	}
	return &entry[K, V]{Key: key, Value: r}
}

// newRef makes the ref that stores v under the key of hash h. With
// WithGCCleanup it registers a cleanup on v, and returns its registration,
// which the caller must store with the ref (newEntry) and link in the
// ledger if it stores the entry, and stop if it does not.
func (m *Map[K, V]) newRef(h uint64, v *V) (ref[V], *reg[V]) {
	r := ref[V]{wp: weak.Make(v)}
	if !m.cleanup {
		return r, nil
	}
	g := &reg[V]{wp: r.wp}
	g.cl = runtime.AddCleanup(v, cleanMapEntry[K, V], mapCleanup[K, V]{m: m.self, h: h, r: g})
	return r, g
}

func (m *Map[K, V]) valueIn(e *entry[K, V]) *V { return e.Value.load().Value() }

func (m *Map[K, V]) slotFor(key K, v *V) *entry[K, V] {
	var h uint64 // only a cleanup needs the key's hash
	if m.cleanup {
		h = m.t.Hash(key)
	}
	r, cl := m.newRef(h, v)
	return m.newEntry(key, r, cl)
}

// registration returns the cleanup registration of the entry whose Value
// r is, or nil if r is nil. It must be called only for the entries of a
// Map made WithGCCleanup, which are allocated as cleanupEntry: the
// registration is the word after the entry, and an entry's Value is its
// last field (TestCleanupEntryLayout checks both), so it is the word right
// after r, in the same object. That holds wherever a pointer is 8 bytes
// (amd64 and arm64, where the tests run): ref is then one word whose
// alignment no key type exceeds, so no padding follows it. On a 32-bit
// platform, a key type aligned to 8 bytes would leave padding there.
// Under -race, checkptr stops a read past the object, which is what an
// entry allocated without its registration would cause.
func (r *ref[V]) registration() *reg[V] {
	if r == nil {
		return nil
	}
	return *(**reg[V])(unsafe.Add(unsafe.Pointer(r), unsafe.Sizeof(*r)))
}

// replaced records, under the lock of the shard of hash h, that ne (nil
// for a deletion) took the place of old (nil for an insertion), and
// returns the registration to stop once the lock is released.
func (m *Map[K, V]) replaced(h uint64, ne, old *entry[K, V]) *reg[V] {
	if m.regs == nil {
		return nil
	}
	var add, drop *reg[V]
	if ne != nil {
		add = ne.Value.registration()
	}
	if old != nil {
		drop = old.Value.registration()
	}
	return m.regs.replace(m.t.ShardOf(h), add, drop)
}

// mapCleanup is the argument of a Map's GC cleanup. It must not refer to
// the value (or the value would never die), nor to the map but weakly,
// nor to the key: the runtime keeps a cleanup's argument alive while the
// value lives, and a key may refer to the map (a *Request whose fields
// include the map), which would keep a dropped map alive, and its stopAll
// from ever running, as long as any of its values lived. So it holds the
// key's hash, and finds the entry by its registration r, which the entry
// holds until it is replaced or deleted.
type mapCleanup[K comparable, V any] struct {
	m weak.Pointer[Map[K, V]]
	h uint64
	r *reg[V]
}

func cleanMapEntry[K comparable, V any](a mapCleanup[K, V]) {
	if m := a.m.Value(); m != nil {
		m.removeIfHolds(a.h, a.r.unlink, func(e *entry[K, V]) bool { return e.Value.registration() == a.r })
	}
}

// New returns an empty Map. It panics if V has size zero: weak pointers to
// zero-size values never expire.
func New[K comparable, V any](opts ...Option) *Map[K, V] {
	checkNonZeroSize[V]("New", "value type")
	cfg := newConfig(opts)
	mapType := "Map[" + typeName[K]() + ", " + typeName[V]() + "]"
	evicted := evictHook(cfg, mapType, func(e *entry[K, V]) K { return e.Key })
	hash := hasherOf[K](cfg, mapType)
	m := new(Map[K, V])
	m.init(cfg, hash, func(e *entry[K, V]) bool {
		wp := e.Value.load()
		return notCleared(&wp) && !dropLive(unsafe.Pointer(e))
	}, evicted)
	m.self = weak.Make(m)
	m.flights.init(m.t.Shards())
	m.retain = newRetainer(cfg.retain, m.t.Shards(), m.t.TakeMarks) // retain.go
	if cfg.gcCleanup {
		m.regs = newLedger[V](m.t.Shards())
		m.ledger = slotLedger[V, ref[V], *ref[V]]{m.regs}
		runtime.AddCleanup(m, stopAll[V], m.regs)
	}
	return m
}

// Load returns the value stored under key, or (nil, false) if there is none
// or it has been collected. It never waits for a lock: when it finds a
// collected entry and it is its turn to run a sweep step, it runs the step
// only if the shard's lock is free at once.
func (m *Map[K, V]) Load(key K) (value *V, ok bool) {
	injectLoad() // nothing, unless built for the gate's calibration
	if r := m.retain; r != nil {
		// A hit of a marked key writes nothing and touches nothing beyond
		// the table (see retainer). Written out here: a call less.
		e, h, marked := m.table().GetMarked(key)
		if e == nil {
			return nil, false
		}
		if v := e.Value.load().Value(); v != nil {
			if !marked {
				if r.hitUnmarked(h, unsafe.Pointer(v), m.t.MarkOf(h, key)) { // retain.go
					m.confirmRetained(key, h, v)
				}
			}
			return v, true
		}
		m.tickRead(h)
		return nil, false
	}
	e, h := m.table().Get(key)
	if e == nil {
		return nil, false
	}
	if v := e.Value.load().Value(); v != nil {
		return v, true
	}
	m.tickRead(h)
	return nil, false
}

// Store sets the value for key. The map does not keep value alive.
// It panics if value is nil; use Delete to remove a key.
//
// A Store of a key that is present (its value live or collected)
// allocates nothing, unless the map was made WithGCCleanup: it gives the
// key's entry the new weak pointer. (weak.Make allocates a value's weak
// handle the first time the value is given one, in this map or elsewhere.
// On a Go whose weak pointers this package cannot read, every Store
// allocates a new entry.)
func (m *Map[K, V]) Store(key K, value *V) {
	injectStore() // nothing, unless built for the gate's calibration
	m.put("Store", key, value, false)
}

// LoadOrStore returns the live value stored under key, if any, and true.
// Otherwise it stores value (replacing a collected one) and returns it and
// false. It panics if value is nil.
func (m *Map[K, V]) LoadOrStore(key K, value *V) (actual *V, loaded bool) {
	if value == nil {
		panicNilValue("LoadOrStore")
	}
	actual, loaded = loadOrStore(&m.core, m, key, value)
	m.retainUsed(key, actual, loaded) // retain.go
	return actual, loaded
}

// LoadOrCompute returns the live value stored under key, if any, and true.
// Otherwise it calls create, stores its result and returns it and false.
// create must not return nil.
//
// create runs without any lock held, so it may take long and may call the
// map, for other keys too. Concurrent LoadOrCompute and LoadOrTryCompute
// calls for the same key do not run create again: they wait for the call
// whose create is running, and return the value that call leaves under
// key, as loaded.
// Calls for other keys never wait for it. create must not call
// LoadOrCompute or LoadOrTryCompute for its own key: that call would wait
// for create, which would wait for it.
//
// Other writes do not wait for a create (Store, Swap, LoadOrStore and
// Compute of the key do not): if one stores a live value under key while
// create runs, that value wins. LoadOrCompute then returns it, as loaded,
// and drops create's result.
//
// If create panics, nothing is stored and the panic goes on to the caller;
// the calls waiting for that create start over, and one of them runs its
// own create.
func (m *Map[K, V]) LoadOrCompute(key K, create func() *V) (actual *V, loaded bool) {
	if create == nil {
		panicNilCreate("LoadOrCompute")
	}
	actual, loaded, _ = loadOrTryCompute(&m.core, m, &m.flights, "LoadOrCompute", key, false, func() (*V, error) { return create(), nil })
	m.retainUsed(key, actual, loaded) // retain.go
	return actual, loaded
}

// LoadOrTryCompute is LoadOrCompute for a create that may fail. If create
// returns an error, nothing is stored and LoadOrTryCompute returns (nil,
// false, err); so do the LoadOrTryCompute calls for the same key that were
// waiting for that create, while waiting LoadOrCompute calls start over.
// Nothing remembers the error: the next call runs create again. create
// must return a non-nil value or an error.
func (m *Map[K, V]) LoadOrTryCompute(key K, create func() (*V, error)) (actual *V, loaded bool, err error) {
	if create == nil {
		panicNilCreate("LoadOrTryCompute")
	}
	actual, loaded, err = loadOrTryCompute(&m.core, m, &m.flights, "LoadOrTryCompute", key, true, create)
	if err == nil {
		m.retainUsed(key, actual, loaded) // retain.go
	}
	return actual, loaded, err
}

// Compute changes the value stored under key atomically: it calls f with
// key's live value (old, and loaded true) or with (nil, false) if there
// is none, and does what f returns: with UpdateOp it stores new (which
// must not be nil) and returns it and true; with DeleteOp it deletes key
// and returns (nil, false); with CancelOp it leaves key as it is and
// returns (old, loaded). f is called exactly once.
//
// f runs while key's shard is locked, so that no other write of key comes
// in between: keep it short, and do not call the map from it (that may
// deadlock). Loads of any key do not wait for it. If f panics, the map is
// left unchanged.
func (m *Map[K, V]) Compute(key K, f func(old *V, loaded bool) (new *V, op ComputeOp)) (actual *V, ok bool) {
	actual, ok = compute(&m.core, m, key, f)
	m.retainComputed(key, actual, ok) // retain.go
	return actual, ok
}

// Swap stores value under key and returns the previous live value, if any.
// It panics if value is nil. Like Store, it allocates nothing when key is
// present.
func (m *Map[K, V]) Swap(key K, value *V) (previous *V, loaded bool) {
	previous = m.put("Swap", key, value, true)
	return previous, previous != nil
}

// put stores value under key for Store and Swap, and returns the previous
// live value if wantPrevious (resolving it costs a Value call).
//
// It is the write kernel (core.write) written out by hand for the
// hottest write: the kernel's closure and ledger interface calls cost
// measurable time on every Store, and the ledger is consulted here only
// when there is one.
func (m *Map[K, V]) put(method string, key K, value *V, wantPrevious bool) (previous *V) {
	if value == nil {
		panicNilValue(method)
	}
	t := m.table()
	h := t.Hash(key)
	var ne *entry[K, V]
	var wp weak.Pointer[V]
	if m.cleanup {
		r, cl := m.newRef(h, value)
		ne = m.newEntry(key, r, cl)
	} else {
		// newRef's first line: the compiler does not inline it in shaped
		// code, and its call would cost on every Store.
		wp = weak.Make(value)
		if !inPlace {
			ne = &entry[K, V]{Key: key, Value: ref[V]{wp: wp}}
		}
	}
	s := t.Lock(h)
	slot, old := s.Find(h, key)
	if ne == nil {
		if old == nil {
			// An insert. Its entry is allocated without the lock, which
			// the shard's other writers would wait for (an allocation may
			// have to help the collector), and the key looked up again.
			s.Unlock()
			ne = &entry[K, V]{Key: key, Value: ref[V]{wp: wp}}
			s = t.Lock(h)
			slot, old = s.Find(h, key)
		}
		if old != nil {
			// The key is present (or was stored while the lock was
			// free): its entry takes the new weak pointer, and the Store
			// allocates nothing. A sweep that found the entry dead before
			// this (its old value collected) checks again under the lock
			// before it removes it (shard.Retain).
			if wantPrevious {
				previous = old.Value.load().Value()
			}
			old.Value.set(wp)
			s.Unlock()
			if m.retain != nil {
				m.retainStored(key, h, value) // retain.go
			}
			m.tick(h)
			return previous
		}
	}
	if old != nil && wantPrevious {
		previous = old.Value.load().Value()
	}
	s.Set(h, slot, ne)
	var drop *reg[V]
	if m.regs != nil { // tested here: the call costs on every Store without cleanups
		drop = m.replaced(h, ne, old)
	}
	if drop == nil {
		s.Unlock()
	} else {
		// The eviction callback, run by Unlock, may panic: drop is
		// stopped all the same.
		unlockAndStop(s, drop, nil)
	}
	if m.retain != nil { // tested here: the call costs on every Store without WithRetain
		m.retainStored(key, h, value) // retain.go
	}
	m.tick(h)
	return previous
}

// CompareAndSwap stores new under key if the live value stored there is old
// (the same pointer) and reports whether it did. A nil old matches nothing:
// an absent or collected entry is not swapped (use LoadOrStore for that).
// It panics if new is nil.
func (m *Map[K, V]) CompareAndSwap(key K, old, new *V) (swapped bool) {
	if new == nil {
		panicNilValue("CompareAndSwap")
	}
	swapped = compareAnd(&m.core, m, key, old, new)
	if swapped {
		m.retainUsed(key, new, false) // retain.go
	}
	return swapped
}

// CompareAndDelete deletes key if the live value stored there is old (the
// same pointer) and reports whether it did. A nil old matches nothing.
func (m *Map[K, V]) CompareAndDelete(key K, old *V) (deleted bool) {
	deleted = compareAnd(&m.core, m, key, old, nil)
	if deleted {
		m.retainComputed(key, nil, false) // retain.go
	}
	return deleted
}

// LoadAndDelete deletes key and returns its live value, if it had one. A
// collected entry is deleted too, and reported as absent.
func (m *Map[K, V]) LoadAndDelete(key K) (value *V, loaded bool) {
	value, loaded = loadAndDelete(&m.core, m, key)
	if loaded {
		m.retainComputed(key, nil, false) // retain.go
	}
	return value, loaded
}

// Delete deletes key.
func (m *Map[K, V]) Delete(key K) { m.LoadAndDelete(key) }

// Len returns the number of live entries. It visits every slot (O(n)),
// takes no lock, and is weakly consistent: entries stored, deleted or collected
// while it runs may or may not be counted. It removes nothing.
func (m *Map[K, V]) Len() int {
	n := 0
	m.table().Range(func(e *entry[K, V]) bool {
		if e.Value.load().Value() != nil {
			n++
		}
		return true
	})
	return n
}

// RawLen returns the number of stored entries, counting those whose values
// were collected but not yet swept. It costs O(shards), not O(n).
func (m *Map[K, V]) RawLen() int { return m.table().Len() }

// All returns an iterator over the live entries. It is lazy and holds no
// lock while the loop body runs, so the body may call any method of the
// map. Every key that is live and neither stored, deleted nor collected
// during the loop is yielded exactly once; others may or may not be.
// Breaking out of the loop stops all work. It removes nothing.
func (m *Map[K, V]) All() iter.Seq2[K, *V] {
	t := m.table()
	return func(yield func(K, *V) bool) {
		t.Range(func(e *entry[K, V]) bool {
			if v := e.Value.load().Value(); v != nil {
				return yield(e.Key, v)
			}
			return true
		})
	}
}

// Keys returns an iterator over the keys of live entries, like All.
func (m *Map[K, V]) Keys() iter.Seq[K] {
	all := m.All()
	return func(yield func(K) bool) {
		all(func(k K, _ *V) bool { return yield(k) })
	}
}

// Values returns an iterator over the live values, like All.
func (m *Map[K, V]) Values() iter.Seq[*V] {
	all := m.All()
	return func(yield func(*V) bool) {
		all(func(_ K, v *V) bool { return yield(v) })
	}
}

// Snapshot returns the live entries in a plain map of strong pointers: the
// values it holds stay alive as long as the returned map does.
func (m *Map[K, V]) Snapshot() map[K]*V {
	out := make(map[K]*V, m.RawLen())
	for k, v := range m.All() {
		out[k] = v
	}
	return out
}

// Clear deletes every entry.
func (m *Map[K, V]) Clear() {
	clearAll(m.table(), m.regs)
	m.retainCleared() // retain.go
}

// Sweep examines every entry now, removes those whose values were
// collected, and returns how many it removed.
func (m *Map[K, V]) Sweep() (removed int) { return m.sweep() }

// Stats returns the map's shard count, raw length and sweep record, and
// its hit counts (WithCacheStats) and retention (WithRetain).
func (m *Map[K, V]) Stats() Stats {
	st := m.stats()
	m.retainStats(&st) // retain.go
	return st
}

//go:noinline
func panicNilValue(method string) {
	panicf("%s called with a nil value; store a non-nil pointer, or use Delete to remove a key", method)
}
