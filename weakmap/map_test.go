package weakmap_test

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// The semantics of every Map method, on live, collected (by the seam) and
// absent entries. Sweeps are turned off (threshold 0) unless a test says
// otherwise, so that nothing but the call under test changes the map.

// --- helpers shared by the test files of this package ---

// recoverText runs f and returns what it panicked with, as a string, and
// whether it panicked.
func recoverText(f func()) (msg string, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			panicked = true
			switch v := r.(type) {
			case string:
				msg = v
			case error:
				msg = v.Error()
			default:
				msg = fmt.Sprint(v)
			}
		}
	}()
	f()
	return "", false
}

// finishes runs f on another goroutine and fails the test if it has not
// returned within d: a method that left a shard locked deadlocks instead.
func finishes(t *testing.T, what string, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %v: a shard was left locked", what, d)
	}
}

// keysInShard returns n int keys, not in avoid, that m puts in shard i.
func keysInShard[V any](m *weakmap.Map[int, V], i, n int, avoid ...int) []int {
	var out []int
	for k := 0; len(out) < n; k++ {
		if weakmap.ShardOf(m, k) == i && !slices.Contains(avoid, k) {
			out = append(out, k)
		}
	}
	return out
}

// payloads returns n fresh values named prefix0, prefix1, ...
func payloads(prefix string, n int) []*payload {
	out := make([]*payload, n)
	for i := range out {
		out[i] = &payload{name: prefix + fmt.Sprint(i)}
	}
	return out
}

// newFixture returns a map without counter sweeps holding "live" (whose
// value it returns) and "dead" (stored, then marked collected; the test
// still holds the value that was stored, old, to check that no method ever
// compares with or returns it).
func newFixture(t *testing.T) (m *weakmap.Map[string, payload], live, old *payload) {
	t.Helper()
	m = weakmap.New[string, payload](weakmap.WithSweepThreshold(0))
	live, old = &payload{name: "live"}, &payload{name: "old"}
	m.Store("live", live)
	m.Store("dead", old)
	if !weakmap.MarkCollected(m, "dead") {
		t.Fatal("MarkCollected found no entry for \"dead\"")
	}
	if m.RawLen() != 2 || m.Len() != 1 {
		t.Fatalf("fixture: RawLen = %d, Len = %d; want 2 and 1", m.RawLen(), m.Len())
	}
	return m, live, old
}

func wantLoad(t *testing.T, m *weakmap.Map[string, payload], key string, want *payload) {
	t.Helper()
	v, ok := m.Load(key)
	if v != want || ok != (want != nil) {
		t.Fatalf("Load(%q) = %p, %v; want %p, %v", key, v, ok, want, want != nil)
	}
}

func wantLens(t *testing.T, m *weakmap.Map[string, payload], live, raw int) {
	t.Helper()
	if l, r := m.Len(), m.RawLen(); l != live || r != raw {
		t.Fatalf("Len = %d, RawLen = %d; want %d and %d", l, r, live, raw)
	}
}

// --- tests ---

func TestNewMapIsEmpty(t *testing.T) {
	m := weakmap.New[string, payload]()
	wantLoad(t, m, "x", nil)
	wantLens(t, m, 0, 0)
	if n := len(m.Snapshot()); n != 0 {
		t.Fatalf("Snapshot of an empty map has %d entries", n)
	}
	for k := range m.Keys() {
		t.Fatalf("an empty map yielded key %q", k)
	}
	if n := m.Sweep(); n != 0 {
		t.Fatalf("Sweep of an empty map removed %d", n)
	}
}

