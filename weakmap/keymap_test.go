package weakmap_test

import (
	"runtime"
	"testing"
	"weak"

	"github.com/weakstripe/weakstripe/weakmap"
)

// node is a key whose data refers back to it, the case ephemerons exist
// for.
type node struct {
	name string
	_    [4]int
}

type strongBackRef struct{ owner *node }

type weakBackRef struct{ owner weak.Pointer[node] }

//go:noinline
func storeSelfReferencing(strong *weakmap.KeyMap[node, strongBackRef], weakRef *weakmap.KeyMap[node, weakBackRef]) {
	a, b := &node{name: "a"}, &node{name: "b"}
	strong.Store(a, strongBackRef{owner: a})
	weakRef.Store(b, weakBackRef{owner: weak.Make(b)})
}

// The documented limit: a value that references its own key keeps the
// entry for ever; the documented workaround (a weak reference to the key)
// lets it die.
func TestKeyMapNoEphemerons(t *testing.T) {
	strong := weakmap.NewKeyMap[node, strongBackRef](weakmap.WithSweepThreshold(0))
	weakRef := weakmap.NewKeyMap[node, weakBackRef](weakmap.WithSweepThreshold(0))
	storeSelfReferencing(strong, weakRef)
	gcUntil(t, "the key referenced weakly by its value was not collected", func() bool { return weakRef.Len() == 0 })
	// By now the collector has run several full cycles; the key held by its
	// own value must still be there, and must stay through a few more.
	for range 3 {
		runtime.GC()
	}
	if strong.Len() != 1 {
		t.Fatalf("a key referenced by its own value was collected (Len = %d): the map would be an ephemeron table, which the documentation says Go cannot give", strong.Len())
	}
	for k, v := range strong.All() {
		if v.owner != k {
			t.Fatal("the entry's value does not refer to its key")
		}
	}
}

// Keys are compared by identity: equal contents are different keys, and
// two fields of one object are two keys.
func TestKeyMapIdentity(t *testing.T) {
	m := weakmap.NewKeyMap[node, int]()
	a, b := &node{name: "same"}, &node{name: "same"}
	m.Store(a, 1)
	m.Store(b, 2)
	if v, _ := m.Load(a); v != 1 {
		t.Fatalf("Load(a) = %d, want 1", v)
	}
	if v, _ := m.Load(b); v != 2 {
		t.Fatalf("Load(b) = %d, want 2", v)
	}
	pair := new([2]node)
	fm := weakmap.NewKeyMap[node, string]()
	fm.Store(&pair[0], "first")
	fm.Store(&pair[1], "second")
	if v, _ := fm.Load(&pair[1]); v != "second" || fm.Len() != 2 {
		t.Fatalf("interior pointers: Load = %q, Len = %d; want \"second\" and 2", v, fm.Len())
	}
}
