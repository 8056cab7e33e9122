package weakmap_test

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Deterministic tests of the sweep policy, through the seam: entries are
// marked collected by MarkCollected (which counts nothing), and every count
// is exact.
//
// The policy: each shard has a counter, ticked once by every counted
// operation on a key of the shard (Swap always; Store when it inserts, or
// always with WithGCCleanup; LoadOrStore and
// LoadOrCompute when they store; CompareAndSwap when it swaps;
// CompareAndDelete when it deletes; LoadAndDelete and Delete when they
// remove an entry, live or collected; and any read that finds a collected
// entry: Load, and the lock-free check of CompareAndSwap and
// CompareAndDelete). Every T-th tick on a shard runs one sweep step there,
// which examines B slots (all of them with B = 0) from the shard's cursor,
// wrapping around, and removes the collected entries among them.
//
// Bound: with T > 0 and B > 0, on a shard of C slots, an entry that is
// already collected is removed within T*ceil(C/B) counted operations on its
// shard; with B = 0, within T.

// hugeThreshold is a threshold no test reaches: the counters count, and no
// step ever runs.
const hugeThreshold = 1 << 30

// pendingAll returns the pending ticks of every shard.
func pendingAll[K comparable, V any](m *weakmap.Map[K, V]) []int {
	out := make([]int, m.Stats().Shards)
	for i := range out {
		out[i] = weakmap.PendingTicks(m, i)
	}
	return out
}

