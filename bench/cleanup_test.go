package bench_test

import (
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// BenchmarkCleanupStore stores, under 64Ki existing keys, values that
// alternate between two live sets: with WithGCCleanup each store registers
// a cleanup on the new value and stops the old one's; the Go-blog cache
// (goBlog, competitor_goblog_test.go) registers one more cleanup per store
// and never stops any.
func BenchmarkCleanupStore(b *testing.B) {
	targets := []struct {
		name string
		m    func() loadStorer
	}{
		{"weakmap", func() loadStorer { return weakmap.New[string, payload]() }},
		{"weakmap-gccleanup", func() loadStorer { return weakmap.New[string, payload](weakmap.WithGCCleanup()) }},
		{"goblog", func() loadStorer { return new(goBlog) }},
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
