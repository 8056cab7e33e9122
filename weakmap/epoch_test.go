package weakmap

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// The count of collections that growing shards consult stands still
// without a collection and moves after one.
func TestCollectionCountMovesWithCollections(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	e0 := collections.epoch()
	for range 1000 {
		_ = make([]byte, 1<<10) // garbage, but no collection runs
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