// Every operation counts exactly as documented, on its key's shard only.
func TestCountedOperations(t *testing.T) {
	type fixture struct {
		m                    *weakmap.Map[int, payload]
		live, dead, absent   int
		liveVal, deadVal, nv *payload
	}
	cases := []struct {
		name  string
		op    func(f *fixture)
		ticks int
	}{
		{"Load live", func(f *fixture) { f.m.Load(f.live) }, 0},
		{"Load collected", func(f *fixture) { f.m.Load(f.dead) }, 1},
		{"Load absent", func(f *fixture) { f.m.Load(f.absent) }, 0},
		{"Store live", func(f *fixture) { f.m.Store(f.live, f.nv) }, 0},
		{"Store collected", func(f *fixture) { f.m.Store(f.dead, f.nv) }, 0},
		{"Store absent", func(f *fixture) { f.m.Store(f.absent, f.nv) }, 1},
		{"Store same value", func(f *fixture) { f.m.Store(f.live, f.liveVal) }, 0},
		{"Swap live", func(f *fixture) { f.m.Swap(f.live, f.nv) }, 1},
		{"Swap collected", func(f *fixture) { f.m.Swap(f.dead, f.nv) }, 1},
		{"Swap absent", func(f *fixture) { f.m.Swap(f.absent, f.nv) }, 1},
		{"LoadOrStore live (loads)", func(f *fixture) { f.m.LoadOrStore(f.live, f.nv) }, 0},
		{"LoadOrStore collected (stores)", func(f *fixture) { f.m.LoadOrStore(f.dead, f.nv) }, 1},
		{"LoadOrStore absent (stores)", func(f *fixture) { f.m.LoadOrStore(f.absent, f.nv) }, 1},
		{"LoadOrCompute live (loads)", func(f *fixture) { f.m.LoadOrCompute(f.live, func() *payload { return f.nv }) }, 0},
		{"LoadOrCompute collected (stores)", func(f *fixture) { f.m.LoadOrCompute(f.dead, func() *payload { return f.nv }) }, 1},
		{"LoadOrCompute absent (stores)", func(f *fixture) { f.m.LoadOrCompute(f.absent, func() *payload { return f.nv }) }, 1},
		{"LoadOrTryCompute live (loads)", func(f *fixture) { f.m.LoadOrTryCompute(f.live, func() (*payload, error) { return f.nv, nil }) }, 0},
		{"LoadOrTryCompute absent (stores)", func(f *fixture) { f.m.LoadOrTryCompute(f.absent, func() (*payload, error) { return f.nv, nil }) }, 1},
		{"LoadOrTryCompute absent (fails)", func(f *fixture) {
			f.m.LoadOrTryCompute(f.absent, func() (*payload, error) { return nil, errors.New("no") })
		}, 0},
		{"Compute live, updates", func(f *fixture) {
			f.m.Compute(f.live, func(*payload, bool) (*payload, weakmap.ComputeOp) { return f.nv, weakmap.UpdateOp })
		}, 1},
		{"Compute live, deletes", func(f *fixture) {
			f.m.Compute(f.live, func(*payload, bool) (*payload, weakmap.ComputeOp) { return nil, weakmap.DeleteOp })
		}, 1},
		{"Compute live, cancels", func(f *fixture) {
			f.m.Compute(f.live, func(*payload, bool) (*payload, weakmap.ComputeOp) { return nil, weakmap.CancelOp })
		}, 0},
		{"Compute absent, stores", func(f *fixture) {
			f.m.Compute(f.absent, func(*payload, bool) (*payload, weakmap.ComputeOp) { return f.nv, weakmap.UpdateOp })
		}, 1},
		{"CompareAndSwap live, swaps", func(f *fixture) { f.m.CompareAndSwap(f.live, f.liveVal, f.nv) }, 1},
		{"CompareAndSwap live, other old", func(f *fixture) { f.m.CompareAndSwap(f.live, f.nv, f.nv) }, 0},
		{"CompareAndSwap collected", func(f *fixture) { f.m.CompareAndSwap(f.dead, f.deadVal, f.nv) }, 1},
		{"CompareAndSwap absent", func(f *fixture) { f.m.CompareAndSwap(f.absent, f.nv, f.nv) }, 0},
		{"CompareAndDelete live, deletes", func(f *fixture) { f.m.CompareAndDelete(f.live, f.liveVal) }, 1},
		{"CompareAndDelete live, other old", func(f *fixture) { f.m.CompareAndDelete(f.live, f.nv) }, 0},
		{"CompareAndDelete collected", func(f *fixture) { f.m.CompareAndDelete(f.dead, f.deadVal) }, 1},
		{"CompareAndDelete absent", func(f *fixture) { f.m.CompareAndDelete(f.absent, f.nv) }, 0},
		{"LoadAndDelete live", func(f *fixture) { f.m.LoadAndDelete(f.live) }, 1},
		{"LoadAndDelete collected", func(f *fixture) { f.m.LoadAndDelete(f.dead) }, 1},
		{"LoadAndDelete absent", func(f *fixture) { f.m.LoadAndDelete(f.absent) }, 0},
		{"Delete live", func(f *fixture) { f.m.Delete(f.live) }, 1},
		{"Delete collected", func(f *fixture) { f.m.Delete(f.dead) }, 1},
		{"Delete absent", func(f *fixture) { f.m.Delete(f.absent) }, 0},
		{"Len, RawLen, Stats", func(f *fixture) { f.m.Len(); f.m.RawLen(); f.m.Stats() }, 0},
		{"All, Keys, Values, Snapshot", func(f *fixture) {
			for range f.m.All() {
			}
			for range f.m.Keys() {
			}
			for range f.m.Values() {
			}
			f.m.Snapshot()
		}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := weakmap.New[int, payload](weakmap.WithShards(4), weakmap.WithSweepThreshold(hugeThreshold))
			ks := keysInShard(m, 2, 3)
			f := &fixture{m: m, live: ks[0], dead: ks[1], absent: ks[2],
				liveVal: &payload{name: "live"}, deadVal: &payload{name: "dead"}, nv: &payload{name: "new"}}
			// Entries in the other shards, so that a tick on the wrong
			// shard would show.
			others := payloads("o", 12)
			for i, v := range others {
				m.Store(keysInShard(m, []int{0, 1, 3}[i%3], i/3+1)[i/3], v)
			}
			m.Store(f.live, f.liveVal)
			m.Store(f.dead, f.deadVal)
			weakmap.MarkCollected(m, f.dead)
			before := pendingAll(m)
			if before[2] != 2 {
				t.Fatalf("two stores in shard 2 left %d pending ticks, want 2", before[2])
			}
			c.op(f)
			after := pendingAll(m)
			for i := range after {
				want := before[i]
				if i == 2 {
					want += c.ticks
				}
				if after[i] != want {
					t.Fatalf("shard %d: %d pending ticks after the operation, want %d (before: %d)", i, after[i], want, before[i])
				}
			}
			if st := m.Stats(); st.SweepSteps != 0 {
				t.Fatalf("%d sweep steps ran below the threshold", st.SweepSteps)
			}
			runtime.KeepAlive(f)
			runtime.KeepAlive(others)
		})
	}
}

