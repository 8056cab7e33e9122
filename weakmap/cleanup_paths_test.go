package weakmap_test

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"weak"

	"github.com/weakstripe/weakstripe/weakmap"
)

// The tests in this file hold every path that registers a GC cleanup to
// stopping it when it does not end up in the map: they count, through
// runtime/metrics, how many cleanups the runtime queues when an object the
// maps were given finally dies. A cleanup left registered by mistake is
// queued then, even if it finds its map or entry gone.

var cleanupMetrics = []metrics.Sample{
	{Name: "/gc/cleanups/queued:cleanups"},
	{Name: "/gc/cleanups/executed:cleanups"},
}

// cleanupCounts returns how many cleanups the runtime has queued and run
// since the process started.
func cleanupCounts() (queued, executed uint64) {
	metrics.Read(cleanupMetrics)
	return cleanupMetrics[0].Value.Uint64(), cleanupMetrics[1].Value.Uint64()
}

// settleCleanups collects until every queued cleanup has run and a full
// cycle queues no new one, so that what a test counts next is its own.
func settleCleanups(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	last := ^uint64(0)
	for {
		runtime.GC()
		q, x := cleanupCounts()
		if q == x && q == last {
			return
		}
		last = q
		if time.Now().After(deadline) {
			t.Fatalf("cleanups did not settle within 20s: %d queued, %d run", q, x)
		}
		time.Sleep(time.Millisecond)
	}
}

// cleanupsAtDeath lets the objects in *objs die (the caller must hold no
// other reference to them): it settles the queue, clears *objs, and
// returns how many cleanups the runtime queued when they died, the
// cleanups still registered on them.
func cleanupsAtDeath[T any](t *testing.T, objs *[]*T) uint64 {
	t.Helper()
	ws := make([]weak.Pointer[T], len(*objs))
	for i, o := range *objs {
		ws[i] = weak.Make(o)
	}
	settleCleanups(t)
	before, _ := cleanupCounts()
	*objs = nil
	gcUntil(t, "the objects never died", func() bool {
		for _, w := range ws {
			if w.Value() != nil {
				return false
			}
		}
		return true
	})
	// The sweep that cleared the weak pointers queued the objects'
	// cleanups; runtime.GC returns only once the whole heap is swept.
	runtime.GC()
	after, _ := cleanupCounts()
	return after - before
}

//go:noinline
func abandonMapsOver(v *payload, k *payload, n int) {
	for i := range n {
		m := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithGCCleanup())
		m.Store(i, v)
		km := weakmap.NewKeyMap[payload, int](weakmap.WithShards(1), weakmap.WithGCCleanup())
		km.Store(k, i)
		s := weakmap.NewSet[payload](weakmap.WithShards(1), weakmap.WithGCCleanup())
		s.Add(k)
	}
}

// Maps dropped while the objects they were given live on must not leave
// their cleanups registered on those objects: 20,000 abandoned maps of each
// kind over one value and one key leave at most a handful.
func TestAbandonedMapsStopTheirCleanups(t *testing.T) {
	const n = 20000
	v, k := &payload{name: "long-lived value"}, &payload{name: "long-lived key"}
	abandonMapsOver(v, k, n)
	vs, ks := []*payload{v}, []*payload{k}
	v, k = nil, nil
	if got := cleanupsAtDeath(t, &vs); got > 5 {
		t.Errorf("%d Maps abandoned over one value: %d cleanups were still registered on it when it died, want at most 5", n, got)
	}
	if got := cleanupsAtDeath(t, &ks); got > 5 {
		t.Errorf("%d KeyMaps and %d Sets abandoned over one key: %d cleanups were still registered on it when it died, want at most 5", n, n, got)
	}
}

//go:noinline
func panickingLoadOrCompute(t *testing.T, k *payload, n int) *weakmap.KeyMap[payload, int] {
	m := weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup())
	for range n {
		func() {
			defer func() {
				if recover() == nil {
					t.Fatal("create's panic did not reach the caller")
				}
			}()
			m.LoadOrCompute(k, func() int { panic("create fails") })
		}()
	}
	if _, ok := m.Load(k); ok {
		t.Fatal("a LoadOrCompute whose create panicked stored the key")
	}
	return m
}

