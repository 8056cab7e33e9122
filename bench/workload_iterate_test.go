package bench_test

import "testing"

// BenchmarkIterate reads a map of 64Ki live entries two ways:
// op=AllBreak10 ranges over All and breaks after 10 entries (what a lazy
// iterator costs to start and stop), op=Snapshot copies every live entry
// into a plain map.
func BenchmarkIterate(b *testing.B) {
	const n = 64 * ki
	for _, tg := range targets(baseTargets) {
		st := &filledTarget{spec: tg, n: n}
		b.Run("op=AllBreak10/size="+sizeName(n)+"/target="+tg.name, func(b *testing.B) {
			m := st.get(b)
			for range b.N {
				seen := 0
				for range m.All() {
					if seen++; seen == 10 {
						break
					}
				}
				if seen != 10 {
					b.Fatalf("All yielded %d entries, want 10", seen)
				}
			}
		})
		b.Run("op=Snapshot/size="+sizeName(n)+"/target="+tg.name, func(b *testing.B) {
			m := st.get(b)
			for range b.N {
				if s := m.Snapshot(); len(s) != n {
					b.Fatalf("Snapshot has %d entries, want %d", len(s), n)
				}
			}
		})
		st.release()
	}
}
