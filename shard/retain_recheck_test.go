package shard

import (
	"sync/atomic"
	"testing"
)

// An entry whose value its owner changes in place between a step's Keep
// without the lock and the removal under it must stay: weakmap's Store of
// a present key replaces the entry's weak pointer so, and a sweep that saw
// the old value collected would otherwise remove the new one. Both kinds
// of step are checked: Retain's and TryTick's (TryRetain).
func TestRetainRechecksUnderLock(t *testing.T) {
	for _, try := range []bool{false, true} {
		// revived is the entry's value, changed by the "owner": 0 dead, 1
		// alive. The first Keep call on it, the step's without the lock,
		// finds it dead and then revives it, as an owner's Store right
		// after that call would.
		var revived, calls atomic.Int32
		var evicted atomic.Int32
		tb := New(Config[int, *atomic.Int32]{
			Keep: func(e *Entry[int, *atomic.Int32]) bool {
				if e.Key != 1 {
					return true
				}
				calls.Add(1)
				alive := e.Value.Load() == 1
				e.Value.Store(1)
				return alive
			},
			Evicted: func(es []*Entry[int, *atomic.Int32]) { evicted.Add(int32(len(es))) },
		})
		for k := range 4 {
			put(tb, k, &revived)
		}
		if try {
			if _, ran := tb.TryRetain(0, 0); !ran {
				t.Fatal("TryRetain did not run on an idle shard")
			}
		} else {
			tb.Retain(0, 0)
		}
		tb.LockShard(0).Unlock() // reports a TryRetain step's pending batch
		if v, ok := get(tb, 1); !ok || v != &revived {
			t.Fatalf("try=%v: the entry revived after the step's check without the lock was removed", try)
		}
		if n := calls.Load(); n != 2 {
			t.Fatalf("try=%v: Keep ran %d times on the entry, want 2 (without the lock, then again under it)", try, n)
		}
		if n := evicted.Load(); n != 0 {
			t.Fatalf("try=%v: %d entries reported evicted, want none", try, n)
		}
		if st := tb.Stats(0); st.Removed != 0 {
			t.Fatalf("try=%v: Stats.Removed = %d, want 0", try, st.Removed)
		}
	}
}
