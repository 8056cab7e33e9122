package weakmap_test

import (
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

//go:noinline
func storeDropped(m *weakmap.Map[int, payload], n int) {
	for i := range n {
		m.Store(i, &payload{})
	}
}

// WithEvictCallback: with WithGCCleanup the callback also runs on the
// runtime's cleanup goroutines, while no operation of the map runs.
func TestEvictCallbackRunsOnCleanupGoroutines(t *testing.T) {
	var calls atomic.Int64
	const n = 400
	m := weakmap.New[int, payload](weakmap.WithSweepThreshold(0), weakmap.WithGCCleanup(),
		weakmap.WithEvictCallback(func(int) { calls.Add(1) }))
	storeDropped(m, n)
	// No operation of m runs from here on: every call comes from a cleanup.
	gcUntil(t, "the cleanups did not report the dropped entries", func() bool { return calls.Load() == n })
	if m.RawLen() != 0 {
		t.Fatalf("RawLen %d after every entry was reported", m.RawLen())
	}
}

// WithEvictCallback: a collected entry that a write replaces or deletes
// before a sweep reaches it is never reported.
func TestEvictCallbackMissesReplacedCollected(t *testing.T) {
	var rec evictRecorder[int]
	m := weakmap.New[int, payload](weakmap.WithSweepThreshold(0), weakmap.WithEvictCallback(rec.add))
	vals := evictPayloads(4)
	for i, v := range vals {
		m.Store(i, v)
		weakmap.MarkCollected(m, i)
	}
	m.Store(0, vals[0])
	m.LoadOrStore(1, vals[1])
	m.Delete(2)
	if removed := m.Sweep(); removed != 1 {
		t.Fatalf("Sweep removed %d, want 1 (key 3, the only collected entry left)", removed)
	}
	if got := rec.list(); len(got) != 1 || got[0] != 3 {
		t.Fatalf("callback got %v, want only [3]: collected entries replaced or deleted first are not reported", got)
	}
	runtime.KeepAlive(vals)
}

// WithGCCleanup's cost: a Map registers a cleanup on every Store (one more
// allocation than without), a KeyMap only for a key not yet in the map.
func TestGCCleanupRegistersPerStore(t *testing.T) {
	plain := weakmap.New[string, payload]()
	clean := weakmap.New[string, payload](weakmap.WithGCCleanup())
	kplain := weakmap.NewKeyMap[payload, int]()
	kclean := weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup())
	v := &payload{name: "v"}
	plain.Store("k", v)
	clean.Store("k", v)
	kplain.Store(v, 1)
	kclean.Store(v, 1)
	allocs := func(f func()) float64 { return testing.AllocsPerRun(200, f) }
	if p, c := allocs(func() { plain.Store("k", v) }), allocs(func() { clean.Store("k", v) }); c <= p {
		t.Errorf("Map.Store of the same value: %.1f allocations with WithGCCleanup, %.1f without; want more (a registration per Store)", c, p)
	}
	if p, c := allocs(func() { kplain.Store(v, 2) }), allocs(func() { kclean.Store(v, 2) }); c != p {
		t.Errorf("KeyMap.Store of a stored key: %.1f allocations with WithGCCleanup, %.1f without; want the same (the key's registration is kept)", c, p)
	}
	runtime.KeepAlive(v)
}

//go:noinline
func storeSixteenByteValues(m *weakmap.Map[int, [2]int64], n int) {
	for i := range n {
		m.Store(i, new([2]int64))
	}
}

// The tiny-object rule is size < 16: pointer-free values of 16 bytes get
// blocks of their own and every one of them dies.
func TestSixteenByteValuesAreNotTiny(t *testing.T) {
	const n = 1000
	m := weakmap.New[int, [2]int64]()
	storeSixteenByteValues(m, n)
	gcUntil(t, "16-byte pointer-free values stayed alive", func() bool { return m.Len() == 0 })
}
