package weakmap_test

import (
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
