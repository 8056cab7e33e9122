package weakmap_test

import (
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Globals never die; weak pointers to them must work. (Go 1.24 aborted the
// process, "getWeakHandle on invalid pointer": golang/go#71726.)
var (
	globalValue  = payload{name: "global value"}
	globalKey    = payload{name: "global key"}
	globalMember = payload{name: "global member"}
)

func TestPointersToGlobals(t *testing.T) {
	for _, cleanup := range []bool{false, true} {
		var opts []weakmap.Option
		if cleanup {
			opts = append(opts, weakmap.WithGCCleanup())
		}
		m := weakmap.New[string, payload](opts...)
		km := weakmap.NewKeyMap[payload, int](opts...)
		s := weakmap.NewSet[payload](opts...)
		m.Store("g", &globalValue)
		km.Store(&globalKey, 1)
		s.Add(&globalMember)
		for range 3 {
			runtime.GC()
		}
		if v, ok := m.Load("g"); !ok || v != &globalValue {
			t.Fatalf("cleanup=%v: Map.Load of a global = %p, %v", cleanup, v, ok)
		}
		if v, ok := km.Load(&globalKey); !ok || v != 1 {
			t.Fatalf("cleanup=%v: KeyMap.Load of a global key = %d, %v", cleanup, v, ok)
		}
		if !s.Contains(&globalMember) {
			t.Fatalf("cleanup=%v: Set lost a global member", cleanup)
		}
		if m.Sweep() != 0 || km.Sweep() != 0 || s.Sweep() != 0 {
			t.Fatalf("cleanup=%v: Sweep removed a global", cleanup)
		}
		m.Delete("g")
		km.Delete(&globalKey)
		s.Delete(&globalMember)
		if m.RawLen() != 0 || km.RawLen() != 0 || s.RawLen() != 0 {
			t.Fatalf("cleanup=%v: Delete of globals left entries", cleanup)
		}
	}
}

//go:noinline
func storeSmallValues(m *weakmap.Map[int, int64], km *weakmap.KeyMap[int64, int], n int) {
	for i := range n {
		m.Store(i, new(int64))
		km.Store(new(int64), i)
	}
}

// Small pointer-free values (8 bytes, which Go puts in 16-byte tiny blocks)
// die once nothing uses their block: the maps' own weak pointers must not
// keep them alive. (Go 1.24 allocated the weak handle in the tiny
// allocator, so 1000 of 1000 such values stayed live for ever.) A value
// may stay while a live object shares its block, so nearly all, not all,
// must go.
func TestSmallValuesAreCollected(t *testing.T) {
	const n = 1000
	m := weakmap.New[int, int64]()
	km := weakmap.NewKeyMap[int64, int]()
	storeSmallValues(m, km, n)
	gcUntil(t, "most of 1000 small values and keys were never collected", func() bool {
		return m.Len() <= n/100 && km.Len() <= n/100
	})
}
