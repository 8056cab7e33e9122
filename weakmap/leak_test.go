package weakmap_test

import (
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/weakstripe/weakstripe/weakmap"
)

// A map its owner drops is collected, whatever it holds and however it was
// configured: with entries whose values (or keys) are still alive, whose
// GC cleanups are therefore still registered and refer to the map; with
// replaced and deleted entries, whose cleanups were stopped; with entries
// whose values died, whose cleanups are queued or done; and with an
// eviction callback that itself refers to the map. Then the values die
// too, and their pending cleanups, which find the map gone, must neither
// crash nor keep them alive. (Goroutine leaks are goleak's job, in
// TestMain.) TestGCCleanupDoesNotPinMap is the case of this matrix that
// matters most, on its own.

// leakWatch returns a function reporting whether p has been collected. It
// holds p weakly only.
func leakWatch[T any](p *T) func() bool {
	wp := weak.Make(p)
	return func() bool { return wp.Value() == nil }
}

// leakDropped stores n values that nobody keeps, under keys from..from+n-1.
//
//go:noinline
func leakDropped(store func(k int, v *payload), from, n int) {
	for k := from; k < from+n; k++ {
		store(k, &payload{name: "dropped"})
	}
}

// leakFillMap gives m every kind of entry: live values under keys
// 0..n-1; live values stored twice under n..2n-1, half of them then
// deleted; and dead values under 2n..3n-1. Then a GC kills the dead ones.
func leakFillMap(store func(k int, v *payload), del func(k int), live []*payload) {
	n := len(live)
	for i, v := range live {
		store(i, v)
	}
	for i, v := range live {
		store(n+i, v)
		store(n+i, live[(i+1)%n])
	}
	for i := range n / 2 {
		del(n + i)
	}
	leakDropped(store, 2*n, n)
	runtime.GC()
}

//go:noinline
func leakMap(live []*payload, opts ...weakmap.Option) func() bool {
	m := weakmap.New[int, payload](opts...)
	leakFillMap(m.Store, m.Delete, live)
	return leakWatch(m)
}

//go:noinline
func leakMapEvictingSelf(live []*payload) func() bool {
	var m *weakmap.Map[int, payload]
	m = weakmap.New[int, payload](weakmap.WithGCCleanup(), weakmap.WithEvictCallback(func(int) { m.RawLen() }))
	leakFillMap(m.Store, m.Delete, live)
	return leakWatch(m)
}

//go:noinline
func leakStrongMap(live []*payload) func() bool {
	m := weakmap.NewStrong[int, payload]()
	leakFillMap(m.Store, m.Delete, live)
	return leakWatch(m)
}

// leakFillKeyMap gives km every kind of entry, as leakFillMap does: live
// keys, live keys stored again (reusing their cleanup) and half of them
// deleted, and dead keys.
func leakFillKeyMap(km *weakmap.KeyMap[payload, int], live []*payload) {
	for i, k := range live {
		km.Store(k, i)
		km.Store(k, i+1)
	}
	for _, k := range live[:len(live)/2] {
		km.Delete(k)
		km.Store(k, -1)
	}
	leakDropped(func(i int, k *payload) { km.Store(k, i) }, 0, len(live))
	runtime.GC()
}

//go:noinline
func leakKeyMap(live []*payload, opts ...weakmap.Option) func() bool {
	km := weakmap.NewKeyMap[payload, int](opts...)
	leakFillKeyMap(km, live)
	return leakWatch(km)
}

//go:noinline
func leakKeyMapEvictingSelf(live []*payload) func() bool {
	var km *weakmap.KeyMap[payload, int]
	km = weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup(), weakmap.WithEvictCallback(func(int) { km.RawLen() }))
	leakFillKeyMap(km, live)
	return leakWatch(km)
}

//go:noinline
func leakSet(live []*payload, opts ...weakmap.Option) func() bool {
	s := weakmap.NewSet[payload](opts...)
	for _, x := range live {
		s.Add(x)
	}
	for _, x := range live[:len(live)/2] {
		s.Delete(x)
		s.Add(x)
	}
	leakDropped(func(_ int, x *payload) { s.Add(x) }, 0, len(live))
	runtime.GC()
	return leakWatch(s)
}

func TestDroppedMapIsCollected(t *testing.T) {
	noSweeps := weakmap.WithSweepThreshold(0) // dead entries stay until the map dies
	cases := []struct {
		name  string
		build func(live []*payload) (collected func() bool)
	}{
		{"Map", func(l []*payload) func() bool { return leakMap(l) }},
		{"Map/no sweeps", func(l []*payload) func() bool { return leakMap(l, noSweeps) }},
		{"Map/cleanup", func(l []*payload) func() bool { return leakMap(l, weakmap.WithGCCleanup()) }},
		{"Map/cleanup no sweeps", func(l []*payload) func() bool { return leakMap(l, weakmap.WithGCCleanup(), noSweeps) }},
		{"Map/cleanup evict callback on the map", leakMapEvictingSelf},
		{"StrongMap", leakStrongMap},
		{"KeyMap", func(l []*payload) func() bool { return leakKeyMap(l) }},
		{"KeyMap/no sweeps", func(l []*payload) func() bool { return leakKeyMap(l, noSweeps) }},
		{"KeyMap/cleanup", func(l []*payload) func() bool { return leakKeyMap(l, weakmap.WithGCCleanup()) }},
		{"KeyMap/cleanup no sweeps", func(l []*payload) func() bool { return leakKeyMap(l, weakmap.WithGCCleanup(), noSweeps) }},
		{"KeyMap/cleanup evict callback on the map", leakKeyMapEvictingSelf},
		{"Set", func(l []*payload) func() bool { return leakSet(l) }},
		{"Set/no sweeps", func(l []*payload) func() bool { return leakSet(l, noSweeps) }},
		{"Set/cleanup", func(l []*payload) func() bool { return leakSet(l, weakmap.WithGCCleanup()) }},
		{"Set/cleanup no sweeps", func(l []*payload) func() bool { return leakSet(l, weakmap.WithGCCleanup(), noSweeps) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			live := evictPayloads(64)
			collected := c.build(live)
			leakPoll(t, "the dropped map was not collected while the values (keys) it held were alive", collected)
			// The map is gone and the cleanups registered for the live
			// values are still pending. Now the values die: their
			// cleanups run, find no map, and must not keep them alive.
			// live is not used after this loop.
			dead := make([]func() bool, len(live))
			for i, v := range live {
				dead[i] = leakWatch(v)
			}
			leakPoll(t, "the values of a collected map were not collected", func() bool {
				for _, d := range dead {
					if !d() {
						return false
					}
				}
				return true
			})
		})
	}
}

// leakPoll runs the collector until done reports true and fails, saying
// what, if it does not within 10 seconds.
func leakPoll(t *testing.T, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for gcs := 0; !done(); gcs++ {
		if time.Now().After(deadline) {
			t.Fatalf("after 10s and %d GCs: %s", gcs, what)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}