// A LoadOrCompute whose create panics stores nothing and must leave no
// cleanup registered on the key.
func TestLoadOrComputePanicLeavesNoCleanup(t *testing.T) {
	k := &payload{name: "key"}
	m := panickingLoadOrCompute(t, k, 1000)
	ks := []*payload{k}
	k = nil
	if got := cleanupsAtDeath(t, &ks); got > 0 {
		t.Fatalf("1000 panicking LoadOrCompute calls left %d cleanups on the key, want 0", got)
	}
	runtime.KeepAlive(m)
}

//go:noinline
func storeAndClearConcurrently(vals []*payload, clears int) (*weakmap.Map[int, payload], *weakmap.KeyMap[payload, int]) {
	m := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithGCCleanup())
	km := weakmap.NewKeyMap[payload, int](weakmap.WithShards(1), weakmap.WithGCCleanup())
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			for i, v := range vals {
				m.Store(i, v)
				km.Store(v, i)
			}
		}
	}()
	for range clears {
		m.Clear()
		km.Clear()
	}
	done.Store(true)
	wg.Wait()
	m.Clear()
	km.Clear()
	return m, km
}

// Clear stops the cleanups of exactly the entries it removes, also those of
// entries stored while it runs: once the maps are empty, no cleanup is left
// on the values they were given.
func TestClearRacingStoreLeavesNoCleanup(t *testing.T) {
	vals := evictPayloads(64)
	m, km := storeAndClearConcurrently(vals, 20000)
	if m.RawLen() != 0 || km.RawLen() != 0 {
		t.Fatalf("after Clear: RawLen %d and %d, want 0", m.RawLen(), km.RawLen())
	}
	total := cleanupsAtDeath(t, &vals)
	if total > 0 {
		t.Fatalf("Clear racing Store left %d cleanups registered on values no map holds", total)
	}
	runtime.KeepAlive(m)
	runtime.KeepAlive(km)
}

//go:noinline
func storeDeleteRace(m *weakmap.KeyMap[payload, int], rounds int) {
	keys := make([]*payload, rounds)
	for i := range keys {
		keys[i] = &payload{}
	}
	var wg sync.WaitGroup
	for _, k := range keys {
		m.Store(k, 1)
		wg.Add(2)
		go func() { defer wg.Done(); m.Store(k, 2) }()
		go func() { defer wg.Done(); m.Delete(k) }()
	}
	wg.Wait()
}

// KeyMap.Store racing Delete must not publish an entry whose cleanup the
// Delete stopped: with sweeps off, once the keys die, their cleanups must
// remove every entry left.
func TestKeyMapStoreRacingDeleteKeepsCleanup(t *testing.T) {
	m := weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup(), weakmap.WithSweepThreshold(0))
	storeDeleteRace(m, 20000)
	deadline := time.Now().Add(10 * time.Second)
	for m.RawLen() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("10s after the keys died, %d entries are left that no cleanup removes", m.RawLen())
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

// backRef is a KeyMap value that refers to its own map.
type backRef struct {
	m *weakmap.KeyMap[payload, backRef]
}

//go:noinline
func selfReferencingMaps(k, v *payload) (weak.Pointer[weakmap.KeyMap[payload, backRef]], weak.Pointer[weakmap.Map[int, payload]]) {
	km := weakmap.NewKeyMap[payload, backRef](weakmap.WithGCCleanup())
	km.Store(k, backRef{m: km})
	var m *weakmap.Map[int, payload]
	m = weakmap.New[int, payload](weakmap.WithGCCleanup(), weakmap.WithEvictCallback(func(int) { m.Len() }))
	m.Store(1, v)
	return weak.Make(km), weak.Make(m)
}

// The cleanup that stops a dropped map's entries' cleanups must not keep
// the map alive: a map whose values, or whose eviction callback, refer to
// the map itself is still collected once nothing else refers to it.
func TestMapReachableFromItsContentsIsCollected(t *testing.T) {
	k, v := &payload{name: "k"}, &payload{name: "v"}
	wkm, wm := selfReferencingMaps(k, v)
	gcUntil(t, "a KeyMap whose value refers to it was never collected", func() bool { return wkm.Value() == nil })
	gcUntil(t, "a Map whose eviction callback refers to it was never collected", func() bool { return wm.Value() == nil })
	runtime.KeepAlive(k)
	runtime.KeepAlive(v)
}
