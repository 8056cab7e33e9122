package weakmap_test

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// The real collector, no seam. Values are payloads (48 bytes with a
// pointer: never in a tiny-object block), the dropped ones allocated in
// functions that are not inlined so that no frame of the test refers to
// them. Each test polls runtime.GC up to a deadline and fails, saying how
// far it got, if the collector has not freed every dropped value by then.

const gcDeadline = 10 * time.Second

// gcStoreDropped stores a fresh value under each key in [from, to), named
// after its key, and keeps none of them.
//
//go:noinline
func gcStoreDropped(m *weakmap.Map[int, payload], from, to int) {
	for k := from; k < to; k++ {
		m.Store(k, &payload{name: "dropped " + strconv.Itoa(k)})
	}
}

// gcWaitCollected runs the collector until Load reports every key in
// [from, to) absent, checking on each round that the kept values are
// still there, and fails the test at the deadline.
func gcWaitCollected(t *testing.T, m *weakmap.Map[int, payload], from, to int, kept []*payload) {
	t.Helper()
	deadline := time.Now().Add(gcDeadline)
	for gcs := 0; ; gcs++ {
		runtime.GC()
		collected := 0
		for k := from; k < to; k++ {
			v, ok := m.Load(k)
			switch {
			case !ok && v == nil:
				collected++
			case !ok || v == nil:
				t.Fatalf("Load(%d) = %p, %v: ok must say whether the value is non-nil", k, v, ok)
			case v.name != "dropped "+strconv.Itoa(k):
				t.Fatalf("Load(%d) returned a value named %q: not what was stored under that key", k, v.name)
			}
		}
		for i, want := range kept {
			if v, ok := m.Load(i); v != want || !ok {
				t.Fatalf("after %d GCs, Load(%d) of a kept value = %p, %v; want %p", gcs+1, i, v, ok, want)
			}
		}
		if collected == to-from {
			t.Logf("all %d dropped values collected after %d GCs", to-from, gcs+1)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v and %d GCs only %d of %d dropped values were collected: the map (or something else) keeps them alive",
				gcDeadline, gcs+1, collected, to-from)
		}
		time.Sleep(time.Millisecond)
	}
}

// Without counter sweeps, collected entries stay stored (RawLen) but are
// absent for every method; Sweep removes exactly them.
func TestGCCollectedValuesAreAbsent(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithShards(4), weakmap.WithSweepThreshold(0))
	kept := payloads("kept", 50) // keys 0..49
	for i, v := range kept {
		m.Store(i, v)
	}
	gcStoreDropped(m, 50, 150)
	if m.Len() > 150 || m.RawLen() != 150 {
		t.Fatalf("after the stores: RawLen %d, want 150", m.RawLen())
	}
	gcWaitCollected(t, m, 50, 150, kept)

	if m.RawLen() != 150 || m.Len() != 50 {
		t.Fatalf("collected but not swept: RawLen %d, Len %d; want 150 and 50", m.RawLen(), m.Len())
	}
	for k := range m.Keys() {
		if k >= 50 {
			t.Fatalf("Keys yielded %d, whose value was collected", k)
		}
	}
	// Methods on really collected entries: keys 50..59 get new values.
	revived := payloads("revived", 10)
	for i := range 5 {
		if v, loaded := m.LoadOrStore(50+i, revived[i]); v != revived[i] || loaded {
			t.Fatalf("LoadOrStore on a collected entry = %p, %v; want the new value, false", v, loaded)
		}
		if prev, loaded := m.Swap(55+i, revived[5+i]); prev != nil || loaded {
			t.Fatalf("Swap on a collected entry returned %p, %v; want nil, false", prev, loaded)
		}
	}
	other := &payload{name: "other"}
	if m.CompareAndSwap(60, other, other) || m.CompareAndDelete(61, other) {
		t.Fatal("CompareAndSwap or CompareAndDelete matched a collected entry")
	}
	if v, loaded := m.LoadAndDelete(62); v != nil || loaded {
		t.Fatalf("LoadAndDelete on a collected entry = %p, %v; want nil, false", v, loaded)
	}
	// 100 dropped - 10 revived - 1 deleted remain to sweep.
	if m.RawLen() != 149 || m.Len() != 60 {
		t.Fatalf("RawLen %d, Len %d; want 149 and 60", m.RawLen(), m.Len())
	}
	if n := m.Sweep(); n != 89 {
		t.Fatalf("Sweep removed %d entries, want the 89 collected ones", n)
	}
	if m.RawLen() != 60 || m.Len() != 60 {
		t.Fatalf("after Sweep: RawLen %d, Len %d; want 60 and 60", m.RawLen(), m.Len())
	}
	if st := m.Stats(); st.Removed != 89 || st.RawLen != 60 {
		t.Fatalf("Stats = %+v; want Removed 89, RawLen 60", st)
	}
	for i, v := range kept {
		if got, _ := m.Load(i); got != v {
			t.Fatalf("kept value %d lost", i)
		}
	}
	for i, v := range revived {
		if got, _ := m.Load(50 + i); got != v {
			t.Fatalf("revived value %d lost", i)
		}
	}
	runtime.KeepAlive(kept)
	runtime.KeepAlive(revived)
}

