package shard

import (
	"sort"
	"testing"
)

// deadSlots returns the slots of shard 0 holding dead entries, in order.
func deadSlots(kt *keepTable) []int {
	var out []int
	for p, e := range kt.slots(0) {
		if e != nil && e.Value.dead.Load() {
			out = append(out, p)
		}
	}
	sort.Ints(out)
	return out
}

// TestRetainShrinkBoundary tests the shrink itself, at its exact boundary.
// 1000 entries in 1792 slots, all but ids 0..9 dead. A step removes the dead
// entries of its window in batches of 32 and shrinks the shard when, after a
// batch, the entries fall below 1/8 of the slots (224). A window holding
// exactly 776 dead entries leaves 224: no shrink. One holding 777 leaves
// 223: the shard is rebuilt smaller, the rebuild also drops the 213 dead
// entries outside the window (counted in the step's result, Stats and
// Evicted), the new array is sized for the 10 survivors, and the cursor
// restarts at 0.
func TestRetainShrinkBoundary(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inWin  int // dead entries in the step's window
		shrink bool
	}{
		{"776 dead in window: no shrink", 776, false},
		{"777 dead in window: shrink", 777, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kt := newKeepTable(1, false, retainN)
			for id := 10; id < retainN; id++ {
				kt.kill(id)
			}
			ds := deadSlots(kt)
			// The window [0, budget) ends just after the inWin-th dead slot.
			budget := ds[tc.inWin-1] + 1
			r := kt.Retain(0, budget)
			wantRemoved, wantLen, wantCursor := tc.inWin, retainN-tc.inWin, budget
			if tc.shrink {
				wantRemoved, wantLen, wantCursor = retainN-10, 10, 0
			}
			if r.Examined != budget || r.Removed != wantRemoved {
				t.Fatalf("Retain(0, %d) = %+v, want {Examined:%d Removed:%d}", budget, r, budget, wantRemoved)
			}
			if n := kt.Len(); n != wantLen {
				t.Fatalf("Len = %d, want %d", n, wantLen)
			}
			if c := kt.Cursor(0); c != wantCursor {
				t.Fatalf("cursor %d after the step, want %d", c, wantCursor)
			}
			// A shrink sizes the array for the 10 survivors at a load of
			// at most 1/2: 4 buckets.
			wantCap := retainSlots
			if tc.shrink {
				wantCap = 4 * bucketSlots
			}
			if c := kt.Capacity(0); c != wantCap {
				t.Fatalf("capacity %d after the step (was %d), want %d", c, retainSlots, wantCap)
			}
			if st := kt.Stats(0).record(); st != (Stats{Steps: 1, Examined: uint64(budget), Removed: uint64(wantRemoved)}) {
				t.Fatalf("Stats = %+v, want {1 %d %d}", st, budget, wantRemoved)
			}
			kt.checkEvicted(t, wantRemoved)
			for id := range 10 {
				if v, ok := get(kt.Table, id); !ok || v != kt.items[id] {
					t.Fatalf("live key %d lost by the step", id)
				}
			}
		})
	}
}

// TestRetainShrinkWholeShard: a whole-shard step (budget 0) on a shard whose
// entries all died removes all of them, reports each to Evicted once, and
// leaves a one-bucket shard.
func TestRetainShrinkWholeShard(t *testing.T) {
	kt := newKeepTable(1, false, retainN)
	for id := range retainN {
		kt.kill(id)
	}
	r := kt.Retain(0, 0)
	if r != (RetainResult{Examined: retainSlots, Removed: retainN}) {
		t.Fatalf("Retain(0, 0) = %+v, want {Examined:%d Removed:%d}", r, retainSlots, retainN)
	}
	if n, c := kt.Len(), kt.Capacity(0); n != 0 || c != bucketSlots {
		t.Fatalf("after the step Len %d, capacity %d; want 0, %d", n, c, bucketSlots)
	}
	kt.checkEvicted(t, retainN)
}

// TestRetainShrinkSizesForSurvivors is a regression test. The shrinking
// rebuild in Shard.remove used to size the new array for the entries
// counted before the rebuild, and then drop the dead ones while copying:
// when the last batch of a step triggered the shrink, the shard was left
// empty in 448 slots, and no later step shrank it, because remove runs only
// when a step finds a dead entry (fixed by sizing the array for the
// survivors). Retain's documentation promises that "a shard whose entries
// died does not keep a large array for ever".
func TestRetainShrinkSizesForSurvivors(t *testing.T) {
	kt := newKeepTable(1, false, retainN)
	for id := range retainN {
		kt.kill(id)
	}
	ds := deadSlots(kt)
	// A window ending at the 777th dead entry: its last batch brings the
	// count to 223 < 224, which triggers the shrink (see
	// TestRetainShrinkBoundary); the rebuild drops the other 223.
	kt.Retain(0, ds[776]+1)
	if n := kt.Len(); n != 0 {
		t.Fatalf("Len = %d after the shrinking step, want 0", n)
	}
	for range 3 {
		kt.Retain(0, 0) // whole-shard steps: nothing dead is left to find
	}
	if c := kt.Capacity(0); c != bucketSlots {
		t.Fatalf("shard holds %d entries in %d slots after a shrinking step and 3 more whole-shard steps; "+
			"want one bucket (%d slots): the shrink must size the array for the entries that survive it, "+
			"since later steps never shrink a shard in which they find nothing dead", kt.Len(), c, bucketSlots)
	}
}
