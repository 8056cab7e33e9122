package bench_test

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"weak"

	"github.com/puzpuzpuz/xsync/v3"
	"github.com/weakstripe/weakstripe/weakmap"
)

// These benchmarks put Map side by side with the usual alternative,
// xsync.MapOf[string, weak.Pointer[V]] followed by Value(), in one process,
// so that their ratio means something on a noisy machine. Run with
// -cpu 1,2. The suite (scripts/bench.sh) measures the same workloads, as
// LoadHit/keys=64Ki and Store/keys=64Ki, among more targets.

const compareKeys = 64 << 10

var compareKeyList = keyList(compareKeys)

// newValues returns fresh values for the compareKeys keys.
func newValues(name string) []*payload { return newPayloads(compareKeys, name) }

// streams hands each RunParallel goroutine its own starting offset into
// the key list, so goroutines do not walk the keys in lock step; the
// offsets of one streams value start at a random place, so that the
// rounds of the round runner, each a fresh streams value and each too
// short at 5ms to walk a large map's keys, do not all walk the same
// window of them (a window's lines stay in the cache from round to round,
// and at 64Ki a Store round put back the values the last round stored).
type streams struct {
	once sync.Once
	base int
	next atomic.Int64
}

func (s *streams) start() int {
	s.once.Do(func() { s.base = rand.IntN(1 << 30) })
	return s.base + int(s.next.Add(7717))
}

// settle collects the setup's garbage so that no target's timed loop
// shares the machine with a GC cycle started by its own setup.
func settle() { runtime.GC() }

type loadStorer interface {
	Load(string) (*payload, bool)
	Store(string, *payload)
}

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
		b.Run(tg.name, func(b *testing.B) { loadHits(b, m, compareKeyList) })
		runtime.KeepAlive(vals)
	}
}

func BenchmarkCompareStore(b *testing.B) {
	for _, tg := range compareTargets() {
		m, vals := filled(tg.m)
		// Each store puts one of two live values under an existing key:
		// the key's value swaps between vals[i] and alt[i] each lap.
		alt := newValues("alt")
		b.Run(tg.name, func(b *testing.B) { storeAlternating(b, m, vals, alt) })
		runtime.KeepAlive(vals)
		runtime.KeepAlive(alt)
	}
}

// loadHits loads, from every RunParallel goroutine, the keys in turn from
// the goroutine's own offset. Every key holds a live value.
func loadHits(b *testing.B, m loadStorer, keys []string) {
	mask := len(keys) - 1
	var st streams
	b.RunParallel(func(pb *testing.PB) {
		i := st.start()
		for pb.Next() {
			i++
			if _, ok := m.Load(keys[i&mask]); !ok {
				b.Error("a live key was not found")
				return
			}
		}
	})
}

// storeAlternating stores, from every RunParallel goroutine, under the
// existing keys (the first len(vals) of keyList), values that alternate
// between vals and alt each lap of the key list: within a call every
// Store replaces a live value with another once the walk has lapped the
// keys, and a call too short to lap them (64Ki keys in a round of the
// round runner) starts at a random place, so about half its Stores put
// back the value already there.
func storeAlternating(b *testing.B, m loadStorer, vals, alt []*payload) {
	keys := keyList(len(vals))
	n := len(keys)
	var st streams
	b.RunParallel(func(pb *testing.PB) {
		i := st.start()
		for pb.Next() {
			i++
			j := i & (n - 1)
			if i&n == 0 {
				m.Store(keys[j], alt[j])
			} else {
				m.Store(keys[j], vals[j])
			}
		}
	})
}
