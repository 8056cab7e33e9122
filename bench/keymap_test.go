package bench_test

import (
	"runtime"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/puzpuzpuz/xsync/v3"
	"github.com/weakstripe/weakstripe/weakmap"
)

// BenchmarkKeyMapLoad compares KeyMap.Load of 64Ki live keys with the
// fastest lookup by identity available: xsync.MapOf keyed by the address,
// which holds nothing weakly and cannot tell a dead key from a live one.
// Run with -cpu 1,2; the ratio is the price of weak keys on reads.
func BenchmarkKeyMapLoad(b *testing.B) {
	keys := make([]*payload, compareKeys)
	for i := range keys {
		keys[i] = &payload{name: "k"}
	}
	km := weakmap.NewKeyMap[payload, int]()
	xm := xsync.NewMapOf[uintptr, int]()
	for i, k := range keys {
		km.Store(k, i)
		xm.Store(uintptr(unsafe.Pointer(k)), i)
	}
	settle()
	b.Run("keymap", func(b *testing.B) {
		var next atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			i := int(next.Add(7717))
			for pb.Next() {
				i++
				if _, ok := km.Load(keys[i&(compareKeys-1)]); !ok {
					b.Error("a live key was not found")
					return
				}
			}
		})
	})
	b.Run("xsync-uintptr", func(b *testing.B) {
		var next atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			i := int(next.Add(7717))
			for pb.Next() {
				i++
				if _, ok := xm.Load(uintptr(unsafe.Pointer(keys[i&(compareKeys-1)]))); !ok {
					b.Error("a live key was not found")
					return
				}
			}
		})
	})
	runtime.KeepAlive(keys)
}
