package bench_test

import (
	"runtime"
	"testing"
	"unsafe"

	"github.com/puzpuzpuz/xsync/v3"
	"github.com/weakstripe/weakstripe/weakmap"
)

// BenchmarkKeyMapLoad compares KeyMap.Load of live keys with the fastest
// lookup by identity available: xsync.MapOf keyed by the address, which
// holds nothing weakly and cannot tell a dead key from a live one. Run
// with -cpu 1,2; the ratio is the price of weak keys on reads. Its rows
// name KeyMap "weakstripe" (and "weakstripe-twin", the A/A control), so
// that the round runner and the report take ratios against it. With
// BENCH_LARGE=1 it runs at 1Mi keys too, with the same three targets: the
// engine's target for KeyMap is set at 1Ki, 64Ki and 1Mi keys alike.
func BenchmarkKeyMapLoad(b *testing.B) { runRows(b, keyMapLoadRows()) }

func keyMapLoadRows() []row {
	var rows []row
	for _, n := range withLarge(1*ki, 64*ki) {
		r := row{group: "KeyMapLoad", config: "keys=" + sizeName(n)}
		for _, name := range []string{"weakstripe", "weakstripe-twin"} {
			r.targets = append(r.targets, rowTarget{name, keyMapLoadBench(n), func() func(*testing.B) { return keyMapLoadBench(n) }})
		}
		r.targets = append(r.targets, rowTarget{"xsync-uintptr", xsyncUintptrLoadBench(n), func() func(*testing.B) { return xsyncUintptrLoadBench(n) }})
		rows = append(rows, r)
	}
	return rows
}

// newKeys returns n fresh objects to use as keys by identity.
func newKeys(n int) []*payload { return newPayloads(n, "k") }

// keyMapLoadBench loads n live keys of a KeyMap, made on the first call.
func keyMapLoadBench(n int) func(*testing.B) {
	var (
		keys []*payload
		km   *weakmap.KeyMap[payload, int]
	)
	return func(b *testing.B) {
		if km == nil {
			keys = newKeys(n)
			km = weakmap.NewKeyMap[payload, int]()
			for i, k := range keys {
				km.Store(k, i)
			}
			settle()
			b.ResetTimer()
		}
		var st streams
		b.RunParallel(func(pb *testing.PB) {
			i := st.start()
			for pb.Next() {
				i++
				if _, ok := km.Load(keys[i&(n-1)]); !ok {
					b.Error("a live key was not found")
					return
				}
			}
		})
		runtime.KeepAlive(keys)
	}
}

// xsyncUintptrLoadBench loads n keys of an xsync.MapOf keyed by the
// keys' addresses, made on the first call.
func xsyncUintptrLoadBench(n int) func(*testing.B) {
	var (
		keys []*payload
		xm   *xsync.MapOf[uintptr, int]
	)
	return func(b *testing.B) {
		if xm == nil {
			keys = newKeys(n)
			xm = xsync.NewMapOf[uintptr, int]()
			for i, k := range keys {
				xm.Store(uintptr(unsafe.Pointer(k)), i)
			}
			settle()
			b.ResetTimer()
		}
		var st streams
		b.RunParallel(func(pb *testing.PB) {
			i := st.start()
			for pb.Next() {
				i++
				if _, ok := xm.Load(uintptr(unsafe.Pointer(keys[i&(n-1)]))); !ok {
					b.Error("a live key was not found")
					return
				}
			}
		})
		runtime.KeepAlive(keys)
	}
}
