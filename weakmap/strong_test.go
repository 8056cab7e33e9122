package weakmap_test

import (
	"runtime"
	"slices"
	"sort"
	"testing"
	"time"
	"weak"

	"github.com/weakstripe/weakstripe/weakmap"
)

// StrongMap has Map's API and holds its values strongly: nothing in it
// dies, Sweep removes nothing and Len equals RawLen.

func wantStrongLoad(t *testing.T, m *weakmap.StrongMap[string, payload], key string, want *payload) {
	t.Helper()
	v, ok := m.Load(key)
	if v != want || ok != (want != nil) {
		t.Fatalf("Load(%q) = %p, %v; want %p, %v", key, v, ok, want, want != nil)
	}
}

func TestStrongMapMethods(t *testing.T) {
	m := weakmap.NewStrong[string, payload]()
	a, b, c := &payload{name: "a"}, &payload{name: "b"}, &payload{name: "c"}
	twin := &payload{name: "a"}
	wantStrongLoad(t, m, "k", nil)

	m.Store("k", a)
	wantStrongLoad(t, m, "k", a)
	if v, loaded := m.LoadOrStore("k", b); v != a || !loaded {
		t.Fatalf("LoadOrStore on a stored key = %p, %v; want %p, true", v, loaded, a)
	}
	if v, loaded := m.LoadOrStore("k2", b); v != b || loaded {
		t.Fatalf("LoadOrStore on an absent key = %p, %v; want %p, false", v, loaded, b)
	}
	calls := 0
	create := func() *payload { calls++; return c }
	if v, loaded := m.LoadOrCompute("k", create); v != a || !loaded || calls != 0 {
		t.Fatalf("LoadOrCompute on a stored key = %p, %v, %d calls; want %p, true, 0", v, loaded, calls, a)
	}
	if v, loaded := m.LoadOrCompute("k3", create); v != c || loaded || calls != 1 {
		t.Fatalf("LoadOrCompute on an absent key = %p, %v, %d calls; want %p, false, 1", v, loaded, calls, c)
	}
	if m.Len() != 3 || m.RawLen() != 3 {
		t.Fatalf("Len %d, RawLen %d; want 3 and 3", m.Len(), m.RawLen())
	}

	if prev, loaded := m.Swap("k", b); prev != a || !loaded {
		t.Fatalf("Swap = %p, %v; want %p, true", prev, loaded, a)
	}
	if prev, loaded := m.Swap("k4", a); prev != nil || loaded {
		t.Fatalf("Swap on an absent key = %p, %v; want nil, false", prev, loaded)
	}
	wantStrongLoad(t, m, "k", b)
	wantStrongLoad(t, m, "k4", a)

	if m.CompareAndSwap("k", a, c) || m.CompareAndSwap("k", nil, c) || m.CompareAndSwap("absent", nil, c) {
		t.Fatal("CompareAndSwap swapped with a pointer other than the stored one")
	}
	if !m.CompareAndSwap("k", b, c) {
		t.Fatal("CompareAndSwap with the stored pointer did not swap")
	}
	wantStrongLoad(t, m, "k", c)
	wantStrongLoad(t, m, "absent", nil)

	if m.CompareAndDelete("k4", twin) || m.CompareAndDelete("k4", nil) || m.CompareAndDelete("absent", a) {
		t.Fatal("CompareAndDelete deleted with a pointer other than the stored one")
	}
	if !m.CompareAndDelete("k4", a) {
		t.Fatal("CompareAndDelete with the stored pointer did not delete")
	}
	wantStrongLoad(t, m, "k4", nil)

	if v, loaded := m.LoadAndDelete("k2"); v != b || !loaded {
		t.Fatalf("LoadAndDelete = %p, %v; want %p, true", v, loaded, b)
	}
	if v, loaded := m.LoadAndDelete("k2"); v != nil || loaded {
		t.Fatalf("LoadAndDelete of a deleted key = %p, %v; want nil, false", v, loaded)
	}
	m.Delete("k3")
	m.Delete("never")
	wantStrongLoad(t, m, "k3", nil)
	if got := m.Snapshot(); len(got) != 1 || got["k"] != c {
		t.Fatalf("Snapshot = %v; want only k", got)
	}
	if m.Len() != 1 || m.RawLen() != 1 {
		t.Fatalf("Len %d, RawLen %d; want 1 and 1", m.Len(), m.RawLen())
	}
	m.Clear()
	if m.Len() != 0 || m.RawLen() != 0 {
		t.Fatalf("after Clear: Len %d, RawLen %d", m.Len(), m.RawLen())
	}
	wantStrongLoad(t, m, "k", nil)
	m.Store("k", a)
	wantStrongLoad(t, m, "k", a)
}