func TestStoreAndLoad(t *testing.T) {
	m := weakmap.New[string, payload](weakmap.WithSweepThreshold(0))
	vals := payloads("v", 100)
	for i, v := range vals {
		m.Store(fmt.Sprint(i), v)
	}
	wantLens(t, m, 100, 100)
	for i, v := range vals {
		wantLoad(t, m, fmt.Sprint(i), v)
	}
	wantLoad(t, m, "100", nil)

	// Store replaces, and the map holds the new pointer, not a copy.
	repl := &payload{name: "v7"} // equal contents, another object
	m.Store("7", repl)
	wantLoad(t, m, "7", repl)
	wantLens(t, m, 100, 100)

	// Store over a collected entry revives the key.
	weakmap.MarkCollected(m, "8")
	wantLoad(t, m, "8", nil)
	m.Store("8", vals[8])
	wantLoad(t, m, "8", vals[8])
	wantLens(t, m, 100, 100)
	runtime.KeepAlive(vals)
}

// A collected entry is absent for every method, and no method ever returns
// or matches the pointer that was stored before it was collected.
func TestCollectedEntryIsAbsent(t *testing.T) {
	fresh := &payload{name: "fresh"}
	cases := []struct {
		name string
		run  func(t *testing.T, m *weakmap.Map[string, payload], old *payload)
		// what the map must hold afterwards under "dead" (nil: nothing
		// live) and its RawLen
		after  *payload
		rawLen int
	}{
		{"Load", func(t *testing.T, m *weakmap.Map[string, payload], old *payload) {
			for range 3 {
				wantLoad(t, m, "dead", nil)
			}
		}, nil, 2},
		{"LoadOrStore", func(t *testing.T, m *weakmap.Map[string, payload], old *payload) {
			if v, loaded := m.LoadOrStore("dead", fresh); v != fresh || loaded {
				t.Fatalf("LoadOrStore = %p, %v; want the new value %p, false", v, loaded, fresh)
			}
		}, fresh, 2},
		{"LoadOrCompute", func(t *testing.T, m *weakmap.Map[string, payload], old *payload) {
			calls := 0
			v, loaded := m.LoadOrCompute("dead", func() *payload { calls++; return fresh })
			if v != fresh || loaded || calls != 1 {
				t.Fatalf("LoadOrCompute = %p, %v with %d create calls; want %p, false, 1", v, loaded, calls, fresh)
			}
		}, fresh, 2},
		{"Swap", func(t *testing.T, m *weakmap.Map[string, payload], old *payload) {
			if prev, loaded := m.Swap("dead", fresh); prev != nil || loaded {
				t.Fatalf("Swap returned previous %p, %v; want nil, false", prev, loaded)
			}
		}, fresh, 2},
		{"CompareAndSwap", func(t *testing.T, m *weakmap.Map[string, payload], old *payload) {
			if m.CompareAndSwap("dead", old, fresh) {
				t.Fatal("CompareAndSwap matched the collected value's old pointer")
			}
			if m.CompareAndSwap("dead", nil, fresh) {
				t.Fatal("CompareAndSwap with a nil old swapped a collected entry")
			}
		}, nil, 2},
		{"CompareAndDelete", func(t *testing.T, m *weakmap.Map[string, payload], old *payload) {
			if m.CompareAndDelete("dead", old) {
				t.Fatal("CompareAndDelete matched the collected value's old pointer")
			}
			if m.CompareAndDelete("dead", nil) {
				t.Fatal("CompareAndDelete with a nil old deleted a collected entry")
			}
		}, nil, 2},
		{"LoadAndDelete", func(t *testing.T, m *weakmap.Map[string, payload], old *payload) {
			if v, loaded := m.LoadAndDelete("dead"); v != nil || loaded {
				t.Fatalf("LoadAndDelete = %p, %v; want nil, false", v, loaded)
			}
			if v, loaded := m.LoadAndDelete("dead"); v != nil || loaded {
				t.Fatalf("a second LoadAndDelete = %p, %v; want nil, false", v, loaded)
			}
		}, nil, 1},
		{"Delete", func(t *testing.T, m *weakmap.Map[string, payload], old *payload) {
			m.Delete("dead")
		}, nil, 1},
		{"Len, RawLen, Snapshot, All, Keys, Values", func(t *testing.T, m *weakmap.Map[string, payload], old *payload) {
			if m.Len() != 1 {
				t.Fatalf("Len = %d, want 1", m.Len())
			}
			if got := m.Snapshot(); len(got) != 1 || got["dead"] != nil {
				t.Fatalf("Snapshot = %v, want only \"live\"", got)
			}
			for k, v := range m.All() {
				if k != "live" || v == old {
					t.Fatalf("All yielded %q, %p", k, v)
				}
			}
			for k := range m.Keys() {
				if k != "live" {
					t.Fatalf("Keys yielded %q", k)
				}
			}
			for v := range m.Values() {
				if v == old || v == nil {
					t.Fatalf("Values yielded %p", v)
				}
			}
		}, nil, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, live, old := newFixture(t)
			c.run(t, m, old)
			wantLoad(t, m, "dead", c.after)
			wantLoad(t, m, "live", live)
			if r := m.RawLen(); r != c.rawLen {
				t.Fatalf("RawLen = %d afterwards, want %d", r, c.rawLen)
			}
			runtime.KeepAlive(old)
		})
	}
}

