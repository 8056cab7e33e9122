package shard

import "testing"

// TestGrowth inserts 20,000 keys into one shard, which starts with one
// bucket, so it is rebuilt a dozen times. It checks the growth policy as
// documented: used slots never pass 3/4 of the slots; with no deletions a
// growth exactly doubles the array; the final array is the smallest such
// doubling that holds the entries; and no key is lost by any rebuild (all
// keys inserted so far are checked right after each rebuild).
func TestGrowth(t *testing.T) {
	const n = 20000
	tb := New(Config[int, int]{Shards: 1})
	if c := tb.Capacity(0); c != bucketSlots {
		t.Fatalf("a new shard has %d slots, want one bucket (%d)", c, bucketSlots)
	}
	rebuilds := 0
	prev := tb.Capacity(0)
	for k := range n {
		put(tb, k, -k)
		c := tb.Capacity(0)
		if 4*(k+1) > 3*c {
			t.Fatalf("%d entries in %d slots: load above 3/4", k+1, c)
		}
		if c != prev {
			rebuilds++
			if c != 2*prev {
				t.Fatalf("insert %d grew the shard from %d to %d slots, want exactly double", k, prev, c)
			}
			for j := 0; j <= k; j++ {
				if v, ok := get(tb, j); !ok || v != -j {
					t.Fatalf("after growing to %d slots Get(%d) = (%d, %v), want (%d, true)", c, j, v, ok, -j)
				}
			}
			prev = c
		}
	}
	// 20,000 entries at a load of at most 3/4 need 26,667 slots: 4096
	// buckets (28,672 slots), reached from one bucket in 12 doublings.
	if c := tb.Capacity(0); c != 4096*bucketSlots {
		t.Fatalf("final capacity %d slots, want %d", c, 4096*bucketSlots)
	}
	if rebuilds != 12 {
		t.Fatalf("%d rebuilds, want 12", rebuilds)
	}
	if got := tb.Len(); got != n {
		t.Fatalf("Len = %d, want %d", got, n)
	}
	if s := tb.Shard(0); s.used != n {
		t.Fatalf("used = %d after %d inserts without deletes, want %d", s.used, n, n)
	}
}

// TestGrowthManyShards grows eight shards at once and checks that every key
// is found afterwards and that each shard keeps the load bound.
func TestGrowthManyShards(t *testing.T) {
	const n = 30000
	tb := New(Config[uint64, uint64]{Shards: 8})
	for k := range uint64(n) {
		put(tb, k*0x9e3779b97f4a7c15, k)
	}
	for k := range uint64(n) {
		if v, ok := get(tb, k*0x9e3779b97f4a7c15); !ok || v != k {
			t.Fatalf("Get(key %d) = (%d, %v), want (%d, true)", k, v, ok, k)
		}
	}
	for i := range tb.Shards() {
		s := tb.Shard(i)
		if c := tb.Capacity(i); 4*s.used > 3*c {
			t.Fatalf("shard %d: %d used slots of %d, above 3/4", i, s.used, c)
		}
	}
}

// TestDeletedSlotReused checks that an insert takes the first deleted slot
// of its probe instead of a fresh empty one: with a single bucket every key
// probes the same bucket, so after deleting the key in slot p, the next new
// key must land in slot p, and the count of used slots must not grow. (The
// capacity alone would not show it: a rebuild would shrink back to one
// bucket.)
func TestDeletedSlotReused(t *testing.T) {
	tb := New(Config[int, int]{Shards: 1})
	put(tb, 1, 1)
	put(tb, 2, 2)
	p := slotOf(tb, 1)
	if p < 0 {
		t.Fatalf("key 1 not found after insert")
	}
	used := tb.Shard(0).used
	del(tb, 1)
	for k := 100; k < 1100; k++ {
		put(tb, k, k)
		if q := slotOf(tb, k); q != p {
			t.Fatalf("key %d went to slot %d, want the deleted slot %d", k, q, p)
		}
		if u := tb.Shard(0).used; u != used {
			t.Fatalf("after insert %d used = %d, want %d (deleted slot reused)", k, u, used)
		}
		if c := tb.Capacity(0); c != bucketSlots {
			t.Fatalf("shard grew to %d slots holding 2 entries", c)
		}
		del(tb, k)
	}
	if v, ok := get(tb, 2); !ok || v != 2 {
		t.Fatalf("Get(2) = (%d, %v), want (2, true)", v, ok)
	}
	if got := tb.Len(); got != 1 {
		t.Fatalf("Len = %d, want 1", got)
	}
}

// TestDeletedSlotsDroppedByRebuild checks the other half of the deleted-slot
// policy: deleted slots count as used, and a rebuild drops them. 168 keys
// fill one shard of 32 buckets to its limit (3/4 of 224 slots); deleting 100
// leaves 168 used slots for 68 entries. Inserting fresh keys first reuses
// deleted slots, but must rebuild before the count passes the limit again;
// right after that rebuild used equals the number of entries.
func TestDeletedSlotsDroppedByRebuild(t *testing.T) {
	tb := New(Config[int, int]{Shards: 1})
	for k := range 168 {
		put(tb, k, k)
	}
	s := tb.Shard(0)
	if c := tb.Capacity(0); c != 32*bucketSlots || s.used != 168 {
		t.Fatalf("168 entries: capacity %d, used %d; want %d, 168", c, s.used, 32*bucketSlots)
	}
	for k := range 100 {
		del(tb, k)
	}
	if s.used != 168 || tb.Len() != 68 {
		t.Fatalf("after deleting 100: used %d, Len %d; want 168, 68", s.used, tb.Len())
	}
	rebuilt := false
	for k := 1000; k < 1101 && !rebuilt; k++ {
		before := s.used
		put(tb, k, k)
		if s.used < before {
			rebuilt = true
			if s.used != tb.Len() {
				t.Fatalf("after the rebuild used = %d, want Len = %d (deleted slots dropped)", s.used, tb.Len())
			}
		}
	}
	if !rebuilt {
		t.Fatalf("101 inserts on a shard at its limit never rebuilt it (used = %d, Len = %d)", s.used, tb.Len())
	}
	for k := 100; k < 168; k++ {
		if v, ok := get(tb, k); !ok || v != k {
			t.Fatalf("Get(%d) = (%d, %v) after the rebuild, want (%d, true)", k, v, ok, k)
		}
	}
}
