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
// never wait for a lock, nor do Stores of a present key (see Store).
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
// it finds, without the shard lock (storeOpen), instead of publishing a
// new entry: it allocates nothing, and writes no line but the entry's.
// So the field changes after the entry is published, and every read of it
// goes through load, an atomic load, which the race detector sees (a
// plain load on amd64, a load-acquire on arm64). The writes under the lock
// that depend on the value they replace (Swap, and every write of the
// kernel, see core.writeInPlace) change it only by compare-and-swap from
// what they read; those that do not (a Store that took the lock, Clear's
// seal) store it.
//
// An entry the map lets go (Delete, a sweep, a growth or shrink that
// drops it, Clear) is sealed first, under the lock: its weak pointer is
// given the sealed handle, which storeOpen never writes over. A Store that
// found the entry just before it left the table then takes the locked
// path, and stores its value where the key is now instead of into an
// entry that nothing reads any more. The sealed handle's word is 0, so a
// sealed entry reads as collected to everything else.
type ref[V any] struct {
	wp weak.Pointer[V]
}

// sealedWord is the word the sealed handle points to: 0, as in the handle
// of a collected value.
var sealedWord uintptr

// sealedHandle is the handle of a sealed entry's weak pointer. No
// weak.Make returns it: the runtime allocates every handle it hands out
// (on the heap, or off it for pointers to globals), and never gives out
// the address of a variable of this package.
var sealedHandle = unsafe.Pointer(&sealedWord)

// sealedRef returns the ref of a sealed entry.
func sealedRef[V any]() ref[V] {
	var r ref[V]
	*r.handle() = sealedHandle
	return r
}

// handle returns the address of the handle pointer in r's weak pointer.
func (r *ref[V]) handle() *unsafe.Pointer {
	return &(*weakLayout)(unsafe.Pointer(&r.wp)).handle
}

// handleOf returns wp's handle pointer.
func handleOf[V any](wp weak.Pointer[V]) unsafe.Pointer {
	return (*weakLayout)(unsafe.Pointer(&wp)).handle
}

// load returns the weak pointer r holds.
func (r *ref[V]) load() weak.Pointer[V] {
	if !oneWord {
		return r.wp // never replaced in place: see inPlace
	}
	var wp weak.Pointer[V]
	// r.handle(), written out: every Load calls load, and the inlined
	// method call leaves behind a load and nil check of its dictionary,
	// 4 instructions a hit (counted under callgrind).
	(*weakLayout)(unsafe.Pointer(&wp)).handle = atomic.LoadPointer(&(*weakLayout)(unsafe.Pointer(&r.wp)).handle)
	return wp
}

// set replaces the weak pointer r holds. The caller holds the lock of the
// shard whose table holds r's entry, and inPlace is true.
func (r *ref[V]) set(wp weak.Pointer[V]) {
	atomic.StorePointer(r.handle(), handleOf(wp))
}

// cas replaces the weak pointer r holds with new if it is old, and reports
// whether it did. inPlace is true.
func (r *ref[V]) cas(old, new weak.Pointer[V]) bool {
	return atomic.CompareAndSwapPointer(r.handle(), handleOf(old), handleOf(new))
}

// storeOpen gives r the weak pointer wp unless r's entry is sealed, and
// reports whether it did: Store's path without the lock. Its swap takes
// effect at once, or not at all if the map sealed the entry first.
func (r *ref[V]) storeOpen(wp weak.Pointer[V]) bool {
	p, nh := r.handle(), handleOf(wp)
	for {
		h := atomic.LoadPointer(p)
		if h == sealedHandle {
			return false
		}
		if atomic.CompareAndSwapPointer(p, h, nh) {
			return true
		}
	}
}

// refSlots is how the write kernel changes a Map entry in place (see
// core.writeInPlace).
type refSlots[V any] struct{}