// A Map's Store of a present key (live or collected) does not count
// toward a sweep step: it adds no entry, and takes no lock. In a map made
// WithGCCleanup it publishes a new entry under the lock, and counts like
// every other write; so does an inserting Store in either.
func TestStoreOfPresentKeyCountsOnlyWithCleanup(t *testing.T) {
	for _, cleanup := range []bool{false, true} {
		opts := []weakmap.Option{weakmap.WithShards(1), weakmap.WithSweepThreshold(hugeThreshold)}
		if cleanup {
			opts = append(opts, weakmap.WithGCCleanup())
		}
		m := weakmap.New[int, payload](opts...)
		a, b := &payload{name: "a"}, &payload{name: "b"}
		m.Store(1, a)
		m.Store(2, b)
		weakmap.MarkCollected(m, 2)
		before := weakmap.PendingTicks(m, 0)
		m.Store(1, b) // live
		m.Store(2, a) // collected
		m.Store(1, b) // the same value
		want := 0
		if cleanup {
			want = 3
		}
		if got := weakmap.PendingTicks(m, 0) - before; got != want {
			t.Errorf("cleanup %v: three Stores of present keys counted %d operations, want %d", cleanup, got, want)
		}
		before = weakmap.PendingTicks(m, 0)
		m.Store(3, a)
		if got := weakmap.PendingTicks(m, 0) - before; got != 1 {
			t.Errorf("cleanup %v: a Store that inserts counted %d operations, want 1", cleanup, got)
		}
		if v, ok := m.Load(2); !ok || v != a {
			t.Errorf("cleanup %v: Load of the collected key after a Store = %v, %v; want the stored value", cleanup, v, ok)
		}
		runtime.KeepAlive(a)
		runtime.KeepAlive(b)
	}
}

// Every T-th counted operation on a shard runs exactly one step, and a step
// examines exactly B slots.
func TestThresholdRunsOneStepOfBudget(t *testing.T) {
	for _, tb := range []struct{ t, b int }{{1, 1}, {5, 3}, {7, 10}, {2, 0}} {
		t.Run(fmt.Sprintf("T=%d,B=%d", tb.t, tb.b), func(t *testing.T) {
			m := weakmap.New[int, payload](weakmap.WithShards(1),
				weakmap.WithSweepThreshold(tb.t), weakmap.WithSweepBudget(tb.b))
			vals := payloads("v", 30)
			for i, v := range vals {
				m.Store(i, v)
			}
			// 30 stores have run 30/T steps; from here on the shard does
			// not change size, so each step examines min(B, C) slots, or C
			// with B = 0.
			c := weakmap.ShardCapacity(m, 0)
			perStep := tb.b
			if perStep == 0 || perStep > c {
				perStep = c
			}
			st0 := m.Stats()
			if st0.SweepSteps != uint64(30/tb.t) {
				t.Fatalf("30 stores ran %d steps, want %d", st0.SweepSteps, 30/tb.t)
			}
			p0 := weakmap.PendingTicks(m, 0)
			if p0 != 30%tb.t {
				t.Fatalf("%d pending ticks after 30 stores, want %d", p0, 30%tb.t)
			}
			for i := 1; i <= 50; i++ {
				m.Swap(i%30, vals[i%30])
				steps := uint64((p0 + i) / tb.t)
				st := m.Stats()
				if st.SweepSteps-st0.SweepSteps != steps {
					t.Fatalf("after %d more stores: %d more steps, want %d", i, st.SweepSteps-st0.SweepSteps, steps)
				}
				if st.SlotsExamined-st0.SlotsExamined != steps*uint64(perStep) {
					t.Fatalf("after %d more stores: %d more slots examined, want %d steps of %d",
						i, st.SlotsExamined-st0.SlotsExamined, steps, perStep)
				}
				if p := weakmap.PendingTicks(m, 0); p != (p0+i)%tb.t {
					t.Fatalf("after %d more stores: %d pending ticks, want %d", i, p, (p0+i)%tb.t)
				}
				if st.Removed != 0 {
					t.Fatalf("steps removed %d entries, but none is collected", st.Removed)
				}
			}
			if weakmap.ShardCapacity(m, 0) != c {
				t.Fatalf("the shard changed size under stores of existing keys")
			}
			runtime.KeepAlive(vals)
		})
	}
}