func TestLoadOrStoreLive(t *testing.T) {
	m := weakmap.New[string, payload](weakmap.WithSweepThreshold(0))
	a, b := &payload{name: "a"}, &payload{name: "b"}
	if v, loaded := m.LoadOrStore("k", a); v != a || loaded {
		t.Fatalf("LoadOrStore on an absent key = %p, %v; want %p, false", v, loaded, a)
	}
	if v, loaded := m.LoadOrStore("k", b); v != a || loaded != true {
		t.Fatalf("LoadOrStore on a live key = %p, %v; want the stored %p, true", v, loaded, a)
	}
	wantLoad(t, m, "k", a)
	wantLens(t, m, 1, 1)
}

func TestLoadOrComputeLive(t *testing.T) {
	m := weakmap.New[string, payload](weakmap.WithSweepThreshold(0))
	a := &payload{name: "a"}
	calls := 0
	create := func() *payload { calls++; return a }
	if v, loaded := m.LoadOrCompute("k", create); v != a || loaded || calls != 1 {
		t.Fatalf("LoadOrCompute on an absent key = %p, %v, %d calls; want %p, false, 1", v, loaded, calls, a)
	}
	for range 3 {
		if v, loaded := m.LoadOrCompute("k", create); v != a || !loaded {
			t.Fatalf("LoadOrCompute on a live key = %p, %v; want %p, true", v, loaded, a)
		}
	}
	if calls != 1 {
		t.Fatalf("create was called %d times; want once, only when the value was stored", calls)
	}
	wantLens(t, m, 1, 1)
}

// Many goroutines racing to compute one key: create runs once, and every
// caller gets the one stored value.
func TestLoadOrComputeOnceUnderContention(t *testing.T) {
	m := weakmap.New[string, payload]()
	const g = 8
	var calls atomic.Int32
	got := make([]*payload, g)
	loadedCount := 0
	var mu sync.Mutex
	var start, wg sync.WaitGroup
	start.Add(1)
	for i := range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start.Wait()
			v, loaded := m.LoadOrCompute("k", func() *payload {
				calls.Add(1)
				time.Sleep(time.Millisecond) // widen the window
				return &payload{name: "computed"}
			})
			got[i] = v
			if loaded {
				mu.Lock()
				loadedCount++
				mu.Unlock()
			}
		}()
	}
	start.Done()
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("create was called %d times by %d racing callers; want 1", n, g)
	}
	if loadedCount != g-1 {
		t.Fatalf("%d callers reported loaded; want %d", loadedCount, g-1)
	}
	for i, v := range got {
		if v == nil || v != got[0] {
			t.Fatalf("caller %d got %p, caller 0 got %p; want one value", i, v, got[0])
		}
	}
	wantLoad(t, m, "k", got[0])
}

