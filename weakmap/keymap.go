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
// A KeyMap must be made with NewKeyMap. Its methods may be called from any
// goroutine. Loads never wait for a lock and do not call weak.Make.
type KeyMap[K any, V any] struct {
	core[uintptr, keyed[K, V]]
	self weak.Pointer[KeyMap[K, V]] // what GC cleanups hold: never keeps the map alive
	regs *ledger[K]                 // with WithGCCleanup: the keys' cleanups
}

// keyed is what a KeyMap slot stores under the key's address: the key's
// weak pointer and the value.
//
// The table is indexed by address, which is safe because Go's collector
// does not move heap objects, and correct because a weak pointer to a dead
// object never resolves to a new object later allocated at the same
// address: Load finds the slot by address and accepts it only if the
// stored weak pointer still resolves to the very key it was given. So Load
// never needs weak.Make (20-600 ns, under a runtime lock), nor even Value
// (see refersTo).
type keyed[K, V any] struct {
	key weak.Pointer[K]
	val V
	cl  *reg[K] // with WithGCCleanup: the cleanup on the key, shared by its successive entries
}

// keyCleanup is the argument of a KeyMap's GC cleanup: the key's address
// (a number, which does not keep the key alive), its registration, and a
// weak pointer to the map.
type keyCleanup[K, V any] struct {
	m weak.Pointer[KeyMap[K, V]]
	a uintptr
	r *reg[K]
}

func cleanKeyEntry[K, V any](c keyCleanup[K, V]) {
	if m := c.m.Value(); m != nil {
		m.removeIfHolds(c.a, func(e *keyEntry[K, V]) bool {
			c.r.unlink()
			return e != nil && e.Value.key == c.r.wp
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

// initCleanups makes the ledger of a map with WithGCCleanup and reports
// whether it did; the constructor then registers stopAll on the object
// that owns the map.
func (m *KeyMap[K, V]) initCleanups(cfg config) bool {
	if cfg.gcCleanup {
		m.regs = newLedger[K](m.t.Shards())
	}
	return cfg.gcCleanup
}

type keyEntry[K, V any] = shard.Entry[uintptr, keyed[K, V]]

// NewKeyMap returns an empty KeyMap. It panics if K has size zero: all
// zero-size objects may share one address and never die.
func NewKeyMap[K any, V any](opts ...Option) *KeyMap[K, V] {
	checkNonZeroSize[K]("NewKeyMap", "key type")
	cfg := newConfig(opts)
	refuseRetain(cfg, "NewKeyMap", keyRetainWhy)
	evicted := evictHook(cfg, "KeyMap["+typeName[K]()+", "+typeName[V]()+"]", func(e *keyEntry[K, V]) V { return e.Value.val })
	m := new(KeyMap[K, V])
	m.init(cfg, keyAlive[K, V], evicted)
	m.self = weak.Make(m)
	if m.initCleanups(cfg) {
		runtime.AddCleanup(m, stopAll[K], m.regs)
	}
	return m
}

func keyAlive[K, V any](e *keyEntry[K, V]) bool { return notCleared(&e.Value.key) && !dropLive() }

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
	e, h, dead := m.find("Load", key)
	if e != nil {
		return e.Value.val, true
	}
	if dead {
		m.tickRead(h)
	}
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
// in between, and its cleanup stopped.
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
	s.Unlock()
	if drop != nil || unused != nil {
		drop.stop()
		unused.stop()
	}
	m.tick(h)
	return previous, loaded
}

// LoadOrStore returns the value stored under key and true if key is in the
// map; otherwise it stores value and returns it and false. It panics if
// key is nil.
func (m *KeyMap[K, V]) LoadOrStore(key *K, value V) (actual V, loaded bool) {
	return m.loadOrCompute("LoadOrStore", key, nil, value)
}

// LoadOrCompute returns the value stored under key and true if key is in
// the map; otherwise it calls create, stores its result and returns it and
// false. As for Map, create runs under the shard lock, at most once, only
// when its result is stored, and must not call the map. If it panics the
// map is left unchanged. It panics if key or create is nil.
func (m *KeyMap[K, V]) LoadOrCompute(key *K, create func() V) (actual V, loaded bool) {
	if create == nil {
		panicf("LoadOrCompute called with a nil create function; pass a function that returns the value to store")
	}
	var zero V
	return m.loadOrCompute("LoadOrCompute", key, create, zero)
}

func (m *KeyMap[K, V]) loadOrCompute(method string, key *K, create func() V, value V) (actual V, loaded bool) {
	e, h, _ := m.find(method, key)
	if e != nil {
		m.counted(h, true) // cachestats.go
		return e.Value.val, true
	}
	kv := m.newKeyed(key, weak.Pointer[K]{}, value)
	stored := false
	defer func() {
		if !stored { // loaded, or create panicked
			kv.cl.stop()
		}
	}()
	s := m.t.Lock(h)
	actual, loaded, drop := m.computeKeyedLocked(s, h, key, kv, create)
	stored = !loaded
	if stored {
		drop.stop()
		m.tick(h)
	}
	m.counted(h, loaded) // cachestats.go
	return actual, loaded
}

// computeKeyedLocked is the locked part of LoadOrStore and LoadOrCompute.
// It always unlocks s, also when create panics. When it stores, it returns
// the registration of the dead entry it replaced, if any, to stop.
func (m *KeyMap[K, V]) computeKeyedLocked(s *shard.Shard[uintptr, keyed[K, V]], h uint64, key *K, kv keyed[K, V], create func() V) (V, bool, *reg[K]) {
	defer s.Unlock()
	a := addrOf(key)
	pos, e := s.Find(h, a)
	if e != nil && refersTo(&e.Value.key, key) {
		return e.Value.val, true, nil
	}
	if create != nil {
		kv.val = create()
	}
	s.Set(h, pos, &keyEntry[K, V]{Key: a, Value: kv})
	return kv.val, false, m.replaced(h, kv.cl, e)
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
	a := addrOf(key)
	s := m.t.Lock(h)
	pos, cur := s.Find(h, a)
	if cur == nil || !refersTo(&cur.Value.key, key) {
		s.Unlock()
		return value, false
	}
	s.Delete(pos)
	drop := m.replaced(h, nil, cur)
	s.Unlock()
	drop.stop()
	m.tick(h)
	return cur.Value.val, true
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
	clearAll(m.table(), m.regs)
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
