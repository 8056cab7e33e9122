package bench_test

import (
	"iter"
	"weak"

	"github.com/puzpuzpuz/xsync/v3"
)

// xsyncWeak is competitor 1, the usual weak cache in Go:
// xsync.MapOf[string, weak.Pointer[V]], resolved with Value on every read.
// Nothing removes an entry whose value died. Sweep is what its user would
// write: Range, and Compute to delete each entry that is still dead under
// its bucket's lock.
type xsyncWeak struct {
	m *xsync.MapOf[string, weak.Pointer[payload]]
}

func newXsyncWeak() target {
	return xsyncWeak{xsync.NewMapOf[string, weak.Pointer[payload]]()}
}

func (x xsyncWeak) Load(k string) (*payload, bool) {
	wp, ok := x.m.Load(k)
	if !ok {
		return nil, false
	}
	v := wp.Value()
	return v, v != nil
}

func (x xsyncWeak) Store(k string, v *payload) { x.m.Store(k, weak.Make(v)) }

func (x xsyncWeak) Delete(k string) { x.m.Delete(k) }

func (x xsyncWeak) Len() int {
	n := 0
	x.m.Range(func(_ string, wp weak.Pointer[payload]) bool {
		if wp.Value() != nil {
			n++
		}
		return true
	})
	return n
}

func (x xsyncWeak) RawLen() int { return x.m.Size() }

func (x xsyncWeak) All() iter.Seq2[string, *payload] {
	return func(yield func(string, *payload) bool) {
		x.m.Range(func(k string, wp weak.Pointer[payload]) bool {
			if v := wp.Value(); v != nil {
				return yield(k, v)
			}
			return true
		})
	}
}

func (x xsyncWeak) Snapshot() map[string]*payload {
	s := make(map[string]*payload)
	for k, v := range x.All() {
		s[k] = v
	}
	return s
}

func (x xsyncWeak) Sweep() (removed int) {
	x.m.Range(func(k string, wp weak.Pointer[payload]) bool {
		if wp.Value() != nil {
			return true
		}
		x.m.Compute(k, func(old weak.Pointer[payload], loaded bool) (weak.Pointer[payload], bool) {
			dead := loaded && old.Value() == nil
			if dead {
				removed++
			}
			// An absent key is "deleted" again, which does nothing;
			// keeping it would store a zero weak pointer.
			return old, dead || !loaded
		})
		return true
	})
	return removed
}

// xsyncStrong is competitor 4, the speed limit: xsync.MapOf[string, *V],
// which holds its values strongly and does nothing about liveness.
type xsyncStrong struct {
	m *xsync.MapOf[string, *payload]
}

func newXsyncStrong() target { return xsyncStrong{xsync.NewMapOf[string, *payload]()} }

func (x xsyncStrong) Load(k string) (*payload, bool) { return x.m.Load(k) }

func (x xsyncStrong) Store(k string, v *payload) { x.m.Store(k, v) }

func (x xsyncStrong) Delete(k string) { x.m.Delete(k) }

func (x xsyncStrong) Len() int { return x.m.Size() }

func (x xsyncStrong) RawLen() int { return x.m.Size() }

func (x xsyncStrong) All() iter.Seq2[string, *payload] {
	return func(yield func(string, *payload) bool) { x.m.Range(yield) }
}

func (x xsyncStrong) Snapshot() map[string]*payload {
	s := make(map[string]*payload, x.m.Size())
	x.m.Range(func(k string, v *payload) bool {
		s[k] = v
		return true
	})
	return s
}