// A create that panics leaves the map unchanged and its shard unlocked; the
// panic reaches the caller as it was.
func TestLoadOrComputeCreatePanics(t *testing.T) {
	for _, key := range []string{"absent", "dead"} {
		t.Run(key, func(t *testing.T) {
			m, live, old := newFixture(t)
			msg, panicked := recoverText(func() {
				m.LoadOrCompute(key, func() *payload { panic("create failed") })
			})
			if !panicked || msg != "create failed" {
				t.Fatalf("LoadOrCompute: panic %q (panicked %v); want create's own panic \"create failed\"", msg, panicked)
			}
			wantLoad(t, m, key, nil)
			wantLoad(t, m, "live", live)
			wantLens(t, m, 1, 2)
			v := &payload{name: "after"}
			finishes(t, "Store after a panicking create", 10*time.Second, func() { m.Store(key, v) })
			wantLoad(t, m, key, v)
			runtime.KeepAlive(old)
		})
	}
}

func TestLoadOrComputeCreateReturnsNil(t *testing.T) {
	for _, key := range []string{"absent", "dead"} {
		t.Run(key, func(t *testing.T) {
			m, live, old := newFixture(t)
			msg, panicked := recoverText(func() {
				m.LoadOrCompute(key, func() *payload { return nil })
			})
			if !panicked || !strings.HasPrefix(msg, "weakmap: ") || !strings.Contains(msg, "nil") {
				t.Fatalf("create returning nil: panic %q (panicked %v); want a \"weakmap: \" panic about nil", msg, panicked)
			}
			wantLoad(t, m, key, nil)
			wantLoad(t, m, "live", live)
			wantLens(t, m, 1, 2)
			v := &payload{name: "after"}
			finishes(t, "LoadOrCompute after create returned nil", 10*time.Second, func() {
				if got, loaded := m.LoadOrCompute(key, func() *payload { return v }); got != v || loaded {
					t.Errorf("LoadOrCompute = %p, %v; want %p, false", got, loaded, v)
				}
			})
			wantLoad(t, m, key, v)
			runtime.KeepAlive(old)
		})
	}
}

func TestSwapLive(t *testing.T) {
	m := weakmap.New[string, payload](weakmap.WithSweepThreshold(0))
	a, b, c := &payload{name: "a"}, &payload{name: "b"}, &payload{name: "c"}
	if prev, loaded := m.Swap("k", a); prev != nil || loaded {
		t.Fatalf("Swap on an absent key returned %p, %v; want nil, false", prev, loaded)
	}
	if prev, loaded := m.Swap("k", b); prev != a || !loaded {
		t.Fatalf("Swap returned %p, %v; want %p, true", prev, loaded, a)
	}
	if prev, loaded := m.Swap("k", c); prev != b || !loaded {
		t.Fatalf("Swap returned %p, %v; want %p, true", prev, loaded, b)
	}
	wantLoad(t, m, "k", c)
	wantLens(t, m, 1, 1)
}

func TestCompareAndSwapLive(t *testing.T) {
	m := weakmap.New[string, payload](weakmap.WithSweepThreshold(0))
	a, b := &payload{name: "a"}, &payload{name: "b"}
	twin := &payload{name: "a"} // equal to a, another object
	m.Store("k", a)
	if m.CompareAndSwap("k", twin, b) {
		t.Fatal("CompareAndSwap compared values, not pointers: an equal copy of the old value matched")
	}
	if m.CompareAndSwap("k", nil, b) {
		t.Fatal("CompareAndSwap with a nil old swapped a live entry")
	}
	wantLoad(t, m, "k", a)
	if !m.CompareAndSwap("k", a, b) {
		t.Fatal("CompareAndSwap with the stored pointer did not swap")
	}
	wantLoad(t, m, "k", b)
	if m.CompareAndSwap("k", a, b) {
		t.Fatal("CompareAndSwap with the replaced pointer swapped")
	}
	if m.CompareAndSwap("absent", a, b) || m.CompareAndSwap("absent", nil, b) {
		t.Fatal("CompareAndSwap swapped an absent key")
	}
	wantLoad(t, m, "absent", nil)
	wantLens(t, m, 1, 1)
}

