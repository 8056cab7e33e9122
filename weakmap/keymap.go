package weakmap

import (
	"iter"
	"runtime"
	"unsafe"
	"weak"

	"github.com/weakstripe/weakstripe/shard"
)

// KeyMap is a concurrent map from *K to V that holds its keys weakly: an
// entry lives while its key is reachable from outside the map, and is
// treated as absent once the garbage collector has freed the key. It is the
// map for side tables of data about objects (metadata, listeners, state
// per request) that must die with the object.
//
// Keys are compared by identity, like JavaScript's WeakMap and Guava's
// weakKeys, not by value like Java's WeakHashMap: two distinct objects with
// equal contents are two keys, and so are two pointers into different
// fields of one object.
//
// The map keeps V strongly. A value that references its own key keeps the
// key reachable, and the entry never dies: see "No ephemerons" in the
// package documentation.
//
// A KeyMap must be made with NewKeyMap and must not be copied after first
// use (go vet reports copies). Its methods may be called from any
// goroutine. Loads never wait for a lock and do not call weak.Make.
//
// In the terminology of [the Go memory model], KeyMap arranges that a write
// operation "synchronizes before" any read operation that observes the
// effect of the write, where read and write operations are defined as
// follows. [KeyMap.Load], [KeyMap.LoadAndDelete], [KeyMap.LoadOrStore],
// [KeyMap.LoadOrCompute], [KeyMap.LoadOrTryCompute], [KeyMap.Compute] and
// [KeyMap.Swap] are read operations, and so are [KeyMap.All],
// [KeyMap.Keys], [KeyMap.Values] and [KeyMap.Snapshot] for each entry they
// yield; [KeyMap.Delete], [KeyMap.LoadAndDelete], [KeyMap.Store] and
// [KeyMap.Swap] are write operations; [KeyMap.LoadOrStore],
// [KeyMap.LoadOrCompute] and [KeyMap.LoadOrTryCompute] are write
// operations when they return loaded set to false (and no error); and
// [KeyMap.Compute] is a write operation when its function returns UpdateOp
// or DeleteOp.
//
// [the Go memory model]: https://go.dev/ref/mem
type KeyMap[K any, V any] struct {
	noCopy noCopy

	core[uintptr, keyed[K, V]]
	self    weak.Pointer[KeyMap[K, V]] // what GC cleanups hold: never keeps the map alive
	regs    *ledger[K]                 // with WithGCCleanup: the keys' cleanups
	flights flights[uintptr, V]        // the creates of LoadOrCompute in flight, by key address
}

// keyed is what a KeyMap slot stores under the key's address: the key's
// weak pointer and the value.
//
// The table is indexed by address, which is safe because Go's collector
// does not move heap objects, and correct because a weak pointer to a dead
// object never resolves to a new object later allocated at the same
// address: Load finds the slot by address and accepts it only if the
// stored weak pointer still resolves to the very key it was given. So Load
// never needs weak.Make (which takes a runtime lock), nor even Value
// (see refersTo).
type keyed[K, V any] struct {
	key weak.Pointer[K]
	val V
	cl  *reg[K] // with WithGCCleanup: the cleanup on the key, shared by its successive entries
}

// keyCleanup is the argument of a KeyMap's GC cleanup: the key's address
// (a number, which does not keep the key alive), its registration, and a
// weak pointer to the map. None of it reaches the map or the values (a reg
// links only to other regs, whose objects it refers to weakly), so the
// argument, which the runtime keeps alive while the key lives, keeps no
// dropped map alive.
type keyCleanup[K, V any] struct {
	m weak.Pointer[KeyMap[K, V]]
	a uintptr
	r *reg[K]
}

func cleanKeyEntry[K, V any](c keyCleanup[K, V]) {
	if m := c.m.Value(); m != nil {
		m.removeIfHolds(m.t.Hash(c.a), c.r.unlink, func(e *keyEntry[K, V]) bool {
			return e.Key == c.a && e.Value.key == c.r.wp
		})
	}
}

// newKeyed makes what stores val under key, with wp, key's weak pointer if
// the caller has it (a new weak.Make would walk the object's specials
// under a lock), and with WithGCCleanup a new cleanup registration on key,
// which the caller must link in the ledger if it stores it and stop if it
// does not.
func (m *KeyMap[K, V]) newKeyed(key *K, wp weak.Pointer[K], val V) keyed[K, V] {
	if wp == (weak.Pointer[K]{}) {
		wp = weak.Make(key)
	}
	kv := keyed[K, V]{key: wp, val: val}
	if m.cleanup {
		r := &reg[K]{wp: wp}
		r.cl = runtime.AddCleanup(key, cleanKeyEntry[K, V], keyCleanup[K, V]{m: m.self, a: addrOf(key), r: r})
		kv.cl = r
	}
	return kv
}

