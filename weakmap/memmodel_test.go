package weakmap_test

import (
	"iter"
	"runtime"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// The tests in this file hold the memory-model paragraph of each map
// type's doc: a write operation "synchronizes before" any read operation
// that observes its effect. Each hands a plain variable from a writer
// goroutine to a reader goroutine with nothing but the map between them;
// under -race a missing edge is reported as a data race, and in any build
// the reader checks what it read.

// mmBox is the value and key type: 32 bytes, so never in a shared tiny
// block.
type mmBox struct {
	id int
	_  [3]int
}

// handoff writes a plain variable and then runs write, in one goroutine;
// in another, it runs observe until it reports that it saw write's effect,
// and then reads the variable.
func handoff(t *testing.T, write func(), observe func() bool) {
	t.Helper()
	var note int // plain memory: only the map may order the two accesses
	got, seen := 0, false
	done := make(chan struct{}, 2)
	go func() {
		note = 1
		write()
		done <- struct{}{}
	}()
	go func() {
		defer func() { done <- struct{}{} }()
		deadline := time.Now().Add(10 * time.Second)
		for !observe() {
			if time.Now().After(deadline) {
				return
			}
			runtime.Gosched()
		}
		seen, got = true, note
	}()
	<-done
	<-done
	if !seen {
		t.Fatal("the reader never observed the write within 10s")
	}
	if got != 1 {
		t.Fatalf("the reader observed the write but read %d from before it, want 1", got)
	}
}

// mmMap is the API that Map and StrongMap share.
type mmMap interface {
	Load(int) (*mmBox, bool)
	Store(int, *mmBox)
	LoadOrStore(int, *mmBox) (*mmBox, bool)
	LoadOrCompute(int, func() *mmBox) (*mmBox, bool)
	Swap(int, *mmBox) (*mmBox, bool)
	CompareAndSwap(int, *mmBox, *mmBox) bool
	CompareAndDelete(int, *mmBox) bool
	Delete(int)
	LoadAndDelete(int) (*mmBox, bool)
	All() iter.Seq2[int, *mmBox]
	Keys() iter.Seq[int]
	Values() iter.Seq[*mmBox]
	Range(func(int, *mmBox) bool)
	Snapshot() map[int]*mmBox
}

func mmMaps() map[string]func() mmMap {
	return map[string]func() mmMap{
		"Map":       func() mmMap { return weakmap.New[int, mmBox]() },
		"StrongMap": func() mmMap { return weakmap.NewStrong[int, mmBox]() },
	}
}

// Each write operation of Map and StrongMap, observed by Load.
func TestMapWritesSynchronizeBeforeLoad(t *testing.T) {
	old, nv := &mmBox{id: 1}, &mmBox{id: 2}
	for name, mk := range mmMaps() {
		for _, w := range []struct {
			op      string
			present bool // key 1 holds old before the write
			deletes bool // the write's effect is key 1's absence, not nv
			write   func(m mmMap) bool
		}{
			{"Store", true, false, func(m mmMap) bool { m.Store(1, nv); return true }},
			{"Swap", true, false, func(m mmMap) bool { p, _ := m.Swap(1, nv); return p == old }},
			{"LoadOrStore", false, false, func(m mmMap) bool { _, loaded := m.LoadOrStore(1, nv); return !loaded }},
			{"LoadOrCompute", false, false, func(m mmMap) bool {
				_, loaded := m.LoadOrCompute(1, func() *mmBox { return nv })
				return !loaded
			}},
			{"CompareAndSwap", true, false, func(m mmMap) bool { return m.CompareAndSwap(1, old, nv) }},
			{"Delete", true, true, func(m mmMap) bool { m.Delete(1); return true }},
			{"LoadAndDelete", true, true, func(m mmMap) bool { _, loaded := m.LoadAndDelete(1); return loaded }},
			{"CompareAndDelete", true, true, func(m mmMap) bool { return m.CompareAndDelete(1, old) }},
		} {
			t.Run(name+"/"+w.op, func(t *testing.T) {
				m := mk()
				if w.present {
					m.Store(1, old)
				}
				wrote := false
				handoff(t, func() { wrote = w.write(m) }, func() bool {
					v, ok := m.Load(1)
					if w.deletes {
						return !ok
					}
					return v == nv
				})
				if !wrote {
					t.Fatalf("%s did not write", w.op)
				}
			})
		}
	}
	runtime.KeepAlive(old)
	runtime.KeepAlive(nv)
}

// Each read operation of Map and StrongMap, observing a Store.
func TestMapReadsObserveStore(t *testing.T) {
	nv, other := &mmBox{id: 2}, &mmBox{id: 3}
	yields := func(seq iter.Seq2[int, *mmBox]) bool {
		for k, v := range seq {
			if k == 1 && v == nv {
				return true
			}
		}
		return false
	}
	for name, mk := range mmMaps() {
		for _, r := range []struct {
			op      string
			observe func(m mmMap) bool // reports whether it saw key 1 hold nv
		}{
			{"Load", func(m mmMap) bool { v, _ := m.Load(1); return v == nv }},
			{"LoadOrStore", func(m mmMap) bool { v, _ := m.LoadOrStore(1, other); return v == nv }},
			{"LoadOrCompute", func(m mmMap) bool {
				v, _ := m.LoadOrCompute(1, func() *mmBox { return other })
				return v == nv
			}},
			{"Swap", func(m mmMap) bool { p, _ := m.Swap(1, other); return p == nv }},
			{"CompareAndSwap", func(m mmMap) bool { return m.CompareAndSwap(1, nv, other) }},
			{"CompareAndDelete", func(m mmMap) bool { return m.CompareAndDelete(1, nv) }},
			{"LoadAndDelete", func(m mmMap) bool { v, _ := m.LoadAndDelete(1); return v == nv }},
			{"All", func(m mmMap) bool { return yields(m.All()) }},
			{"Range", func(m mmMap) bool {
				found := false
				m.Range(func(k int, v *mmBox) bool { found = k == 1 && v == nv; return !found })
				return found
			}},
			{"Values", func(m mmMap) bool {
				for v := range m.Values() {
					if v == nv {
						return true
					}
				}
				return false
			}},
			{"Keys", func(m mmMap) bool { // key 1 is absent until the Store
				for k := range m.Keys() {
					if k == 1 {
						return true
					}
				}
				return false
			}},
			{"Snapshot", func(m mmMap) bool { return m.Snapshot()[1] == nv }},
		} {
			t.Run(name+"/"+r.op, func(t *testing.T) {
				m := mk()
				handoff(t, func() { m.Store(1, nv) }, func() bool { return r.observe(m) })
			})
		}
	}
	runtime.KeepAlive(nv)
	runtime.KeepAlive(other)
}

// KeyMap: each write operation observed by Load, and each read operation
// observing a Store.
func TestKeyMapSynchronizes(t *testing.T) {
	key, old, nv, other := &mmBox{id: 0}, &mmBox{id: 1}, &mmBox{id: 2}, &mmBox{id: 3}
	type km = weakmap.KeyMap[mmBox, *mmBox]
	for _, w := range []struct {
		op               string
		present, deletes bool
		write            func(m *km) bool
	}{
		{"Store", true, false, func(m *km) bool { m.Store(key, nv); return true }},
		{"Swap", true, false, func(m *km) bool { p, _ := m.Swap(key, nv); return p == old }},
		{"LoadOrStore", false, false, func(m *km) bool { _, loaded := m.LoadOrStore(key, nv); return !loaded }},
		{"LoadOrCompute", false, false, func(m *km) bool {
			_, loaded := m.LoadOrCompute(key, func() *mmBox { return nv })
			return !loaded
		}},
		{"Delete", true, true, func(m *km) bool { m.Delete(key); return true }},
		{"LoadAndDelete", true, true, func(m *km) bool { _, loaded := m.LoadAndDelete(key); return loaded }},
	} {
		t.Run("write/"+w.op, func(t *testing.T) {
			m := weakmap.NewKeyMap[mmBox, *mmBox]()
			if w.present {
				m.Store(key, old)
			}
			wrote := false
			handoff(t, func() { wrote = w.write(m) }, func() bool {
				v, ok := m.Load(key)
				if w.deletes {
					return !ok
				}
				return v == nv
			})
			if !wrote {
				t.Fatalf("%s did not write", w.op)
			}
		})
	}
	for _, r := range []struct {
		op      string
		observe func(m *km) bool
	}{
		{"Load", func(m *km) bool { v, _ := m.Load(key); return v == nv }},
		{"LoadOrStore", func(m *km) bool { v, _ := m.LoadOrStore(key, other); return v == nv }},
		{"LoadOrCompute", func(m *km) bool {
			v, _ := m.LoadOrCompute(key, func() *mmBox { return other })
			return v == nv
		}},
		{"Swap", func(m *km) bool { p, _ := m.Swap(key, other); return p == nv }},
		{"LoadAndDelete", func(m *km) bool { v, _ := m.LoadAndDelete(key); return v == nv }},
		{"All", func(m *km) bool {
			for k, v := range m.All() {
				if k == key && v == nv {
					return true
				}
			}
			return false
		}},
		{"Keys", func(m *km) bool {
			for k := range m.Keys() {
				if k == key {
					return true
				}
			}
			return false
		}},
		{"Values", func(m *km) bool {
			for v := range m.Values() {
				if v == nv {
					return true
				}
			}
			return false
		}},
		{"Snapshot", func(m *km) bool { return m.Snapshot()[key] == nv }},
	} {
		t.Run("read/"+r.op, func(t *testing.T) {
			m := weakmap.NewKeyMap[mmBox, *mmBox]()
			handoff(t, func() { m.Store(key, nv) }, func() bool { return r.observe(m) })
		})
	}
	runtime.KeepAlive(key)
	runtime.KeepAlive(old)
	runtime.KeepAlive(nv)
	runtime.KeepAlive(other)
}

// Set: Add observed by Contains and All, Delete observed by Contains and
// by Add.
func TestSetSynchronizes(t *testing.T) {
	x := &mmBox{id: 1}
	for _, c := range []struct {
		op      string
		present bool
		write   func(s *weakmap.Set[mmBox]) bool
		observe func(s *weakmap.Set[mmBox]) bool
	}{
		{"Add/Contains", false, func(s *weakmap.Set[mmBox]) bool { return s.Add(x) },
			func(s *weakmap.Set[mmBox]) bool { return s.Contains(x) }},
		{"Add/All", false, func(s *weakmap.Set[mmBox]) bool { return s.Add(x) },
			func(s *weakmap.Set[mmBox]) bool {
				for y := range s.All() {
					if y == x {
						return true
					}
				}
				return false
			}},
		{"Delete/Contains", true, func(s *weakmap.Set[mmBox]) bool { s.Delete(x); return true },
			func(s *weakmap.Set[mmBox]) bool { return !s.Contains(x) }},
		{"Delete/Add", true, func(s *weakmap.Set[mmBox]) bool { s.Delete(x); return true },
			func(s *weakmap.Set[mmBox]) bool { return s.Add(x) }},
	} {
		t.Run(c.op, func(t *testing.T) {
			s := weakmap.NewSet[mmBox]()
			if c.present {
				s.Add(x)
			}
			wrote := false
			handoff(t, func() { wrote = c.write(s) }, func() bool { return c.observe(s) })
			if !wrote {
				t.Fatalf("%s did not write", c.op)
			}
		})
	}
	runtime.KeepAlive(x)
}
