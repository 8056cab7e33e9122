package weakmap_test

import (
	"fmt"
	"maps"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// The fuzz targets (FuzzMap here, FuzzKeyMap in fuzz_keymap_test.go) decode
// their input into a map configuration and a sequence of operations, run
// the operations one at a time on the map and on a plain Go map that models
// it, and compare every result. "This value dies" is an operation too: it
// goes through the test seam (MarkCollected, MarkKeyCollected), which makes
// an entry look collected exactly as the collector would, at a point the
// input chooses.
//
// Input: 4 header bytes, then 3 bytes per operation (kind, key, value).
//
//	byte 0: shards, 1 << (b%4): 1, 2, 4 or 8
//	byte 1: sweep threshold, b%6: 0 (counter sweeps off) to 5
//	byte 2: sweep budget, b%10: 0 (whole shard) to 9
//	byte 3: bit 0: an eviction callback; bit 1: WithGCCleanup;
//	        b>>2%32+1: how many keys the operations use (1 to 32)
//
// What the model can predict depends on the eviction callback. A sweep
// removes dead entries at times that the counters decide, so without the
// callback the model knows which keys were killed but not which of their
// dead entries are still stored: it checks Len exactly (live entries),
// RawLen within bounds (live <= RawLen <= live + killed and not since
// removed by an operation the model sees), and that after Sweep RawLen is
// Len. With the callback the map reports every entry its sweeps remove, so
// the model knows the dead entries exactly and checks more: RawLen and
// Sweep's count exactly, that only dead entries are ever evicted, Stats'
// Removed, and (Map) the counters of every shard: which operations count
// (as the package documentation lists them) and when a sweep step runs.
type fuzzConfig struct {
	shards, threshold, budget int
	evict, cleanup            bool
	keys                      int
}

const (
	fuzzHeader = 4
	fuzzOpSize = 3
	fuzzMaxOps = 400 // longer inputs are cut: a sequence this long already fills several shards
	fuzzValues = 8   // the pool of values (Map) is ids 1..8
)

func decodeFuzzConfig(data []byte) (fuzzConfig, []byte, bool) {
	if len(data) < fuzzHeader {
		return fuzzConfig{}, nil, false
	}
	c := fuzzConfig{
		shards:    1 << (data[0] % 4),
		threshold: int(data[1] % 6),
		budget:    int(data[2] % 10),
		evict:     data[3]&1 != 0,
		cleanup:   data[3]&2 != 0,
		keys:      int(data[3]>>2%32) + 1,
	}
	ops := data[fuzzHeader:]
	ops = ops[:min(len(ops)/fuzzOpSize, fuzzMaxOps)*fuzzOpSize]
	return c, ops, true
}

func (c fuzzConfig) options() []weakmap.Option {
	opts := []weakmap.Option{weakmap.WithShards(c.shards), weakmap.WithSweepThreshold(c.threshold), weakmap.WithSweepBudget(c.budget)}
	if c.cleanup {
		opts = append(opts, weakmap.WithGCCleanup())
	}
	return opts
}

// fuzzVal is a value of FuzzMap: id 1..fuzzValues, with a pointer so that
// it never shares a tiny-object block. The test keeps every value alive:
// entries die only when the input kills them.
type fuzzVal struct {
	id int
	_  *fuzzVal
	_  [3]int64
}

// The operations of FuzzMap, chosen by an operation's first byte modulo
// their number.
const (
	fmLoad = iota
	fmStore
	fmLoadOrStore
	fmLoadOrCompute
	fmSwap
	fmCompareAndSwap
	fmCompareAndDelete
	fmLoadAndDelete
	fmDelete
	fmKill
	fmKill2 // killing twice as often as other operations: dead entries are the point
	fmSweep
	fmSnapshot
	fmClear
	fmOps
)

// fuzzMapModel is what a Map should hold.
type fuzzMapModel struct {
	live  map[int]int  // key -> id of its live value
	dead  map[int]bool // keys whose dead entry may still be stored (exact with the callback)
	ticks []int        // counted operations per shard (meaningful with the callback)
	steps int          // sweep steps the model expects (with the callback)
	// evicted collects the keys the eviction callback reported during
	// the current operation; removed counts all of them.
	evicted []int
	removed int
}

func FuzzMap(f *testing.F) {
	for _, seed := range fuzzSeeds(fuzzMapCodes) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, ops, ok := decodeFuzzConfig(data)
		if !ok {
			return
		}
		runFuzzMap(t, c, ops)
	})
}

