package weakmap_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Misuse panics at once, with a message that begins "weakmap: " and says
// what was wrong, and leaves the maps it was tried on as they were.

type badInputMaps struct {
	m    *weakmap.Map[string, payload]
	sm   *weakmap.StrongMap[string, payload]
	vals []*payload // vals[i] is stored under "ki" in both maps
}

const badInputKeys = 20

func newBadInputMaps() *badInputMaps {
	f := &badInputMaps{
		m:    weakmap.New[string, payload](weakmap.WithShards(2)),
		sm:   weakmap.NewStrong[string, payload](weakmap.WithShards(2)),
		vals: payloads("v", badInputKeys),
	}
	for i, v := range f.vals {
		f.m.Store(fmt.Sprint("k", i), v)
		f.sm.Store(fmt.Sprint("k", i), v)
	}
	return f
}

// intact checks that both maps hold exactly what newBadInputMaps stored,
// and that both still take writes on every key of the fixture (a shard
// left locked by the panic would deadlock).
func (f *badInputMaps) intact(t *testing.T) {
	t.Helper()
	for i, v := range f.vals {
		k := fmt.Sprint("k", i)
		if got, ok := f.m.Load(k); got != v || !ok {
			t.Fatalf("after the panic, Map.Load(%q) = %p, %v; want %p", k, got, ok, v)
		}
		if got, ok := f.sm.Load(k); got != v || !ok {
			t.Fatalf("after the panic, StrongMap.Load(%q) = %p, %v; want %p", k, got, ok, v)
		}
	}
	if f.m.Len() != badInputKeys || f.m.RawLen() != badInputKeys || f.sm.Len() != badInputKeys {
		t.Fatalf("after the panic: Map Len %d RawLen %d, StrongMap Len %d; want %d",
			f.m.Len(), f.m.RawLen(), f.sm.Len(), badInputKeys)
	}
	finishes(t, "writes after the panic", 10*time.Second, func() {
		v := &payload{name: "after"}
		for i := range badInputKeys {
			k := fmt.Sprint("k", i)
			f.m.Swap(k, v)
			f.m.Store(k, f.vals[i])
			f.sm.Swap(k, v)
			f.sm.Store(k, f.vals[i])
		}
		f.m.Store("new", v)
		f.m.Delete("new")
		f.sm.Store("new", v)
		f.sm.Delete("new")
	})
}