// With counter sweeps on, counted operations alone remove the collected
// entries, within the bound T*ceil(C/B) once they are collected; RawLen
// falls back to Len. Most entries stay alive, so the shard never shrinks.
func TestGCCounterSweepsRemoveCollected(t *testing.T) {
	const T, B = 2, 8
	m := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithSweepThreshold(T), weakmap.WithSweepBudget(B))
	kept := payloads("kept", 90) // keys 0..89
	for i, v := range kept {
		m.Store(i, v)
	}
	gcStoreDropped(m, 90, 120)
	gcWaitCollected(t, m, 90, 120, kept)
	c := weakmap.ShardCapacity(m, 0)
	bound := T * ((c + B - 1) / B)
	for range bound {
		m.Swap(0, kept[0]) // counted (a Store of a present key is not)
	}
	if m.RawLen() != 90 || m.Len() != 90 {
		t.Fatalf("%d counted operations after the values were collected: RawLen %d, Len %d; want 90 and 90",
			bound, m.RawLen(), m.Len())
	}
	if st := m.Stats(); st.Removed != 30 {
		t.Fatalf("Stats.Removed = %d, want the 30 collected entries", st.Removed)
	}
	if n := m.Sweep(); n != 0 {
		t.Fatalf("Sweep found %d collected entries left", n)
	}
	runtime.KeepAlive(kept)
}

// A key stored again and again with fresh values that die: Load returns
// the current value or nothing, never an older value of the key or one of
// another key.
func TestGCReplacedValuesNeverResurface(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithShards(2), weakmap.WithSweepThreshold(3), weakmap.WithSweepBudget(2))
	const keys = 16
	deadline := time.Now().Add(time.Second)
	if testing.Short() {
		deadline = time.Now().Add(200 * time.Millisecond)
	}
	for round := 0; round < 20 || time.Now().Before(deadline); round++ {
		cur := gcStoreRound(m, keys, round)
		if round%4 == 0 {
			runtime.GC()
		}
		for k := range keys {
			v, ok := m.Load(k)
			if ok && v.name != "k"+strconv.Itoa(k)+" r"+strconv.Itoa(round) {
				t.Fatalf("round %d: Load(%d) returned %q", round, k, v.name)
			}
			if k%2 == 0 && v != cur[k/2] {
				t.Fatalf("round %d: Load(%d) = %p, want the kept %p", round, k, v, cur[k/2])
			}
		}
		runtime.KeepAlive(cur)
	}
}

// gcStoreRound stores a fresh value under every key and returns those of
// the even keys, which the caller keeps; the others die.
//
//go:noinline
func gcStoreRound(m *weakmap.Map[int, payload], keys, round int) []*payload {
	var keep []*payload
	for k := range keys {
		v := &payload{name: "k" + strconv.Itoa(k) + " r" + strconv.Itoa(round)}
		m.Store(k, v)
		if k%2 == 0 {
			keep = append(keep, v)
		}
	}
	return keep
}
