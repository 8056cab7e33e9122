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

// noCleanupsAtDeath fails the test if any cleanup is still registered on
// the objects of *objs when they die (see cleanupsAtDeath).
func noCleanupsAtDeath(t *testing.T, what string, objs *[]*payload) {
	t.Helper()
	if got := cleanupsAtDeath(t, objs); got > 0 {
		t.Errorf("%s: %d cleanups were still registered when they died, want 0", what, got)
	}
}

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
	noCleanupsAtDeath(t, "Map creates that lost to a Store, on their values", &created)
	noCleanupsAtDeath(t, "KeyMap creates that lost to a Store, on their keys", &keys)
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
	noCleanupsAtDeath(t, "1000 failing creates, on their key", &ks)
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
	noCleanupsAtDeath(t, "values stored by Compute, each replaced or deleted", &vals)
	noCleanupsAtDeath(t, "a key updated 200 times and deleted by Compute", &ks)
	runtime.KeepAlive(m)
	runtime.KeepAlive(km)
}