// replaced records, under the lock of the shard of hash h, that an entry
// holding add (nil for a deletion) took the place of old (nil for an
// insertion), and returns the registration to stop once the lock is
// released.
func (m *KeyMap[K, V]) replaced(h uint64, add *reg[K], old *keyEntry[K, V]) *reg[K] {
	if m.regs == nil {
		return nil
	}
	var drop *reg[K]
	if old != nil {
		drop = old.Value.cl
	}
	return m.regs.replace(m.t.ShardOf(h), add, drop)
}

// initWrites makes the map's flights and, with WithGCCleanup, its ledger,
// and reports whether it made a ledger; the constructor then registers
// stopAll on the object that owns the map.
func (m *KeyMap[K, V]) initWrites(cfg config) bool {
	m.flights.init(m.t.Shards())
	if cfg.gcCleanup {
		m.regs = newLedger[K](m.t.Shards())
		m.ledger = slotLedger[K, keyed[K, V], *keyed[K, V]]{m.regs}
	}
	return cfg.gcCleanup
}

// registration returns the cleanup registration kv holds, if any.
func (kv *keyed[K, V]) registration() *reg[K] {
	if kv == nil {
		return nil
	}
	return kv.cl
}

type keyEntry[K, V any] = shard.Entry[uintptr, keyed[K, V]]

// NewKeyMap returns an empty KeyMap. It panics if K has size zero: all
// zero-size objects may share one address and never die.
func NewKeyMap[K any, V any](opts ...Option) *KeyMap[K, V] {
	checkNonZeroSize[K]("NewKeyMap", "key type")
	cfg := newConfig(opts)
	refuseRetain(cfg, "NewKeyMap", keyRetainWhy)
	refuseHasher(cfg, "NewKeyMap")
	evicted := evictHook(cfg, "KeyMap["+typeName[K]()+", "+typeName[V]()+"]", func(e *keyEntry[K, V]) V { return e.Value.val })
	m := new(KeyMap[K, V])
	m.init(cfg, nil, keyAlive[K, V], nil, evicted)
	m.self = weak.Make(m)
	if m.initWrites(cfg) {
		runtime.AddCleanup(m, stopAll[K], m.regs)
	}
	return m
}

func keyAlive[K, V any](e *keyEntry[K, V]) bool {
	return notCleared(&e.Value.key) && !dropLive(unsafe.Pointer(e))
}

func addrOf[K any](key *K) uintptr { return uintptr(unsafe.Pointer(key)) }

// find looks key up without locking. It returns key's entry if key is in
// the map, and reports whether it found instead the collected entry of an
// earlier key at the same address.
func (m *KeyMap[K, V]) find(method string, key *K) (e *keyEntry[K, V], h uint64, dead bool) {
	if key == nil {
		panicNilKey(method)
	}
	t := m.table()
	a := addrOf(key)
	if e, h = t.Get(a); e != nil {
		// refersTo, by hand: a generic function is not inlined here.
		if handlesReadable && handleHolds(unsafe.Pointer(&e.Value.key), unsafe.Pointer(key)) ||
			!handlesReadable && e.Value.key.Value() == key {
			return e, h, false
		}
		return nil, h, true
	}
	return nil, h, false
}

// Load returns the value stored under key. Like Map.Load it never waits
// for a lock. It panics if key is nil.
func (m *KeyMap[K, V]) Load(key *K) (value V, ok bool) {
	// find, written out: a call of its own on every Load.
	if key == nil {
		panicNilKey("Load")
	}
	e, h := m.table().Get(addrOf(key))
	if e == nil {
		return value, false
	}
	if handlesReadable && handleHolds(unsafe.Pointer(&e.Value.key), unsafe.Pointer(key)) ||
		!handlesReadable && e.Value.key.Value() == key {
		return e.Value.val, true
	}
	m.tickRead(h) // the collected entry of an earlier key at this address
	return value, false
}

// Store sets the value for key. The map does not keep key alive. It
// panics if key is nil.
func (m *KeyMap[K, V]) Store(key *K, value V) {
	m.put("Store", key, value)
}

// Swap stores value under key and returns the previous value, if key was
// in the map, and whether it was. It panics if key is nil.
func (m *KeyMap[K, V]) Swap(key *K, value V) (previous V, loaded bool) {
	return m.put("Swap", key, value)
}

