package weakmap_test

import (
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// The paths of LoadOrCompute, LoadOrTryCompute and Compute that register a
// GC cleanup and do not store it stop it: counted as in
// cleanup_paths_test.go, through the cleanups the runtime queues when the
// objects die.

//go:noinline
func createLosesToStore(t *testing.T, m *weakmap.Map[int, payload], km *weakmap.KeyMap[payload, int], created []*payload, keys []*payload, stored *payload) {
	for i, c := range created {
		got, loaded := m.LoadOrCompute(i, func() *payload { m.Store(i, stored); return c })
		if got != stored || !loaded {
			t.Fatalf("LoadOrCompute whose key was stored while create ran = %p, %t; want %p, true", got, loaded, stored)
		}
	}
	for _, k := range keys {
		km.LoadOrCompute(k, func() int { km.Store(k, 1); return 2 })
		km.Delete(k) // stops the registration of Store's entry
	}
}

// A created value that loses to a value stored while create ran is
// registered (its entry is made before the lock) and must be stopped.
func TestCreateLosingToStoreLeavesNoCleanup(t *testing.T) {
	const n = 200
	m := weakmap.New[int, payload](weakmap.WithGCCleanup())
	km := weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup())
	created, keys, stored := evictPayloads(n), evictPayloads(n), &payload{name: "stored"}
	createLosesToStore(t, m, km, created, keys, stored)
	if got := cleanupsAtDeath(t, &created); got > 0 {
		t.Errorf("%d Map creates that lost to a Store left %d cleanups on their values, want 0", n, got)
	}
	if got := cleanupsAtDeath(t, &keys); got > 0 {
		t.Errorf("%d KeyMap creates that lost to a Store left %d cleanups on their keys, want 0", n, got)
	}
	runtime.KeepAlive(stored)
	runtime.KeepAlive(m)
	runtime.KeepAlive(km)
}

//go:noinline
func failingCreates(t *testing.T, km *weakmap.KeyMap[payload, int], k *payload, n int) {
	for i := range n {
		func() {
			defer func() { recover() }()
			if i%2 == 0 {
				km.LoadOrTryCompute(k, func() (int, error) { return 0, errCreate })
			} else {
				km.LoadOrCompute(k, func() int { panic("create failed") })
			}
		}()
	}
	if _, ok := km.Load(k); ok || km.RawLen() != 0 {
		t.Fatalf("failing creates stored the key: RawLen %d", km.RawLen())
	}
}

// Failing and panicking creates store nothing and leave no cleanup on the
// key.
func TestFailingCreateLeavesNoCleanup(t *testing.T) {
	km := weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup())
	ks := []*payload{{name: "k"}}
	failingCreates(t, km, ks[0], 1000)
	if got := cleanupsAtDeath(t, &ks); got > 0 {
		t.Fatalf("1000 failing creates left %d cleanups on the key, want 0", got)
	}
	runtime.KeepAlive(km)
}

//go:noinline
func computeOver(m *weakmap.Map[int, payload], km *weakmap.KeyMap[payload, int], vals []*payload, k *payload) {
	for _, v := range vals {
		m.Compute(1, func(*payload, bool) (*payload, weakmap.ComputeOp) { return v, weakmap.UpdateOp })
		km.Compute(k, func(old int, _ bool) (int, weakmap.ComputeOp) { return old + 1, weakmap.UpdateOp })
	}
	m.Compute(1, func(*payload, bool) (*payload, weakmap.ComputeOp) { return nil, weakmap.DeleteOp })
	km.Compute(k, func(int, bool) (int, weakmap.ComputeOp) { return 0, weakmap.DeleteOp })
}

// Compute stops the registration of each value it replaces, and of the
// entry it deletes.
func TestComputeLeavesNoCleanup(t *testing.T) {
	const n = 200
	m := weakmap.New[int, payload](weakmap.WithGCCleanup())
	km := weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup())
	vals, ks := evictPayloads(n), []*payload{{name: "k"}}
	computeOver(m, km, vals, ks[0])
	if got := cleanupsAtDeath(t, &vals); got > 0 {
		t.Errorf("%d values stored by Compute, each replaced or deleted, kept %d cleanups, want 0", n, got)
	}
	if got := cleanupsAtDeath(t, &ks); got > 0 {
		t.Errorf("a key updated %d times and deleted by Compute kept %d cleanups, want 0", n, got)
	}
	runtime.KeepAlive(m)
	runtime.KeepAlive(km)
}
