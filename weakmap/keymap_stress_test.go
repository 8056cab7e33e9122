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

// kmTagged is a key that records the value it must map to, so that a reader
// can tell a wrong value from a right one.
type kmTagged struct {
	id int
	_  [3]int
}

// Goroutines store, load, replace and delete keys of their own (kept alive)
// while other keys die and one goroutine forces collections. A kept key
// must always map to its own value; its presence in the Set must agree.
func TestKeyMapStress(t *testing.T) {
	d := 2 * time.Second
	if testing.Short() {
		d = 300 * time.Millisecond
	}
	for _, opts := range [][]weakmap.Option{
		{weakmap.WithShards(4), weakmap.WithSweepThreshold(8), weakmap.WithSweepBudget(16)},
		{weakmap.WithGCCleanup(), weakmap.WithSweepThreshold(64), weakmap.WithSweepBudget(0)},
	} {
		km := weakmap.NewKeyMap[kmTagged, int](opts...)
		set := weakmap.NewSet[kmTagged](opts...)
		const workers, perWorker = 6, 64
		stop := make(chan struct{})
		var ops atomic.Int64
		var wg sync.WaitGroup
		allKept := make([][]*kmTagged, workers) // alive until the final check
		for w := range workers {
			kept := make([]*kmTagged, perWorker)
			allKept[w] = kept
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(w), 1))
				for i := range kept {
					kept[i] = &kmTagged{id: w*perWorker + i}
					km.Store(kept[i], kept[i].id)
					set.Add(kept[i])
				}
				for {
					select {
					case <-stop:
						for _, k := range kept {
							if v, ok := km.Load(k); !ok || v != k.id {
								t.Errorf("kept key %d: Load = %d, %v at the end", k.id, v, ok)
							}
						}
						return
					default:
					}
					k := kept[rng.IntN(perWorker)]
					switch rng.IntN(6) {
					case 0:
						if v, ok := km.Load(k); !ok || v != k.id {
							t.Errorf("kept key %d: Load = %d, %v", k.id, v, ok)
							return
						}
					case 1:
						km.Store(k, k.id)
					case 2:
						if v, loaded := km.LoadOrStore(k, k.id); v != k.id || !loaded {
							t.Errorf("kept key %d: LoadOrStore = %d, %v", k.id, v, loaded)
							return
						}
					case 3: // a key that dies at once
						tmp := &kmTagged{id: -1}
						km.Store(tmp, -1)
						set.Add(tmp)
					case 4:
						if !set.Contains(k) {
							t.Errorf("kept member %d missing from the set", k.id)
							return
						}
					case 5: // delete and put back: never visible to others
						if v, ok := km.LoadAndDelete(k); !ok || v != k.id {
							t.Errorf("kept key %d: LoadAndDelete = %d, %v", k.id, v, ok)
							return
						}
						km.Store(k, k.id)
					}
					ops.Add(1)
				}
			}()
		}
		wg.Add(1)
		gcs := 0
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
					runtime.GC()
					gcs++
				}
			}
		}()
		time.Sleep(d)
		close(stop)
		wg.Wait()
		if ops.Load() == 0 || gcs == 0 {
			t.Fatalf("the stress did nothing: %d operations, %d GCs", ops.Load(), gcs)
		}
		// Every temporary key is unreachable now: after collection and a
		// sweep, only the kept keys remain.
		deadline := time.Now().Add(10 * time.Second)
		for {
			runtime.GC()
			km.Sweep()
			set.Sweep()
			if km.RawLen() == workers*perWorker && set.RawLen() == workers*perWorker {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("after 10s of GCs the temporary keys were not all collected: KeyMap RawLen %d Len %d, Set RawLen %d Len %d, want %d",
					km.RawLen(), km.Len(), set.RawLen(), set.Len(), workers*perWorker)
			}
		}
		runtime.KeepAlive(allKept)
	}
}
