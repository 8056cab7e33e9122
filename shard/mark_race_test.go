package shard_test

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/shard"
)

// A mark cleared by TakeMarks must stay cleared: a writer's setMeta of
// another slot of the bucket must not store it back.
func TestTakeMarksNotUndoneByWriter(t *testing.T) {
	var tb shard.Table[int, int]
	tb.Init(shard.Config[int, int]{Shards: 1})
	put := func(k int) {
		h := tb.Hash(k)
		s := tb.Lock(h)
		pos, _ := s.Find(h, k)
		s.Set(h, pos, &shard.Entry[int, int]{Key: k})
		s.Unlock()
	}
	del := func(k int) {
		h := tb.Hash(k)
		s := tb.Lock(h)
		if pos, e := s.Find(h, k); e != nil {
			s.Delete(pos)
		}
		s.Unlock()
	}
	put(1)
	put(2)
	hk := tb.Hash(1)
	var ops atomic.Int64
	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !stop.Load() {
			put(2)
			del(2)
			ops.Add(1)
		}
	}()
	defer func() { stop.Store(true); <-done }()
	deadline := time.Now().Add(time.Second)
	iters := 0
	for time.Now().Before(deadline) {
		iters++
		tb.MarkOf(hk, 1).Set()
		tb.TakeMarks(hk)
		o := ops.Load()
		for ops.Load() < o+2 { // every setMeta in flight at TakeMarks has ended
			if time.Now().After(deadline.Add(5 * time.Second)) {
				t.Fatal("writer stalled")
			}
			runtime.Gosched()
		}
		if _, _, marked := tb.GetMarked(1); marked {
			t.Fatalf("iteration %d: a mark TakeMarks cleared was stored back by a writer", iters)
		}
	}
}
