package weakmap_test

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Every operation at once, from 8 goroutines, on a small key space, while
// values die and another goroutine keeps forcing collections. Run it under
// -race. Each value records the key it was stored under, so that a value
// returned for another key shows; keys 0..keptKeys-1 hold values the test
// keeps alive and only ever reads, so that a kept value the map loses
// shows too.

type stressVal struct {
	key int
	_   *stressVal // a pointer: never in a tiny-object block
	_   [3]int64
}

const (
	stressWorkers = 8
	keptKeys      = 8
	churnKeys     = 40
)

func TestStress(t *testing.T) {
	d := 1200 * time.Millisecond
	if testing.Short() {
		d = 250 * time.Millisecond
	}
	configs := []struct {
		name string
		opts []weakmap.Option
	}{
		// Tiny thresholds and budgets: sweep steps, growth and shrinking
		// all the time.
		{"sweepy", []weakmap.Option{weakmap.WithShards(2), weakmap.WithSweepThreshold(2), weakmap.WithSweepBudget(3)}},
		{"default", nil},
	}
	for _, c := range configs {
		t.Run(c.name, func(t *testing.T) { stress(t, c.name, d, c.opts) })
	}
}

func stress(t *testing.T, name string, d time.Duration, opts []weakmap.Option) {
	m := weakmap.New[int, stressVal](opts...)
	scratch := weakmap.New[int, stressVal](opts...) // for Clear, which would wipe the kept keys of m
	kept := make([]*stressVal, keptKeys)
	for k := range kept {
		kept[k] = &stressVal{key: k}
		m.Store(k, kept[k])
	}

	var failures atomic.Int32
	fail := func(format string, args ...any) {
		if failures.Add(1) <= 10 {
			t.Errorf(format, args...)
		}
	}
	check := func(what string, k int, v *stressVal) {
		if v != nil && v.key != k {
			fail("%s(%d) returned a value stored under key %d", what, k, v.key)
		}
	}

	stop := make(chan struct{})
	var gcs atomic.Int64
	var gcDone sync.WaitGroup
	gcDone.Add(1)
	go func() {
		defer gcDone.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			runtime.GC()
			gcs.Add(1)
			time.Sleep(2 * time.Millisecond)
		}
	}()

	var ops [stressWorkers]int
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	for w := range stressWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 42))
			var ring [8]*stressVal // some churn values live a little longer
			for i := 0; failures.Load() == 0 && (i&63 != 0 || time.Now().Before(deadline)); i++ {
				ops[w]++
				kk := r.IntN(keptKeys)
				ck := keptKeys + r.IntN(churnKeys)
				fresh := &stressVal{key: ck}
				switch r.IntN(26) {
				// Kept keys: only reads, and writes that must fail.
				case 0:
					if v, ok := m.Load(kk); v != kept[kk] || !ok {
						fail("Load(%d) of a kept value = %p, %v; want %p", kk, v, ok, kept[kk])
					}
				case 1:
					if v, loaded := m.LoadOrStore(kk, &stressVal{key: kk}); v != kept[kk] || !loaded {
						fail("LoadOrStore(%d) of a kept value = %p, %v; want %p, true", kk, v, loaded, kept[kk])
					}
				case 2:
					v, loaded := m.LoadOrCompute(kk, func() *stressVal {
						fail("LoadOrCompute(%d) called create for a kept value", kk)
						return &stressVal{key: kk}
					})
					if v != kept[kk] || !loaded {
						fail("LoadOrCompute(%d) of a kept value = %p, %v; want %p, true", kk, v, loaded, kept[kk])
					}
				case 3:
					if m.CompareAndSwap(kk, fresh, &stressVal{key: kk}) || m.CompareAndDelete(kk, fresh) {
						fail("CompareAndSwap or CompareAndDelete(%d) matched a pointer never stored there", kk)
					}
				// Churn keys: everything.
				case 4, 5:
					m.Store(ck, fresh)
				case 6:
					v, ok := m.Load(ck)
					if ok != (v != nil) {
						fail("Load(%d) = %p, %v", ck, v, ok)
					}
					check("Load", ck, v)
				case 7:
					v, loaded := m.LoadOrStore(ck, fresh)
					check("LoadOrStore", ck, v)
					if !loaded && v != fresh {
						fail("LoadOrStore(%d) stored but returned %p, not the new value", ck, v)
					}
				case 8:
					calls := 0
					v, loaded := m.LoadOrCompute(ck, func() *stressVal { calls++; return fresh })
					check("LoadOrCompute", ck, v)
					// create runs once for a call that stores, and at most
					// once for one that loads a value another write stored
					// while create ran.
					if calls > 1 || !loaded && (calls != 1 || v != fresh) {
						fail("LoadOrCompute(%d): loaded %v with %d create calls", ck, loaded, calls)
					}
				case 9:
					prev, loaded := m.Swap(ck, fresh)
					check("Swap", ck, prev)
					if loaded != (prev != nil) || prev == fresh {
						fail("Swap(%d) = %p, %v", ck, prev, loaded)
					}
				case 10:
					if cur, ok := m.Load(ck); ok {
						m.CompareAndSwap(ck, cur, fresh)
					}
				case 11:
					if cur, ok := m.Load(ck); ok {
						m.CompareAndDelete(ck, cur)
					}
				case 12:
					v, loaded := m.LoadAndDelete(ck)
					check("LoadAndDelete", ck, v)
					if loaded != (v != nil) {
						fail("LoadAndDelete(%d) = %p, %v", ck, v, loaded)
					}
				case 13:
					m.Delete(ck)
				case 14:
					ring[i%len(ring)] = fresh
					m.Store(ck, fresh)
				// Whole-map readers. The kept keys are live and untouched
				// throughout, so every pass must see each exactly once.
				case 15:
					seen := make([]int, keptKeys)
					for k, v := range m.All() {
						check("All", k, v)
						if k < keptKeys {
							seen[k]++
							if v != kept[k] {
								fail("All yielded %p for kept key %d, want %p", v, k, kept[k])
							}
						}
					}
					for k, n := range seen {
						if n != 1 {
							fail("All yielded kept key %d %d times, want once", k, n)
						}
					}
				case 16:
					seen := make([]int, keptKeys)
					for k := range m.Keys() {
						if k < keptKeys {
							seen[k]++
						}
						if k >= keptKeys+churnKeys {
							fail("Keys yielded %d, never stored", k)
						}
					}
					for v := range m.Values() {
						if v.key < keptKeys && v != kept[v.key] {
							fail("Values yielded a value for kept key %d that is not the kept one", v.key)
						}
					}
					for k, n := range seen {
						if n != 1 {
							fail("Keys yielded kept key %d %d times, want once", k, n)
						}
					}
				case 17:
					snap := m.Snapshot()
					for k, v := range snap {
						check("Snapshot", k, v)
					}
					for k, v := range kept {
						if snap[k] != v {
							fail("Snapshot[%d] = %p, want the kept %p", k, snap[k], v)
						}
					}
				case 18:
					if n := m.Len(); n < keptKeys || n > keptKeys+churnKeys {
						fail("Len = %d, want between %d and %d", n, keptKeys, keptKeys+churnKeys)
					}
					if n := m.RawLen(); n < keptKeys || n > keptKeys+churnKeys {
						fail("RawLen = %d, want between %d and %d", n, keptKeys, keptKeys+churnKeys)
					}
				case 19:
					m.Sweep()
				case 20:
					if st := m.Stats(); st.RawLen < keptKeys {
						fail("Stats.RawLen = %d, below the %d kept keys", st.RawLen, keptKeys)
					}
				case 21:
					for k := range m.Keys() {
						if k >= keptKeys && k%3 == 0 {
							m.Delete(k) // the body may write
						}
					}
				// The scratch map, with Clear.
				case 22, 23:
					scratch.Store(ck, fresh)
				case 24:
					v, _ := scratch.Load(ck)
					check("scratch Load", ck, v)
					for k, v := range scratch.All() {
						check("scratch All", k, v)
					}
				case 25:
					if r.IntN(8) == 0 {
						scratch.Clear()
					}
				}
			}
			runtime.KeepAlive(ring)
		}()
	}
	wg.Wait()
	close(stop)
	gcDone.Wait()

	for w, n := range ops {
		if n < 100 && failures.Load() == 0 {
			t.Errorf("worker %d ran only %d operations", w, n)
		}
	}
	if gcs.Load() == 0 {
		t.Error("no GC ran during the stress test")
	}
	for k, v := range kept {
		if got, ok := m.Load(k); got != v || !ok {
			t.Errorf("after the stress: Load(%d) = %p, %v; want the kept %p", k, got, ok, v)
		}
	}
	m.Sweep()
	for k := range keptKeys + churnKeys {
		v, _ := m.Load(k)
		check("final Load", k, v)
	}
	if n := m.Len(); n < keptKeys || n != m.RawLen() && m.RawLen()-n > churnKeys {
		t.Errorf("after the stress and a Sweep: Len %d, RawLen %d", n, m.RawLen())
	}
	t.Logf("%s: %d operations, %d GCs, stats %+v", name, stressSum(ops[:]), gcs.Load(), m.Stats())
	runtime.KeepAlive(kept)
}

func stressSum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
