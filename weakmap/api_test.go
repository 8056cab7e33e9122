package weakmap_test

import (
	"runtime"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// keyMapFixture returns a KeyMap of n keys, keys[i] holding i, with every
// i%4 == 3 marked collected, and counter sweeps off so that nothing but the
// test changes it.
func keyMapFixture(n int) (*weakmap.KeyMap[payload, int], []*payload) {
	m := weakmap.NewKeyMap[payload, int](weakmap.WithShards(4), weakmap.WithSweepThreshold(0))
	keys := payloads("k", n)
	for i, k := range keys {
		m.Store(k, i)
	}
	for i := 3; i < n; i += 4 {
		weakmap.MarkKeyCollected(m, keys[i])
	}
	return m, keys
}

// KeyMap's Keys, Values and Snapshot agree with All: each live key once,
// with its value; collected keys never; nothing removed; a loop stops at
// break.
func TestKeyMapKeysValuesSnapshot(t *testing.T) {
	const n = 100
	m, keys := keyMapFixture(n)
	index := make(map[*payload]int, n)
	for i, k := range keys {
		index[k] = i
	}
	var want []int
	for i := range n {
		if i%4 != 3 {
			want = append(want, i)
		}
	}

	var fromKeys []int
	for k := range m.Keys() {
		i, ok := index[k]
		if !ok {
			t.Fatalf("Keys yielded %p, not a key of the map", k)
		}
		fromKeys = append(fromKeys, i)
	}
	sort.Ints(fromKeys)
	if !slices.Equal(fromKeys, want) {
		t.Fatalf("Keys yielded %v, want %v", fromKeys, want)
	}

	var fromValues []int
	for v := range m.Values() {
		fromValues = append(fromValues, v)
	}
	sort.Ints(fromValues)
	if !slices.Equal(fromValues, want) {
		t.Fatalf("Values yielded %v, want %v", fromValues, want)
	}

	snap := m.Snapshot()
	if len(snap) != len(want) {
		t.Fatalf("Snapshot has %d entries, want %d", len(snap), len(want))
	}
	for k, v := range snap {
		if i, ok := index[k]; !ok || i != v || i%4 == 3 {
			t.Fatalf("Snapshot holds %p (key %d, found %v) -> %d", k, i, ok, v)
		}
	}
	// A copy: changing the map does not change it.
	m.Delete(keys[0])
	m.Store(keys[1], 1000)
	if len(snap) != len(want) || snap[keys[0]] != 0 || snap[keys[1]] != 1 {
		t.Fatal("Snapshot changed with the map")
	}
	if m.RawLen() != n-1 {
		t.Fatalf("RawLen = %d after one Delete, want %d: iteration removed entries", m.RawLen(), n-1)
	}

	for name, loop := range map[string]func(stopAt int) int{
		"Keys": func(stopAt int) (ran int) {
			for range m.Keys() {
				if ran++; ran == stopAt {
					break
				}
			}
			return ran
		},
		"Values": func(stopAt int) (ran int) {
			for range m.Values() {
				if ran++; ran == stopAt {
					break
				}
			}
			return ran
		},
	} {
		for _, stopAt := range []int{1, 7} {
			if ran := loop(stopAt); ran != stopAt {
				t.Fatalf("%s: the body ran %d times, want %d: break did not stop the loop", name, ran, stopAt)
			}
		}
	}
	runtime.KeepAlive(keys)
}

// snapshotOfDropped stores n fresh keys and returns only a Snapshot of
// the map: the snapshot's keys are then the only references to them.
//
//go:noinline
func snapshotOfDropped(m *weakmap.KeyMap[payload, int], n int) map[*payload]int {
	for i := range n {
		m.Store(&payload{name: strconv.Itoa(i)}, i)
	}
	return m.Snapshot()
}

// The keys of a KeyMap's Snapshot are strong: while the snapshot is
// reachable its keys, and so their entries, stay alive; once it is not,
// they die.
func TestKeyMapSnapshotKeepsKeysAlive(t *testing.T) {
	const n = 20
	m := weakmap.NewKeyMap[payload, int](weakmap.WithSweepThreshold(0))
	snap := snapshotOfDropped(m, n)
	if len(snap) != n {
		t.Fatalf("Snapshot has %d entries, want %d", len(snap), n)
	}
	for range 5 {
		runtime.GC()
		if got := m.Len(); got != n {
			t.Fatalf("with the snapshot reachable, Len = %d after a GC, want %d", got, n)
		}
	}
	runtime.KeepAlive(snap)
	snap = nil
	gcUntil(t, "the keys were not collected after the snapshot was dropped", func() bool { return m.Len() == 0 })
}

// StrongMap.Range passes every entry once, stops when f returns false,
// and lets f call the map.
func TestStrongMapRange(t *testing.T) {
	m := weakmap.NewStrong[int, payload](weakmap.WithShards(4))
	vals := payloads("v", 50)
	for i, v := range vals {
		m.Store(i, v)
	}
	seen := make(map[int]int)
	m.Range(func(k int, v *payload) bool {
		if v != vals[k] {
			t.Fatalf("Range passed %d, %p; want %p", k, v, vals[k])
		}
		seen[k]++
		return true
	})
	if len(seen) != 50 {
		t.Fatalf("Range passed %d keys, want 50", len(seen))
	}
	for k, c := range seen {
		if c != 1 {
			t.Fatalf("Range passed key %d %d times", k, c)
		}
	}
	calls := 0
	m.Range(func(int, *payload) bool {
		calls++
		return calls < 3
	})
	if calls != 3 {
		t.Fatalf("Range called f %d times after it returned false on the 3rd, want 3", calls)
	}
	finishes(t, "a Range whose f deletes", 10*time.Second, func() {
		m.Range(func(k int, _ *payload) bool {
			m.Delete(k)
			return true
		})
	})
	if m.Len() != 0 {
		t.Fatalf("Len = %d after a Range that deleted every key it was passed, want 0", m.Len())
	}
}

// Set.Add reports whether x was added: true for a new member, false for a
// member already there; true again after Delete, and after the member's
// entry was collected (a new object at its address, as far as the set
// can tell).
func TestSetAddReportsAdded(t *testing.T) {
	s := weakmap.NewSet[payload](weakmap.WithShards(2), weakmap.WithSweepThreshold(0))
	a, b := &payload{name: "a"}, &payload{name: "b"}
	steps := []struct {
		what string
		do   func() bool
		want bool
	}{
		{"Add(a), new", func() bool { return s.Add(a) }, true},
		{"Add(a) again", func() bool { return s.Add(a) }, false},
		{"Add(b), new", func() bool { return s.Add(b) }, true},
		{"Add(b) again", func() bool { return s.Add(b) }, false},
		{"Add(a) after Delete(a)", func() bool { s.Delete(a); return s.Add(a) }, true},
		{"Add(b) after b's entry was collected", func() bool { weakmap.MarkMemberCollected(s, b); return s.Add(b) }, true},
		{"Add(b) once more", func() bool { return s.Add(b) }, false},
	}
	for _, st := range steps {
		if got := st.do(); got != st.want {
			t.Fatalf("%s = %v, want %v", st.what, got, st.want)
		}
	}
	if !s.Contains(a) || !s.Contains(b) || s.Len() != 2 {
		t.Fatalf("after the steps: Contains(a) %v, Contains(b) %v, Len %d; want true, true, 2", s.Contains(a), s.Contains(b), s.Len())
	}
}

// Set.Stats reports the set's shards, stored members and sweep work.
func TestSetStats(t *testing.T) {
	s := weakmap.NewSet[payload](weakmap.WithShards(4), weakmap.WithSweepThreshold(0))
	members := payloads("m", 10)
	for _, x := range members {
		s.Add(x)
	}
	weakmap.MarkMemberCollected(s, members[0])
	weakmap.MarkMemberCollected(s, members[1])
	st := s.Stats()
	if st.Shards != 4 || st.RawLen != 10 || st.SweepSteps != 0 || st.Removed != 0 {
		t.Fatalf("Stats before Sweep = %+v; want 4 shards, RawLen 10, no sweep", st)
	}
	if removed := s.Sweep(); removed != 2 {
		t.Fatalf("Sweep removed %d, want 2", removed)
	}
	st = s.Stats()
	if st.Shards != 4 || st.RawLen != 8 || st.SweepSteps != 4 || st.Removed != 2 || st.SlotsExamined == 0 {
		t.Fatalf("Stats after Sweep = %+v; want 4 shards, RawLen 8, 4 steps (one per shard), 2 removed", st)
	}
	runtime.KeepAlive(members)
}
