package weakmap_test

import (
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
	"weak"

	"github.com/weakstripe/weakstripe/weakmap"
)

// A deletion that shrinks the shard, which drops a dead entry, runs the
// eviction callback in Unlock; if the callback panics there, the deleted
// entry's registration, already unlinked from the ledger, must still be
// stopped: else the live value keeps a cleanup that nothing stops, not
// even the dropped map's stopAll. Map.LoadAndDelete (Delete),
// Map.CompareAndDelete and KeyMap.LoadAndDelete share the path.
func TestDeleteEvictPanicStopsDeletedCleanup(t *testing.T) {
	for _, del := range []struct {
		name string
		do   func(m *weakmap.Map[int, payload], v *payload)
	}{
		{"Delete", func(m *weakmap.Map[int, payload], _ *payload) { m.Delete(0) }},
		{"CompareAndDelete", func(m *weakmap.Map[int, payload], v *payload) { m.CompareAndDelete(0, v) }},
	} {
		t.Run(del.name, func(t *testing.T) {
			var armed atomic.Bool
			m := weakmap.New[int, payload](weakmap.WithGCCleanup(), weakmap.WithShards(1),
				weakmap.WithSweepThreshold(1<<30),
				weakmap.WithEvictCallback(func(int) {
					if armed.Load() {
						panic("test: evict callback panics")
					}
				}))
			vals := make([]*payload, 4)
			for i := range vals {
				vals[i] = &payload{name: strconv.Itoa(i)}
				m.Store(i, vals[i]) // the 4th grows the shard to 2 buckets, 14 slots
			}
			if c := weakmap.ShardCapacity(m, 0); c != 14 {
				t.Fatalf("capacity %d, want 14", c)
			}
			for i := 2; i < 4; i++ {
				m.Delete(i) // down to 2 entries: not yet shrinkable
			}
			weakmap.MarkCollected(m, 1) // entry 1 looks dead: the shrink drops it
			victim := vals[0]
			vals[0] = nil
			armed.Store(true)
			p := recoverPanic(func() { del.do(m, victim) })
			armed.Store(false)
			if p == nil {
				t.Fatalf("the %s that shrank the shard did not run the eviction callback", del.name)
			}
			if _, ok := m.Load(0); ok {
				t.Fatalf("key 0 still loads after its %s", del.name)
			}
			before := m.Stats().CleanupRuns
			w := weak.Make(victim)
			victim = nil
			if !pollGC(5*time.Second, func() bool { return w.Value() == nil }) {
				t.Fatalf("the deleted value never died")
			}
			// Its cleanup, if still registered, was queued by the cycle that
			// cleared w; give it time to run.
			if pollGC(2*time.Second, func() bool { return m.Stats().CleanupRuns != before }) {
				t.Fatalf("a cleanup ran for a value deleted from the map (%d runs): %s did not stop its registration when the eviction callback panicked (%v)",
					m.Stats().CleanupRuns-before, del.name, p)
			}
			runtime.KeepAlive(vals)
		})
	}
}

// The same for KeyMap.LoadAndDelete: the deleted key's registration must
// be stopped although the eviction callback panicked in Unlock.
func TestKeyMapDeleteEvictPanicStopsDeletedCleanup(t *testing.T) {
	var armed atomic.Bool
	km := weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup(), weakmap.WithShards(1),
		weakmap.WithSweepThreshold(1<<30),
		weakmap.WithEvictCallback(func(int) {
			if armed.Load() {
				panic("test: evict callback panics")
			}
		}))
	keys := make([]*payload, 4)
	for i := range keys {
		keys[i] = &payload{name: strconv.Itoa(i)}
		km.Store(keys[i], i) // the 4th grows the shard to 2 buckets, 14 slots
	}
	km.Delete(keys[2])
	km.Delete(keys[3])
	weakmap.MarkKeyCollected(km, keys[1]) // looks dead: the shrink drops it
	victim := keys[0]
	keys[0] = nil
	armed.Store(true)
	p := recoverPanic(func() { km.LoadAndDelete(victim) })
	armed.Store(false)
	if p == nil {
		t.Fatalf("the LoadAndDelete that shrank the shard did not run the eviction callback")
	}
	if _, ok := km.Load(victim); ok {
		t.Fatalf("the key still loads after its LoadAndDelete")
	}
	before := km.Stats().CleanupRuns
	w := weak.Make(victim)
	victim = nil
	if !pollGC(5*time.Second, func() bool { return w.Value() == nil }) {
		t.Fatalf("the deleted key never died")
	}
	if pollGC(2*time.Second, func() bool { return km.Stats().CleanupRuns != before }) {
		t.Fatalf("a cleanup ran for a key deleted from the map (%d runs): LoadAndDelete did not stop its registration when the eviction callback panicked (%v)",
			km.Stats().CleanupRuns-before, p)
	}
	runtime.KeepAlive(keys)
}
