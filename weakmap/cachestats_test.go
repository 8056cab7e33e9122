package weakmap_test

import (
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Stats.Hits and Stats.Misses count the LoadOrStore and LoadOrCompute
// calls that loaded and that stored (cachestats.go), on every map that
// has them; Load is not counted.
func TestLookupStats(t *testing.T) {
	check := func(t *testing.T, what string, st weakmap.Stats, hits, misses uint64) {
		t.Helper()
		if st.Hits != hits || st.Misses != misses {
			t.Fatalf("%s: Hits %d, Misses %d; want %d, %d", what, st.Hits, st.Misses, hits, misses)
		}
	}
	a, b := &payload{name: "a"}, &payload{name: "b"}
	mk := func() *payload { return &payload{name: "made"} }

	t.Run("Map", func(t *testing.T) {
		m := weakmap.New[string, payload](weakmap.WithRetain(4), weakmap.WithCacheStats())
		m.LoadOrStore("a", a)                              // miss
		m.LoadOrStore("a", b)                              // hit
		m.LoadOrCompute("b", func() *payload { return b }) // miss
		m.LoadOrCompute("b", mk)                           // hit
		m.LoadOrCompute("a", mk)                           // hit
		m.Load("a")
		m.Load("absent")
		m.Store("c", a)
		check(t, "Map", m.Stats(), 3, 2)
	})
	t.Run("Map collected entry", func(t *testing.T) {
		m := weakmap.New[string, payload](weakmap.WithCacheStats())
		m.Store("a", a)
		weakmap.MarkCollected(m, "a")
		m.LoadOrCompute("a", func() *payload { return a }) // a miss: the value was collected
		weakmap.MarkCollected(m, "a")
		m.LoadOrStore("a", a) // a miss too
		check(t, "Map after collections", m.Stats(), 0, 2)
	})
	t.Run("StrongMap", func(t *testing.T) {
		m := weakmap.NewStrong[string, payload](weakmap.WithCacheStats())
		m.LoadOrStore("a", a)
		m.LoadOrStore("a", b)
		m.LoadOrCompute("b", mk)
		m.LoadOrCompute("b", mk)
		m.Load("b")
		check(t, "StrongMap", m.Stats(), 2, 2)
	})
	t.Run("KeyMap", func(t *testing.T) {
		m := weakmap.NewKeyMap[payload, int](weakmap.WithCacheStats())
		m.LoadOrStore(a, 1)
		m.LoadOrStore(a, 2)
		m.LoadOrCompute(b, func() int { return 3 })
		m.LoadOrCompute(b, func() int { return 4 })
		m.LoadOrCompute(a, func() int { return 5 })
		m.Load(a)
		check(t, "KeyMap", m.Stats(), 3, 2)
	})
	t.Run("Set", func(t *testing.T) {
		s := weakmap.NewSet[payload](weakmap.WithCacheStats())
		s.Add(a)
		s.Add(a)
		s.Add(b)
		s.Contains(a)
		check(t, "Set", s.Stats(), 1, 2)
	})
}

// Without WithCacheStats nothing is counted.
func TestLookupStatsOff(t *testing.T) {
	m := weakmap.New[int, payload]()
	v := &payload{name: "v"}
	m.LoadOrStore(1, v)
	m.LoadOrStore(1, v)
	m.LoadOrCompute(1, func() *payload { return v })
	if st := m.Stats(); st.Hits != 0 || st.Misses != 0 {
		t.Fatalf("without WithCacheStats, Hits %d, Misses %d; want 0, 0", st.Hits, st.Misses)
	}
}

// The counts are per shard: calls on keys of every shard add up.
func TestLookupStatsAcrossShards(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithShards(8), weakmap.WithCacheStats())
	vals := payloads("v", 1000)
	for k, v := range vals {
		m.LoadOrStore(k, v)
	}
	for k := range vals {
		m.LoadOrCompute(k, func() *payload { return vals[k] })
		m.LoadOrStore(k, vals[k])
	}
	if st := m.Stats(); st.Hits != 2000 || st.Misses != 1000 {
		t.Fatalf("Hits %d, Misses %d; want 2000, 1000", st.Hits, st.Misses)
	}
}
