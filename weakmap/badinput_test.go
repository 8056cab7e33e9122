package weakmap_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Misuse panics at once with the exact message below: "weakmap: ", what
// was wrong, and what to do instead. It leaves the maps it was tried on as
// they were: every entry there, both lengths unchanged, no shard left
// locked. TestBadInputCoversEveryPanic checks that every panic the package
// can raise is in the table.

// badFixture is one of each map, filled with live entries and one
// collected entry each (so that misuse also meets the collected-entry
// paths), with counter sweeps off, so that only the calls under test can
// change them.
type badFixture struct {
	m      *weakmap.Map[string, payload]
	sm     *weakmap.StrongMap[string, payload]
	km     *weakmap.KeyMap[payload, string]
	set    *weakmap.Set[payload]
	vals   []*payload // vals[i] is stored under "ki" in m and sm, is key i of km and a member of set
	absent *payload   // in none of the maps
}

const badLive = 20 // live entries per map; m and km also hold one collected entry

func newBadFixture() *badFixture {
	off := weakmap.WithSweepThreshold(0)
	f := &badFixture{
		m:      weakmap.New[string, payload](weakmap.WithShards(2), off),
		sm:     weakmap.NewStrong[string, payload](weakmap.WithShards(2)),
		km:     weakmap.NewKeyMap[payload, string](weakmap.WithShards(2), off),
		set:    weakmap.NewSet[payload](weakmap.WithShards(2), off),
		vals:   payloads("v", badLive),
		absent: &payload{name: "absent"},
	}
	for i, v := range f.vals {
		f.m.Store("k"+strconv.Itoa(i), v)
		f.sm.Store("k"+strconv.Itoa(i), v)
		f.km.Store(v, v.name)
		f.set.Add(v)
	}
	dead := &payload{name: "dead"}
	f.m.Store("dead", dead)
	weakmap.MarkCollected(f.m, "dead")
	f.km.Store(dead, "dead")
	weakmap.MarkKeyCollected(f.km, dead)
	return f
}

// intact fails the test unless the maps hold exactly what newBadFixture
// stored and still take writes on every key (a shard left locked by the
// panic would deadlock them).
func (f *badFixture) intact(t *testing.T) {
	t.Helper()
	for i, v := range f.vals {
		k := "k" + strconv.Itoa(i)
		if got, ok := f.m.Load(k); got != v || !ok {
			t.Fatalf("after the panic, Map.Load(%q) = %p, %v; want %p", k, got, ok, v)
		}
		if got, ok := f.sm.Load(k); got != v || !ok {
			t.Fatalf("after the panic, StrongMap.Load(%q) = %p, %v; want %p", k, got, ok, v)
		}
		if got, ok := f.km.Load(v); got != v.name || !ok {
			t.Fatalf("after the panic, KeyMap.Load(%s) = %q, %v; want %q", v.name, got, ok, v.name)
		}
		if !f.set.Contains(v) {
			t.Fatalf("after the panic, Set.Contains(%s) = false", v.name)
		}
	}
	lens := [][2]int{{f.m.Len(), f.m.RawLen()}, {f.sm.Len(), f.sm.RawLen()}, {f.km.Len(), f.km.RawLen()}, {f.set.Len(), f.set.RawLen()}}
	want := [][2]int{{badLive, badLive + 1}, {badLive, badLive}, {badLive, badLive + 1}, {badLive, badLive}}
	if !reflect.DeepEqual(lens, want) {
		t.Fatalf("after the panic, (Len, RawLen) of Map, StrongMap, KeyMap, Set = %v; want %v", lens, want)
	}
	if _, ok := f.m.Load("new"); ok {
		t.Fatal("the misuse stored key \"new\" in the Map")
	}
	if _, ok := f.sm.Load("new"); ok {
		t.Fatal("the misuse stored key \"new\" in the StrongMap")
	}
	if _, ok := f.km.Load(f.absent); ok || f.set.Contains(f.absent) {
		t.Fatal("the misuse stored the absent key in the KeyMap or the Set")
	}
	finishes(t, "writes after the panic", 10*time.Second, func() {
		other := &payload{name: "other"}
		for i, v := range f.vals {
			k := "k" + strconv.Itoa(i)
			f.m.Swap(k, other)
			f.m.Store(k, v)
			f.sm.Swap(k, other)
			f.sm.Store(k, v)
			f.km.Store(v, "other")
			f.km.Store(v, v.name)
			f.set.Delete(v)
			f.set.Add(v)
		}
		f.m.Store("new", other)
		f.m.Delete("new")
		f.sm.Store("new", other)
		f.sm.Delete("new")
		f.km.Store(other, "other")
		f.km.Delete(other)
		f.set.Add(other)
		f.set.Delete(other)
	})
	if v, _ := f.m.Load("k0"); v != f.vals[0] {
		t.Fatalf("after the writes, Map.Load(\"k0\") = %p, want %p", v, f.vals[0])
	}
}