func TestCompareAndDeleteLive(t *testing.T) {
	m := weakmap.New[string, payload](weakmap.WithSweepThreshold(0))
	a := &payload{name: "a"}
	twin := &payload{name: "a"}
	m.Store("k", a)
	if m.CompareAndDelete("k", twin) || m.CompareAndDelete("k", nil) || m.CompareAndDelete("absent", a) {
		t.Fatal("CompareAndDelete deleted with a pointer other than the stored one")
	}
	wantLoad(t, m, "k", a)
	if !m.CompareAndDelete("k", a) {
		t.Fatal("CompareAndDelete with the stored pointer did not delete")
	}
	wantLoad(t, m, "k", nil)
	wantLens(t, m, 0, 0)
	if m.CompareAndDelete("k", a) {
		t.Fatal("CompareAndDelete deleted a key twice")
	}
}

func TestLoadAndDeleteAndDelete(t *testing.T) {
	m := weakmap.New[string, payload](weakmap.WithSweepThreshold(0))
	a, b := &payload{name: "a"}, &payload{name: "b"}
	m.Store("a", a)
	m.Store("b", b)
	if v, loaded := m.LoadAndDelete("a"); v != a || !loaded {
		t.Fatalf("LoadAndDelete = %p, %v; want %p, true", v, loaded, a)
	}
	if v, loaded := m.LoadAndDelete("a"); v != nil || loaded {
		t.Fatalf("LoadAndDelete of a deleted key = %p, %v; want nil, false", v, loaded)
	}
	wantLens(t, m, 1, 1)
	m.Delete("b")
	m.Delete("b")
	m.Delete("never")
	wantLoad(t, m, "b", nil)
	wantLens(t, m, 0, 0)
	m.Store("a", b) // a deleted key can be stored again
	wantLoad(t, m, "a", b)
}

func TestClear(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithShards(4), weakmap.WithSweepThreshold(0))
	vals := payloads("v", 200)
	for i, v := range vals {
		m.Store(i, v)
	}
	weakmap.MarkCollected(m, 3)
	m.Clear()
	if m.Len() != 0 || m.RawLen() != 0 || m.Stats().RawLen != 0 {
		t.Fatalf("after Clear: Len %d, RawLen %d, Stats.RawLen %d; want 0", m.Len(), m.RawLen(), m.Stats().RawLen)
	}
	for i := range vals {
		if v, ok := m.Load(i); ok || v != nil {
			t.Fatalf("Load(%d) after Clear = %p, %v", i, v, ok)
		}
	}
	// The map is usable after Clear.
	for i, v := range vals[:50] {
		m.Store(i, v)
	}
	if m.Len() != 50 || m.RawLen() != 50 {
		t.Fatalf("after Clear and 50 stores: Len %d, RawLen %d", m.Len(), m.RawLen())
	}
	for i, v := range vals[:50] {
		if got, _ := m.Load(i); got != v {
			t.Fatalf("Load(%d) = %p, want %p", i, got, v)
		}
	}
	runtime.KeepAlive(vals)
}

// Each key keeps its own value: no method returns a value stored under
// another key, across growth of the shards.
func TestManyKeysKeepTheirValues(t *testing.T) {
	m := weakmap.New[string, payload](weakmap.WithShards(2), weakmap.WithSweepThreshold(1), weakmap.WithSweepBudget(3))
	const n = 3000
	vals := payloads("k", n)
	for i, v := range vals {
		if got, loaded := m.LoadOrStore(v.name, v); got != v || loaded {
			t.Fatalf("LoadOrStore(%q) = %p, %v", v.name, got, loaded)
		}
		if i%7 == 0 {
			m.Delete(vals[i/2].name)
			m.Store(vals[i/2].name, vals[i/2])
		}
	}
	wantLens(t, m, n, n)
	for _, v := range vals {
		wantLoad(t, m, v.name, v)
	}
	snap := m.Snapshot()
	want := make(map[string]*payload, n)
	for _, v := range vals {
		want[v.name] = v
	}
	if !maps.Equal(snap, want) {
		t.Fatalf("Snapshot differs from what was stored (%d entries, want %d)", len(snap), n)
	}
	runtime.KeepAlive(vals)
}

