package weakmap_test

import (
	"math"
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// The hot paths' allocations are part of the contract with services that
// call them millions of times: reads allocate nothing, and a write of an
// existing key allocates exactly the immutable entry it publishes.
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
		{"Map.Store", 1, func() { m.Store("k", v) }},
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

// A Store of an existing key with the value it already holds allocates
// only its new entry (the weak handle of the value exists already): with a
// string key, 24 bytes, the size class of a key and one word.
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
			m.Store("k", v)
		}
		runtime.ReadMemStats(&after)
		least = min(least, float64(after.TotalAlloc-before.TotalAlloc)/n)
	}
	if least < 23.5 || least > 24.5 {
		t.Errorf("Map[string, V].Store allocates %.2f bytes per call (the least of %d tries), want 24 (one entry of a 24-byte class)", least, tries)
	}
	runtime.KeepAlive(v)
}
