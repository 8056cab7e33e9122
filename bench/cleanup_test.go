package bench_test

import (
	"runtime"
	"sync"
	"testing"
	"weak"

	"github.com/weakstripe/weakstripe/weakmap"
)

// goBlogCache is the weak cache of the Go blog's "cleanups and weak
// pointers" article: sync.Map of weak pointers, one runtime.AddCleanup per
// Store that deletes the entry with CompareAndDelete.
type goBlogCache struct{ m sync.Map }

func (c *goBlogCache) Store(k string, v *payload) {
	wp := weak.Make(v)
	c.m.Store(k, wp)
	runtime.AddCleanup(v, func(k string) { c.m.CompareAndDelete(k, wp) }, k)
}

func (c *goBlogCache) Load(k string) (*payload, bool) {
	wp, ok := c.m.Load(k)
	if !ok {
		return nil, false
	}
	v := wp.(weak.Pointer[payload]).Value()
	return v, v != nil
}

// BenchmarkCleanupStore stores, under 64Ki existing keys, values that
// alternate between two live sets: with WithGCCleanup each store registers
// a cleanup on the new value and stops the old one's; the Go-blog cache
// registers one more cleanup per store and never stops any.
func BenchmarkCleanupStore(b *testing.B) {
	targets := []struct {
		name string
		m    func() loadStorer
	}{
		{"weakmap", func() loadStorer { return weakmap.New[string, payload]() }},
		{"weakmap-gccleanup", func() loadStorer { return weakmap.New[string, payload](weakmap.WithGCCleanup()) }},
		{"goblog", func() loadStorer { return new(goBlogCache) }},
	}
	for _, tg := range targets {
		m, vals := filled(tg.m)
		alt := newValues("alt")
		b.Run(tg.name, func(b *testing.B) { storeAlternating(b, m, vals, alt) })
		runtime.KeepAlive(vals)
		runtime.KeepAlive(alt)
		settle()
	}
}
