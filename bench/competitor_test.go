package bench_test

import (
	"maps"
	"runtime"
	"testing"
	"time"
)

// Every target must be the map it claims to be, or the suite compares
// nothing: these tests check each one's Load, Store, Delete, Len, RawLen,
// All and Snapshot on a few keys, and, for weak targets, that a value
// that dies leaves the map's live view once the collector has run.

// gcDeadline bounds how long a test waits for the collector.
const gcDeadline = 5 * time.Second

//go:noinline
func storeDropped(m target, key string) {
	m.Store(key, &payload{name: "dropped"})
}

func TestTargetsMapSemantics(t *testing.T) {
	for _, tg := range allTargets {
		t.Run(tg.name, func(t *testing.T) {
			m := tg.new()
			a, b, c := &payload{name: "a"}, &payload{name: "b"}, &payload{name: "c"}
			m.Store("a", a)
			m.Store("b", b)
			if v, ok := m.Load("a"); !ok || v != a {
				t.Fatalf(`Load("a") = %p, %v; want %p, true`, v, ok, a)
			}
			if v, ok := m.Load("missing"); ok || v != nil {
				t.Fatalf(`Load("missing") = %p, %v; want nil, false`, v, ok)
			}
			m.Store("a", c)
			if v, ok := m.Load("a"); !ok || v != c {
				t.Fatalf(`Load("a") after a second Store = %p, %v; want %p, true`, v, ok, c)
			}
			checkLens(t, m, 2, 2)
			m.Delete("b")
			if _, ok := m.Load("b"); ok {
				t.Fatal(`Load("b") found a deleted key`)
			}
			checkLens(t, m, 1, 1)
			want := map[string]*payload{"a": c}
			if got := maps.Collect(m.All()); !maps.Equal(got, want) {
				t.Fatalf("All yielded %v, want %v", got, want)
			}
			if got := m.Snapshot(); !maps.Equal(got, want) {
				t.Fatalf("Snapshot is %v, want %v", got, want)
			}
			runtime.KeepAlive(a)
			runtime.KeepAlive(b)
			runtime.KeepAlive(c)
		})
	}
}

func checkLens(t *testing.T, m target, live, raw int) {
	t.Helper()
	if n := m.Len(); n != live {
		t.Errorf("Len = %d, want %d", n, live)
	}
	if n := m.RawLen(); n != raw {
		t.Errorf("RawLen = %d, want %d", n, raw)
	}
}

func TestTargetsLetValuesDie(t *testing.T) {
	for _, tg := range allTargets {
		t.Run(tg.name, func(t *testing.T) {
			m := tg.new()
			kept := &payload{name: "kept"}
			m.Store("kept", kept)
			storeDropped(m, "dropped")
			if tg.strong {
				runtime.GC()
				if _, ok := m.Load("dropped"); !ok {
					t.Fatal("a strong target lost a value that only it referenced")
				}
				checkLens(t, m, 2, 2)
				return
			}
			deadline := time.Now().Add(gcDeadline)
			for {
				runtime.GC()
				if _, ok := m.Load("dropped"); !ok {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("a dropped value was still loaded after %v of collections", gcDeadline)
				}
				time.Sleep(time.Millisecond)
			}
			if n := m.Len(); n != 1 {
				t.Errorf("Len = %d after the value died, want 1", n)
			}
			if got := maps.Collect(m.All()); len(got) != 1 || got["kept"] != kept {
				t.Errorf("All yielded %v, want only the kept entry", got)
			}
			switch {
			case tg.cleanup:
				// The cleanup removes the dead entry on its own.
				for m.RawLen() != 1 {
					if time.Now().After(deadline) {
						t.Fatalf("RawLen still %d after %v: the cleanup did not remove the dead entry", m.RawLen(), gcDeadline)
					}
					runtime.GC()
					time.Sleep(time.Millisecond)
				}
			default:
				// Too few operations for a counter sweep: the dead entry
				// stays until a sweep.
				if n := m.RawLen(); n != 2 {
					t.Errorf("RawLen = %d with a dead entry not yet swept, want 2", n)
				}
				sw, ok := m.(sweeper)
				if !ok {
					break
				}
				if n := sw.Sweep(); n != 1 {
					t.Errorf("Sweep removed %d entries, want 1", n)
				}
				checkLens(t, m, 1, 1)
			}
			if v, ok := m.Load("kept"); !ok || v != kept {
				t.Errorf(`Load("kept") = %p, %v; want %p, true`, v, ok, kept)
			}
			runtime.KeepAlive(kept)
		})
	}
}

// The seed sweeps only on writes, when its counter, bumped by every
// operation, reaches seedThreshold; then it removes every dead entry.
func TestSeedSweepsAtThreshold(t *testing.T) {
	s := newSeed().(*seed)
	keys := keyList(2048)
	const dead = 500
	for _, k := range keys[:dead] {
		storeDropped(s, k)
	}
	deadline := time.Now().Add(gcDeadline)
	for s.m[keys[0]].Value() != nil { // read directly: Load would count
		if time.Now().After(deadline) {
			t.Fatalf("a dropped value was still alive after %v of collections", gcDeadline)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	// Writes of live values up to one short of the threshold sweep nothing.
	var live []*payload
	for s.ops.Load() < seedThreshold-1 && len(live) < seedThreshold {
		v := &payload{name: "live"}
		live = append(live, v)
		s.Store(keys[dead+len(live)-1], v)
	}
	if n := s.RawLen(); n != dead+len(live) {
		t.Fatalf("RawLen = %d one operation before the threshold, want %d: the seed swept early", n, dead+len(live))
	}
	v := &payload{name: "live"}
	live = append(live, v)
	s.Store(keys[dead+len(live)-1], v) // the threshold-th operation
	if n := s.RawLen(); n != len(live) {
		t.Fatalf("RawLen = %d after the threshold, want %d (the live entries)", n, len(live))
	}
	if n := s.ops.Load(); n != 0 {
		t.Errorf("the counter is %d after a sweep, want 0", n)
	}
	runtime.KeepAlive(live)
}
