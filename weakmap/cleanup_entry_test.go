package weakmap

import (
	"runtime"
	"testing"
)

// ledgerSet returns the regs linked in l, every shard locked in turn.
func ledgerSet[K comparable, E, T any](c *core[K, E], l *ledger[T]) map[*reg[T]]bool {
	out := make(map[*reg[T]]bool)
	for i := range l.heads {
		s := c.t.LockShard(i)
		h := &l.heads[i].reg
		for r := h.next; r != h; r = r.next {
			out[r] = true
		}
		s.Unlock()
	}
	return out
}

// In a Map made WithGCCleanup every entry, whatever write stored it,
// carries right after it the registration of the cleanup made for its
// own value (registration reads it there), and the ledger holds exactly
// the stored entries' registrations: none lost, none left over from a
// replaced or deleted entry, each distinct. Values stay alive throughout,
// so no cleanup runs and no sweep removes anything.
func TestCleanupEntryCarriesItsRegistration(t *testing.T) {
	m := New[string, int](WithGCCleanup(), WithShards(4))
	vals := make([]*int, 8)
	for i := range vals {
		vals[i] = new(int)
	}
	check := func(step string, extra int) {
		t.Helper()
		regs := ledgerSet(&m.core, m.regs)
		seen := make(map[*reg[int]]bool)
		n := 0
		m.t.Range(func(e *entry[string, int]) bool {
			n++
			g := e.Value.registration()
			switch {
			case g == nil:
				t.Errorf("after %s: entry %q has no registration", step, e.Key)
			case g.wp != e.Value.wp:
				t.Errorf("after %s: entry %q carries the registration of another value", step, e.Key)
			case !regs[g]:
				t.Errorf("after %s: the registration of entry %q is not in the ledger", step, e.Key)
			case seen[g]:
				t.Errorf("after %s: entry %q shares its registration with another entry", step, e.Key)
			}
			seen[g] = true
			return true
		})
		if len(regs) != n+extra {
			t.Errorf("after %s: the ledger holds %d registrations for %d entries, want %d", step, len(regs), n, n+extra)
		}
	}
	m.Store("a", vals[0])
	m.Store("b", vals[0]) // the same value under two keys: two registrations
	check("Store", 0)
	m.Store("a", vals[0]) // the same value again: the old registration goes
	check("Store of the value already there", 0)
	m.Swap("a", vals[1])
	check("Swap", 0)
	m.LoadOrStore("c", vals[2])
	m.LoadOrStore("c", vals[3]) // loads: its fresh registration is stopped, not linked
	check("LoadOrStore", 0)
	m.LoadOrCompute("d", func() *int { return vals[3] })
	check("LoadOrCompute", 0)
	m.Compute("d", func(*int, bool) (*int, ComputeOp) { return vals[4], UpdateOp })
	check("Compute", 0)
	m.CompareAndSwap("d", vals[4], vals[5])
	m.CompareAndSwap("d", vals[4], vals[6]) // fails
	check("CompareAndSwap", 0)
	m.CompareAndDelete("b", vals[0])
	m.Delete("c")
	check("deletions", 0)
	// The seam replaces a's entry as if its value had died: the old
	// registration stays linked, as a swept entry's does until its
	// cleanup runs (here never: the value lives on).
	MarkCollected(m, "a")
	if e, _ := m.t.Get("a"); e.Value.registration() != nil {
		t.Errorf("MarkCollected's entry has a registration")
	}
	m.Store("a", vals[7])
	check("Store over the seam's entry", 1)
	m.Clear()
	check("Clear", 0)
	runtime.KeepAlive(vals)
}
