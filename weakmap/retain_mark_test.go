package weakmap_test

import (
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Load marks a retained key in the table's bucket word; when the CLOCK
// releases the key's value, that mark must go too, or every later Load of
// the key would take it for retained and never retain it again. One shard,
// so that the order is deterministic.
func TestRetainLoadAfterEviction(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithRetain(4), weakmap.WithShards(1))
	held := &payload{name: "v0"}
	m.Store(0, held)
	for range 2 { // the first Load marks 0 in the table, the second finds it marked
		if _, ok := m.Load(0); !ok {
			t.Fatal("Load(0) of a held value failed")
		}
	}
	retainStoreFresh(m, 1, 20) // 0 is read no more: the CLOCK evicts it
	if weakmap.Retains(m, 0) {
		t.Fatal("0 is still retained after 19 newer stores into a ring of 4")
	}
	if _, ok := m.Load(0); !ok {
		t.Fatal("Load(0) of a held value failed")
	}
	if !weakmap.Retains(m, 0) {
		t.Fatal("Load(0) of an evicted key did not retain it again: a stale mark took it for retained")
	}
	runtime.KeepAlive(held)
	checkRetention(t, m)
}
