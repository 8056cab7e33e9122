package weakmap_test

import (
	"runtime"
	"slices"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Through the seam, exactly: a KeyMap entry whose key was collected is
// absent to every method, counted once per read that finds it, reported to
// the eviction callback once when swept, and a new object that reuses the
// address (simulated by storing the same live key again) gets a fresh entry.
func TestKeyMapCollectedThroughSeam(t *testing.T) {
	var evicted evictRecorder[int]
	m := weakmap.NewKeyMap[payload, int](weakmap.WithShards(1), weakmap.WithSweepThreshold(0), weakmap.WithEvictCallback(evicted.add))
	keys := evictPayloads(10)
	for i, k := range keys {
		m.Store(k, i)
	}
	for _, i := range []int{2, 5, 7} {
		if !weakmap.MarkKeyCollected(m, keys[i]) {
			t.Fatalf("MarkKeyCollected(%d) found no entry", i)
		}
	}
	if _, ok := m.Load(keys[2]); ok {
		t.Fatal("Load found a collected key")
	}
	if v, loaded := m.LoadOrStore(keys[5], 50); loaded || v != 50 {
		t.Fatalf("LoadOrStore over a collected entry = %d, %v; want 50, false", v, loaded)
	}
	if _, ok := m.LoadAndDelete(keys[7]); ok {
		t.Fatal("LoadAndDelete reported a collected key as present")
	}
	if got, want := m.Len(), 8; got != want {
		t.Fatalf("Len = %d, want %d (2 collected, 1 of them replaced by LoadOrStore)", got, want)
	}
	if got, want := m.RawLen(), 10; got != want {
		t.Fatalf("RawLen = %d, want %d: with sweeps off nothing but Sweep removes the dead", got, want)
	}
	n := 0
	for k, v := range m.All() {
		if k == keys[2] || k == keys[7] {
			t.Fatalf("All yielded collected key %d", v)
		}
		n++
	}
	if n != 8 {
		t.Fatalf("All yielded %d entries, want 8", n)
	}
	if removed := m.Sweep(); removed != 2 {
		t.Fatalf("Sweep removed %d, want the 2 still collected", removed)
	}
	got := evicted.list()
	slices.Sort(got)
	if !slices.Equal(got, []int{2, 7}) {
		t.Fatalf("eviction callback got %v, want the values of the collected keys [2 7]", got)
	}
	if st := m.Stats(); st.Removed != 2 || st.RawLen != 8 {
		t.Fatalf("Stats: Removed %d RawLen %d, want 2 and 8", st.Removed, st.RawLen)
	}
	runtime.KeepAlive(keys)
}
