package bench_test

import "testing"

// BenchmarkIterate reads a map of 1Ki or 64Ki live entries two ways:
// op=AllBreak10 ranges over All and breaks after 10 entries (what a lazy
// iterator costs to start and stop), op=Snapshot copies every live entry
// into a plain map.
func BenchmarkIterate(b *testing.B) { runRows(b, iterateRows()) }

func iterateRows() []row {
	var rows []row
	for _, n := range []int{1 * ki, 64 * ki} {
		rows = append(rows, iterateRowsOf(n)...)
	}
	return rows
}

func iterateRowsOf(n int) []row {
	shared := map[string]*filledTarget{}
	for _, tg := range targets(baseTargets) {
		shared[tg.name] = &filledTarget{spec: tg, n: n}
	}
	allBreak := newRow("Iterate", "op=AllBreak10/size="+sizeName(n), targets(baseTargets), func(tg targetSpec) func(*testing.B) {
		st := shared[tg.name]
		return func(b *testing.B) {
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
		}
	})
	snapshot := newRow("Iterate", "op=Snapshot/size="+sizeName(n), targets(baseTargets), func(tg targetSpec) func(*testing.B) {
		st := shared[tg.name]
		return func(b *testing.B) {
			m := st.get(b)
			for range b.N {
				if s := m.Snapshot(); len(s) != n {
					b.Fatalf("Snapshot has %d entries, want %d", len(s), n)
				}
			}
		}
	})
	allBreak.serial, snapshot.serial = true, true
	return []row{allBreak, snapshot}
}
