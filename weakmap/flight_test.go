package weakmap_test

import (
	"errors"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// The tests in this file hold LoadOrCompute and LoadOrTryCompute to running
// create without any lock, once for all the concurrent calls for a key.

// waitUntil polls cond until it holds, and reports false if it does not
// within 10 s.
func waitUntil(cond func() bool) bool {
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Microsecond)
	}
	return true
}

// outcome is what one LoadOrCompute-style call returned.
type outcome[R any] struct {
	v        R
	loaded   bool
	err      error
	panicked any
}

// callAll runs n calls at once, each on its own goroutine, and returns
// what each returned, recovering a panic as an outcome. It fails the test
// if they have not all returned within 10 s.
func callAll[R any](t *testing.T, n int, call func(i int) (R, bool, error)) []outcome[R] {
	t.Helper()
	out := make([]outcome[R], n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { out[i].panicked = recover() }()
			out[i].v, out[i].loaded, out[i].err = call(i)
		}()
	}
	finishes(t, strconv.Itoa(n)+" concurrent calls", 10*time.Second, wg.Wait)
	return out
}

// Concurrent LoadOrCompute calls for one key run create once: the first
// runs it and 15 wait for it (create does not return before the test has
// seen all 15 wait), and all get its value.
func TestLoadOrComputeCreatesOnce(t *testing.T) {
	const callers = 16
	m := weakmap.New[string, payload]()
	km := weakmap.NewKeyMap[payload, *payload]()
	key := &payload{name: "key"}
	var calls, kcalls atomic.Int32
	made := &payload{name: "made"}
	got := callAll(t, callers, func(int) (*payload, bool, error) {
		v, loaded := m.LoadOrCompute("k", func() *payload {
			calls.Add(1)
			if !waitUntil(func() bool { _, n := weakmap.FlightWaiters(m, "k"); return n == callers-1 }) {
				t.Errorf("Map: the other %d callers did not all wait for create within 10 s", callers-1)
			}
			return made
		})
		return v, loaded, nil
	})
	kgot := callAll(t, callers, func(int) (*payload, bool, error) {
		v, loaded := km.LoadOrCompute(key, func() *payload {
			kcalls.Add(1)
			if !waitUntil(func() bool { _, n := weakmap.KeyFlightWaiters(km, key); return n == callers-1 }) {
				t.Errorf("KeyMap: the other %d callers did not all wait for create within 10 s", callers-1)
			}
			return made
		})
		return v, loaded, nil
	})
	for kind, res := range map[string][]outcome[*payload]{"Map": got, "KeyMap": kgot} {
		loaded := 0
		for i, o := range res {
			if o.v != made || o.panicked != nil {
				t.Errorf("%s: caller %d got %p (panic %v), want the created %p", kind, i, o.v, o.panicked, made)
			}
			if o.loaded {
				loaded++
			}
		}
		if loaded != callers-1 {
			t.Errorf("%s: %d of %d callers report loaded, want %d", kind, loaded, callers, callers-1)
		}
	}
	if calls.Load() != 1 || kcalls.Load() != 1 {
		t.Fatalf("create called %d times (Map) and %d times (KeyMap) by %d concurrent callers, want once each", calls.Load(), kcalls.Load(), callers)
	}
	if inFlight, _ := weakmap.FlightWaiters(m, "k"); inFlight {
		t.Fatal("the flight outlived its create")
	}
	runtime.KeepAlive(made)
}

// blockedCreate starts call on another goroutine, whose create it passes
// blocks until the returned release is called; it returns once create is
// running. release waits for call to return.
func blockedCreate(call func(create func())) (release func()) {
	running, unblock, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		call(func() {
			close(running)
			<-unblock
		})
	}()
	<-running
	return func() {
		close(unblock)
		<-done
	}
}

// A create that takes long delays no write of another key in its shard
// (WithShards(1): every key shares it), and no LoadOrCompute of another key.
func TestSlowCreateDelaysNoOtherKey(t *testing.T) {
	v := &payload{name: "v"}
	m := weakmap.New[string, payload](weakmap.WithShards(1))
	release := blockedCreate(func(create func()) {
		m.LoadOrCompute("slow", func() *payload { create(); return v })
	})
	finishes(t, "Map writes of other keys while a create runs", 5*time.Second, func() {
		m.Store("other", v)
		m.LoadOrCompute("computed", func() *payload { return v })
		m.Compute("other", func(*payload, bool) (*payload, weakmap.ComputeOp) { return nil, weakmap.DeleteOp })
		m.Swap("computed", v)
		m.Delete("computed")
	})
	release()
	wantLoad(t, m, "slow", v)

	sm := weakmap.NewStrong[string, payload](weakmap.WithShards(1))
	release = blockedCreate(func(create func()) {
		sm.LoadOrCompute("slow", func() *payload { create(); return v })
	})
	finishes(t, "StrongMap writes of other keys while a create runs", 5*time.Second, func() {
		sm.Store("other", v)
		sm.LoadOrCompute("computed", func() *payload { return v })
	})
	release()

	km := weakmap.NewKeyMap[payload, int](weakmap.WithShards(1))
	slow, other := &payload{name: "slow"}, &payload{name: "other"}
	release = blockedCreate(func(create func()) {
		km.LoadOrCompute(slow, func() int { create(); return 1 })
	})
	finishes(t, "KeyMap writes of other keys while a create runs", 5*time.Second, func() {
		km.Store(other, 2)
		km.LoadOrCompute(&payload{}, func() int { return 3 })
		km.Delete(other)
	})
	release()
	if n, ok := km.Load(slow); n != 1 || !ok {
		t.Fatalf("KeyMap.Load(slow) = %d, %t after its create; want 1, true", n, ok)
	}
}

