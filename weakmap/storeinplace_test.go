package weakmap_test

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// A Store of a present key replaces the weak pointer in the entry it
// finds. Each worker here owns keys whose values it drops after each round,
// so that they die, and stores fresh values over them in the next, while
// collections and sweeps run all the time: a sweep finds entries with
// collected values without the lock, and removes them under the lock in
// batches, so Stores that revive some of them come in between. The sweep
// must not remove an entry a Store has given a new value: every Load at
// the end of a round must find the value the worker stored and holds.
func TestStoreInPlaceSurvivesSweeps(t *testing.T) {
	m := weakmap.New[int, stressVal](weakmap.WithSweepThreshold(hugeThreshold), weakmap.WithShards(1))
	const workers, keysEach = 2, 512
	deadline := time.Now().Add(time.Second)
	var stop atomic.Bool
	var lost atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			held := make([]*stressVal, keysEach)
			for !stop.Load() {
				for i := range held {
					held[i] = &stressVal{key: w*keysEach + i}
					m.Store(w*keysEach+i, held[i])
				}
				for i, v := range held {
					if got, ok := m.Load(w*keysEach + i); !ok || got != v {
						lost.Add(1)
					}
				}
				clear(held) // the values die; the next round stores over them
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			runtime.GC() // clears the handles of the values dropped so far
			for range 8 {
				m.Sweep()
			}
		}
	}()
	for time.Now().Before(deadline) && lost.Load() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()
	if n := lost.Load(); n != 0 {
		t.Fatalf("%d Loads did not find the value their worker had stored and still held: a sweep removed entries that Stores had given new values", n)
	}
}