// badCase is one misuse and the exact message it must panic with.
type badCase struct {
	name string
	do   func(f *badFixture)
	want string
}

// The messages, written out in full: a change of wording must be a change
// of this table.
const (
	badNilCreate    = "weakmap: LoadOrCompute called with a nil create function; pass a function that returns the value to store"
	badCreateNil    = "weakmap: LoadOrCompute: create returned nil; it must return the non-nil value to store"
	badKeyRetainWhy = "keys are compared by identity, so an entry whose key nothing else holds can never be found again, and retaining it would only waste memory"
	badUninit       = "weakmap: map used without its constructor; make it with weakmap.New, NewStrong, NewKeyMap or NewSet, not as a zero value"
	badNilOption    = "weakmap: a nil Option was passed; pass only options made by this package's With functions"
	badZeroSizeTail = ": weak pointers to zero-size objects never expire (they all share one address); use a type with at least one byte"
	badCreateFailed = "create failed" // a panic of create's own, passed on unchanged
	badNilTryCreate = "weakmap: LoadOrTryCompute called with a nil create function; pass a function that returns the value to store"
	badTryCreateNil = "weakmap: LoadOrTryCompute: create returned nil and no error; it must return the non-nil value to store, or an error"
	badNilCompute   = "weakmap: Compute called with a nil function; pass a function that returns the new value and a ComputeOp"
	badComputeNil   = "weakmap: Compute: the function returned UpdateOp with a nil value; return a non-nil value to store, or DeleteOp to delete the key"
	badComputeOp    = "weakmap: Compute: the function returned ComputeOp(7); return UpdateOp, DeleteOp or CancelOp"
)

func badNilValue(method string) string {
	return "weakmap: " + method + " called with a nil value; store a non-nil pointer, or use Delete to remove a key"
}

func badNilKey(method string) string {
	return "weakmap: " + method + " called with a nil key; keys are compared by identity and must be non-nil pointers"
}

func badNilMember(method string) string {
	return "weakmap: Set." + method + " called with a nil member; members are compared by identity and must be non-nil pointers"
}