// create may call the map: read its own key, and write and compute others
// in the same shard.
func TestCreateMayCallTheMap(t *testing.T) {
	v, w := &payload{name: "v"}, &payload{name: "w"}
	m := weakmap.New[string, payload](weakmap.WithShards(1))
	finishes(t, "Map.LoadOrCompute whose create calls the map", 5*time.Second, func() {
		got, loaded := m.LoadOrCompute("k", func() *payload {
			if _, ok := m.Load("k"); ok {
				t.Error("create's own key is loaded while create runs")
			}
			m.Store("a", w)
			m.LoadOrCompute("b", func() *payload { return w })
			m.Compute("a", func(*payload, bool) (*payload, weakmap.ComputeOp) { return v, weakmap.UpdateOp })
			m.LoadAndDelete("b")
			return v
		})
		if got != v || loaded {
			t.Errorf("LoadOrCompute = %p, %t; want %p, false", got, loaded, v)
		}
	})
	wantLoad(t, m, "a", v)
	wantLoad(t, m, "b", nil)

	km := weakmap.NewKeyMap[payload, int](weakmap.WithShards(1))
	k, other := &payload{name: "k"}, &payload{name: "other"}
	finishes(t, "KeyMap.LoadOrCompute whose create calls the map", 5*time.Second, func() {
		km.LoadOrCompute(k, func() int {
			km.Store(other, 1)
			km.LoadOrTryCompute(&payload{}, func() (int, error) { return 2, nil })
			km.Compute(other, func(old int, _ bool) (int, weakmap.ComputeOp) { return old + 1, weakmap.UpdateOp })
			return 3
		})
	})
	if n, _ := km.Load(other); n != 2 {
		t.Fatalf("KeyMap.Load(other) = %d, want 2", n)
	}
	runtime.KeepAlive(k)
}

// A value stored while create runs, by a write that does not wait for
// flights, wins: LoadOrCompute returns it as loaded and drops create's.
func TestValueStoredDuringCreateWins(t *testing.T) {
	v, mine := &payload{name: "stored meanwhile"}, &payload{name: "created"}
	m := weakmap.New[string, payload]()
	got, loaded := m.LoadOrCompute("k", func() *payload { m.Store("k", v); return mine })
	if got != v || !loaded {
		t.Fatalf("LoadOrCompute = %p, %t; want the value stored meanwhile %p, true", got, loaded, v)
	}
	wantLoad(t, m, "k", v)

	// And the calls that waited for that create get it too.
	m.Delete("k")
	res := callAll(t, 2, func(i int) (*payload, bool, error) {
		if i == 1 {
			waitUntil(func() bool { inFlight, _ := weakmap.FlightWaiters(m, "k"); return inFlight })
		}
		got, loaded := m.LoadOrCompute("k", func() *payload {
			if !waitUntil(func() bool { _, n := weakmap.FlightWaiters(m, "k"); return n == 1 }) {
				t.Error("the second caller did not wait for create within 10 s")
			}
			m.Store("k", v)
			return mine
		})
		return got, loaded, nil
	})
	for i, o := range res {
		if o.v != v || !o.loaded || o.panicked != nil {
			t.Errorf("caller %d got %p, %t (panic %v); want the value stored meanwhile %p, true", i, o.v, o.loaded, o.panicked, v)
		}
	}

	km := weakmap.NewKeyMap[payload, int]()
	k := &payload{name: "k"}
	n, loaded, err := km.LoadOrTryCompute(k, func() (int, error) { km.Store(k, 1); return 2, nil })
	if n != 1 || !loaded || err != nil {
		t.Fatalf("KeyMap.LoadOrTryCompute = %d, %t, %v; want 1, true, nil", n, loaded, err)
	}
	runtime.KeepAlive(mine)
}

