package shard

import "testing"

// TestDropOnGrow checks the two growth modes on one shard: three entries
// fill a one-bucket shard to its limit (3 of 7 slots), two of them die, and
// a fourth insert rebuilds the shard. With DropOnGrow the rebuild drops the
// two dead entries, counts them in Stats.Removed, hands them to Evicted
// once, only when the shard is unlocked, and sizes the array for the two
// survivors (one bucket). Without it they are copied, the array grows to
// two buckets for four entries, and they stay readable until a Retain step
// removes them.
func TestDropOnGrow(t *testing.T) {
	for _, drop := range []bool{true, false} {
		kt := newKeepTable(1, drop, 3)
		kt.kill(0)
		kt.kill(1)
		it := &item{id: 3}
		kt.items[3] = it
		h := kt.Hash(3)
		s := kt.Lock(h)
		pos, _ := s.Find(h, 3)
		s.Set(h, pos, &itemEntry{Key: 3, Value: it})
		kt.mu.Lock()
		early := len(kt.evicted)
		kt.mu.Unlock()
		s.Unlock()
		if early != 0 {
			t.Fatalf("DropOnGrow %v: Evicted called with %d entries before Unlock", drop, early)
		}
		wantLen, wantRemoved, wantCap := 4, 0, 2*bucketSlots
		if drop {
			wantLen, wantRemoved, wantCap = 2, 2, bucketSlots
		}
		if c := kt.Capacity(0); c != wantCap {
			t.Fatalf("DropOnGrow %v: capacity %d after the rebuilding insert, want %d", drop, c, wantCap)
		}
		if n := kt.Len(); n != wantLen {
			t.Fatalf("DropOnGrow %v: Len %d, want %d", drop, n, wantLen)
		}
		if st := kt.Stats(0).record(); st != (Stats{Removed: uint64(wantRemoved)}) {
			t.Fatalf("DropOnGrow %v: Stats %+v, want {Removed:%d}", drop, st, wantRemoved)
		}
		kt.checkEvicted(t, wantRemoved)
		for id := range 4 {
			_, ok := get(kt.Table, id)
			if want := id >= 2 || !drop; ok != want {
				t.Fatalf("DropOnGrow %v: key %d present = %v, want %v", drop, id, ok, want)
			}
		}
		if !drop {
			// The dead entries copied by the growth are still removable.
			if r := kt.Retain(0, 0); r != (RetainResult{Examined: 2 * bucketSlots, Removed: 2}) {
				t.Fatalf("Retain after a keeping growth = %+v, want {14 2}", r)
			}
			kt.checkEvicted(t, 2)
		}
	}
}

// TestDropOnGrowManyGrowths inserts 5000 entries into one shard, killing
// every third right after inserting it, so dead entries pile up between
// growths and each growth drops those present. At the end every dead entry
// is either still stored or was reported to Evicted, never both and never
// twice; every live entry is stored; Len and Stats.Removed agree with the
// evictions.
func TestDropOnGrowManyGrowths(t *testing.T) {
	const n = 5000
	kt := newKeepTable(1, true, 0)
	for id := range n {
		kt.add(id)
		if id%3 == 0 {
			kt.kill(id)
		}
	}
	stored := collect(t, kt.Table)
	kt.mu.Lock()
	evicted := len(kt.evicted)
	kt.mu.Unlock()
	if evicted == 0 {
		t.Fatalf("no dead entry was dropped by any of the growths")
	}
	kt.checkEvicted(t, evicted)
	for id, it := range kt.items {
		_, isStored := stored[id]
		if !it.dead.Load() && !isStored {
			t.Fatalf("live key %d lost by a growth", id)
		}
	}
	kt.mu.Lock()
	for e := range kt.evicted {
		if _, isStored := stored[e.Key]; isStored {
			t.Fatalf("key %d both evicted and stored", e.Key)
		}
	}
	kt.mu.Unlock()
	if len(stored)+evicted != n {
		t.Fatalf("%d stored + %d evicted != %d inserted", len(stored), evicted, n)
	}
	if l := kt.Len(); l != len(stored) {
		t.Fatalf("Len %d, Range yields %d", l, len(stored))
	}
	if st := kt.Stats(0); st.Removed != uint64(evicted) || st.Steps != 0 || st.Examined != 0 {
		t.Fatalf("Stats %+v, want {Steps:0 Examined:0 Removed:%d}", st, evicted)
	}
}

// TestDropOnGrowNeedsKeep: DropOnGrow without a Keep predicate drops
// nothing (there is nothing to ask), and Retain without Keep examines its
// budget but removes nothing.
func TestDropOnGrowNeedsKeep(t *testing.T) {
	tb := New(Config[int, int]{Shards: 1, DropOnGrow: true})
	for k := range 1000 {
		put(tb, k, k)
	}
	if n := tb.Len(); n != 1000 {
		t.Fatalf("Len %d, want 1000", n)
	}
	if r := tb.Retain(0, 100); r != (RetainResult{Examined: 100}) {
		t.Fatalf("Retain without Keep = %+v, want {Examined:100 Removed:0}", r)
	}
	if r := tb.Retain(0, 0); r != (RetainResult{Examined: tb.Capacity(0)}) {
		t.Fatalf("Retain(0, 0) without Keep = %+v, want {Examined:%d Removed:0}", r, tb.Capacity(0))
	}
	if st := tb.Stats(0).record(); st != (Stats{Steps: 2, Examined: uint64(100 + tb.Capacity(0))}) {
		t.Fatalf("Stats %+v, want {2 %d 0}", st, 100+tb.Capacity(0))
	}
	if n := tb.Len(); n != 1000 {
		t.Fatalf("Len %d after Retain without Keep, want 1000", n)
	}
}