// The cursor moves B slots per step, wraps around the end of the shard
// (here C is not a multiple of B), and starts again at 0 when the shard is
// rebuilt. A collected entry is removed by exactly the step that reaches
// its slot.
func TestSweepCursorWrapsAround(t *testing.T) {
	const B = 5
	m := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithSweepThreshold(1), weakmap.WithSweepBudget(B))
	const n = 40
	vals := payloads("v", n)
	cursor, c := 0, weakmap.ShardCapacity(m, 0)
	rebuilds := 0
	for i, v := range vals {
		m.Store(i, v) // T = 1: one step per store
		if nc := weakmap.ShardCapacity(m, 0); nc != c {
			cursor, c = 0, nc // the shard grew during this store: the cursor restarts
			rebuilds++
		}
		cursor = (cursor + min(B, c)) % c
		if got := weakmap.SweepCursor(m, 0); got != cursor {
			t.Fatalf("after store %d: cursor %d, want %d (capacity %d)", i, got, cursor, c)
		}
	}
	if rebuilds == 0 || c%B == 0 {
		t.Fatalf("setup: %d rebuilds, capacity %d; want growth and a capacity that is not a multiple of %d", rebuilds, c, B)
	}
	// Remove entries one at a time, each the one just behind the cursor,
	// so that its step is the last of a full turn and wraps around.
	ticker := 0
	for round := 0; round < 8; round++ {
		// Move the cursor into the array, so that entries lie behind it.
		for weakmap.SweepCursor(m, 0) < c/3 {
			m.Swap(ticker, vals[ticker])
		}
		cursor := weakmap.SweepCursor(m, 0)
		victim, best := -1, -1
		for k := 1; k < n; k++ {
			slot := weakmap.SlotOf(m, k)
			if slot < 0 {
				continue
			}
			if rel := (slot - cursor + c) % c; rel > best {
				victim, best = k, rel
			}
		}
		want := best/B + 1 // the step that reaches slot cursor+best
		if cursor+best < c {
			t.Fatalf("round %d: no entry behind the cursor (%d of %d slots): the setup expected a wrap", round, cursor, c)
		}
		raw := m.RawLen()
		weakmap.MarkCollected(m, victim)
		for step := 1; ; step++ {
			m.Swap(ticker, vals[ticker])
			gone := m.RawLen() == raw-1
			if gone != (step == want) {
				t.Fatalf("round %d: victim %d slots past the cursor; after step %d removed = %v, want removal at step %d",
					round, best, step, gone, want)
			}
			if gone {
				break
			}
		}
		if v, ok := m.Load(victim); ok || v != nil {
			t.Fatalf("Load of a swept key = %p, %v", v, ok)
		}
		if weakmap.ShardCapacity(m, 0) != c {
			t.Fatal("the shard changed size: the test assumed it would not")
		}
	}
	runtime.KeepAlive(vals)
}

// The bound, exactly: with the counter at p and the cursor r slots before
// a collected entry, the entry is removed by counted operation
// (T-p) + T*floor(r/B), which is at most T*ceil(C/B) (T-p with B = 0). The
// operations used to count are a mix of counted ones that do not change
// the shard's size: Compute and Swap of a live key, CompareAndSwap that
// swaps, and reads that find the collected entry (Load, CompareAndDelete).
func TestSweepBound(t *testing.T) {
	for _, tb := range []struct{ t, b int }{{1, 1}, {3, 5}, {4, 7}, {2, 0}, {5, 0}, {2, 1000}} {
		t.Run(fmt.Sprintf("T=%d,B=%d", tb.t, tb.b), func(t *testing.T) {
			T, B := tb.t, tb.b
			m := weakmap.New[int, payload](weakmap.WithShards(2), weakmap.WithSweepThreshold(T), weakmap.WithSweepBudget(B))
			keys := keysInShard(m, 0, 40)
			vals := make(map[int]*payload)
			for _, k := range keys {
				vals[k] = &payload{name: fmt.Sprint(k)}
				m.Store(k, vals[k])
			}
			// Traffic on the other shard never counts for shard 0.
			other := keysInShard(m, 1, 1)[0]
			otherVal := &payload{name: "other"}
			m.Store(other, otherVal)
			c := weakmap.ShardCapacity(m, 0)
			bound := T * ((c + B - 1) / max(B, 1))
			if B == 0 {
				bound = T
			}
			ticker, tv := keys[0], vals[keys[0]]
			for _, victim := range keys[1:15] {
				p := weakmap.PendingTicks(m, 0)
				r := (weakmap.SlotOf(m, victim) - weakmap.SweepCursor(m, 0) + c) % c
				want := T - p
				if B > 0 && B < c {
					want += T * (r / B)
				}
				old := vals[victim]
				weakmap.MarkCollected(m, victim)
				raw := m.RawLen()
				ops := 0
				for m.RawLen() == raw {
					if ops >= bound {
						t.Fatalf("victim %d slots past the cursor not removed after %d counted operations; the bound T*ceil(C/B) is %d (C = %d)",
							r, ops, bound, c)
					}
					m.Store(other, otherVal) // another shard: not counted here
					switch ops % 5 {
					case 0:
						m.Compute(ticker, func(*payload, bool) (*payload, weakmap.ComputeOp) { return tv, weakmap.UpdateOp })
					case 1:
						if v, ok := m.Load(victim); ok || v != nil {
							t.Fatalf("Load of a collected entry = %p, %v", v, ok)
						}
					case 2:
						m.Swap(ticker, tv)
					case 3:
						if !m.CompareAndSwap(ticker, tv, tv) {
							t.Fatal("CompareAndSwap of the live ticker failed")
						}
					case 4:
						if m.CompareAndDelete(victim, old) {
							t.Fatal("CompareAndDelete matched a collected entry")
						}
					}
					ops++
				}
				if ops != want {
					t.Fatalf("victim %d slots past the cursor, %d ticks pending: removed after %d counted operations, want exactly %d",
						r, p, ops, want)
				}
				if weakmap.ShardCapacity(m, 0) != c {
					t.Fatal("the shard changed size: the test assumed it would not")
				}
			}
			runtime.KeepAlive(vals)
			runtime.KeepAlive(otherVal)
		})
	}
}