func TestStrongMapLoadOrComputeCreatePanics(t *testing.T) {
	m := weakmap.NewStrong[string, payload]()
	keep := &payload{name: "keep"}
	m.Store("keep", keep)
	if msg, ok := recoverText(func() { m.LoadOrCompute("k", func() *payload { panic("boom") }) }); !ok || msg != "boom" {
		t.Fatalf("panic %q (%v); want create's own \"boom\"", msg, ok)
	}
	wantStrongLoad(t, m, "k", nil)
	if msg, ok := recoverText(func() { m.LoadOrCompute("k", func() *payload { return nil }) }); !ok || msg[:9] != "weakmap: " {
		t.Fatalf("create returning nil: panic %q (%v); want a weakmap: panic", msg, ok)
	}
	wantStrongLoad(t, m, "k", nil)
	v := &payload{name: "v"}
	finishes(t, "Store after a panicking create", 10*time.Second, func() { m.Store("k", v) })
	wantStrongLoad(t, m, "k", v)
	wantStrongLoad(t, m, "keep", keep)
	if m.Len() != 2 {
		t.Fatalf("Len = %d, want 2", m.Len())
	}
}

// A StrongMap keeps its values alive: values stored and then dropped by
// everyone else survive any number of collections.
func TestStrongMapHoldsValues(t *testing.T) {
	m := weakmap.NewStrong[int, payload](weakmap.WithShards(2))
	wps := strongStoreDropped(m, 200)
	for range 3 {
		runtime.GC()
	}
	for i, wp := range wps {
		v, ok := m.Load(i)
		if !ok || v == nil || v.name != "dropped" || wp.Value() != v {
			t.Fatalf("Load(%d) = %p, %v after GC; a StrongMap lost a value it holds", i, v, ok)
		}
	}
	if n := m.Sweep(); n != 0 {
		t.Fatalf("StrongMap.Sweep removed %d, want 0", n)
	}
	st := m.Stats()
	if st.Shards != 2 || st.RawLen != 200 || st.SweepSteps != 0 || st.SlotsExamined != 0 || st.Removed != 0 {
		t.Fatalf("Stats = %+v; want 2 shards, RawLen 200 and no sweep work", st)
	}
	if m.Len() != 200 || m.RawLen() != 200 {
		t.Fatalf("Len %d, RawLen %d; want 200", m.Len(), m.RawLen())
	}
	// Once deleted, the map no longer keeps a value alive.
	m.Clear()
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		alive := 0
		for _, wp := range wps {
			if wp.Value() != nil {
				alive++
			}
		}
		if alive == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of 200 values still alive 10s after Clear: the StrongMap kept them", alive)
		}
	}
}

//go:noinline
func strongStoreDropped(m *weakmap.StrongMap[int, payload], n int) []weak.Pointer[payload] {
	wps := make([]weak.Pointer[payload], n)
	for i := range n {
		v := &payload{name: "dropped"}
		wps[i] = weak.Make(v)
		m.Store(i, v)
	}
	return wps
}

func TestStrongMapIteration(t *testing.T) {
	m := weakmap.NewStrong[int, payload](weakmap.WithShards(4))
	vals := payloads("v", 100)
	for i, v := range vals {
		m.Store(i, v)
	}
	var keys []int
	for k, v := range m.All() {
		if v != vals[k] {
			t.Fatalf("All yielded %d, %p; want %p", k, v, vals[k])
		}
		keys = append(keys, k)
	}
	sort.Ints(keys)
	want := make([]int, 100)
	for i := range want {
		want[i] = i
	}
	if !slices.Equal(keys, want) {
		t.Fatalf("All yielded keys %v; want 0..99 once each", keys)
	}
	n := 0
	for range m.Keys() {
		if n++; n == 5 {
			break
		}
	}
	if n != 5 {
		t.Fatalf("Keys visited %d before break, want 5", n)
	}
	seen := map[*payload]int{}
	for v := range m.Values() {
		seen[v]++
	}
	if len(seen) != 100 {
		t.Fatalf("Values yielded %d distinct values, want 100", len(seen))
	}
	// The body may change the map.
	finishes(t, "a loop body that calls the map", 10*time.Second, func() {
		for k := range m.Keys() {
			switch {
			case k >= 1000: // stored by this loop: may or may not be seen
			case k%2 == 0:
				m.Delete(k)
			default:
				m.Store(k+1000, vals[k])
			}
		}
	})
	for i := range 100 {
		_, ok := m.Load(i)
		if ok != (i%2 == 1) {
			t.Fatalf("after the loop, Load(%d) found = %v", i, ok)
		}
	}
}
