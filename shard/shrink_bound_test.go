package shard

import (
	"sync/atomic"
	"testing"
)

// Delete's doc: "Each such rebuild costs O(slots) and follows at least an
// eighth as many deletions." A rebuild sizes the array for the entries it
// keeps at a load of at most 1/2 (so more than 1/4 once it has more than
// one bucket), and a shrink fires below 1/8: a shrink can follow a rebuild
// after little more than an eighth of the slots in deletions, not a
// quarter. Here a growing insert that drops 7 dead entries lands at 15
// entries in 56 slots, and 9 deletions shrink it.
func TestShrinkFollowsAnEighthOfSlotsInDeletions(t *testing.T) {
	var deadBelow atomic.Int64
	tb := New(Config[int, int]{Shards: 1, DropOnGrow: true,
		Keep: func(e *Entry[int, int]) bool { return int64(e.Key) >= deadBelow.Load() }})
	for k := range 21 {
		put(tb, k, k)
	}
	if c := tb.Capacity(0); c != 28 {
		t.Fatalf("setup: capacity %d, want 28", c)
	}
	deadBelow.Store(7)
	put(tb, 21, 21) // grows, dropping keys 0-6
	slots := tb.Capacity(0)
	if tb.Len() != 15 || slots != 56 {
		t.Fatalf("setup: %d entries in %d slots, want 15 in 56", tb.Len(), slots)
	}
	deletions := 0
	for k := 7; tb.Capacity(0) == slots && k < 22; k++ {
		del(tb, k)
		deletions++
	}
	if tb.Capacity(0) == slots {
		t.Fatalf("setup: no shrink")
	}
	if deletions*8 < slots {
		t.Fatalf("a shrink rebuild of %d slots followed the last rebuild after %d deletions, fewer than an eighth as many", slots, deletions)
	}
	if deletions*4 >= slots {
		t.Fatalf("a shrink rebuild of %d slots followed %d deletions, a quarter as many or more: this case no longer shows that the bound is an eighth", slots, deletions)
	}
}