// The bound holds from the moment an entry is collected, also when a sweep
// step on the way removes another entry and so shrinks the shard.
//
// The setup: one shard of C slots holding C/8 entries (deletes down to
// exactly 1/8 do not shrink it), T = 1 and B = 1. Two entries are marked collected: d, and x a
// little further from the cursor. The step that removes d leaves the shard
// below 1/8 full, so it is rebuilt smaller. x was collected when the shard
// had C slots, so it must be gone within T*ceil(C/B) = C counted
// operations. (x is picked, by its hash, to sit in the middle of the
// smaller array; that only makes a failure large, it is not what is
// asserted.)
func TestSweepBoundAcrossShrink(t *testing.T) {
	const T, B = 1, 1
	m := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithSweepThreshold(T), weakmap.WithSweepBudget(B))
	const n = 1200
	vals := payloads("v", n)
	for i, v := range vals {
		m.Store(i, v)
	}
	c := weakmap.ShardCapacity(m, 0)
	var kept []int
	for i := range n {
		if i%5 == 0 && len(kept) < c/8 {
			kept = append(kept, i)
		} else {
			m.Delete(i)
		}
	}
	if got := weakmap.ShardCapacity(m, 0); got != c || len(kept)*8 != c {
		t.Fatalf("setup: capacity %d after the deletes (was %d) with %d entries; want it unchanged and 8 times the entries", got, c, len(kept))
	}
	cursor := weakmap.SweepCursor(m, 0)
	rels := make(map[int]int)
	for _, k := range kept {
		rels[k] = (weakmap.SlotOf(m, k) - cursor + c) % c
	}
	rel := func(k int) int { return rels[k] }
	// Buckets of the shard once d is gone, at a load of at most 1/2.
	nb := 1
	for nb*7 < 2*(len(kept)-1) {
		nb *= 2
	}
	ticker := kept[0]
	x, d := -1, -1
	for _, k := range kept[1:] {
		hb := int(weakmap.KeyHash(m, k) & uint64(nb-1))
		if hb >= nb/4 && hb < 3*nb/4 && (x < 0 || rel(k) > rel(x)) {
			x = k
		}
	}
	for _, k := range kept[1:] {
		if k != x && rel(k) < rel(x) && (d < 0 || rel(k) > rel(d)) {
			d = k
		}
	}
	weakmap.MarkCollected(m, d)
	weakmap.MarkCollected(m, x)
	bound := T * ((c + B - 1) / B)
	ops, dGone, shrunk := 0, 0, 0
	for m.RawLen() > len(kept)-2 && ops < 4*bound {
		m.Swap(ticker, vals[ticker])
		ops++
		if dGone == 0 && m.RawLen() < len(kept) {
			dGone, shrunk = ops, weakmap.ShardCapacity(m, 0)
		}
	}
	t.Logf("C = %d, B = %d: d (%d slots past the cursor) removed by operation %d, which left the shard %d slots; x (%d slots past) removed by operation %d",
		c, B, rel(d), dGone, shrunk, rel(x), ops)
	if ops > bound {
		t.Errorf("an entry collected when its shard had %d slots was removed only by counted operation %d; "+
			"the documented bound T*ceil(C/B) is %d. The step that removed another dead entry shrank the shard "+
			"(to %d slots) and restarted the cursor at 0 without dropping the dead entries it had not reached",
			c, ops, bound, shrunk)
	}
	runtime.KeepAlive(vals)
}

