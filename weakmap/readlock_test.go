package weakmap_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// waitForRead runs read on another goroutine and waits for it to return,
// for at most 5 s. It reports whether read returned in time.
func waitForRead(read func()) bool {
	done := make(chan struct{})
	go func() {
		read()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(5 * time.Second):
		return false
	}
}

// Reads take no lock, even when they find a collected entry and it is
// their turn to run a sweep step: a Compute whose function (which runs
// under the shard lock) waits for another goroutine's read of a dead key
// in the same shard must finish, not deadlock.
func TestReadsNeverWaitForTheLock(t *testing.T) {
	opts := []weakmap.Option{weakmap.WithShards(1), weakmap.WithSweepThreshold(1)}
	m := weakmap.New[string, payload](opts...)
	km := weakmap.NewKeyMap[payload, int](opts...)
	s := weakmap.NewSet[payload](opts...)
	keep := &payload{name: "dead"}
	m.Store("dead", keep)
	weakmap.MarkCollected(m, "dead")
	km.Store(keep, 1)
	weakmap.MarkKeyCollected(km, keep)
	s.Add(keep)
	weakmap.MarkKeyCollected(weakmap.SetKeyMap(s), keep)

	reads := []struct {
		name string
		lock func(create func())
		read func()
	}{
		{"Map.Load", func(create func()) {
			m.Compute(time.Now().String(), func(*payload, bool) (*payload, weakmap.ComputeOp) { create(); return keep, weakmap.UpdateOp })
		}, func() { m.Load("dead") }},
		{"KeyMap.Load", func(create func()) {
			km.Compute(&payload{}, func(int, bool) (int, weakmap.ComputeOp) { create(); return 2, weakmap.UpdateOp })
		}, func() { km.Load(keep) }},
		{"Set.Contains", func(create func()) {
			weakmap.SetKeyMap(s).Compute(&payload{}, func(struct{}, bool) (struct{}, weakmap.ComputeOp) { create(); return struct{}{}, weakmap.UpdateOp })
		}, func() { s.Contains(keep) }},
	}
	for _, r := range reads {
		for range 3 { // the first read claims the step; later ones again
			ok, created := true, false
			r.lock(func() { ok, created = waitForRead(r.read), true })
			if !created {
				t.Fatalf("%s: create did not run", r.name)
			}
			if !ok {
				t.Fatalf("%s of a collected key waited for the shard lock held by a Compute (5 s deadline)", r.name)
			}
		}
	}
	runtime.KeepAlive(keep)
}

// "Loads never wait for a lock" holds with an eviction callback too: a
// Load whose sweep step removes a dead entry does not run the callback
// (which may call the map and wait for a lock); so a LoadOrCompute whose
// create waits for such a Load finishes.
func TestLoadNeverRunsEvictCallback(t *testing.T) {
	var m *weakmap.Map[string, payload]
	keep := &payload{name: "keep"}
	var other string
	m = weakmap.New[string, payload](weakmap.WithShards(2), weakmap.WithSweepThreshold(1), weakmap.WithSweepBudget(0),
		weakmap.WithEvictCallback(func(string) { m.Store(other, keep) }))
	// dead in shard 1; locked and other in shard 0.
	var dead, locked string
	for i := 0; dead == "" || locked == "" || other == ""; i++ {
		k := fmt.Sprint("k", i)
		switch {
		case weakmap.ShardOf(m, k) == 1 && dead == "":
			dead = k
		case weakmap.ShardOf(m, k) == 0 && locked == "":
			locked = k
		case weakmap.ShardOf(m, k) == 0 && other == "":
			other = k
		}
	}
	m.Store(dead, keep) // its tick runs a step: the counter is back at 0
	weakmap.MarkCollected(m, dead)
	ok, created := true, false
	m.LoadOrCompute(locked, func() *payload {
		ok, created = waitForRead(func() { m.Load(dead) }), true
		return keep
	})
	if !created {
		t.Fatalf("create did not run")
	}
	if !ok {
		t.Fatalf("Map.Load of a collected key waited 5 s for a shard lock: the sweep step it ran called the eviction callback, which stores into the map")
	}
	runtime.KeepAlive(keep)
}

// An entry a read's sweep step removes is reported to the eviction
// callback by the next write that changes its shard, by Clear or by Sweep,
// never by the read, and never lost.
func TestReadStepEvictionReportedByNextWriteClearOrSweep(t *testing.T) {
	for _, next := range []struct {
		name string
		do   func(m *weakmap.Map[int, payload])
	}{
		{"Store that inserts", func(m *weakmap.Map[int, payload]) { m.Store(1, &payload{}) }},
		{"Delete", func(m *weakmap.Map[int, payload]) { m.Delete(2) }},
		{"Clear", func(m *weakmap.Map[int, payload]) { m.Clear() }},
		{"Sweep", func(m *weakmap.Map[int, payload]) { m.Sweep() }},
	} {
		var reported []int
		m := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithSweepThreshold(1), weakmap.WithSweepBudget(0),
			weakmap.WithEvictCallback(func(k int) { reported = append(reported, k) }))
		keep := &payload{name: "keep"}
		m.Store(2, keep)
		m.Store(0, keep) // its tick runs a step: the counter is back at 0
		weakmap.MarkCollected(m, 0)
		m.Load(0) // the read's step removes the entry
		if n := m.RawLen(); n != 1 {
			t.Fatalf("%s: RawLen %d after the read's step, want 1", next.name, n)
		}
		if len(reported) != 0 {
			t.Fatalf("%s: the read reported %v to the eviction callback", next.name, reported)
		}
		m.Store(2, keep) // present: takes no lock, so reports nothing
		if len(reported) != 0 {
			t.Fatalf("%s: a Store of a present key reported %v: it should take no lock", next.name, reported)
		}
		next.do(m)
		if len(reported) != 1 || reported[0] != 0 {
			t.Fatalf("%s after the read's step reported %v, want [0]", next.name, reported)
		}
		runtime.KeepAlive(keep)
	}
}
