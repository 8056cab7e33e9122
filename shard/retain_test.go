package shard

import "testing"

// 1000 entries in one shard fill 256 buckets (1792 slots): 128 buckets
// would hold only 672 at a load of 3/4. Killing half of them leaves 500,
// well above 1/8 of the slots (224), so no step in these tests shrinks the
// shard and slot positions stay fixed.
const (
	retainN     = 1000
	retainSlots = 256 * bucketSlots
)

// TestRetainBudget checks one sweep step and the cursor exactly, for
// budgets below, at and above the shard size, 0 and negative: each step
// examines min(budget, C) slots (C for budget <= 0) starting at the cursor,
// removes exactly the dead entries in that window, moves the cursor by the
// budget modulo C, and ceil(C/budget) steps cover the whole shard. Stats
// counts steps, examined slots and removals exactly; Evicted gets each dead
// entry once and without the lock; Keep examines the window without the
// lock, and under it only checks again each entry it rejected.
func TestRetainBudget(t *testing.T) {
	for _, budget := range []int{1, 7, 100, 1000, retainSlots - 1, retainSlots, retainSlots + 1, 5000, 0, -3} {
		kt := newKeepTable(1, false, retainN)
		if c := kt.Capacity(0); c != retainSlots {
			t.Fatalf("%d entries: capacity %d, want %d", retainN, c, retainSlots)
		}
		for id := 1; id < retainN; id += 2 {
			kt.kill(id)
		}
		snap := kt.slots(0)
		eff := budget
		if eff <= 0 || eff > retainSlots {
			eff = retainSlots
		}
		steps := (retainSlots + eff - 1) / eff

		gone := make([]bool, retainSlots)
		removedTotal := 0
		for k := range steps + 1 { // one more step than needed: it finds nothing
			start := k * eff % retainSlots
			if c := kt.Cursor(0); c != start {
				t.Fatalf("budget %d step %d: cursor %d, want %d", budget, k, c, start)
			}
			want := 0
			for x := range eff {
				p := (start + x) % retainSlots
				if e := snap[p]; e != nil && e.Value.dead.Load() && !gone[p] {
					want++
					gone[p] = true
				}
			}
			r := kt.Retain(0, budget)
			if r.Examined != eff || r.Removed != want {
				t.Fatalf("budget %d step %d from slot %d: Retain = %+v, want {Examined:%d Removed:%d}",
					budget, k, start, r, eff, want)
			}
			removedTotal += want
			if n := kt.Len(); n != retainN-removedTotal {
				t.Fatalf("budget %d step %d: Len %d, want %d", budget, k, n, retainN-removedTotal)
			}
			// Every dead entry of a window seen so far is gone, every other
			// entry is still stored. Checking all 1000 keys after each of the
			// 1793 steps of budget 1 is too slow under -race, so the full
			// check runs on the first and last steps; Len, checked above,
			// covers the rest.
			if k < 4 || k >= steps-2 || steps < 40 {
				checkSnapshot(t, kt, snap, gone)
			}
		}
		if removedTotal != retainN/2 {
			t.Fatalf("budget %d: %d steps removed %d entries, want all %d dead", budget, steps, removedTotal, retainN/2)
		}
		st := kt.Stats(0).record()
		want := Stats{Steps: uint64(steps + 1), Examined: uint64((steps + 1) * eff), Removed: retainN / 2}
		if st != want {
			t.Fatalf("budget %d: Stats = %+v, want %+v", budget, st, want)
		}
		if c := kt.Capacity(0); c != retainSlots {
			t.Fatalf("budget %d: capacity changed to %d; the test assumes no shrink", budget, c)
		}
		for id := 0; id < retainN; id += 2 {
			if v, ok := get(kt.Table, id); !ok || v != kt.items[id] {
				t.Fatalf("budget %d: live key %d lost", budget, id)
			}
		}
		kt.checkEvicted(t, retainN/2)
		// Under the lock Keep only checks again what it rejected without it.
		if n := kt.keepLocked.Load(); n != retainN/2 {
			t.Fatalf("budget %d: Keep ran %d times under the shard lock during Retain, want once per dead entry (%d)", budget, n, retainN/2)
		}
	}
}

// checkSnapshot checks that each entry of snap is stored under its key, or
// not at all if gone marks its slot.
func checkSnapshot(t *testing.T, kt *keepTable, snap []*itemEntry, gone []bool) {
	t.Helper()
	for p, e := range snap {
		if e == nil {
			continue
		}
		got := findLocked(kt.Table, e.Key)
		if gone[p] && got != nil {
			t.Fatalf("dead key %d in an examined slot %d is still stored", e.Key, p)
		}
		if !gone[p] && got != e {
			t.Fatalf("key %d in slot %d, not removed by any step: found %p, want %p", e.Key, p, got, e)
		}
	}
}