func badCases() []badCase {
	failingCreate := func() *payload { panic(badCreateFailed) }
	cases := []badCase{
		// Map: nil values and create functions, on live, collected and
		// absent keys.
		{"Map.Store(nil)", func(f *badFixture) { f.m.Store("k0", nil) }, badNilValue("Store")},
		{"Map.Store(nil) absent", func(f *badFixture) { f.m.Store("new", nil) }, badNilValue("Store")},
		{"Map.LoadOrStore(nil)", func(f *badFixture) { f.m.LoadOrStore("k0", nil) }, badNilValue("LoadOrStore")},
		{"Map.LoadOrStore(nil) collected", func(f *badFixture) { f.m.LoadOrStore("dead", nil) }, badNilValue("LoadOrStore")},
		{"Map.LoadOrStore(nil) absent", func(f *badFixture) { f.m.LoadOrStore("new", nil) }, badNilValue("LoadOrStore")},
		{"Map.Swap(nil)", func(f *badFixture) { f.m.Swap("k0", nil) }, badNilValue("Swap")},
		{"Map.CompareAndSwap(old, nil)", func(f *badFixture) { f.m.CompareAndSwap("k0", f.vals[0], nil) }, badNilValue("CompareAndSwap")},
		{"Map.CompareAndSwap(nil, nil)", func(f *badFixture) { f.m.CompareAndSwap("new", nil, nil) }, badNilValue("CompareAndSwap")},
		{"Map.LoadOrCompute(nil create)", func(f *badFixture) { f.m.LoadOrCompute("new", nil) }, badNilCreate},
		{"Map.LoadOrCompute(nil create) live", func(f *badFixture) { f.m.LoadOrCompute("k0", nil) }, badNilCreate},
		{"Map.LoadOrCompute(create returns nil)", func(f *badFixture) {
			f.m.LoadOrCompute("new", func() *payload { return nil })
		}, badCreateNil},
		{"Map.LoadOrCompute(create returns nil) collected", func(f *badFixture) {
			f.m.LoadOrCompute("dead", func() *payload { return nil })
		}, badCreateNil},
		{"Map.LoadOrCompute(create panics)", func(f *badFixture) { f.m.LoadOrCompute("new", failingCreate) }, badCreateFailed},
		{"Map.LoadOrCompute(create panics) collected", func(f *badFixture) { f.m.LoadOrCompute("dead", failingCreate) }, badCreateFailed},
		{"Map.LoadOrTryCompute(nil create)", func(f *badFixture) { f.m.LoadOrTryCompute("new", nil) }, badNilTryCreate},
		{"Map.LoadOrTryCompute(create returns nil, nil)", func(f *badFixture) {
			f.m.LoadOrTryCompute("new", func() (*payload, error) { return nil, nil })
		}, badTryCreateNil},
		{"Map.LoadOrTryCompute(create panics)", func(f *badFixture) {
			f.m.LoadOrTryCompute("dead", func() (*payload, error) { panic(badCreateFailed) })
		}, badCreateFailed},
		{"Map.Compute(nil)", func(f *badFixture) { f.m.Compute("k0", nil) }, badNilCompute},
		{"Map.Compute(UpdateOp, nil)", func(f *badFixture) {
			f.m.Compute("new", func(*payload, bool) (*payload, weakmap.ComputeOp) { return nil, weakmap.UpdateOp })
		}, badComputeNil},
		{"Map.Compute(UpdateOp, nil) live", func(f *badFixture) {
			f.m.Compute("k0", func(*payload, bool) (*payload, weakmap.ComputeOp) { return nil, weakmap.UpdateOp })
		}, badComputeNil},
		{"Map.Compute(unknown op)", func(f *badFixture) {
			f.m.Compute("k0", func(old *payload, _ bool) (*payload, weakmap.ComputeOp) { return old, 7 })
		}, badComputeOp},
		{"Map.Compute(f panics)", func(f *badFixture) {
			f.m.Compute("dead", func(*payload, bool) (*payload, weakmap.ComputeOp) { panic(badCreateFailed) })
		}, badCreateFailed},

		// StrongMap: the same.
		{"StrongMap.Store(nil)", func(f *badFixture) { f.sm.Store("k0", nil) }, badNilValue("Store")},
		{"StrongMap.LoadOrStore(nil)", func(f *badFixture) { f.sm.LoadOrStore("new", nil) }, badNilValue("LoadOrStore")},
		{"StrongMap.Swap(nil)", func(f *badFixture) { f.sm.Swap("k0", nil) }, badNilValue("Swap")},
		{"StrongMap.CompareAndSwap(old, nil)", func(f *badFixture) { f.sm.CompareAndSwap("k0", f.vals[0], nil) }, badNilValue("CompareAndSwap")},
		{"StrongMap.LoadOrCompute(nil create)", func(f *badFixture) { f.sm.LoadOrCompute("new", nil) }, badNilCreate},
		{"StrongMap.LoadOrCompute(create returns nil)", func(f *badFixture) {
			f.sm.LoadOrCompute("new", func() *payload { return nil })
		}, badCreateNil},
		{"StrongMap.LoadOrCompute(create panics)", func(f *badFixture) { f.sm.LoadOrCompute("new", failingCreate) }, badCreateFailed},
		{"StrongMap.LoadOrTryCompute(nil create)", func(f *badFixture) { f.sm.LoadOrTryCompute("new", nil) }, badNilTryCreate},
		{"StrongMap.LoadOrTryCompute(create returns nil, nil)", func(f *badFixture) {
			f.sm.LoadOrTryCompute("new", func() (*payload, error) { return nil, nil })
		}, badTryCreateNil},
		{"StrongMap.Compute(nil)", func(f *badFixture) { f.sm.Compute("k0", nil) }, badNilCompute},
		{"StrongMap.Compute(UpdateOp, nil)", func(f *badFixture) {
			f.sm.Compute("new", func(*payload, bool) (*payload, weakmap.ComputeOp) { return nil, weakmap.UpdateOp })
		}, badComputeNil},
		{"StrongMap.Compute(unknown op)", func(f *badFixture) {
			f.sm.Compute("k0", func(old *payload, _ bool) (*payload, weakmap.ComputeOp) { return old, 7 })
		}, badComputeOp},

		// KeyMap and Set: nil keys and create functions.
		{"KeyMap.Load(nil)", func(f *badFixture) { f.km.Load(nil) }, badNilKey("Load")},
		{"KeyMap.Store(nil)", func(f *badFixture) { f.km.Store(nil, "x") }, badNilKey("Store")},
		{"KeyMap.Swap(nil)", func(f *badFixture) { f.km.Swap(nil, "x") }, badNilKey("Swap")},
		{"KeyMap.LoadOrStore(nil)", func(f *badFixture) { f.km.LoadOrStore(nil, "x") }, badNilKey("LoadOrStore")},
		{"KeyMap.LoadOrCompute(nil)", func(f *badFixture) { f.km.LoadOrCompute(nil, func() string { return "x" }) }, badNilKey("LoadOrCompute")},
		{"KeyMap.LoadOrCompute(nil create)", func(f *badFixture) { f.km.LoadOrCompute(f.absent, nil) }, badNilCreate},
		{"KeyMap.LoadOrCompute(create panics)", func(f *badFixture) {
			f.km.LoadOrCompute(f.absent, func() string { panic(badCreateFailed) })
		}, badCreateFailed},
		{"KeyMap.LoadOrTryCompute(nil)", func(f *badFixture) {
			f.km.LoadOrTryCompute(nil, func() (string, error) { return "x", nil })
		}, badNilKey("LoadOrTryCompute")},
		{"KeyMap.LoadOrTryCompute(nil create)", func(f *badFixture) { f.km.LoadOrTryCompute(f.absent, nil) }, badNilTryCreate},
		{"KeyMap.LoadOrTryCompute(create panics)", func(f *badFixture) {
			f.km.LoadOrTryCompute(f.absent, func() (string, error) { panic(badCreateFailed) })
		}, badCreateFailed},
		{"KeyMap.Compute(nil)", func(f *badFixture) {
			f.km.Compute(nil, func(string, bool) (string, weakmap.ComputeOp) { return "x", weakmap.UpdateOp })
		}, badNilKey("Compute")},
		{"KeyMap.Compute(nil f)", func(f *badFixture) { f.km.Compute(f.absent, nil) }, badNilCompute},
		{"KeyMap.Compute(unknown op)", func(f *badFixture) {
			f.km.Compute(f.vals[0], func(old string, _ bool) (string, weakmap.ComputeOp) { return old, -1 })
		}, "weakmap: Compute: the function returned ComputeOp(-1); return UpdateOp, DeleteOp or CancelOp"},
		{"KeyMap.Compute(f panics)", func(f *badFixture) {
			f.km.Compute(f.vals[0], func(string, bool) (string, weakmap.ComputeOp) { panic(badCreateFailed) })
		}, badCreateFailed},
		{"KeyMap.LoadAndDelete(nil)", func(f *badFixture) { f.km.LoadAndDelete(nil) }, badNilKey("LoadAndDelete")},
		{"KeyMap.Delete(nil)", func(f *badFixture) { f.km.Delete(nil) }, badNilKey("Delete")},
		{"Set.Add(nil)", func(f *badFixture) { f.set.Add(nil) }, badNilMember("Add")},
		{"Set.Contains(nil)", func(f *badFixture) { f.set.Contains(nil) }, badNilMember("Contains")},
		{"Set.Delete(nil)", func(f *badFixture) { f.set.Delete(nil) }, badNilMember("Delete")},

		// Zero-size weakly held types, which would never die.
		{"New zero-size value", func(*badFixture) { weakmap.New[string, struct{}]() },
			"weakmap: New with zero-size value type struct {}" + badZeroSizeTail},
		{"New zero-size array value", func(*badFixture) { weakmap.New[int, [0]int]() },
			"weakmap: New with zero-size value type [0]int" + badZeroSizeTail},
		{"NewStrong zero-size value", func(*badFixture) { weakmap.NewStrong[string, struct{}]() },
			"weakmap: NewStrong with zero-size value type struct {}" + badZeroSizeTail},
		{"NewKeyMap zero-size key", func(*badFixture) { weakmap.NewKeyMap[struct{}, int]() },
			"weakmap: NewKeyMap with zero-size key type struct {}" + badZeroSizeTail},
		{"NewSet zero-size member", func(*badFixture) { weakmap.NewSet[[0]int]() },
			"weakmap: NewSet with zero-size member type [0]int" + badZeroSizeTail},

		// Option values, refused where they are written.
		{"WithShards(0)", func(*badFixture) { weakmap.WithShards(0) },
			"weakmap: WithShards(0): the shard count must be at least 1; leave the option out for the default"},
		{"WithShards(-1)", func(*badFixture) { weakmap.WithShards(-1) },
			"weakmap: WithShards(-1): the shard count must be at least 1; leave the option out for the default"},
		{"WithShards(too many)", func(*badFixture) { weakmap.WithShards(65537) },
			"weakmap: WithShards(65537): at most 65536 shards are allowed; use fewer"},
		{"WithSweepThreshold(-1)", func(*badFixture) { weakmap.WithSweepThreshold(-1) },
			"weakmap: WithSweepThreshold(-1): the threshold must be 0 (off) or positive"},
		{"WithSweepBudget(-1)", func(*badFixture) { weakmap.WithSweepBudget(-1) },
			"weakmap: WithSweepBudget(-1): the budget must be 0 (whole shard) or positive"},
		{"WithEvictCallback(nil)", func(*badFixture) { weakmap.WithEvictCallback[string](nil) },
			"weakmap: WithEvictCallback(nil): pass the function to call for each collected entry"},
		{"WithHasher(nil)", func(*badFixture) { weakmap.WithHasher[string](nil) },
			"weakmap: WithHasher(nil): pass the hash function, or leave the option out for the map's own hash"},
		{"WithRetain(-1)", func(*badFixture) { weakmap.WithRetain(-1) },
			"weakmap: WithRetain(-1): the number of values to retain must be 0 (none) or positive"},
		{"WithRetain(1<<30+1)", func(*badFixture) { weakmap.WithRetain(1<<30 + 1) },
			"weakmap: WithRetain(1073741825): at most 1073741824 values can be retained; use a smaller number"},
		{"NewStrong WithRetain", func(*badFixture) { weakmap.NewStrong[string, payload](weakmap.WithRetain(1)) },
			"weakmap: NewStrong does not take WithRetain: a StrongMap holds every value strongly already"},
		{"NewKeyMap WithRetain", func(*badFixture) { weakmap.NewKeyMap[payload, int](weakmap.WithRetain(1)) },
			"weakmap: NewKeyMap does not take WithRetain: " + badKeyRetainWhy},
		{"NewSet WithRetain", func(*badFixture) { weakmap.NewSet[payload](weakmap.WithRetain(1)) },
			"weakmap: NewSet does not take WithRetain: " + badKeyRetainWhy},
		{"New nil Option", func(*badFixture) { weakmap.New[string, payload](weakmap.WithShards(2), nil) }, badNilOption},
		{"NewStrong nil Option", func(*badFixture) { weakmap.NewStrong[string, payload](nil) }, badNilOption},
		{"NewKeyMap nil Option", func(*badFixture) { weakmap.NewKeyMap[payload, int](nil) }, badNilOption},
		{"NewSet nil Option", func(*badFixture) { weakmap.NewSet[payload](nil) }, badNilOption},

		// Options a constructor cannot honour.
		{"New eviction callback of another type", func(*badFixture) {
			weakmap.New[string, payload](weakmap.WithEvictCallback(func(int) {}))
		}, "weakmap: WithEvictCallback: a Map[string, weakmap_test.payload] reports each collected entry as a string, but the callback is a func(int); pass a func(string)"},
		{"New eviction callback taking the value", func(*badFixture) {
			weakmap.New[string, payload](weakmap.WithEvictCallback(func(*payload) {}))
		}, "weakmap: WithEvictCallback: a Map[string, weakmap_test.payload] reports each collected entry as a string, but the callback is a func(*weakmap_test.payload); pass a func(string)"},
		{"NewKeyMap eviction callback taking the key", func(*badFixture) {
			weakmap.NewKeyMap[payload, int](weakmap.WithEvictCallback(func(*payload) {}))
		}, "weakmap: WithEvictCallback: a KeyMap[weakmap_test.payload, int] reports each collected entry as a int, but the callback is a func(*weakmap_test.payload); pass a func(int)"},
		{"NewSet eviction callback", func(*badFixture) {
			weakmap.NewSet[payload](weakmap.WithEvictCallback(func(*payload) {}))
		}, "weakmap: NewSet does not take WithEvictCallback: a collected member leaves nothing to report; use a KeyMap with the data you need as its value"},
		{"NewStrong eviction callback", func(*badFixture) {
			weakmap.NewStrong[string, payload](weakmap.WithEvictCallback(func(string) {}))
		}, "weakmap: NewStrong does not take WithEvictCallback: nothing in a StrongMap is ever collected"},
		{"NewStrong WithGCCleanup", func(*badFixture) { weakmap.NewStrong[string, payload](weakmap.WithGCCleanup()) },
			"weakmap: NewStrong does not take WithGCCleanup: nothing in a StrongMap is ever collected"},
		{"New hasher of another key type", func(*badFixture) {
			weakmap.New[string, payload](weakmap.WithHasher(func(int, uint64) uint64 { return 0 }))
		}, "weakmap: WithHasher: a Map[string, weakmap_test.payload] hashes keys of type string, but the hasher is a func(int, uint64) uint64; pass a func(string, uint64) uint64"},
		{"NewStrong hasher of another key type", func(*badFixture) {
			weakmap.NewStrong[int, payload](weakmap.WithHasher(func(string, uint64) uint64 { return 0 }))
		}, "weakmap: WithHasher: a StrongMap[int, weakmap_test.payload] hashes keys of type int, but the hasher is a func(string, uint64) uint64; pass a func(int, uint64) uint64"},
		{"NewKeyMap WithHasher", func(*badFixture) {
			weakmap.NewKeyMap[payload, int](weakmap.WithHasher(func(*payload, uint64) uint64 { return 0 }))
		}, "weakmap: NewKeyMap does not take WithHasher: it hashes its keys' addresses, which a hasher of the key type cannot see"},
		{"NewSet WithHasher", func(*badFixture) {
			weakmap.NewSet[payload](weakmap.WithHasher(func(uintptr, uint64) uint64 { return 0 }))
		}, "weakmap: NewSet does not take WithHasher: it hashes its keys' addresses, which a hasher of the key type cannot see"},
	}
	// Zero values: every method of every map type, called on a map not
	// made by its constructor, panics with badUninit (the documented
	// behaviour), found by reflection so that a new method is covered.
	cases = append(cases, badZeroValueCases(reflect.TypeFor[*weakmap.Map[string, payload]]())...)
	cases = append(cases, badZeroValueCases(reflect.TypeFor[*weakmap.StrongMap[string, payload]]())...)
	cases = append(cases, badZeroValueCases(reflect.TypeFor[*weakmap.KeyMap[payload, string]]())...)
	cases = append(cases, badZeroValueCases(reflect.TypeFor[*weakmap.Set[payload]]())...)
	return cases
}