// put stores value under key for Store and Swap. The key's weak pointer
// and cleanup registration are reused from its live entry, but only from
// the entry found under the lock: one seen before it may have been deleted
// in between, and its cleanup stopped. Like Map.put, it is the write
// kernel written out by hand, for Store's sake.
func (m *KeyMap[K, V]) put(method string, key *K, value V) (previous V, loaded bool) {
	e, h, _ := m.find(method, key)
	a := addrOf(key)
	var fresh keyed[K, V] // made without the lock if key had no entry
	if e == nil {
		fresh = m.newKeyed(key, weak.Pointer[K]{}, value)
	}
	s := m.t.Lock(h)
	pos, cur := s.Find(h, a)
	var kv keyed[K, V]
	var unused *reg[K] // a registration made for nothing
	if cur != nil && refersTo(&cur.Value.key, key) {
		// key's live entry: its registration is live and stays the key's.
		kv = keyed[K, V]{key: cur.Value.key, val: value, cl: cur.Value.cl}
		previous, loaded = cur.Value.val, true
		unused = fresh.cl
	} else if e == nil {
		kv = fresh
	} else {
		// key's entry seen by find has gone since: its registration may be
		// stopped. Register anew (rare: a racing delete).
		kv = m.newKeyed(key, e.Value.key, value)
	}
	s.Set(h, pos, &keyEntry[K, V]{Key: a, Value: kv})
	var drop *reg[K]
	if m.regs != nil { // tested here: the call costs on every Store without cleanups
		drop = m.replaced(h, kv.cl, cur)
	}
	if drop == nil && unused == nil {
		s.Unlock()
	} else {
		// The eviction callback, run by Unlock, may panic: both are
		// stopped all the same.
		unlockAndStop(s, drop, unused)
	}
	m.tick(h)
	return previous, loaded
}

// LoadOrStore returns the value stored under key and true if key is in the
// map; otherwise it stores value and returns it and false. It panics if
// key is nil.
func (m *KeyMap[K, V]) LoadOrStore(key *K, value V) (actual V, loaded bool) {
	e, h, _ := m.find("LoadOrStore", key)
	if e != nil {
		m.counted(h, true) // cachestats.go
		return e.Value.val, true
	}
	a := addrOf(key)
	fresh := &keyEntry[K, V]{Key: a, Value: m.newKeyed(key, weak.Pointer[K]{}, value)}
	_, done := m.write(h, a, fresh, func(cur *keyEntry[K, V]) (*keyEntry[K, V], op) {
		if holdsKey(cur, key) {
			actual = cur.Value.val
			return nil, opKeep
		}
		return fresh, opStore
	})
	loaded = done == opKeep
	m.counted(h, loaded) // cachestats.go
	if loaded {
		return actual, true
	}
	return value, false
}

// LoadOrCompute returns the value stored under key and true if key is in
// the map; otherwise it calls create, stores its result and returns it and
// false. create runs without any lock held, once for all the concurrent
// calls for the key, and may call the map, as for Map.LoadOrCompute, whose
// rules it follows. It panics if key or create is nil.
func (m *KeyMap[K, V]) LoadOrCompute(key *K, create func() V) (actual V, loaded bool) {
	if create == nil {
		panicNilCreate("LoadOrCompute")
	}
	actual, loaded, _ = m.loadOrTryCompute("LoadOrCompute", key, false, func() (V, error) { return create(), nil })
	return actual, loaded
}

// LoadOrTryCompute is LoadOrCompute for a create that may fail, as
// Map.LoadOrTryCompute: if create returns an error, nothing is stored and
// the error is returned, to the LoadOrTryCompute calls waiting for that
// create too. It panics if key or create is nil.
func (m *KeyMap[K, V]) LoadOrTryCompute(key *K, create func() (V, error)) (actual V, loaded bool, err error) {
	if create == nil {
		panicNilCreate("LoadOrTryCompute")
	}
	return m.loadOrTryCompute("LoadOrTryCompute", key, true, create)
}

func (m *KeyMap[K, V]) loadOrTryCompute(method string, key *K, try bool, create func() (V, error)) (actual V, loaded bool, err error) {
	e, h, _ := m.find(method, key)
	if e != nil {
		m.counted(h, true) // cachestats.go
		return e.Value.val, true, nil
	}
	a := addrOf(key)
	live := func(cur *keyEntry[K, V]) (V, bool) {
		if holdsKey(cur, key) {
			return cur.Value.val, true
		}
		var zero V
		return zero, false
	}
	fresh := func(v V) *keyEntry[K, V] {
		return &keyEntry[K, V]{Key: a, Value: m.newKeyed(key, weak.Pointer[K]{}, v)}
	}
	actual, loaded, err = loadOrCreate(&m.core, &m.flights, h, a, try, live, create, fresh)
	// The flight is keyed by key's address: key must outlive it, or a new
	// key at that address could board it.
	runtime.KeepAlive(key)
	if err == nil {
		m.counted(h, loaded) // cachestats.go
	}
	return actual, loaded, err
}

