package weakmap_test

import (
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// pollGC runs the collector until cond holds or the deadline passes, and
// reports whether cond held.
func pollGC(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		runtime.GC()
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
}

// recoverPanic calls f and returns what it panicked with, or nil.
func recoverPanic(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

// An eviction callback that panics in the shard's Unlock, after an insert
// made the shard grow and drop dead entries, must not make LoadOrStore
// (nor LoadOrCompute, nor Set.Add) stop the cleanup of the entry it has
// just stored: that entry would never be removed when its key dies.
func TestKeyMapEvictPanicKeepsStoredCleanup(t *testing.T) {
	var armed atomic.Bool
	km := weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup(), weakmap.WithShards(1),
		weakmap.WithSweepThreshold(1<<30), // drop-on-grow on, no counter step in this test
		weakmap.WithEvictCallback(func(int) {
			if armed.Load() {
				panic("test: evict callback panics")
			}
		}))
	// Three entries in the one-bucket shard (7 slots, grown past 3 used),
	// made to look collected: the fourth insert grows the shard, which drops
	// them and reports them.
	keys := make([]*payload, 3)
	for i := range keys {
		keys[i] = &payload{name: strconv.Itoa(i)}
		km.Store(keys[i], i)
		weakmap.MarkKeyCollected(km, keys[i])
	}
	armed.Store(true)
	p := storeVictim(km)
	armed.Store(false)
	if p == nil {
		t.Fatalf("the insert that grew the shard did not run the eviction callback")
	}
	if n := km.RawLen(); n != 1 {
		t.Fatalf("RawLen = %d after the growing insert, want 1 (the victim)", n)
	}
	// The victim key is unreachable now: its cleanup must remove its entry.
	if !pollGC(5*time.Second, func() bool { return km.RawLen() == 0 }) {
		st := km.Stats()
		t.Fatalf("the entry of a dead key stayed 5 s after its death (RawLen %d, cleanups run %d): "+
			"LoadOrStore stopped the cleanup of the entry it stored when the eviction callback panicked (%v)",
			km.RawLen(), st.CleanupRuns, p)
	}
	runtime.KeepAlive(keys)
}

//go:noinline
func storeVictim(km *weakmap.KeyMap[payload, int]) any {
	return recoverPanic(func() { km.LoadOrStore(&payload{name: "victim"}, 7) })
}