// A shard that grows drops its collected entries, when counter sweeps are
// on; with T = 0 it keeps them.
func TestGrowthDropsCollected(t *testing.T) {
	for _, threshold := range []int{hugeThreshold, 0} {
		t.Run(fmt.Sprintf("T=%d", threshold), func(t *testing.T) {
			m := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithSweepThreshold(threshold))
			vals := payloads("v", 100)
			// Fill the shard up to its 3/4 load limit, without growing.
			i := 0
			for ; ; i++ {
				c := weakmap.ShardCapacity(m, 0)
				if c >= 28 && (i+1)*4 > c*3 {
					break // the next insert passes 3/4
				}
				m.Store(i, vals[i])
			}
			c := weakmap.ShardCapacity(m, 0)
			for k := 0; k < i; k += 4 {
				weakmap.MarkCollected(m, k)
			}
			dead := (i + 3) / 4
			st0 := m.Stats()
			m.Store(i, vals[i]) // grows
			if nc := weakmap.ShardCapacity(m, 0); nc <= c {
				t.Fatalf("insert %d into a shard of %d slots did not grow it (now %d)", i+1, c, nc)
			}
			st := m.Stats()
			if threshold > 0 {
				if m.RawLen() != i+1-dead || st.Removed-st0.Removed != uint64(dead) {
					t.Fatalf("growth: RawLen %d, Removed +%d; want %d and +%d", m.RawLen(), st.Removed-st0.Removed, i+1-dead, dead)
				}
			} else if m.RawLen() != i+1 || st.Removed != 0 {
				t.Fatalf("growth with T = 0: RawLen %d, Removed %d; want %d and 0", m.RawLen(), st.Removed, i+1)
			}
			if st.SweepSteps != 0 {
				t.Fatalf("%d sweep steps ran", st.SweepSteps)
			}
			if m.Len() != i+1-dead {
				t.Fatalf("Len = %d, want %d", m.Len(), i+1-dead)
			}
			for k := 0; k <= i; k++ {
				v, ok := m.Load(k)
				if k%4 == 0 && k < i {
					if ok || v != nil {
						t.Fatalf("Load(%d) of a collected key = %p, %v", k, v, ok)
					}
				} else if v != vals[k] || !ok {
					t.Fatalf("Load(%d) = %p, %v; want %p", k, v, ok, vals[k])
				}
			}
			if n := m.Sweep(); threshold > 0 && n != 0 || threshold == 0 && n != dead {
				t.Fatalf("Sweep removed %d", n)
			}
			runtime.KeepAlive(vals)
		})
	}
}

// A step that leaves a shard below 1/8 full rebuilds it smaller, dropping
// every dead entry, and the cursor restarts at 0. (Delete shrinks too: see
// TestShardShrinksAfterDeleteAndCleanups.)
func TestStepShrinksSparseShard(t *testing.T) {
	const T, B = 2, 7
	m := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithSweepThreshold(T), weakmap.WithSweepBudget(B))
	vals := payloads("v", 200)
	for i, v := range vals {
		m.Store(i, v)
	}
	c := weakmap.ShardCapacity(m, 0)
	for i := 15; i < 200; i++ {
		weakmap.MarkCollected(m, i)
	}
	weakmap.MarkCollected(m, 3)
	if got := weakmap.ShardCapacity(m, 0); got != c || 15*8 >= c {
		t.Fatalf("setup: capacity %d after marking (was %d); want it unchanged and above 8*15", got, c)
	}
	for ops := 0; m.RawLen() > 14; ops++ {
		if ops > T*(c+B-1)/B {
			t.Fatalf("the collected entry was not removed within the bound")
		}
		m.Swap(0, vals[0])
	}
	nc := weakmap.ShardCapacity(m, 0)
	if nc >= c || nc < 14 {
		t.Fatalf("after the step that left 14 entries in %d slots, capacity is %d; want a smaller array that still holds them", c, nc)
	}
	if cur := weakmap.SweepCursor(m, 0); cur != 0 {
		t.Fatalf("cursor %d after the shrink, want 0", cur)
	}
	if m.RawLen() != 14 || weakmap.ShardLen(m, 0) != 14 || m.Len() != 14 {
		t.Fatalf("after the shrink: RawLen %d, ShardLen %d, Len %d; want 14", m.RawLen(), weakmap.ShardLen(m, 0), m.Len())
	}
	for i := range 15 {
		v, ok := m.Load(i)
		if i == 3 {
			if ok {
				t.Fatal("the collected key is back after the shrink")
			}
		} else if v != vals[i] || !ok {
			t.Fatalf("Load(%d) after the shrink = %p, %v; want %p", i, v, ok, vals[i])
		}
	}
	runtime.KeepAlive(vals)
}

