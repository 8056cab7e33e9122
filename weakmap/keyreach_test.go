package weakmap_test

import (
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/weakstripe/weakstripe/weakmap"
)

// A Map's GC cleanup must not hold the key: the runtime keeps a cleanup's
// argument alive while its object lives, so a key that refers to the map
// would keep the map alive as long as any of its values lives, and the
// dropped map's cleanups would never be stopped.
func TestMapKeyReachingMapDoesNotKeepItAlive(t *testing.T) {
	long := &payload{name: "long-lived"}
	for _, cleanup := range []bool{false, true} {
		w := abandonOwnedMap(long, cleanup)
		if !pollGC(5*time.Second, func() bool { return w.Value() == nil }) {
			t.Errorf("WithGCCleanup=%v: a dropped Map whose key refers to it stayed alive 5 s while its value lived: the cleanup on the value holds the key, which holds the map", cleanup)
		}
	}
	runtime.KeepAlive(long)
}

type mapOwner struct {
	m *weakmap.Map[*mapOwner, payload]
	_ [4]int
}

//go:noinline
func abandonOwnedMap(v *payload, cleanup bool) weak.Pointer[weakmap.Map[*mapOwner, payload]] {
	var opts []weakmap.Option
	if cleanup {
		opts = append(opts, weakmap.WithGCCleanup())
	}
	o := &mapOwner{m: weakmap.New[*mapOwner, payload](opts...)}
	o.m.Store(o, v)
	return weak.Make(o.m)
}
