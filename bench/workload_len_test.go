package bench_test

import "testing"

// BenchmarkLen counts a map of live entries two ways: op=Len counts the
// live entries (O(n) everywhere: every weak pointer must be resolved),
// op=RawLen the stored ones (O(shards) for weakstripe, O(1) for xsync and
// seed, O(n) for the Go-blog cache, whose sync.Map has no size). Sizes are
// 1Ki and 64Ki, and 1Mi with BENCH_LARGE=1.
func BenchmarkLen(b *testing.B) { runRows(b, lenRows()) }

func lenRows() []row {
	var rows []row
	for _, n := range withLarge(1*ki, 64*ki) {
		// Both counts of a target read one map.
		shared := map[string]*filledTarget{}
		for _, tg := range targets(baseTargets) {
			shared[tg.name] = &filledTarget{spec: tg, n: n}
		}
		for _, op := range []struct {
			name  string
			count func(target) int
		}{
			{"Len", target.Len},
			{"RawLen", target.RawLen},
		} {
			r := newRow("Len", "op="+op.name+"/size="+sizeName(n), targets(baseTargets), func(tg targetSpec) func(*testing.B) {
				st := shared[tg.name]
				return func(b *testing.B) {
					m := st.get(b)
					for range b.N {
						if got := op.count(m); got != n {
							b.Fatalf("%s is %d, want %d", op.name, got, n)
						}
					}
				}
			})
			r.serial = true
			rows = append(rows, r)
		}
	}
	return rows
}

// filledTarget is a map of n live entries, made the first time a
// benchmark asks for it (so that a filter that skips it skips the work)
// and shared by the benchmarks that read it.
type filledTarget struct {
	spec targetSpec
	n    int
	m    target
	vals []*payload
}

// get returns the map, made on the first call outside the timed region.
// The map and its values live as long as f.
func (f *filledTarget) get(b *testing.B) target {
	if f.m == nil {
		f.vals = newPayloads(f.n, "v")
		f.m = fill(f.spec, keyList(f.n), f.vals)
		settle()
		b.ResetTimer()
	}
	return f.m
}