func TestShardCount(t *testing.T) {
	for _, c := range []struct{ n, want int }{{1, 1}, {2, 2}, {3, 4}, {5, 8}, {16, 16}, {17, 32}, {100, 128}} {
		if got := weakmap.New[int, payload](weakmap.WithShards(c.n)).Stats().Shards; got != c.want {
			t.Errorf("WithShards(%d): %d shards, want %d", c.n, got, c.want)
		}
		if got := weakmap.NewStrong[int, payload](weakmap.WithShards(c.n)).Stats().Shards; got != c.want {
			t.Errorf("NewStrong WithShards(%d): %d shards, want %d", c.n, got, c.want)
		}
	}
	// The default is max(16, 4*GOMAXPROCS), rounded up to a power of two.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, c := range []struct{ procs, want int }{{1, 16}, {2, 16}, {4, 16}, {5, 32}, {8, 32}, {9, 64}} {
		runtime.GOMAXPROCS(c.procs)
		if got := weakmap.New[int, payload]().Stats().Shards; got != c.want {
			t.Errorf("GOMAXPROCS=%d: %d default shards, want %d", c.procs, got, c.want)
		}
	}
}

// The other key types the table hashes differently (strings, words,
// everything else) all work.
func TestKeyKinds(t *testing.T) {
	v := &payload{name: "v"}
	type pair struct {
		a int
		b string
	}
	check := func(name string, store func(), load func() (*payload, bool), del func()) {
		store()
		if got, ok := load(); got != v || !ok {
			t.Errorf("%s: Load = %p, %v; want %p", name, got, ok, v)
		}
		del()
		if got, ok := load(); got != nil || ok {
			t.Errorf("%s: Load after Delete = %p, %v", name, got, ok)
		}
	}
	mi8 := weakmap.New[int8, payload]()
	check("int8", func() { mi8.Store(-3, v) }, func() (*payload, bool) { return mi8.Load(-3) }, func() { mi8.Delete(-3) })
	mu16 := weakmap.New[uint16, payload]()
	check("uint16", func() { mu16.Store(65535, v) }, func() (*payload, bool) { return mu16.Load(65535) }, func() { mu16.Delete(65535) })
	mi32 := weakmap.New[int32, payload]()
	check("int32", func() { mi32.Store(1<<30, v) }, func() (*payload, bool) { return mi32.Load(1 << 30) }, func() { mi32.Delete(1 << 30) })
	mf := weakmap.New[float64, payload]()
	check("float64 -0 == +0", func() { mf.Store(0.0, v) }, func() (*payload, bool) {
		negZero := 0.0
		negZero = -negZero
		return mf.Load(negZero)
	}, func() { mf.Delete(0.0) })
	mp := weakmap.New[pair, payload]()
	check("struct", func() { mp.Store(pair{1, "x"}, v) }, func() (*payload, bool) { return mp.Load(pair{1, "x"}) }, func() { mp.Delete(pair{1, "x"}) })
	ma := weakmap.New[any, payload]()
	check("interface", func() { ma.Store(42, v) }, func() (*payload, bool) { return ma.Load(42) }, func() { ma.Delete(42) })
	ma.Store(42, v)
	if got, ok := ma.Load(int64(42)); ok || got != nil {
		t.Error("interface keys 42 and int64(42) are different keys, but Load found one under the other")
	}
}