// If create panics, the panic reaches its own caller only; the calls that
// waited for it start over, one of them runs its own create, and the
// others get that one's value.
func TestCreatePanicWaitersStartOver(t *testing.T) {
	const waiters = 3
	m := weakmap.New[string, payload]()
	v := &payload{name: "v"}
	var owner atomic.Int32 // which call runs the first create: it panics
	owner.Store(-1)
	var calls atomic.Int32
	res := callAll(t, waiters+1, func(i int) (*payload, bool, error) {
		got, loaded := m.LoadOrCompute("k", func() *payload {
			if calls.Add(1) == 1 {
				owner.Store(int32(i))
				if !waitUntil(func() bool { _, n := weakmap.FlightWaiters(m, "k"); return n == waiters }) {
					t.Errorf("the other %d callers did not all wait for create within 10 s", waiters)
				}
				panic("create failed")
			}
			return v
		})
		return got, loaded, nil
	})
	stored := 0
	for i, o := range res {
		if i == int(owner.Load()) {
			if o.panicked != "create failed" {
				t.Errorf("the caller whose create panicked got %p, %t, panic %v; want create's panic", o.v, o.loaded, o.panicked)
			}
			continue
		}
		if o.panicked != nil || o.v != v {
			t.Errorf("waiter %d got %p, panic %v; want %p", i, o.v, o.panicked, v)
		}
		if !o.loaded {
			stored++
		}
	}
	if n := calls.Load(); n != 2 || stored != 1 {
		t.Fatalf("create called %d times and %d waiters stored; want 2 calls (the panicking one, then one waiter's) and 1 store", n, stored)
	}
	wantLoad(t, m, "k", v)
}

var errCreate = errors.New("cannot create")

// A failing create's error goes to its caller and to the LoadOrTryCompute
// calls that waited for it; a LoadOrCompute that waited starts over with
// its own create. Nothing remembers the error.
func TestCreateErrorReachesWaiters(t *testing.T) {
	const waiters = 4 // calls 1 and 2 are LoadOrTryCompute, 3 and 4 LoadOrCompute
	km := weakmap.NewKeyMap[payload, string]()
	k := &payload{name: "k"}
	var calls atomic.Int32
	res := callAll(t, waiters+1, func(i int) (string, bool, error) {
		switch {
		case i == 0:
			return km.LoadOrTryCompute(k, func() (string, error) {
				calls.Add(1)
				if !waitUntil(func() bool { _, n := weakmap.KeyFlightWaiters(km, k); return n == waiters }) {
					t.Errorf("the other %d callers did not all wait for create within 10 s", waiters)
				}
				return "", errCreate
			})
		case i <= 2:
			waitUntil(func() bool { inFlight, _ := weakmap.KeyFlightWaiters(km, k); return inFlight })
			return km.LoadOrTryCompute(k, func() (string, error) {
				calls.Add(1)
				t.Errorf("LoadOrTryCompute %d ran its create while another was in flight", i)
				return "try", nil
			})
		default:
			waitUntil(func() bool { inFlight, _ := weakmap.KeyFlightWaiters(km, k); return inFlight })
			v, loaded := km.LoadOrCompute(k, func() string { calls.Add(1); return "computed" })
			return v, loaded, nil
		}
	})
	for i, o := range res[:3] {
		if o.err != errCreate || o.v != "" || o.loaded || o.panicked != nil {
			t.Errorf("LoadOrTryCompute %d = %q, %t, %v (panic %v); want \"\", false, %v", i, o.v, o.loaded, o.err, o.panicked, errCreate)
		}
	}
	stored := 0
	for i, o := range res[3:] {
		if o.v != "computed" || o.err != nil || o.panicked != nil {
			t.Errorf("LoadOrCompute %d = %q, %t, %v (panic %v); want \"computed\"", i+3, o.v, o.loaded, o.err, o.panicked)
		}
		if !o.loaded {
			stored++
		}
	}
	if n := calls.Load(); n != 2 || stored != 1 {
		t.Fatalf("create called %d times, %d LoadOrCompute calls stored; want 2 calls (the failing one, one LoadOrCompute's) and 1 store", n, stored)
	}

	// Nothing is remembered: a new call runs create again.
	km.Delete(k)
	m := weakmap.New[string, payload]()
	for _, try := range []func() error{
		func() error {
			_, _, err := km.LoadOrTryCompute(k, func() (string, error) { calls.Add(1); return "", errCreate })
			return err
		},
		func() error {
			_, _, err := m.LoadOrTryCompute("k", func() (*payload, error) { calls.Add(1); return nil, errCreate })
			return err
		},
	} {
		before := calls.Load()
		for range 2 {
			if err := try(); err != errCreate {
				t.Fatalf("LoadOrTryCompute returned %v, want %v", err, errCreate)
			}
		}
		if calls.Load()-before != 2 {
			t.Fatalf("two failing LoadOrTryCompute calls in a row ran create %d times, want 2", calls.Load()-before)
		}
	}
	if km.RawLen() != 0 || m.RawLen() != 0 {
		t.Fatalf("failing creates stored something: RawLen %d and %d", km.RawLen(), m.RawLen())
	}
}
