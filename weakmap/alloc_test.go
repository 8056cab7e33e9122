package weakmap_test

import (
	"math"
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// The hot paths' allocations are part of the contract with services that
// call them millions of times: reads allocate nothing, Map.Store of a
// present key allocates nothing (it replaces the weak pointer in the
// entry it finds), and the other writes of an existing key allocate
// exactly the entry they publish.
func TestHotPathAllocations(t *testing.T) {
	m := weakmap.New[string, payload]()
	sm := weakmap.NewStrong[string, payload]()
	km := weakmap.NewKeyMap[payload, int]()
	set := weakmap.NewSet[payload]()
	v, w := &payload{name: "v"}, &payload{name: "w"}
	m.Store("k", v)
	sm.Store("k", v)
	km.Store(v, 1)
	set.Add(v)
	cases := []struct {
		name string
		want float64
		f    func()
	}{
		{"Map.Load", 0, func() { m.Load("k") }},
		{"Map.Load miss", 0, func() { m.Load("absent") }},
		{"Map.LoadOrStore hit", 0, func() { m.LoadOrStore("k", v) }},
		{"Map.Store", 0, func() { m.Store("k", v) }},
		{"Map.Store of another value", 0, func() { m.Store("k", w); m.Store("k", v) }},
		{"Map.Swap", 0, func() { m.Swap("k", v) }},
		{"StrongMap.Load", 0, func() { sm.Load("k") }},
		{"StrongMap.LoadOrStore hit", 0, func() { sm.LoadOrStore("k", w) }},
		{"KeyMap.Load", 0, func() { km.Load(v) }},
		{"KeyMap.Store", 1, func() { km.Store(v, 2) }},
		{"Set.Contains", 0, func() { set.Contains(v) }},
		{"Set.Add of a member", 0, func() { set.Add(v) }},
		// The write kernel's closures stay on the stack.
		{"Map.LoadOrCompute hit", 0, func() { m.LoadOrCompute("k", func() *payload { return w }) }},
		{"Map.LoadOrTryCompute hit", 0, func() { m.LoadOrTryCompute("k", func() (*payload, error) { return w, nil }) }},
		{"Map.Compute CancelOp", 0, func() {
			m.Compute("k", func(old *payload, _ bool) (*payload, weakmap.ComputeOp) { return old, weakmap.CancelOp })
		}},
		{"Map.CompareAndSwap", 1, func() { m.CompareAndSwap("k", v, v) }},
		{"StrongMap.Store", 1, func() { sm.Store("k", v) }},
		{"KeyMap.LoadOrCompute hit", 0, func() { km.LoadOrCompute(v, func() int { return 3 }) }},
		{"KeyMap.Compute UpdateOp", 1, func() {
			km.Compute(v, func(old int, _ bool) (int, weakmap.ComputeOp) { return old + 1, weakmap.UpdateOp })
		}},
	}
	for _, c := range cases {
		if got := testing.AllocsPerRun(1000, c.f); got != c.want {
			t.Errorf("%s: %.2f allocations per call, want %.0f", c.name, got, c.want)
		}
	}
	runtime.KeepAlive(w)
}

// A CompareAndSwap of an existing key to the value it already holds
// allocates only its new entry (the weak handle of the value exists
// already): with a string key, 24 bytes, the size class of a key and one
// word. (Store allocates nothing there: TestHotPathAllocations.)
func TestMapEntryBytes(t *testing.T) {
	m := weakmap.New[string, payload]()
	v := &payload{name: "v"}
	m.Store("k", v)
	// TotalAlloc counts the whole process's allocations, other tests'
	// too: those can only add, so the least of a few tries is the Store's.
	const n, tries = 10000, 5
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	least := math.Inf(1)
	for range tries {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range n {
			m.CompareAndSwap("k", v, v)
		}
		runtime.ReadMemStats(&after)
		least = min(least, float64(after.TotalAlloc-before.TotalAlloc)/n)
	}
	if least < 23.5 || least > 24.5 {
		t.Errorf("Map[string, V].CompareAndSwap allocates %.2f bytes per call (the least of %d tries), want 24 (one entry of a 24-byte class)", least, tries)
	}
	runtime.KeepAlive(v)
}

// Map.Store over a collected entry allocates nothing either: it gives the
// entry the new weak pointer. MarkCollected's own (its entry, and the
// count of collections it moves) are the only allocations of the pair.
// With WithRetain too.
func TestStoreOverCollectedAllocations(t *testing.T) {
	for _, opts := range [][]weakmap.Option{nil, {weakmap.WithRetain(16)}} {
		m := weakmap.New[string, payload](opts...)
		v := &payload{name: "v"}
		m.Store("k", v)
		mark := testing.AllocsPerRun(1000, func() { weakmap.MarkCollected(m, "k") })
		both := testing.AllocsPerRun(1000, func() { weakmap.MarkCollected(m, "k"); m.Store("k", v) })
		if both != mark {
			t.Errorf("%d options: MarkCollected %.2f allocations, with a Store after it %.2f: want the same", len(opts), mark, both)
		}
		if got, ok := m.Load("k"); !ok || got != v {
			t.Errorf("%d options: Load after the Store over a collected entry = %v, %v", len(opts), got, ok)
		}
		runtime.KeepAlive(v)
	}
}
