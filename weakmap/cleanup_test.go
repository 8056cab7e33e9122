package weakmap_test

import (
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/weakstripe/weakstripe/weakmap"
)

// gcUntil runs the collector until cond holds, and fails the test with what
// if it does not within the deadline: cleanups run on their own goroutine
// some time after runtime.GC returns.
func gcUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after 10s of GCs: %s", what)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

//go:noinline
func storeDroppedValues(m *weakmap.Map[int, payload], from, n int) {
	for i := from; i < from+n; i++ {
		m.Store(i, &payload{name: "dropped"})
	}
}

// With counter sweeps off, only the cleanups can remove the dropped
// entries; kept ones stay, and the eviction callback hears of each removal.
func TestGCCleanupRemovesCollected(t *testing.T) {
	var rec evictRecorder[int]
	m := weakmap.New[int, payload](weakmap.WithGCCleanup(), weakmap.WithSweepThreshold(0), weakmap.WithEvictCallback(rec.add))
	kept := evictPayloads(20)
	for i, v := range kept {
		m.Store(i, v)
	}
	storeDroppedValues(m, 1000, 200)
	gcUntil(t, "the cleanups did not remove the 200 dropped entries", func() bool { return m.RawLen() == 20 })
	st := m.Stats()
	if st.CleanupRemoved != 200 || st.Removed != 0 {
		t.Fatalf("Stats: CleanupRemoved=%d Removed=%d, want 200 and 0 (sweeps are off)", st.CleanupRemoved, st.Removed)
	}
	if got := len(rec.list()); got != 200 {
		t.Fatalf("eviction callback called %d times, want 200", got)
	}
	for i, v := range kept {
		if got, ok := m.Load(i); !ok || got != v {
			t.Fatalf("kept key %d lost", i)
		}
	}
	runtime.KeepAlive(kept)
}

// A cleanup removes its entry only if the slot still holds the weak
// pointer it was made for: a key stored again keeps its new value.
func TestGCCleanupSparesReplacedEntry(t *testing.T) {
	m := weakmap.New[string, payload](weakmap.WithGCCleanup())
	old, cur := &payload{name: "old"}, &payload{name: "new"}
	m.Store("k", old)
	m.Store("k", cur)
	weakmap.RemoveIfHolds(m, "k", old) // the old value's cleanup, late
	if v, ok := m.Load("k"); !ok || v != cur {
		t.Fatalf("a stale cleanup removed the new value: Load = %v, %v", v, ok)
	}
	weakmap.RemoveIfHolds(m, "k", cur)
	if _, ok := m.Load("k"); ok {
		t.Fatal("the current value's cleanup did not remove its entry")
	}
	if st := m.Stats(); st.CleanupRemoved != 1 || st.CleanupRuns != 2 {
		t.Fatalf("Stats: CleanupRemoved=%d CleanupRuns=%d, want 1 and 2", st.CleanupRemoved, st.CleanupRuns)
	}
	runtime.KeepAlive(old)
}

//go:noinline
func storeManyTimes(m *weakmap.Map[int, payload], n int) {
	v := &payload{name: "stored many times"}
	for range n {
		m.Store(1, v)
	}
}

// Storing one value many times leaves one cleanup on it, not many: when it
// dies, exactly one cleanup runs.
func TestGCCleanupDoesNotStack(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithGCCleanup(), weakmap.WithSweepThreshold(0))
	storeManyTimes(m, 500)
	gcUntil(t, "the value's cleanup never ran", func() bool { return m.Stats().CleanupRuns >= 1 })
	// Give stacked cleanups, if any, the time to run too.
	for range 5 {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	if st := m.Stats(); st.CleanupRuns != 1 || st.CleanupRemoved != 1 {
		t.Fatalf("Stats: CleanupRuns=%d CleanupRemoved=%d, want 1 and 1", st.CleanupRuns, st.CleanupRemoved)
	}
}

//go:noinline
func abandonedMaps(vals []*payload) (weak.Pointer[weakmap.Map[int, payload]], weak.Pointer[weakmap.KeyMap[payload, int]], weak.Pointer[weakmap.Set[payload]]) {
	m := weakmap.New[int, payload](weakmap.WithGCCleanup())
	km := weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup())
	s := weakmap.NewSet[payload](weakmap.WithGCCleanup())
	for i, v := range vals {
		m.Store(i, v)
		km.Store(v, i)
		s.Add(v)
	}
	return weak.Make(m), weak.Make(km), weak.Make(s)
}

// Pending cleanups (on values that are still alive) do not keep a map that
// nobody references alive.
func TestGCCleanupDoesNotPinMap(t *testing.T) {
	vals := evictPayloads(100)
	wm, wkm, ws := abandonedMaps(vals)
	gcUntil(t, "an abandoned Map with pending cleanups was not collected", func() bool { return wm.Value() == nil })
	gcUntil(t, "an abandoned KeyMap with pending cleanups was not collected", func() bool { return wkm.Value() == nil })
	gcUntil(t, "an abandoned Set with pending cleanups was not collected", func() bool { return ws.Value() == nil })
	runtime.KeepAlive(vals)
}

//go:noinline
func addDroppedMembers(s *weakmap.Set[payload], km *weakmap.KeyMap[payload, int], n int) {
	for i := range n {
		p := &payload{}
		s.Add(p)
		km.Store(p, i)
	}
}

func TestGCCleanupKeyMapAndSet(t *testing.T) {
	s := weakmap.NewSet[payload](weakmap.WithGCCleanup(), weakmap.WithSweepThreshold(0))
	km := weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup(), weakmap.WithSweepThreshold(0))
	kept := evictPayloads(10)
	for i, p := range kept {
		s.Add(p)
		km.Store(p, i)
		km.Store(p, i+1) // a second store of the same key reuses its cleanup
	}
	addDroppedMembers(s, km, 100)
	gcUntil(t, "the cleanups did not remove the dropped members and keys", func() bool {
		return s.RawLen() == 10 && km.RawLen() == 10
	})
	if st := km.Stats(); st.CleanupRemoved != 100 {
		t.Fatalf("KeyMap CleanupRemoved = %d, want 100", st.CleanupRemoved)
	}
	for i, p := range kept {
		if v, ok := km.Load(p); !ok || v != i+1 || !s.Contains(p) {
			t.Fatalf("kept key %d lost", i)
		}
	}
	// Deleting stops the key's cleanup: when the key then dies, nothing
	// runs for it.
	runs := km.Stats().CleanupRuns
	km.Delete(kept[0])
	kept[0] = nil
	for range 5 {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	if got := km.Stats().CleanupRuns; got != runs {
		t.Fatalf("a deleted key's cleanup ran: CleanupRuns went from %d to %d", runs, got)
	}
	runtime.KeepAlive(kept)
}