// With T = 0 only the Delete family, Clear and Sweep remove entries: not
// reads that find them, not writes, not growth.
func TestThresholdZeroRemovesOnlyOnRequest(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithShards(2), weakmap.WithSweepThreshold(0), weakmap.WithSweepBudget(1))
	vals := payloads("v", 400)
	for i := range 100 {
		m.Store(i, vals[i])
	}
	for i := 0; i < 100; i += 2 {
		weakmap.MarkCollected(m, i)
	}
	other := &payload{name: "other"}
	for round := range 3 {
		for i := range 100 {
			m.Load(i)
			m.CompareAndSwap(i, other, other)
			m.CompareAndDelete(i, other)
			if i%2 == 1 {
				m.Store(i, vals[i])
				m.Swap(i, vals[i])
			}
		}
		for i := 100 + 100*round; i < 200+100*round; i++ { // grows the shards
			m.LoadOrStore(i, vals[i])
		}
	}
	st := m.Stats()
	if m.RawLen() != 400 || m.Len() != 350 || st.SweepSteps != 0 || st.Removed != 0 {
		t.Fatalf("RawLen %d, Len %d, %d steps, %d removed; want 400, 350, 0, 0", m.RawLen(), m.Len(), st.SweepSteps, st.Removed)
	}
	m.Delete(0)
	m.LoadAndDelete(2)
	if m.RawLen() != 398 {
		t.Fatalf("RawLen %d after deleting two collected entries, want 398", m.RawLen())
	}
	if n := m.Sweep(); n != 48 {
		t.Fatalf("Sweep removed %d, want 48", n)
	}
	if m.RawLen() != 350 || m.Len() != 350 {
		t.Fatalf("after Sweep: RawLen %d, Len %d; want 350", m.RawLen(), m.Len())
	}
	m.Clear()
	if m.RawLen() != 0 {
		t.Fatalf("RawLen %d after Clear", m.RawLen())
	}
	runtime.KeepAlive(vals)
}

// Len, RawLen, Stats and iteration never remove anything and count nothing,
// even when every counted operation would sweep the whole map.
func TestReadersNeverRemove(t *testing.T) {
	for _, threshold := range []int{1, hugeThreshold} {
		m := weakmap.New[int, payload](weakmap.WithShards(4), weakmap.WithSweepThreshold(threshold), weakmap.WithSweepBudget(0))
		vals := payloads("v", 64)
		for i, v := range vals {
			m.Store(i, v)
		}
		for i := 0; i < 64; i += 3 {
			weakmap.MarkCollected(m, i)
		}
		st0, p0 := m.Stats(), pendingAll(m)
		for range 10 {
			if m.Len() != 42 || m.RawLen() != 64 {
				t.Fatalf("T=%d: Len %d, RawLen %d; want 42 and 64", threshold, m.Len(), m.RawLen())
			}
			n := 0
			for range m.All() {
				n++
			}
			for range m.Keys() {
				n++
			}
			for range m.Values() {
				n++
			}
			n += len(m.Snapshot())
			if n != 4*42 {
				t.Fatalf("T=%d: the iterators yielded %d entries in all, want %d", threshold, n, 4*42)
			}
			m.Stats()
		}
		st, p := m.Stats(), pendingAll(m)
		if st.RawLen != 64 || st.SweepSteps != st0.SweepSteps || st.Removed != st0.Removed || fmt.Sprint(p) != fmt.Sprint(p0) {
			t.Fatalf("T=%d: readers changed the map: stats %+v -> %+v, pending %v -> %v", threshold, st0, st, p0, p)
		}
		runtime.KeepAlive(vals)
	}
}

