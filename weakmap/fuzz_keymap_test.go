package weakmap_test

import (
	"fmt"
	"maps"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// FuzzKeyMap is FuzzMap for KeyMap (see fuzz_map_test.go for the input
// format and what the model checks). KeyMap's differences: keys are
// objects compared by identity, kept alive by the test and killed through
// MarkKeyCollected; values are plain ints, each write storing a new one
// (its operation's number), so that the value the eviction callback
// reports names the dead entry it came from; LoadAndDelete and Delete
// leave a collected entry in place; and the seam has no ShardOf for a
// KeyMap, so the counted operations are checked exactly with one shard and
// within bounds with more.

// fuzzKey is a key of FuzzKeyMap, with a pointer so that it never shares a
// tiny-object block.
type fuzzKey struct {
	n int
	_ *fuzzKey
	_ [3]int64
}

// The operations of FuzzKeyMap, chosen by an operation's first byte modulo
// their number.
const (
	fkLoad = iota
	fkStore
	fkLoadOrStore
	fkLoadOrCompute
	fkLoadAndDelete
	fkDelete
	fkKill
	fkKill2 // killing twice as often as other operations
	fkSweep
	fkAll
	fkClear
	fkOps
)

// fuzzKeyMapCodes names FuzzKeyMap's operations for fuzzSeeds.
var fuzzKeyMapCodes = map[string]byte{
	"Load": fkLoad, "Store": fkStore, "LoadOrStore": fkLoadOrStore, "LoadOrCompute": fkLoadOrCompute,
	"LoadAndDelete": fkLoadAndDelete, "Delete": fkDelete, "Kill": fkKill, "Sweep": fkSweep,
	"Snapshot": fkAll, "Clear": fkClear,
}

// fuzzKeyMapModel is what a KeyMap should hold.
type fuzzKeyMapModel struct {
	live map[int]int // key number -> value
	// dead maps the key numbers whose dead entry may still be stored to
	// the value of that entry (exact with the callback).
	dead    map[int]int
	ticks   int // counted operations, all shards together
	sweeps  int // Sweep calls
	evicted []int
	removed int
}

func FuzzKeyMap(f *testing.F) {
	for _, seed := range fuzzSeeds(fuzzKeyMapCodes) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, ops, ok := decodeFuzzConfig(data)
		if !ok {
			return
		}
		runFuzzKeyMap(t, c, ops)
	})
}

func runFuzzKeyMap(t *testing.T, c fuzzConfig, ops []byte) {
	keys := make([]*fuzzKey, c.keys)
	num := map[*fuzzKey]int{}
	for i := range keys {
		keys[i] = &fuzzKey{n: i}
		num[keys[i]] = i
	}
	md := &fuzzKeyMapModel{live: map[int]int{}, dead: map[int]int{}}
	opts := c.options()
	if c.evict {
		opts = append(opts, weakmap.WithEvictCallback(func(v int) {
			for k, dv := range md.dead {
				if dv == v {
					md.evicted = append(md.evicted, k)
					md.removed++
					return
				}
			}
			t.Fatalf("the eviction callback reported value %d, which no dead entry holds (dead: %v, live: %v)", v, md.dead, md.live)
		}))
	}
	m := weakmap.NewKeyMap[fuzzKey, int](opts...)
	var prev weakmap.Stats
	for i := 0; i < len(ops); i += fuzzOpSize {
		op, k := int(ops[i]%fkOps), int(ops[i+1])%c.keys
		v := i/fuzzOpSize + 1 // a value no other write stores
		rawBefore := m.RawLen()
		desc := fmt.Sprintf("op %d, %s", i/fuzzOpSize, md.apply(t, c, m, keys, num, op, k, v, rawBefore))
		for _, ek := range md.evicted {
			if _, ok := md.live[ek]; ok {
				t.Fatalf("%s: key %d was evicted by a sweep but is live", desc, ek)
			}
			delete(md.dead, ek)
		}
		md.evicted = md.evicted[:0]
		prev = md.check(t, c, m, desc, prev)
	}
}

