package weakmap

import (
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"
)

// epochSink keeps the test's garbage on the heap.
var epochSink []byte

// The count of collections that growing shards consult stands still
// without a collection and moves after one.
func TestCollectionCountMovesWithCollections(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	runtime.GC() // finishes the sweep of any earlier collection, which could free the sentinel
	collections.epoch()
	e0 := collections.epoch()
	for range 1000 {
		epochSink = make([]byte, 1<<10) // garbage, but no collection runs
		if e := collections.epoch(); e != e0 {
			t.Fatalf("the count moved from %d to %d with the collector off", e0, e)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for collections.epoch() == e0 {
		if time.Now().After(deadline) {
			t.Fatalf("the count stayed at %d through 10 s of collections", e0)
		}
		runtime.GC()
	}
}

// Asked from many goroutines at once across collections, the count never
// falls as any one of them sees it, and rises by at most one a collection.
func TestCollectionCountAtMostOnceACollection(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(4, runtime.GOMAXPROCS(0))))
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	gc0, e0 := ms.NumGC, collections.epoch()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := collections.epoch()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if e := collections.epoch(); e < last {
					errs <- "the count fell"
					return
				} else {
					last = e
				}
			}
		}()
	}
	for range 20 {
		runtime.GC()
	}
	close(stop)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	runtime.ReadMemStats(&ms)
	if rise, gcs := collections.epoch()-e0, ms.NumGC-gc0; uint64(rise) > uint64(gcs) {
		t.Fatalf("the count rose by %d over %d collections", rise, gcs)
	}
}