func TestBadInputPanics(t *testing.T) {
	other := &payload{name: "other"}
	cases := []struct {
		name  string
		do    func(f *badInputMaps)
		words []string
	}{
		{"Map.Store(nil)", func(f *badInputMaps) { f.m.Store("k0", nil) }, []string{"Store", "nil value"}},
		{"Map.LoadOrStore(nil)", func(f *badInputMaps) { f.m.LoadOrStore("k0", nil) }, []string{"LoadOrStore", "nil value"}},
		{"Map.LoadOrStore(nil) absent", func(f *badInputMaps) { f.m.LoadOrStore("new", nil) }, []string{"LoadOrStore", "nil value"}},
		{"Map.Swap(nil)", func(f *badInputMaps) { f.m.Swap("k0", nil) }, []string{"Swap", "nil value"}},
		{"Map.CompareAndSwap(old, nil)", func(f *badInputMaps) { f.m.CompareAndSwap("k0", f.vals[0], nil) }, []string{"CompareAndSwap", "nil value"}},
		{"Map.CompareAndSwap(nil, nil)", func(f *badInputMaps) { f.m.CompareAndSwap("k0", nil, nil) }, []string{"CompareAndSwap", "nil value"}},
		{"Map.LoadOrCompute(nil create)", func(f *badInputMaps) { f.m.LoadOrCompute("new", nil) }, []string{"LoadOrCompute", "nil create"}},
		{"Map.LoadOrCompute(nil create) live key", func(f *badInputMaps) { f.m.LoadOrCompute("k0", nil) }, []string{"LoadOrCompute", "nil create"}},
		{"Map.LoadOrCompute(create returns nil)", func(f *badInputMaps) {
			f.m.LoadOrCompute("new", func() *payload { return nil })
		}, []string{"LoadOrCompute", "returned nil"}},
		{"StrongMap.Store(nil)", func(f *badInputMaps) { f.sm.Store("k0", nil) }, []string{"nil value"}},
		{"StrongMap.LoadOrStore(nil)", func(f *badInputMaps) { f.sm.LoadOrStore("k0", nil) }, []string{"LoadOrStore", "nil value"}},
		{"StrongMap.Swap(nil)", func(f *badInputMaps) { f.sm.Swap("k0", nil) }, []string{"Swap", "nil value"}},
		{"StrongMap.CompareAndSwap(old, nil)", func(f *badInputMaps) { f.sm.CompareAndSwap("k0", f.vals[0], nil) }, []string{"CompareAndSwap", "nil value"}},
		{"StrongMap.LoadOrCompute(nil create)", func(f *badInputMaps) { f.sm.LoadOrCompute("new", nil) }, []string{"LoadOrCompute", "nil create"}},
		{"StrongMap.LoadOrCompute(create returns nil)", func(f *badInputMaps) {
			f.sm.LoadOrCompute("new", func() *payload { return nil })
		}, []string{"LoadOrCompute", "returned nil"}},
		{"WithShards(0)", func(*badInputMaps) { weakmap.WithShards(0) }, []string{"WithShards(0)", "at least 1"}},
		{"WithShards(-1)", func(*badInputMaps) { weakmap.WithShards(-1) }, []string{"WithShards(-1)", "at least 1"}},
		{"WithShards(too many)", func(*badInputMaps) { weakmap.WithShards(1 << 17) }, []string{"WithShards(131072)", "at most"}},
		{"WithSweepThreshold(-1)", func(*badInputMaps) { weakmap.WithSweepThreshold(-1) }, []string{"WithSweepThreshold(-1)", "threshold"}},
		{"WithSweepBudget(-1)", func(*badInputMaps) { weakmap.WithSweepBudget(-1) }, []string{"WithSweepBudget(-1)", "budget"}},
		{"New zero-size value", func(*badInputMaps) { weakmap.New[string, struct{}]() }, []string{"New", "zero-size"}},
		{"NewStrong zero-size value", func(*badInputMaps) { weakmap.NewStrong[string, struct{}]() }, []string{"NewStrong", "zero-size"}},
		{"New zero-size array value", func(*badInputMaps) { weakmap.New[int, [0]int]() }, []string{"New", "zero-size"}},
		{"New nil Option", func(*badInputMaps) { weakmap.New[string, payload](weakmap.WithShards(2), nil) }, []string{"nil Option"}},
		{"NewStrong nil Option", func(*badInputMaps) { weakmap.NewStrong[string, payload](nil) }, []string{"nil Option"}},
		{"zero Map Load", func(*badInputMaps) {
			var zm weakmap.Map[string, int]
			zm.Load("x")
		}, []string{"constructor", "New"}},
		{"zero Map Store", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			zm.Store("x", other)
		}, []string{"constructor"}},
		{"zero Map LoadOrCompute", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			zm.LoadOrCompute("x", func() *payload { return other })
		}, []string{"constructor"}},
		{"zero Map CompareAndSwap", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			zm.CompareAndSwap("x", nil, other)
		}, []string{"constructor"}},
		{"zero Map CompareAndDelete", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			zm.CompareAndDelete("x", nil)
		}, []string{"constructor"}},
		{"zero Map Delete", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			zm.Delete("x")
		}, []string{"constructor"}},
		{"zero Map Len", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			zm.Len()
		}, []string{"constructor"}},
		{"zero Map RawLen", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			zm.RawLen()
		}, []string{"constructor"}},
		{"zero Map All", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			for range zm.All() {
			}
		}, []string{"constructor"}},
		{"zero Map Keys", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			for range zm.Keys() {
			}
		}, []string{"constructor"}},
		{"zero Map Sweep", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			zm.Sweep()
		}, []string{"constructor"}},
		{"zero Map Stats", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			zm.Stats()
		}, []string{"constructor"}},
		{"zero Map Clear", func(*badInputMaps) {
			var zm weakmap.Map[string, payload]
			zm.Clear()
		}, []string{"constructor"}},
		{"zero StrongMap Load", func(*badInputMaps) {
			var zs weakmap.StrongMap[string, int]
			zs.Load("x")
		}, []string{"constructor", "NewStrong"}},
		{"zero StrongMap Store", func(*badInputMaps) {
			var zs weakmap.StrongMap[string, payload]
			zs.Store("x", other)
		}, []string{"constructor"}},
		{"zero StrongMap LoadOrStore", func(*badInputMaps) {
			var zs weakmap.StrongMap[string, payload]
			zs.LoadOrStore("x", other)
		}, []string{"constructor"}},
		{"zero StrongMap CompareAndDelete", func(*badInputMaps) {
			var zs weakmap.StrongMap[string, payload]
			zs.CompareAndDelete("x", nil)
		}, []string{"constructor"}},
		{"zero StrongMap Len", func(*badInputMaps) {
			var zs weakmap.StrongMap[string, payload]
			zs.Len()
		}, []string{"constructor"}},
		{"zero StrongMap Values", func(*badInputMaps) {
			var zs weakmap.StrongMap[string, payload]
			for range zs.Values() {
			}
		}, []string{"constructor"}},
		{"zero StrongMap Sweep", func(*badInputMaps) {
			var zs weakmap.StrongMap[string, payload]
			zs.Sweep()
		}, []string{"constructor"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newBadInputMaps()
			msg, panicked := recoverText(func() { c.do(f) })
			if !panicked {
				t.Fatal("no panic")
			}
			if !strings.HasPrefix(msg, "weakmap: ") {
				t.Fatalf("panic %q does not begin with \"weakmap: \"", msg)
			}
			for _, w := range c.words {
				if !strings.Contains(msg, w) {
					t.Fatalf("panic %q does not mention %q", msg, w)
				}
			}
			if _, ok := f.m.Load("new"); ok {
				t.Fatal("the misuse stored key \"new\"")
			}
			if _, ok := f.sm.Load("new"); ok {
				t.Fatal("the misuse stored key \"new\" in the StrongMap")
			}
			f.intact(t)
			runtime.KeepAlive(f.vals)
		})
	}
}

// The options accept their boundary values.
func TestOptionsBoundaries(t *testing.T) {
	for _, opts := range [][]weakmap.Option{
		{weakmap.WithShards(1)},
		{weakmap.WithSweepThreshold(0)},
		{weakmap.WithSweepBudget(0)},
		{weakmap.WithSweepThreshold(1), weakmap.WithSweepBudget(1)},
		{},
	} {
		if msg, panicked := recoverText(func() {
			m := weakmap.New[int, payload](opts...)
			v := &payload{}
			m.Store(1, v)
			if got, _ := m.Load(1); got != v {
				t.Errorf("Load = %p, want %p", got, v)
			}
			weakmap.NewStrong[int, payload](opts...)
		}); panicked {
			t.Fatalf("valid options panicked: %s", msg)
		}
	}
}
