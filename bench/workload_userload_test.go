package bench_test

import (
	"runtime"
	"strconv"
	"testing"
)

// BenchmarkUserLoad is LoadHit as a user would first write it: every call
// of the benchmark function makes its own keys, values and map, in one
// loop (so a key, its value and the map's entry are allocated next to
// one another), and times the loads right after, with no collection in
// between: the collector's work left from the setup runs during the
// loads, as it would in a program that has just filled its map. Its ratio
// to xsync-weak set against LoadHit's (whose map is made once, in
// separate passes, then collected) shows how much a map's read path
// depends on the state the program leaves the heap in.
func BenchmarkUserLoad(b *testing.B) { runRows(b, userLoadRows()) }

func userLoadRows() []row {
	var rows []row
	for _, n := range []int{1 * ki, 64 * ki} {
		r := newRow("UserLoad", "keys="+sizeName(n), targets(userLoadTargets), func(tg targetSpec) func(*testing.B) {
			return func(b *testing.B) {
				m, keys, vals := userFill(tg, n)
				b.ResetTimer()
				loadHits(b, m, keys)
				runtime.KeepAlive(vals)
			}
		})
		r.separate = true // a fresh map each call, made before the timer is reset
		rows = append(rows, r)
	}
	return rows
}

// userLoadTargets: weakstripe against the weak competitor it is compared
// with, with the twin to show the noise, and the strong pair.
var userLoadTargets = []string{"weakstripe", "weakstripe-twin", "xsync-weak", "strongmap", "xsync-strong"}

// userFill makes a map of tg holding n fresh keys, each made in the loop
// that stores it, as in `for i := range n { m.Store(strconv.Itoa(i), &v) }`.
func userFill(tg targetSpec, n int) (target, []string, []*payload) {
	m := tg.new()
	keys := make([]string, n)
	vals := make([]*payload, n)
	for i := range n {
		keys[i] = "key/" + strconv.Itoa(i*7919)
		vals[i] = &payload{name: "v"}
		m.Store(keys[i], vals[i])
	}
	return m, keys, vals
}
