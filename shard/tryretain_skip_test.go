package shard_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/shard"
)

// The sweep bound (package sweep; weakmap's package doc: a dead entry is
// removed within T*ceil(C/B) counted operations, that is within ceil(C/B)
// steps) holds only if no step skips a slot. A TryRetain step, run by
// weakmap's reads, that finds a writer holding the lock when it comes to
// remove what it found must not have moved the cursor past its range: it
// either runs (and removes what it found) or hands the step back, cursor
// unmoved, without waiting. Here C = 2B: the dead entry must be gone after
// 2 steps that ran.
func TestTryRetainNeverSkipsItsRange(t *testing.T) {
	var dead atomic.Int64
	dead.Store(-1)
	var block atomic.Bool
	examining, release := make(chan struct{}), make(chan struct{})
	tb := shard.New(shard.Config[int, int]{Shards: 1, Keep: func(e *shard.Entry[int, int]) bool {
		if block.CompareAndSwap(true, false) {
			close(examining) // the step has claimed its range
			<-release
		}
		return int64(e.Key) != dead.Load()
	}})
	for k := range 40 {
		h := tb.Hash(k)
		s := tb.Lock(h)
		pos, _ := s.Find(h, k)
		s.Set(h, pos, &shard.Entry[int, int]{Key: k, Value: k})
		s.Unlock()
	}
	n := tb.Capacity(0)
	budget := n / 2
	for k := range 40 { // a key in the first half, which the try step examines
		h := tb.Hash(k)
		s := tb.Lock(h)
		pos, _ := s.Find(h, k)
		s.Unlock()
		if pos < budget {
			dead.Store(int64(k))
			break
		}
	}
	if dead.Load() < 0 || tb.Cursor(0) != 0 {
		t.Fatalf("setup: dead key %d, cursor %d", dead.Load(), tb.Cursor(0))
	}
	deadKey := int(dead.Load())

	block.Store(true)
	type result struct {
		r   shard.RetainResult
		ran bool
	}
	done := make(chan result)
	go func() {
		r, ran := tb.TryRetain(0, budget)
		done <- result{r, ran}
	}()
	<-examining
	s := tb.Lock(tb.Hash(0)) // a writer takes the lock meanwhile
	close(release)
	var res result
	select {
	case res = <-done:
	case <-time.After(5 * time.Second):
		s.Unlock()
		t.Fatalf("TryRetain waited for the lock")
	}
	s.Unlock()
	if !res.ran {
		// Handed back: the step that ran nothing must leave the cursor,
		// and the counter asks for the step again.
		if c := tb.Cursor(0); c != 0 {
			t.Fatalf("a try step that did not run moved the cursor to %d: its range is skipped", c)
		}
		tb.Retain(0, budget) // step 1, again
	}
	tb.Retain(0, budget) // step 2 of ceil(C/B) = 2
	h := tb.Hash(deadKey)
	s = tb.Lock(h)
	_, e := s.Find(h, deadKey)
	s.Unlock()
	if e != nil {
		t.Fatalf("dead entry still stored after ceil(C/B) = 2 steps (try step removed %d, cursor now %d of %d): the try step skipped its range",
			res.r.Removed, tb.Cursor(0), n)
	}
}