// Stats reports the shard count, the raw length and the sweep work, and
// Sweep examines every slot of every shard once.
func TestStatsAndSweep(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithShards(3), weakmap.WithSweepThreshold(0))
	vals := payloads("v", 120)
	for i, v := range vals {
		m.Store(i, v)
	}
	st := m.Stats()
	if st.Shards != 4 || st.RawLen != 120 || st.SweepSteps != 0 || st.SlotsExamined != 0 || st.Removed != 0 {
		t.Fatalf("Stats = %+v; want 4 shards, RawLen 120, no sweep work", st)
	}
	for i := 0; i < 120; i += 12 {
		weakmap.MarkCollected(m, i)
	}
	slots := 0
	for i := range 4 {
		slots += weakmap.ShardCapacity(m, i)
	}
	if st := m.Stats(); st.RawLen != 120 || m.Len() != 110 {
		t.Fatalf("marked 10 collected: Stats.RawLen %d, Len %d; want 120 and 110", st.RawLen, m.Len())
	}
	if n := m.Sweep(); n != 10 {
		t.Fatalf("Sweep removed %d, want 10", n)
	}
	st = m.Stats()
	if st.RawLen != 110 || st.SweepSteps != 4 || st.SlotsExamined != uint64(slots) || st.Removed != 10 {
		t.Fatalf("after Sweep: Stats = %+v; want RawLen 110, 4 steps, %d slots, 10 removed", st, slots)
	}
	slots2 := 0
	for i := range 4 {
		slots2 += weakmap.ShardCapacity(m, i)
	}
	if n := m.Sweep(); n != 0 {
		t.Fatalf("a second Sweep removed %d", n)
	}
	st = m.Stats()
	if st.RawLen != 110 || st.SweepSteps != 8 || st.SlotsExamined != uint64(slots+slots2) || st.Removed != 10 {
		t.Fatalf("after a second Sweep: Stats = %+v; want RawLen 110, 8 steps, %d slots, 10 removed", st, slots+slots2)
	}
	if m.RawLen() != m.Len() {
		t.Fatalf("RawLen %d != Len %d after Sweep", m.RawLen(), m.Len())
	}
	runtime.KeepAlive(vals)
}

// Sweep returns the number of entries it removed: exactly the collected
// ones, also when removing them makes a shard shrink on the way (here one
// shard goes from 400 entries to 20, far below 1/8 of its slots, and Sweep
// removes in batches).
func TestSweepReturnsEveryRemoval(t *testing.T) {
	for _, dead := range []int{10, 100, 380} {
		t.Run(fmt.Sprint(dead, " dead"), func(t *testing.T) {
			m := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithSweepThreshold(0))
			vals := payloads("v", 400)
			for i, v := range vals {
				m.Store(i, v)
			}
			for i := 400 - dead; i < 400; i++ {
				weakmap.MarkCollected(m, i)
			}
			c := weakmap.ShardCapacity(m, 0)
			n := m.Sweep()
			st := m.Stats()
			t.Logf("capacity %d -> %d", c, weakmap.ShardCapacity(m, 0))
			if m.RawLen() != 400-dead || m.Len() != 400-dead || st.Removed != uint64(dead) {
				t.Fatalf("after Sweep: RawLen %d, Len %d, Stats.Removed %d; want %d, %d, %d",
					m.RawLen(), m.Len(), st.Removed, 400-dead, 400-dead, dead)
			}
			if n != dead {
				t.Fatalf("Sweep removed %d collected entries (RawLen 400 -> %d, Stats.Removed %d) but returned %d",
					dead, m.RawLen(), st.Removed, n)
			}
			runtime.KeepAlive(vals)
		})
	}
}

// A growing shard looks for dead entries only after a collection: an
// entry dead without one (MarkCollectedUncounted) is copied by the next
// growth, and dropped by the first growth after a collection
// (MarkCollected of another key counts one). Without the map's count of
// collections wired into its table, the first growth would drop it.
func TestGrowthLooksForDeadOnlyAfterACollection(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithSweepThreshold(hugeThreshold))
	vals := payloads("v", 2000)
	next := 0
	// grow stores keys until the shard grows.
	grow := func() {
		c := weakmap.ShardCapacity(m, 0)
		for weakmap.ShardCapacity(m, 0) == c {
			m.Store(next, vals[next])
			next++
		}
	}
	grow() // the first growth looks, whatever the count
	weakmap.MarkCollectedUncounted(m, 0)
	grow()
	if weakmap.SlotOf(m, 0) < 0 {
		t.Fatal("a growth with no collection since the last one that looked dropped a dead entry")
	}
	weakmap.MarkCollected(m, 1)
	before, first := m.RawLen(), next
	grow()
	if weakmap.SlotOf(m, 0) >= 0 || weakmap.SlotOf(m, 1) >= 0 {
		t.Fatalf("the first growth after a collection kept a dead entry: slots %d and %d", weakmap.SlotOf(m, 0), weakmap.SlotOf(m, 1))
	}
	if got, want := m.RawLen(), before+(next-first)-2; got != want {
		t.Fatalf("RawLen after the growth = %d, want %d (%d stored, two dropped)", got, want, next-first)
	}
	if st := m.Stats(); st.SweepSteps != 0 {
		t.Fatalf("%d sweep steps ran", st.SweepSteps)
	}
}