func runFuzzMap(t *testing.T, c fuzzConfig, ops []byte) {
	vals := make([]*fuzzVal, fuzzValues+1)
	for i := 1; i <= fuzzValues; i++ {
		vals[i] = &fuzzVal{id: i}
	}
	md := &fuzzMapModel{live: map[int]int{}, dead: map[int]bool{}, ticks: make([]int, c.shards)}
	opts := c.options()
	if c.evict {
		opts = append(opts, weakmap.WithEvictCallback(func(k int) {
			if !md.dead[k] {
				t.Fatalf("the eviction callback reported key %d, whose entry was not dead before this operation (live value: %d)", k, md.live[k])
			}
			md.evicted = append(md.evicted, k)
			md.removed++
		}))
	}
	m := weakmap.New[int, fuzzVal](opts...)
	id := func(p *fuzzVal) int {
		if p == nil {
			return 0
		}
		if p.id < 1 || p.id > fuzzValues || vals[p.id] != p {
			t.Fatalf("Map returned %p, which is none of the values stored", p)
		}
		return p.id
	}
	var prev weakmap.Stats
	for i := 0; i < len(ops); i += fuzzOpSize {
		op, k, vb := int(ops[i]%fmOps), int(ops[i+1])%c.keys, ops[i+2]
		v := 1 + int(vb)%fuzzValues
		rawBefore := m.RawLen()
		desc := md.apply(t, c, m, vals, id, op, k, v, vb, rawBefore)
		for _, ek := range md.evicted {
			if _, ok := md.live[ek]; ok {
				t.Fatalf("op %d, %s: key %d was evicted by a sweep but is live", i/fuzzOpSize, desc, ek)
			}
			delete(md.dead, ek)
		}
		md.evicted = md.evicted[:0]
		prev = md.check(t, c, m, fmt.Sprintf("op %d, %s", i/fuzzOpSize, desc), prev)
	}
}

// tick counts one operation on key's shard, as the map must, and the
// sweep step that every threshold-th such operation runs.
func (md *fuzzMapModel) tick(c fuzzConfig, m *weakmap.Map[int, fuzzVal], key int) {
	if c.threshold == 0 {
		return
	}
	s := weakmap.ShardOf(m, key)
	if md.ticks[s]++; md.ticks[s]%c.threshold == 0 {
		md.steps++
	}
}