// apply runs one operation on m and on the model, compares the results,
// and returns a description of the operation for failure messages.
func (md *fuzzKeyMapModel) apply(t *testing.T, c fuzzConfig, m *weakmap.KeyMap[fuzzKey, int], keys []*fuzzKey, num map[*fuzzKey]int, op, k, v, rawBefore int) string {
	key := keys[k]
	cur, isLive := md.live[k]
	_, isDead := md.dead[k] // exact only with the callback
	fail := func(desc string, got, want any) {
		t.Helper()
		t.Fatalf("%s: got %v, want %v (config %+v)", desc, got, want, c)
	}
	switch op {
	case fkLoad:
		desc := fmt.Sprintf("Load(k%d)", k)
		got, ok := m.Load(key)
		if [2]any{got, ok} != [2]any{cur, isLive} {
			fail(desc, [2]any{got, ok}, [2]any{cur, isLive})
		}
		if len(md.evicted) != 0 {
			fail(desc+": keys reported by the read", md.evicted, []int(nil))
		}
		weakmap.ReportPendingKeyMap(m) // what the shards' next writes would report
		if !isLive && isDead {
			md.ticks++ // a read that finds a collected entry counts
		}
		return desc
	case fkStore:
		m.Store(key, v)
		md.set(k, v)
		return fmt.Sprintf("Store(k%d, %d)", k, v)
	case fkLoadOrStore, fkLoadOrCompute:
		var got int
		var loaded bool
		desc := fmt.Sprintf("LoadOrStore(k%d, %d)", k, v)
		if op == fkLoadOrStore {
			got, loaded = m.LoadOrStore(key, v)
		} else {
			desc = fmt.Sprintf("LoadOrCompute(k%d, %d)", k, v)
			called := false
			got, loaded = m.LoadOrCompute(key, func() int { called = true; return v })
			if called == loaded {
				fail(desc+": create called", called, !loaded)
			}
		}
		if isLive {
			if [2]any{got, loaded} != [2]any{cur, true} {
				fail(desc, [2]any{got, loaded}, [2]any{cur, true})
			}
			return desc
		}
		if [2]any{got, loaded} != [2]any{v, false} {
			fail(desc, [2]any{got, loaded}, [2]any{v, false})
		}
		md.set(k, v)
		return desc
	case fkLoadAndDelete, fkDelete:
		desc := fmt.Sprintf("LoadAndDelete(k%d)", k)
		if op == fkDelete {
			desc = fmt.Sprintf("Delete(k%d)", k)
			m.Delete(key)
		} else if got, loaded := m.LoadAndDelete(key); [2]any{got, loaded} != [2]any{cur, isLive} {
			fail(desc, [2]any{got, loaded}, [2]any{cur, isLive})
		}
		if isLive || isDead {
			md.ticks++ // removed a live entry, or found a collected one (which stays)
		}
		delete(md.live, k)
		return desc
	case fkKill, fkKill2:
		desc := fmt.Sprintf("Kill(k%d)", k)
		found := weakmap.MarkKeyCollected(m, key)
		switch {
		case isLive && !found:
			fail(desc+": entry found", found, true)
		case !isLive && !isDead && found:
			fail(desc+": entry found", found, false)
		case c.evict && isDead && !found:
			fail(desc+": dead entry found", found, true)
		}
		switch {
		case isLive:
			md.dead[k] = cur // the entry keeps its value
		case !found:
			delete(md.dead, k) // it was swept
		}
		delete(md.live, k)
		return desc
	case fkSweep:
		n := m.Sweep()
		md.sweeps++
		if c.evict && n != len(md.dead) {
			fail("Sweep() removed", n, len(md.dead))
		}
		if raw := m.RawLen(); n != rawBefore-raw || raw != len(md.live) {
			t.Fatalf("Sweep() removed %d: RawLen went from %d to %d; want %d live entries left", n, rawBefore, raw, len(md.live))
		}
		clear(md.dead)
		return "Sweep()"
	case fkAll:
		got := map[int]int{}
		for kp, val := range m.All() {
			n, ok := num[kp]
			if !ok {
				t.Fatalf("All() yielded %p, which is none of the keys stored", kp)
			}
			if _, dup := got[n]; dup {
				fail("All() yielded twice", n, "once")
			}
			got[n] = val
		}
		if !maps.Equal(got, md.live) {
			fail("All()", got, md.live)
		}
		return "All()"
	case fkClear:
		m.Clear()
		clear(md.live)
		clear(md.dead)
		return "Clear()"
	}
	panic(fmt.Sprintf("unknown operation %d", op))
}

// set records a write of v under k: it replaces any entry, live or dead,
// and counts.
func (md *fuzzKeyMapModel) set(k, v int) {
	md.live[k] = v
	delete(md.dead, k)
	md.ticks++
}

// check compares the map's lengths and Stats with the model after an
// operation, and returns the Stats for the next check.
func (md *fuzzKeyMapModel) check(t *testing.T, c fuzzConfig, m *weakmap.KeyMap[fuzzKey, int], desc string, prev weakmap.Stats) weakmap.Stats {
	t.Helper()
	if n := m.Len(); n != len(md.live) {
		t.Fatalf("%s: Len() = %d, want %d", desc, n, len(md.live))
	}
	raw := m.RawLen()
	if raw < len(md.live) || raw > len(md.live)+len(md.dead) {
		t.Fatalf("%s: RawLen() = %d, want %d live + up to %d dead", desc, raw, len(md.live), len(md.dead))
	}
	if c.evict && raw != len(md.live)+len(md.dead) {
		t.Fatalf("%s: RawLen() = %d, want %d live + %d dead", desc, raw, len(md.live), len(md.dead))
	}
	st := m.Stats()
	checkFuzzStats(t, desc, c, st, prev, raw)
	if !c.evict {
		return st
	}
	if st.Removed != uint64(md.removed) {
		t.Fatalf("%s: Stats().Removed = %d, but the callback reported %d", desc, st.Removed, md.removed)
	}
	// Steps run by counters: one per threshold ticks on each shard. With
	// one shard that is exact; with S shards, each holding some ticks
	// short of a step, it lies between (ticks - S*(T-1))/T and ticks/T.
	counted := int(st.SweepSteps) - md.sweeps*c.shards
	lo, hi := 0, 0
	if T := c.threshold; T > 0 {
		hi = md.ticks / T
		lo = max(0, (md.ticks-c.shards*(T-1)+T-1)/T)
	}
	if counted < lo || counted > hi {
		t.Fatalf("%s: %d sweep steps run by counters after %d counted operations; want %d to %d (config %+v)", desc, counted, md.ticks, lo, hi, c)
	}
	return st
}
