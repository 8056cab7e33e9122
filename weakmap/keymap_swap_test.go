package weakmap_test

import (
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// KeyMap.Swap has Map.Swap's semantics: it stores, and returns the value
// the key had if it was in the map; a collected key's entry counts as
// absent.
func TestKeyMapSwap(t *testing.T) {
	for _, cleanup := range []bool{false, true} {
		opts := []weakmap.Option{weakmap.WithShards(1), weakmap.WithSweepThreshold(0)}
		if cleanup {
			opts = append(opts, weakmap.WithGCCleanup())
		}
		m := weakmap.NewKeyMap[payload, int](opts...)
		k, dead := &payload{name: "k"}, &payload{name: "dead"}
		if prev, loaded := m.Swap(k, 1); loaded || prev != 0 {
			t.Fatalf("cleanup=%v: Swap on an absent key = %d, %v; want 0, false", cleanup, prev, loaded)
		}
		if prev, loaded := m.Swap(k, 2); !loaded || prev != 1 {
			t.Fatalf("cleanup=%v: Swap on a stored key = %d, %v; want 1, true", cleanup, prev, loaded)
		}
		if v, ok := m.Load(k); !ok || v != 2 {
			t.Fatalf("cleanup=%v: Load after Swap = %d, %v; want 2, true", cleanup, v, ok)
		}
		m.Store(dead, 7)
		if !weakmap.MarkKeyCollected(m, dead) {
			t.Fatal("MarkKeyCollected found no entry")
		}
		if prev, loaded := m.Swap(dead, 8); loaded || prev != 0 {
			t.Fatalf("cleanup=%v: Swap over a collected key's entry = %d, %v; want 0, false", cleanup, prev, loaded)
		}
		if v, ok := m.Load(dead); !ok || v != 8 {
			t.Fatalf("cleanup=%v: Load after Swap over a collected entry = %d, %v; want 8, true", cleanup, v, ok)
		}
		if got := m.RawLen(); got != 2 {
			t.Fatalf("cleanup=%v: RawLen = %d, want 2", cleanup, got)
		}
		runtime.KeepAlive(k)
		runtime.KeepAlive(dead)
	}
}