// apply runs one operation on m and on the model, compares the results,
// and returns a description of the operation for failure messages.
func (md *fuzzMapModel) apply(t *testing.T, c fuzzConfig, m *weakmap.Map[int, fuzzVal], vals []*fuzzVal, id func(*fuzzVal) int, op, k, v int, vb byte, rawBefore int) string {
	cur, isLive := md.live[k]
	isDead := md.dead[k] // exact only with the callback
	fail := func(desc string, got, want any) {
		t.Helper()
		t.Fatalf("%s: got %v, want %v (config %+v)", desc, got, want, c)
	}
	switch op {
	case fmLoad:
		desc := fmt.Sprintf("Load(%d)", k)
		p, ok := m.Load(k)
		if got := [2]any{id(p), ok}; got != [2]any{cur, isLive} {
			fail(desc, got, [2]any{cur, isLive})
		}
		if len(md.evicted) != 0 {
			fail(desc+": keys reported by the read", md.evicted, []int(nil))
		}
		weakmap.ReportPending(m) // what the shards' next writes would report
		if !isLive && isDead {
			md.tick(c, m, k) // a read that finds a collected entry counts
		}
		return desc
	case fmStore:
		m.Store(k, vals[v])
		if (isLive || isDead) && !c.cleanup {
			// A Store of a present key does not count.
			md.live[k] = v
			delete(md.dead, k)
		} else {
			md.set(c, m, k, v)
		}
		return fmt.Sprintf("Store(%d, %d)", k, v)
	case fmLoadOrStore, fmLoadOrCompute:
		var p *fuzzVal
		var loaded bool
		desc := fmt.Sprintf("LoadOrStore(%d, %d)", k, v)
		if op == fmLoadOrStore {
			p, loaded = m.LoadOrStore(k, vals[v])
		} else {
			desc = fmt.Sprintf("LoadOrCompute(%d, %d)", k, v)
			called := false
			p, loaded = m.LoadOrCompute(k, func() *fuzzVal { called = true; return vals[v] })
			if called == loaded {
				fail(desc+": create called", called, !loaded)
			}
		}
		if isLive {
			if got := [2]any{id(p), loaded}; got != [2]any{cur, true} {
				fail(desc, got, [2]any{cur, true})
			}
			return desc
		}
		if got := [2]any{id(p), loaded}; got != [2]any{v, false} {
			fail(desc, got, [2]any{v, false})
		}
		md.set(c, m, k, v)
		return desc
	case fmSwap:
		desc := fmt.Sprintf("Swap(%d, %d)", k, v)
		p, loaded := m.Swap(k, vals[v])
		if got := [2]any{id(p), loaded}; got != [2]any{cur, isLive} {
			fail(desc, got, [2]any{cur, isLive})
		}
		md.set(c, m, k, v)
		return desc
	case fmCompareAndSwap, fmCompareAndDelete:
		old := int(vb) % (fuzzValues + 1) // 0: nil, which matches nothing
		nv := 1 + int(vb)/(fuzzValues+1)%fuzzValues
		var got bool
		desc := fmt.Sprintf("CompareAndSwap(%d, %d, %d)", k, old, nv)
		if op == fmCompareAndSwap {
			got = m.CompareAndSwap(k, vals[old], vals[nv])
		} else {
			desc = fmt.Sprintf("CompareAndDelete(%d, %d)", k, old)
			got = m.CompareAndDelete(k, vals[old])
		}
		want := old != 0 && isLive && cur == old
		if got != want {
			fail(desc, got, want)
		}
		switch {
		case want && op == fmCompareAndSwap:
			md.set(c, m, k, nv)
		case want:
			delete(md.live, k)
			md.tick(c, m, k)
		case old != 0 && !isLive && isDead:
			md.tick(c, m, k) // the comparison found a collected entry
		}
		return desc
	case fmLoadAndDelete, fmDelete:
		desc := fmt.Sprintf("LoadAndDelete(%d)", k)
		if op == fmDelete {
			desc = fmt.Sprintf("Delete(%d)", k)
			m.Delete(k)
		} else if p, loaded := m.LoadAndDelete(k); [2]any{id(p), loaded} != [2]any{cur, isLive} {
			fail(desc, [2]any{id(p), loaded}, [2]any{cur, isLive})
		}
		if isLive || isDead {
			md.tick(c, m, k) // a live or collected entry was removed
		}
		delete(md.live, k)
		delete(md.dead, k) // a collected entry is deleted too
		return desc
	case fmKill, fmKill2:
		desc := fmt.Sprintf("Kill(%d)", k)
		found := weakmap.MarkCollected(m, k)
		switch {
		case isLive && !found:
			fail(desc+": entry found", found, true)
		case !isLive && !isDead && found:
			fail(desc+": entry found", found, false)
		case c.evict && isDead && !found:
			fail(desc+": dead entry found", found, true)
		}
		delete(md.live, k)
		if found {
			md.dead[k] = true
		} else {
			delete(md.dead, k) // it was swept
		}
		return desc
	case fmSweep:
		n := m.Sweep()
		md.steps += c.shards // one whole-shard step per shard
		if c.evict && n != len(md.dead) {
			fail("Sweep() removed", n, len(md.dead))
		}
		if raw := m.RawLen(); n != rawBefore-raw || raw != len(md.live) {
			t.Fatalf("Sweep() removed %d: RawLen went from %d to %d; want %d live entries left", n, rawBefore, raw, len(md.live))
		}
		clear(md.dead)
		return "Sweep()"
	case fmSnapshot:
		got := map[int]int{}
		for key, p := range m.Snapshot() {
			got[key] = id(p)
		}
		if !maps.Equal(got, md.live) {
			fail("Snapshot()", got, md.live)
		}
		n := 0
		for key, p := range m.All() {
			if id(p) != md.live[key] {
				fail(fmt.Sprintf("All() at %d", key), id(p), md.live[key])
			}
			n++
		}
		if n != len(md.live) {
			fail("All() count", n, len(md.live))
		}
		return "Snapshot()"
	case fmClear:
		m.Clear()
		clear(md.live)
		clear(md.dead)
		return "Clear()"
	}
	panic(fmt.Sprintf("unknown operation %d", op))
}

// set records a write of value v under k: it replaces any entry, live or
// dead, and counts.
func (md *fuzzMapModel) set(c fuzzConfig, m *weakmap.Map[int, fuzzVal], k, v int) {
	md.live[k] = v
	delete(md.dead, k)
	md.tick(c, m, k)
}

// check compares the map's lengths and Stats with the model after an
// operation, and returns the Stats for the next check.
func (md *fuzzMapModel) check(t *testing.T, c fuzzConfig, m *weakmap.Map[int, fuzzVal], desc string, prev weakmap.Stats) weakmap.Stats {
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
	if c.evict {
		if st.Removed != uint64(md.removed) {
			t.Fatalf("%s: Stats().Removed = %d, but the callback reported %d", desc, st.Removed, md.removed)
		}
		if st.SweepSteps != uint64(md.steps) {
			t.Fatalf("%s: Stats().SweepSteps = %d, want %d (config %+v)", desc, st.SweepSteps, md.steps, c)
		}
		for s := range c.shards {
			want := 0
			if c.threshold > 0 {
				want = md.ticks[s] % c.threshold
			}
			if got := weakmap.PendingTicks(m, s); got != want {
				t.Fatalf("%s: shard %d has %d pending ticks, want %d of %d counted operations", desc, s, got, want, md.ticks[s])
			}
		}
	}
	return st
}