// badZeroValueCases returns a case for each method of pt, a pointer to a
// map type, that calls it on a zero value with valid arguments (non-nil
// keys, values and functions) and, if it returns an iterator, runs it.
func badZeroValueCases(pt reflect.Type) []badCase {
	var cases []badCase
	typeName, _, _ := strings.Cut(pt.Elem().Name(), "[")
	for i := range pt.NumMethod() {
		meth := pt.Method(i)
		cases = append(cases, badCase{
			name: "zero " + typeName + "." + meth.Name,
			do: func(*badFixture) {
				recv := reflect.New(pt.Elem())
				args := []reflect.Value{recv}
				for j := 1; j < meth.Type.NumIn(); j++ {
					args = append(args, badArg(meth.Type.In(j)))
				}
				for _, out := range meth.Func.Call(args) {
					if out.Kind() == reflect.Func {
						out.Call([]reflect.Value{badArg(out.Type().In(0))})
					}
				}
			},
			want: badUninit,
		})
	}
	return cases
}

// badArg returns a valid argument of type t: a non-nil pointer, a
// function returning non-nil pointers (and refusing further calls: an
// iterator's yield), a string.
func badArg(t reflect.Type) reflect.Value {
	switch t.Kind() {
	case reflect.Pointer:
		return reflect.New(t.Elem())
	case reflect.Func:
		return reflect.MakeFunc(t, func([]reflect.Value) []reflect.Value {
			outs := make([]reflect.Value, t.NumOut())
			for i := range outs {
				outs[i] = badArg(t.Out(i))
			}
			return outs
		})
	case reflect.String:
		return reflect.ValueOf("x").Convert(t)
	}
	return reflect.Zero(t)
}

