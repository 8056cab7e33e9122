package shard

import "testing"

// TestGetTornPublish: publish stores a new array's slice, then its header
// (base), then its mask, so a reader of Get may load base from the old
// array and mask from the new one. Get must notice (the old header holds
// the old mask) and take the full probe on the current array; using the new
// mask on the old array would read the wrong bucket and could wrongly answer
// "absent". The test freezes that torn state: a shard of 32 buckets is
// replaced by a one-bucket array holding key k, but base is left on the old
// array, and k is chosen so that the old array's bucket 0 (where the new
// mask 0 would point) has an empty slot and no tag of k.
func TestGetTornPublish(t *testing.T) {
	for attempt := 0; ; attempt++ {
		if attempt == 100 {
			t.Fatalf("found no table with a usable key in 100 tries")
		}
		tb := New(Config[int, int]{Shards: 1})
		for k := range 100 {
			put(tb, k, k)
		}
		s := tb.Shard(0)
		old := *s.buckets.Load()
		if len(old) != 32 {
			t.Fatalf("100 entries in %d buckets, want 32", len(old))
		}
		b0 := old[0].meta.Load()
		if zeroBytes(b0)&slotBytes == 0 {
			continue // bucket 0 full: the wrong probe would not stop there
		}
		k := -1
		for c := range 100 {
			h := tb.Hash(c)
			if h&31 != 0 && zeroBytes(b0^broadcast(tagOf(h))) == 0 {
				k = c
				break
			}
		}
		if k < 0 {
			continue
		}
		h := tb.Hash(k)
		e := findLocked(tb, k)

		s.mu.Lock()
		oldBase := s.base.Load()
		small := newBuckets[int, int](1, 0)
		place(*small, h, e)
		s.publish(small)
		s.base.Store(oldBase) // torn: base from the old array, mask from the new
		got, _ := tb.Get(k)
		s.publish(small) // consistent again
		s.count.Store(1)
		s.used = 1
		s.mu.Unlock()

		if got != e {
			t.Fatalf("Get(%d) with base and mask from different arrays = %v, want the stored entry %v", k, got, e)
		}
		if got, _ := tb.Get(k); got != e {
			t.Fatalf("Get(%d) after the publish completed = %v, want %v", k, got, e)
		}
		return
	}
}
