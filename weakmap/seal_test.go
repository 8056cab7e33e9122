package weakmap_test

import (
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// A Map's Store of a present key writes the entry it finds without the
// lock. Every path that lets an entry go (deletes, Clear, sweeps, a growth
// or a shrink that drops it) must seal it first, so that a Store that
// found the entry just before cannot write into it, which nothing would
// read any more: the Store was made after the removal, so its value must
// be in the map. Each case finds key 0's entry as such a Store does
// (FindEntry), lets the map remove it, and checks that the Store's write
// fails and that a real Store then stores the value where Load finds it.
func TestUnlinkedEntriesAreSealed(t *testing.T) {
	vals := payloads("v", 600)
	cases := []struct {
		name   string
		opts   []weakmap.Option
		unlink func(m *weakmap.Map[int, payload])
	}{
		{"Delete", nil, func(m *weakmap.Map[int, payload]) { m.Delete(0) }},
		{"LoadAndDelete", nil, func(m *weakmap.Map[int, payload]) { m.LoadAndDelete(0) }},
		{"CompareAndDelete", nil, func(m *weakmap.Map[int, payload]) { m.CompareAndDelete(0, vals[0]) }},
		{"Compute, DeleteOp", nil, func(m *weakmap.Map[int, payload]) {
			m.Compute(0, func(*payload, bool) (*payload, weakmap.ComputeOp) { return nil, weakmap.DeleteOp })
		}},
		{"Clear", nil, func(m *weakmap.Map[int, payload]) { m.Clear() }},
		{"Sweep", nil, func(m *weakmap.Map[int, payload]) {
			weakmap.MarkCollected(m, 0)
			m.Sweep()
		}},
		{"a counter's sweep step", []weakmap.Option{weakmap.WithSweepThreshold(1), weakmap.WithSweepBudget(0)}, func(m *weakmap.Map[int, payload]) {
			weakmap.MarkCollected(m, 0)
			m.Swap(1, vals[1])
		}},
		{"a read's sweep step", []weakmap.Option{weakmap.WithSweepThreshold(1), weakmap.WithSweepBudget(0)}, func(m *weakmap.Map[int, payload]) {
			weakmap.MarkCollected(m, 0)
			m.Load(0)
		}},
		{"a growth", []weakmap.Option{weakmap.WithSweepThreshold(hugeThreshold)}, func(m *weakmap.Map[int, payload]) {
			weakmap.MarkCollected(m, 0)
			c := weakmap.ShardCapacity(m, 0)
			for k := 100; weakmap.ShardCapacity(m, 0) == c; k++ {
				m.Store(k, vals[k])
			}
		}},
		{"a shrink", []weakmap.Option{weakmap.WithSweepThreshold(hugeThreshold)}, func(m *weakmap.Map[int, payload]) {
			for k := 100; k < 600; k++ {
				m.Store(k, vals[k])
			}
			weakmap.MarkCollected(m, 0)
			c := weakmap.ShardCapacity(m, 0)
			for k := 100; k < 600 && weakmap.ShardCapacity(m, 0) >= c; k++ {
				m.Delete(k)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := weakmap.New[int, payload](append([]weakmap.Option{weakmap.WithShards(1)}, c.opts...)...)
			for k := range 8 {
				m.Store(k, vals[k])
			}
			found := weakmap.FindEntry(m, 0)
			c.unlink(m)
			if weakmap.FindEntry(m, 0) == found {
				t.Fatal("the key still holds its entry: the case did not remove it")
			}
			if !found.Sealed() {
				t.Error("the entry the map let go is not sealed")
			}
			w := &payload{name: "stored after"}
			if found.StoreInto(w) {
				t.Error("a Store without the lock wrote into an entry the map had let go")
			}
			m.Store(0, w)
			if v, ok := m.Load(0); !ok || v != w {
				t.Errorf("Load after the Store = %v, %v; want the stored value", v, ok)
			}
			runtime.KeepAlive(w)
		})
	}
	runtime.KeepAlive(vals)
}

// The entries a growth or a sweep keeps are the same entries, still open:
// a Store that found one before writes into it, and Load sees the value.
func TestKeptEntriesStayOpen(t *testing.T) {
	vals := payloads("v", 200)
	m := weakmap.New[int, payload](weakmap.WithShards(1))
	for k := range 8 {
		m.Store(k, vals[k])
	}
	found := weakmap.FindEntry(m, 0)
	weakmap.MarkCollected(m, 1)
	m.Sweep()
	c := weakmap.ShardCapacity(m, 0)
	for k := 100; weakmap.ShardCapacity(m, 0) == c; k++ {
		m.Store(k, vals[k])
	}
	w := &payload{name: "w"}
	if found.Sealed() || !found.StoreInto(w) {
		t.Fatal("a Store could not write into a live entry that a sweep and a growth kept")
	}
	if v, ok := m.Load(0); !ok || v != w {
		t.Fatalf("Load = %v, %v; want the value written into the kept entry", v, ok)
	}
	runtime.KeepAlive(vals)
	runtime.KeepAlive(w)
}

// A Store of a present key never waits for a lock, and a write under the
// lock that it overtakes still behaves as one operation. Compute's
// function runs under the shard lock (one shard here); it has another
// goroutine Store the same key, which must return while the lock is held.
// Compute then applies its answer by compare-and-swap from what it was
// shown, which fails: the Store's value stays, as if Compute had come
// just before the Store, and Compute returns what its function decided.
func TestStoreOvertakesALockedWrite(t *testing.T) {
	a, b, c := &payload{name: "a"}, &payload{name: "b"}, &payload{name: "c"}
	cases := []struct {
		op             weakmap.ComputeOp
		wantV          *payload
		wantOK         bool
		otherKeyStored bool
	}{
		{weakmap.UpdateOp, c, true, false},
		{weakmap.DeleteOp, nil, false, false},
		{weakmap.CancelOp, a, true, false},
		{weakmap.UpdateOp, c, true, true}, // the Store is of another key of the shard
	}
	for _, tc := range cases {
		m := weakmap.New[string, payload](weakmap.WithShards(1))
		m.Store("k", a)
		m.Store("other", a)
		storeKey := "k"
		if tc.otherKeyStored {
			storeKey = "other"
		}
		var inTime bool
		v, ok := m.Compute("k", func(old *payload, loaded bool) (*payload, weakmap.ComputeOp) {
			inTime = waitForRead(func() { m.Store(storeKey, b) })
			return c, tc.op
		})
		if !inTime {
			t.Fatalf("op %d: a Store of a present key waited for the shard lock", tc.op)
		}
		if v != tc.wantV || ok != tc.wantOK {
			t.Errorf("op %d, Store of %q: Compute returned %v, %v; want %v, %v", tc.op, storeKey, v, ok, tc.wantV, tc.wantOK)
		}
		want := b // the Store came after Compute's copy, so after Compute
		if tc.otherKeyStored {
			want = tc.wantV
		}
		if got, _ := m.Load("k"); got != want {
			t.Errorf("op %d, Store of %q: Load(k) = %v after both, want %v", tc.op, storeKey, got, want)
		}
		if got, _ := m.Load(storeKey); got != b {
			t.Errorf("op %d: the Store's value was lost: Load(%q) = %v", tc.op, storeKey, got)
		}
	}
	runtime.KeepAlive([]*payload{a, b, c})
}