func TestBadInput(t *testing.T) {
	for _, c := range badCases() {
		t.Run(c.name, func(t *testing.T) {
			f := newBadFixture()
			msg, panicked := recoverText(func() { c.do(f) })
			if !panicked {
				t.Fatalf("no panic; want %q", c.want)
			}
			if msg != c.want {
				t.Fatalf("panic:\n\t%q\nwant:\n\t%q", msg, c.want)
			}
			f.intact(t)
			runtime.KeepAlive(f.vals)
		})
	}
}

// TestBadInputCoversEveryPanic reads the package's sources (every build
// variant) and fails if a panic there is missing from TestBadInput's
// table: each panicf format must match some message of the table, and
// nothing else may panic, so that every panic of the package begins
// "weakmap: " and is tested word for word.
func TestBadInputCoversEveryPanic(t *testing.T) {
	var wants []string
	for _, c := range badCases() {
		wants = append(wants, c.want)
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	formats := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				id, ok := call.Fun.(*ast.Ident)
				if !ok || id.Name != "panic" && id.Name != "panicf" {
					return true
				}
				where := fset.Position(call.Pos())
				if id.Name == "panic" {
					if fn.Name.Name != "panicf" {
						t.Errorf("%s: a panic not made by panicf; give it a \"weakmap: \" message through panicf and a row in TestBadInput", where)
					}
					return true
				}
				lit, ok := call.Args[0].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Errorf("%s: panicf with a format that is not a string literal", where)
					return true
				}
				format, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				formats++
				re := badFormatRegexp(format)
				for _, w := range wants {
					if re.MatchString(w) {
						return true
					}
				}
				t.Errorf("%s: no case of TestBadInput panics with %q", where, "weakmap: "+format)
				return true
			})
		}
	}
	if formats < 10 {
		t.Fatalf("found only %d panicf formats in the package sources: the scan is broken", formats)
	}
}

