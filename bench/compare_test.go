package bench_test

import (
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"weak"

	"github.com/puzpuzpuz/xsync/v3"
	"github.com/weakstripe/weakstripe/weakmap"
)

// These benchmarks put Map side by side with the usual alternative,
// xsync.MapOf[string, weak.Pointer[V]] followed by Value(), in one process,
// so that their ratio means something on a noisy machine. Run with
// -cpu 1,2. The full suite, with more targets and workloads, is in bench/.

// payload is a value of 48 bytes with a pointer, so that it never lands in
// a tiny-object block.
type payload struct {
	name string
	_    [4]int // padding: 48 bytes in all
}

const compareKeys = 64 << 10

var compareKeyList = func() []string {
	keys := make([]string, compareKeys)
	for i := range keys {
		keys[i] = "key/" + strconv.Itoa(i*7919)
	}
	return keys
}()

// newValues returns fresh values for the keys. Each target gets its own, so
// that none inherits weak handles (which weak.Make creates once per object)
// or a memory layout from the target that ran before it.
func newValues(name string) []*payload {
	vals := make([]*payload, compareKeys)
	for i := range vals {
		vals[i] = &payload{name: name}
	}
	return vals
}

// streams hands each RunParallel goroutine its own starting offset into
// the key list, so goroutines do not walk the keys in lock step.
type streams struct{ next atomic.Int64 }

func (s *streams) start() int { return int(s.next.Add(7717)) }

// settle collects the setup's garbage so that no target's timed loop
// shares the machine with a GC cycle started by its own setup.
func settle() { runtime.GC() }

type loadStorer interface {
	Load(string) (*payload, bool)
	Store(string, *payload)
}

type xsyncWeak struct {
	m *xsync.MapOf[string, weak.Pointer[payload]]
}

func (x xsyncWeak) Load(k string) (*payload, bool) {
	wp, ok := x.m.Load(k)
	if !ok {
		return nil, false
	}
	v := wp.Value()
	return v, v != nil
}

func (x xsyncWeak) Store(k string, v *payload) { x.m.Store(k, weak.Make(v)) }

func compareTargets() []struct {
	name string
	m    func() loadStorer
} {
	return []struct {
		name string
		m    func() loadStorer
	}{
		{"weakmap", func() loadStorer { return weakmap.New[string, payload]() }},
		{"xsync-weak", func() loadStorer { return xsyncWeak{xsync.NewMapOf[string, weak.Pointer[payload]]()} }},
	}
}

// filled returns a target with every key stored, built once per target and
// process rather than once per b.N round: rebuilding 64Ki entries for every
// round churns the heap and leaves later rounds on a scattered layout.
func filled(tg func() loadStorer) (loadStorer, []*payload) {
	m := tg()
	vals := newValues("v")
	for i, k := range compareKeyList {
		m.Store(k, vals[i])
	}
	settle()
	return m, vals
}

func BenchmarkCompareLoad(b *testing.B) {
	for _, tg := range compareTargets() {
		m, vals := filled(tg.m)
		b.Run(tg.name, func(b *testing.B) {
			var st streams
			b.RunParallel(func(pb *testing.PB) {
				i := st.start()
				for pb.Next() {
					i++
					if _, ok := m.Load(compareKeyList[i&(compareKeys-1)]); !ok {
						b.Error("a live key was not found")
						return
					}
				}
			})
		})
		runtime.KeepAlive(vals)
	}
}

func BenchmarkCompareStore(b *testing.B) {
	for _, tg := range compareTargets() {
		m, vals := filled(tg.m)
		// Each store puts a different live value under an existing key:
		// the key's value swaps between vals[i] and alt[i].
		alt := newValues("alt")
		b.Run(tg.name, func(b *testing.B) { storeAlternating(b, m, vals, alt) })
		runtime.KeepAlive(vals)
		runtime.KeepAlive(alt)
	}
}

// storeAlternating stores, from every RunParallel goroutine, under the
// existing keys, values that alternate between vals and alt each lap of
// the key list, so that every Store replaces a live value with another.
func storeAlternating(b *testing.B, m loadStorer, vals, alt []*payload) {
	var st streams
	b.RunParallel(func(pb *testing.PB) {
		i := st.start()
		for pb.Next() {
			i++
			j := i & (compareKeys - 1)
			if i&compareKeys == 0 {
				m.Store(compareKeyList[j], alt[j])
			} else {
				m.Store(compareKeyList[j], vals[j])
			}
		}
	})
}