// checkFuzzStats checks what Stats must satisfy whatever the model knows:
// the shard count, RawLen, counters that only grow, and no GC cleanups
// (every value and key is alive).
func checkFuzzStats(t *testing.T, desc string, c fuzzConfig, st, prev weakmap.Stats, raw int) {
	t.Helper()
	switch {
	case st.Shards != c.shards:
		t.Fatalf("%s: Stats().Shards = %d, want %d", desc, st.Shards, c.shards)
	case st.RawLen != raw:
		t.Fatalf("%s: Stats().RawLen = %d, RawLen() = %d", desc, st.RawLen, raw)
	case st.SweepSteps < prev.SweepSteps || st.SlotsExamined < prev.SlotsExamined || st.Removed < prev.Removed:
		t.Fatalf("%s: Stats went backwards: %+v after %+v", desc, st, prev)
	case st.SlotsExamined < st.SweepSteps:
		t.Fatalf("%s: Stats: %d sweep steps examined only %d slots", desc, st.SweepSteps, st.SlotsExamined)
	case st.CleanupRuns != 0 || st.CleanupRemoved != 0:
		t.Fatalf("%s: Stats: %d GC cleanups ran (%d removed) although every value is alive", desc, st.CleanupRuns, st.CleanupRemoved)
	}
}

// fuzzSeeds are the seeds both targets start from, besides those under
// testdata/fuzz: short sequences that reach the interesting states (a dead
// entry read, replaced, compared, deleted and swept; growth and shrinking),
// in several configurations. code maps an operation's name to the target's
// code for it; operations the target lacks are left out.
func fuzzSeeds(code map[string]byte) [][]byte {
	seq := func(header []byte, ops ...[3]any) []byte {
		b := append([]byte{}, header...)
		for _, o := range ops {
			if c, ok := code[o[0].(string)]; ok {
				b = append(b, c, byte(o[1].(int)), byte(o[2].(int)))
			}
		}
		return b
	}
	type o = [3]any
	var seeds [][]byte
	for _, h := range [][]byte{
		{0, 1, 1, 0b01 | 3<<2},  // 1 shard, threshold 1, budget 1, callback, 4 keys
		{1, 2, 3, 0b00 | 7<<2},  // 2 shards, threshold 2, budget 3, no callback, 8 keys
		{2, 3, 0, 0b11 | 15<<2}, // 4 shards, threshold 3, whole shard, callback, cleanups, 16 keys
		{3, 0, 5, 0b01 | 31<<2}, // 8 shards, counter sweeps off, callback, 32 keys
	} {
		seeds = append(seeds,
			seq(h, o{"Store", 0, 1}, o{"Kill", 0, 0}, o{"Load", 0, 0}, o{"LoadOrStore", 0, 2},
				o{"Kill", 0, 0}, o{"Sweep", 0, 0}, o{"Load", 0, 0}),
			seq(h, o{"Store", 1, 1}, o{"CompareAndSwap", 1, 1 + 9*2}, o{"Kill", 1, 0},
				o{"CompareAndSwap", 1, 2}, o{"CompareAndDelete", 1, 2}, o{"LoadAndDelete", 1, 0},
				o{"Swap", 1, 3}, o{"CompareAndDelete", 1, 4}, o{"Kill", 1, 0}, o{"Delete", 1, 0}),
			seq(h, o{"Store", 0, 1}, o{"Store", 1, 2}, o{"Store", 2, 3}, o{"Store", 3, 4},
				o{"Store", 4, 5}, o{"Store", 5, 6}, o{"Store", 6, 7}, o{"Store", 7, 8},
				o{"Kill", 0, 0}, o{"Kill", 2, 0}, o{"Kill", 4, 0}, o{"Kill", 6, 0},
				o{"Load", 1, 0}, o{"Load", 3, 0}, o{"LoadOrCompute", 0, 5}, o{"Snapshot", 0, 0},
				o{"Delete", 2, 0}, o{"Clear", 0, 0}, o{"Store", 5, 1}, o{"Snapshot", 0, 0}),
		)
	}
	return seeds
}

// fuzzMapCodes names FuzzMap's operations for fuzzSeeds.
var fuzzMapCodes = map[string]byte{
	"Load": fmLoad, "Store": fmStore, "LoadOrStore": fmLoadOrStore, "LoadOrCompute": fmLoadOrCompute,
	"Swap": fmSwap, "CompareAndSwap": fmCompareAndSwap, "CompareAndDelete": fmCompareAndDelete,
	"LoadAndDelete": fmLoadAndDelete, "Delete": fmDelete, "Kill": fmKill, "Sweep": fmSweep,
	"Snapshot": fmSnapshot, "Clear": fmClear,
}