// badFormatRegexp returns a regexp matching what panicf makes of format.
func badFormatRegexp(format string) *regexp.Regexp {
	verb := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	var b strings.Builder
	b.WriteString("^weakmap: ")
	last := 0
	for _, loc := range verb.FindAllStringIndex(format, -1) {
		b.WriteString(regexp.QuoteMeta(format[last:loc[0]]))
		if format[loc[1]-1] == '%' {
			b.WriteString("%")
		} else {
			b.WriteString(".+")
		}
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(format[last:]))
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// The options accept their boundary values, and a KeyMap its zero-size
// values (a Set is one).
func TestOptionsBoundaries(t *testing.T) {
	// The largest shard count is only made: a map of 65536 shards takes
	// seconds to build under -race.
	if msg, panicked := recoverText(func() { weakmap.WithShards(65536) }); panicked {
		t.Fatalf("WithShards(65536), the maximum, panicked: %s", msg)
	}
	for i, opts := range [][]weakmap.Option{
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
			km := weakmap.NewKeyMap[payload, struct{}](opts...)
			km.Store(v, struct{}{})
			if _, ok := km.Load(v); !ok {
				t.Error("KeyMap with zero-size values lost its entry")
			}
		}); panicked {
			t.Fatalf("valid options, set %d, panicked: %s", i, msg)
		}
	}
}