func (refSlots[V]) load(r *ref[V]) ref[V]               { return ref[V]{wp: r.load()} }
func (refSlots[V]) cas(r *ref[V], old, new ref[V]) bool { return r.cas(old.wp, new.wp) }
func (refSlots[V]) sealed() ref[V]                      { return sealedRef[V]() }
func (refSlots[V]) pin(r ref[V]) unsafe.Pointer         { return unsafe.Pointer(r.wp.Value()) }
func (refSlots[V]) same(a, b ref[V]) bool               { return a.wp == b.wp }

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
	alive := func(e *entry[K, V]) bool {
		wp := e.Value.load()
		return notCleared(&wp) && !dropLive(unsafe.Pointer(e))
	}
	var aliveLocked func(e *entry[K, V]) bool
	if inPlace && !cfg.gcCleanup {
		// Stores write entries without the lock (see ref): the table's
		// last word on a dead entry seals it, unless a Store has given
		// it a live value since alive's answer.
		aliveLocked = func(e *entry[K, V]) bool {
			wp := e.Value.load()
			if notCleared(&wp) && !dropLive(unsafe.Pointer(e)) {
				return true
			}
			return !e.Value.cas(wp, sealedRef[V]().wp)
		}
	}
	m.init(cfg, hash, alive, aliveLocked, evicted)
	if aliveLocked != nil {
		m.changeInPlace(refSlots[V]{})
	}
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
// allocates nothing and takes no lock, unless the map was made
// WithGCCleanup: it gives the key's entry the new weak pointer, and so
// writes only that entry, where a lock would write the shard's line too.
// Such a Store does not count toward a sweep step (see the package
// documentation). (weak.Make allocates a value's weak handle the first
// time the value is given one, in this map or elsewhere. On a Go whose
// weak pointers this package cannot read, every Store allocates a new
// entry and takes the lock.)
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
// in between, but for a Store of a present key, which takes no lock: if
// one of another value lands while f runs, the key keeps that Store's
// value, as if Compute had come just before the Store. Keep f short, and do not call the map
// from it (that may deadlock). Loads of any key do not wait for it. If f panics, the map is
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
	var h uint64
	var ne *entry[K, V]
	var wp weak.Pointer[V]
	if m.cleanup {
		h = t.Hash(key)
		r, cl := m.newRef(h, value)
		ne = m.newEntry(key, r, cl)
	} else {
		// newRef's first line: the compiler does not inline it in shaped
		// code, and its call would cost on every Store.
		wp = weak.Make(value)
		if !inPlace {
			h = t.Hash(key)
			ne = &entry[K, V]{Key: key, Value: ref[V]{wp: wp}}
		} else if wantPrevious {
			h = t.Hash(key) // Swap: under the lock (see below)
		} else {
			var e *entry[K, V]
			e, h = t.Get(key)
			if e != nil && e.Value.storeOpen(wp) {
				// The key is present (its value live or collected): its
				// entry takes the new weak pointer, without the lock,
				// and the Store allocates nothing. It does not count
				// toward a sweep step: it adds no entry, so no garbage,
				// and counting would write the shard's line, which this
				// path leaves to the writers that need the lock. A sweep
				// that found the entry dead before this asks again
				// under the lock, and seals the entry only if it is
				// still dead (see ref).
				if m.retain != nil {
					m.retainStored(key, h, value) // retain.go
				}
				return nil
			}
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
			// The key is present: Swap, or a Store whose entry was sealed
			// as it looked (a new one took its place since), or stored
			// while the lock was free. Its entry takes the new weak
			// pointer. An entry the lock's holder finds is never sealed
			// (the map seals an entry only as it unlinks it). Stores
			// without the lock may still land: Store, which reads
			// nothing, just stores; Swap swaps by compare-and-swap.
			if wantPrevious {
				// The previous value is resolved before the swap, and
				// held through it: resolved after, it might have been
				// collected in between, and Swap would report none
				// where a live value was replaced.
				for {
					cur := old.Value.load()
					previous = cur.Value()
					if old.Value.cas(cur, wp) {
						break
					}
				}
			} else {
				old.Value.set(wp)
			}
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
	var seal func(*entry[K, V])
	if m.inPlace != nil {
		seal = func(e *entry[K, V]) { e.Value.set(sealedRef[V]().wp) }
	}
	clearAll(m.table(), m.regs, seal)
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
