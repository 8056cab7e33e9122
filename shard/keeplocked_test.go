package shard

import (
	"sync/atomic"
	"testing"
)

// KeepLocked, where set, has the last word on an entry Keep rejected: the
// shard asks it under its lock before every removal (Retain's, and a
// growth's that drops rejected entries), and keeps the entry when it says
// so. Here Keep rejects everything, as a sweep without the lock may see
// entries that their owner revives at once; while KeepLocked keeps them,
// nothing is removed.
func TestKeepLockedHasTheLastWord(t *testing.T) {
	var asked atomic.Int32
	var keep atomic.Bool
	keep.Store(true)
	tb := New(Config[int, int]{
		Shards:     1,
		DropOnGrow: true,
		Keep:       func(*Entry[int, int]) bool { return false },
		KeepLocked: func(*Entry[int, int]) bool { asked.Add(1); return keep.Load() },
	})
	for k := range 3 {
		put(tb, k, k)
	}
	if r := tb.Retain(0, 0); r.Removed != 0 {
		t.Fatalf("Retain removed %d entries that KeepLocked kept", r.Removed)
	}
	if n := asked.Load(); n != 3 {
		t.Fatalf("Retain asked KeepLocked %d times, want 3 (each entry Keep rejected)", n)
	}
	c, n := tb.Capacity(0), 3
	for ; tb.Capacity(0) == c; n++ {
		put(tb, n, n)
	}
	if got := tb.Len(); got != n {
		t.Fatalf("after a growth, Len %d, want %d: the growth dropped entries KeepLocked kept", got, n)
	}
	if asked.Load() == 3 {
		t.Fatal("the growth that drops rejected entries did not ask KeepLocked")
	}
	keep.Store(false)
	if r := tb.Retain(0, 0); r.Removed != n || tb.Len() != 0 {
		t.Fatalf("Retain with KeepLocked rejecting removed %d of %d entries, Len %d left", r.Removed, n, tb.Len())
	}
}