// Compute changes the value stored under key atomically, as Map.Compute
// does: it calls f with key's value (old, and loaded true) or with (the
// zero V, false) if key is not in the map, and does what f returns. With
// UpdateOp it stores new and returns it and true; with DeleteOp it deletes
// key and returns (the zero V, false); with CancelOp it returns (old,
// loaded). f runs under the shard lock: keep it short and do not call the
// map from it. It panics if key or f is nil.
func (m *KeyMap[K, V]) Compute(key *K, f func(old V, loaded bool) (new V, op ComputeOp)) (actual V, ok bool) {
	if key == nil {
		panicNilKey("Compute")
	}
	if f == nil {
		panicf("Compute called with a nil function; pass a function that returns the new value and a ComputeOp")
	}
	a := addrOf(key)
	m.write(m.table().Hash(a), a, nil, func(cur *keyEntry[K, V]) (*keyEntry[K, V], op) {
		var old V
		live := holdsKey(cur, key)
		if live {
			old = cur.Value.val
		}
		new, want := f(old, live)
		var todo op
		todo, actual, ok = computeResult(want, old, new, live)
		if todo != opStore {
			return nil, todo
		}
		if live { // key's live entry: its weak pointer and registration stay the key's
			return &keyEntry[K, V]{Key: a, Value: keyed[K, V]{key: cur.Value.key, val: new, cl: cur.Value.cl}}, opStore
		}
		return &keyEntry[K, V]{Key: a, Value: m.newKeyed(key, weak.Pointer[K]{}, new)}, opStore
	})
	return actual, ok
}

// holdsKey reports whether e, an entry found at key's address, is key's.
func holdsKey[K, V any](e *keyEntry[K, V], key *K) bool {
	return e != nil && refersTo(&e.Value.key, key)
}

// LoadAndDelete deletes key and returns its value, if it was in the map.
// It panics if key is nil.
func (m *KeyMap[K, V]) LoadAndDelete(key *K) (value V, loaded bool) {
	e, h, dead := m.find("LoadAndDelete", key)
	if e == nil {
		if dead {
			m.tick(h)
		}
		return value, false
	}
	_, done := m.write(h, addrOf(key), nil, func(cur *keyEntry[K, V]) (*keyEntry[K, V], op) {
		if !holdsKey(cur, key) {
			return nil, opKeep
		}
		value = cur.Value.val
		return nil, opDelete
	})
	return value, done == opDelete
}

// Delete deletes key. It panics if key is nil.
func (m *KeyMap[K, V]) Delete(key *K) {
	if key == nil {
		panicNilKey("Delete")
	}
	m.LoadAndDelete(key)
}

// Len returns the number of entries whose keys are alive: O(n), weakly
// consistent, like Map.Len.
func (m *KeyMap[K, V]) Len() int {
	n := 0
	for range m.All() {
		n++
	}
	return n
}

// RawLen returns the number of stored entries, counting those whose keys
// were collected but not yet swept, in O(shards).
func (m *KeyMap[K, V]) RawLen() int { return m.table().Len() }

// All returns a lazy iterator over the entries whose keys are alive, with
// Map.All's guarantees. The keys it yields are strong pointers: the loop
// keeps the current one alive.
func (m *KeyMap[K, V]) All() iter.Seq2[*K, V] {
	t := m.table()
	return func(yield func(*K, V) bool) {
		t.Range(func(e *keyEntry[K, V]) bool {
			if k := e.Value.key.Value(); k != nil {
				return yield(k, e.Value.val)
			}
			return true
		})
	}
}

// Clear deletes every entry.
func (m *KeyMap[K, V]) Clear() {
	clearAll(m.table(), m.regs, nil)
}

// Sweep removes every entry whose key was collected now and returns how
// many it removed.
func (m *KeyMap[K, V]) Sweep() (removed int) { return m.sweep() }

// Stats returns the map's shard count, raw length and sweep record.
func (m *KeyMap[K, V]) Stats() Stats { return m.stats() }

//go:noinline
func panicNilMember(method string) {
	panicf("Set.%s called with a nil member; members are compared by identity and must be non-nil pointers", method)
}

//go:noinline
func panicNilKey(method string) {
	panicf("%s called with a nil key; keys are compared by identity and must be non-nil pointers", method)
}
