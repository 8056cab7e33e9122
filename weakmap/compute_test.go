package weakmap_test

import (
	"runtime"
	"sync"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Compute on each state of a Map key: absent, live, collected.
func TestComputeOps(t *testing.T) {
	type call struct {
		key        string
		ret        *payload
		op         weakmap.ComputeOp
		wantOld    *payload
		wantLoaded bool
		wantV      *payload
		wantOK     bool
		after      *payload // what key loads afterwards
		rawLen     int      // RawLen afterwards (the fixture holds "live" and the collected "dead")
	}
	fresh := &payload{name: "fresh"}
	for _, c := range []struct {
		name string
		call
	}{
		{"absent update", call{key: "absent", ret: fresh, op: weakmap.UpdateOp, wantV: fresh, wantOK: true, after: fresh, rawLen: 3}},
		{"absent cancel", call{key: "absent", ret: fresh, op: weakmap.CancelOp, rawLen: 2}},
		{"absent delete", call{key: "absent", op: weakmap.DeleteOp, rawLen: 2}},
		{"live update", call{key: "live", ret: fresh, op: weakmap.UpdateOp, wantOld: nil, wantLoaded: true, wantV: fresh, wantOK: true, after: fresh, rawLen: 2}},
		{"live cancel", call{key: "live", ret: fresh, op: weakmap.CancelOp, wantLoaded: true, wantOK: true, rawLen: 2}},
		{"live delete", call{key: "live", op: weakmap.DeleteOp, wantLoaded: true, rawLen: 1}},
		{"collected update", call{key: "dead", ret: fresh, op: weakmap.UpdateOp, wantV: fresh, wantOK: true, after: fresh, rawLen: 2}},
		{"collected cancel", call{key: "dead", ret: fresh, op: weakmap.CancelOp, rawLen: 2}},
		{"collected delete", call{key: "dead", op: weakmap.DeleteOp, rawLen: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, live, old := newFixture(t)
			if c.key == "live" {
				c.wantOld = live
				if c.op == weakmap.CancelOp {
					c.wantV, c.after = live, live
				}
			}
			calls := 0
			v, ok := m.Compute(c.key, func(o *payload, loaded bool) (*payload, weakmap.ComputeOp) {
				calls++
				if o != c.wantOld || loaded != c.wantLoaded {
					t.Errorf("f got %p, %t; want %p, %t", o, loaded, c.wantOld, c.wantLoaded)
				}
				return c.ret, c.op
			})
			if v != c.wantV || ok != c.wantOK || calls != 1 {
				t.Fatalf("Compute = %p, %t after %d calls of f; want %p, %t after 1", v, ok, calls, c.wantV, c.wantOK)
			}
			wantLoad(t, m, c.key, c.after)
			if n := m.RawLen(); n != c.rawLen {
				t.Fatalf("RawLen = %d, want %d", n, c.rawLen)
			}
			runtime.KeepAlive(old)
		})
	}
}

// Compute is atomic: concurrent increments through it lose none.
func TestComputeIsAtomic(t *testing.T) {
	const workers, each = 8, 500
	sm := weakmap.NewStrong[int, int](weakmap.WithShards(1))
	km := weakmap.NewKeyMap[payload, int](weakmap.WithShards(1))
	k := &payload{name: "k"}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				sm.Compute(1, func(old *int, loaded bool) (*int, weakmap.ComputeOp) {
					n := 1
					if loaded {
						n = *old + 1
					}
					return &n, weakmap.UpdateOp
				})
				km.Compute(k, func(old int, _ bool) (int, weakmap.ComputeOp) { return old + 1, weakmap.UpdateOp })
			}
		}()
	}
	wg.Wait()
	if n, _ := sm.Load(1); *n != workers*each {
		t.Errorf("StrongMap: %d increments through Compute counted %d", workers*each, *n)
	}
	if n, _ := km.Load(k); n != workers*each {
		t.Errorf("KeyMap: %d increments through Compute counted %d", workers*each, n)
	}
}

// KeyMap.Compute on each state of a key: absent, live, collected.
func TestKeyMapComputeOps(t *testing.T) {
	km := weakmap.NewKeyMap[payload, string](weakmap.WithSweepThreshold(0))
	k := &payload{name: "k"}
	add := func(old string, loaded bool) (string, weakmap.ComputeOp) {
		if old == "x" {
			return "", weakmap.DeleteOp
		}
		if loaded {
			return "", weakmap.CancelOp
		}
		return "x", weakmap.UpdateOp
	}
	if v, ok := km.Compute(k, add); v != "x" || !ok {
		t.Fatalf("Compute on an absent key = %q, %t; want \"x\", true", v, ok)
	}
	if v, ok := km.Compute(k, add); v != "" || ok || km.RawLen() != 0 {
		t.Fatalf("Compute deleting = %q, %t, RawLen %d; want \"\", false, 0", v, ok, km.RawLen())
	}
	km.Store(k, "y")
	if v, ok := km.Compute(k, add); v != "y" || !ok {
		t.Fatalf("Compute cancelling = %q, %t; want \"y\", true", v, ok)
	}
	weakmap.MarkKeyCollected(km, k)
	if v, ok := km.Compute(k, add); v != "x" || !ok || km.RawLen() != 1 {
		t.Fatalf("Compute on a collected key = %q, %t, RawLen %d; want \"x\", true, 1", v, ok, km.RawLen())
	}
	if v, ok := km.Load(k); v != "x" || !ok {
		t.Fatalf("Load after Compute stored over a collected entry = %q, %t; want \"x\", true", v, ok)
	}
}
