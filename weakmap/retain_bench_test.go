package weakmap_test

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// BenchmarkLoadHitRetain is Load of live keys with retention off and on,
// for the paired comparison of the cost of WithRetain on the read path
// (results/README.md): the same keys and values, the map retaining every
// one of them when on (so that each hit finds its value marked, the hot
// case), and, in "on-small", retaining a quarter of them (so that most
// hits find their value not retained and try to retain it).
func BenchmarkLoadHitRetain(b *testing.B) {
	for _, n := range []int{1 << 10, 1 << 16} {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = "key" + strconv.Itoa(i)
		}
		vals := payloads("v", n)
		for _, c := range []struct {
			name   string
			retain int
		}{{"off", 0}, {"on", n}, {"on-small", n / 4}} {
			m := weakmap.New[string, payload](weakmap.WithRetain(c.retain))
			for i, k := range keys {
				m.Store(k, vals[i])
			}
			b.Run("keys="+strconv.Itoa(n)+"/retain="+c.name, func(b *testing.B) {
				b.RunParallel(func(pb *testing.PB) {
					i := 0
					for pb.Next() {
						i = (i + 7919) & (n - 1)
						if _, ok := m.Load(keys[i]); !ok {
							b.Error("a live key was not found")
							return
						}
					}
				})
			})
		}
		runtime.KeepAlive(vals)
	}
}
