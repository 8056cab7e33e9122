package shard

import "testing"

// A growing shard asks Keep about the entries it copies only when
// Config.Epoch has moved since the last growth that asked: it copies an
// entry Keep would reject while the epoch stands still, and drops it at
// the first growth after the epoch moves.
func TestGrowthAsksKeepOnlyWhenEpochMoved(t *testing.T) {
	var epoch uint64
	dead := map[int]bool{}
	keeps := 0
	tb := New(Config[int, int]{
		Shards:     1,
		DropOnGrow: true,
		Keep: func(e *Entry[int, int]) bool {
			keeps++
			return !dead[e.Key]
		},
		Epoch: func() uint64 { return epoch },
	})
	next := 0
	// grow inserts keys until the shard's array grows, and returns how
	// many times Keep was called meanwhile.
	grow := func() int {
		before, c := keeps, tb.Capacity(0)
		for tb.Capacity(0) == c {
			put(tb, next, next)
			next++
		}
		return keeps - before
	}

	if n := grow(); n == 0 {
		t.Fatal("the first growth did not ask Keep")
	}
	dead[0] = true
	if n := grow(); n != 0 {
		t.Fatalf("a growth with the epoch unchanged asked Keep %d times, want 0", n)
	}
	if _, ok := get(tb, 0); !ok {
		t.Fatal("key 0 was dropped by a growth that did not ask Keep")
	}
	epoch++
	if n := grow(); n == 0 {
		t.Fatal("the first growth after the epoch moved did not ask Keep")
	}
	if _, ok := get(tb, 0); ok {
		t.Fatal("key 0, which Keep rejects, survived the growth that asked")
	}
	for k := 1; k < next; k++ {
		if v, ok := get(tb, k); !ok || v != k {
			t.Fatalf("Get(%d) = (%d, %v) after the growths, want (%d, true)", k, v, ok, k)
		}
	}
}
