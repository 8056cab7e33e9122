package bench_test

import (
	"iter"
	"runtime"
	"sync"
	"weak"
)

// goBlog is competitor 2, the weak cache of the Go blog's article on
// cleanups and weak pointers: a sync.Map of weak pointers, and one
// runtime.AddCleanup per Store that deletes the entry, with
// CompareAndDelete, once its value is freed. Cleanups are never stopped,
// so a value stored many times carries one cleanup per Store. sync.Map has
// no size, so Len and RawLen count with Range.
type goBlog struct{ m sync.Map }

func newGoBlog() target { return new(goBlog) }

func (c *goBlog) Load(k string) (*payload, bool) {
	wp, ok := c.m.Load(k)
	if !ok {
		return nil, false
	}
	v := wp.(weak.Pointer[payload]).Value()
	return v, v != nil
}

func (c *goBlog) Store(k string, v *payload) {
	wp := weak.Make(v)
	c.m.Store(k, wp)
	runtime.AddCleanup(v, func(k string) { c.m.CompareAndDelete(k, wp) }, k)
}

func (c *goBlog) Delete(k string) { c.m.Delete(k) }

func (c *goBlog) Len() int {
	n := 0
	for range c.All() {
		n++
	}
	return n
}

func (c *goBlog) RawLen() int {
	n := 0
	c.m.Range(func(_, _ any) bool {
		n++
		return true
	})
	return n
}

func (c *goBlog) All() iter.Seq2[string, *payload] {
	return func(yield func(string, *payload) bool) {
		c.m.Range(func(k, wp any) bool {
			if v := wp.(weak.Pointer[payload]).Value(); v != nil {
				return yield(k.(string), v)
			}
			return true
		})
	}
}

func (c *goBlog) Snapshot() map[string]*payload {
	s := make(map[string]*payload)
	for k, v := range c.All() {
		s[k] = v
	}
	return s
}
