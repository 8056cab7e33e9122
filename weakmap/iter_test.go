package weakmap_test

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// All, Keys, Values and Range: they skip collected entries, remove nothing, hold
// no lock while the body runs (so the body may call the map, Delete and
// Store included), stop when the loop breaks, and yield every key that is
// live and untouched for the whole loop exactly once.

// iterFixture returns a map of n keys, key k holding vals[k] (named
// strconv.Itoa(k)), with every key k%4 == 3 marked collected.
func iterFixture(t *testing.T, n int, opts ...weakmap.Option) (*weakmap.Map[int, payload], []*payload) {
	t.Helper()
	m := weakmap.New[int, payload](opts...)
	vals := make([]*payload, n)
	for i := range vals {
		vals[i] = &payload{name: strconv.Itoa(i)}
		m.Store(i, vals[i])
	}
	for i := 3; i < n; i += 4 {
		weakmap.MarkCollected(m, i)
	}
	return m, vals
}

// The three iterators, seen as sequences of keys: Values gives the key by
// the value's name.
func iterators(m *weakmap.Map[int, payload], vals []*payload, t *testing.T) map[string]func(yield func(int) bool) {
	return map[string]func(yield func(int) bool){
		"All": func(yield func(int) bool) {
			for k, v := range m.All() {
				if k < len(vals) && v != vals[k] || v == nil {
					t.Errorf("All yielded %d with %p, want %p", k, v, vals[k])
				}
				if !yield(k) {
					return
				}
			}
		},
		"Keys": func(yield func(int) bool) {
			for k := range m.Keys() {
				if !yield(k) {
					return
				}
			}
		},
		"Values": func(yield func(int) bool) {
			for v := range m.Values() {
				k, err := strconv.Atoi(v.name)
				if err != nil {
					t.Errorf("Values yielded a value named %q", v.name)
				}
				if !yield(k) {
					return
				}
			}
		},
		"Range": func(yield func(int) bool) {
			m.Range(func(k int, v *payload) bool {
				if k < len(vals) && v != vals[k] || v == nil {
					t.Errorf("Range passed %d with %p, want %p", k, v, vals[k])
				}
				return yield(k)
			})
		},
	}
}

func TestIteratorsSkipCollected(t *testing.T) {
	const n = 200
	m, vals := iterFixture(t, n, weakmap.WithShards(4), weakmap.WithSweepThreshold(1), weakmap.WithSweepBudget(0))
	for name, seq := range iterators(m, vals, t) {
		seen := make(map[int]int)
		for k := range seq {
			seen[k]++
		}
		for k := range n {
			want := 1
			if k%4 == 3 {
				want = 0
			}
			if seen[k] != want {
				t.Fatalf("%s yielded key %d %d times, want %d", name, k, seen[k], want)
			}
		}
		if len(seen) != n-n/4 {
			t.Fatalf("%s yielded %d keys, want %d", name, len(seen), n-n/4)
		}
		if m.RawLen() != n {
			t.Fatalf("%s removed entries: RawLen %d, want %d", name, m.RawLen(), n)
		}
	}
	runtime.KeepAlive(vals)
}

// Breaking out of the loop stops the iteration: the body runs exactly as
// many times as it asked for.
func TestIteratorsBreakStopsEarly(t *testing.T) {
	m, vals := iterFixture(t, 100, weakmap.WithShards(4))
	for name, seq := range iterators(m, vals, t) {
		for _, stopAt := range []int{1, 2, 7, 50} {
			visited := 0
			for range seq {
				visited++
				if visited == stopAt {
					break
				}
			}
			if visited != stopAt {
				t.Fatalf("%s: the body ran %d times, want %d: break did not stop the iteration", name, visited, stopAt)
			}
		}
		// An iterator can be ranged over again, from the start.
		n := 0
		for range seq {
			n++
		}
		if n != 75 {
			t.Fatalf("%s: a full loop after broken ones yielded %d keys, want 75", name, n)
		}
	}
	// The same with Map's own iterators, not through the wrappers above.
	visited := 0
	for range m.All() {
		visited++
		break
	}
	for range m.Values() {
		visited++
		break
	}
	for range m.Keys() {
		visited++
		break
	}
	m.Range(func(int, *payload) bool {
		visited++
		return false
	})
	if visited != 4 {
		t.Fatalf("four loops that break at once ran their bodies %d times", visited)
	}
	runtime.KeepAlive(vals)
}

// The body may call the map, Delete and Store included, while sweeps,
// growth and shrinking rebuild the shards under the loop. Keys nobody
// touches during the loop are yielded exactly once; collected keys never;
// deleted keys at most once.
func TestIteratorsBodyMayCallMap(t *testing.T) {
	const n = 300
	for _, name := range []string{"All", "Keys", "Values", "Range"} {
		t.Run(name, func(t *testing.T) {
			m, vals := iterFixture(t, n, weakmap.WithShards(2), weakmap.WithSweepThreshold(1), weakmap.WithSweepBudget(3))
			seq := iterators(m, vals, t)[name]
			// Touched during the loop: k%4 == 0 are deleted, k%4 == 1 with
			// k%8 == 1 are marked collected, 1000+ are stored. Untouched:
			// k%4 == 2 and k%8 == 5.
			untouched := func(k int) bool { return k < n && (k%4 == 2 || k%8 == 5) }
			var added []*payload
			seen := make(map[int]int)
			calls := 0
			finishes(t, "a loop whose body calls the map", 20*time.Second, func() {
				for k := range seq {
					seen[k]++
					calls++
					if calls > 10*n {
						t.Errorf("the loop ran %d times over a map of %d keys", calls, n)
						return
					}
					if calls%3 == 0 {
						// Grow the shards under the loop.
						for j := range 6 {
							v := &payload{name: strconv.Itoa(1000 + 6*calls + j)}
							added = append(added, v)
							m.Store(1000+6*calls+j, v)
						}
					}
					if calls%2 == 0 {
						for d := 0; d < n; d += 4 {
							if _, ok := m.LoadAndDelete(d); ok {
								break // one per call
							}
						}
						for c := 1; c < n; c += 8 {
							if v, ok := m.Load(c); ok && v == vals[c] {
								weakmap.MarkCollected(m, c)
								break
							}
						}
					}
					if calls%17 == 0 {
						m.Sweep() // may shrink or rebuild shards
					}
					if k < n && untouched(k) {
						if v, ok := m.Load(k); !ok || v != vals[k] {
							t.Errorf("Load(%d) inside the loop = %p, %v; want %p", k, v, ok, vals[k])
						}
					}
				}
			})
			for k := range n {
				switch {
				case untouched(k):
					if seen[k] != 1 {
						t.Errorf("untouched key %d was yielded %d times, want once", k, seen[k])
					}
				case k%4 == 3:
					if seen[k] != 0 {
						t.Errorf("key %d, collected before the loop, was yielded %d times", k, seen[k])
					}
				default:
					if seen[k] > 1 {
						t.Errorf("key %d, deleted or collected during the loop, was yielded %d times", k, seen[k])
					}
				}
			}
			for k, c := range seen {
				if c > 1 && k < 1000 {
					t.Errorf("key %d yielded %d times", k, c)
				}
			}
			runtime.KeepAlive(vals)
			runtime.KeepAlive(added)
		})
	}
}

// Snapshot copies exactly the live entries, and its values stay alive as
// long as the snapshot does.
func TestSnapshot(t *testing.T) {
	m, vals := iterFixture(t, 40, weakmap.WithShards(2), weakmap.WithSweepThreshold(0))
	snap := m.Snapshot()
	if len(snap) != 30 {
		t.Fatalf("Snapshot has %d entries, want 30", len(snap))
	}
	for k, v := range snap {
		if k%4 == 3 || v != vals[k] {
			t.Fatalf("Snapshot[%d] = %p, want %p (collected: %v)", k, v, vals[k], k%4 == 3)
		}
	}
	// The snapshot is a copy: changing the map does not change it.
	m.Delete(0)
	m.Store(1000, vals[1])
	if len(snap) != 30 || snap[0] != vals[0] || snap[1000] != nil {
		t.Fatal("Snapshot changed with the map")
	}
	if len(m.Snapshot()) != 30 {
		t.Fatalf("a second Snapshot has %d entries, want 30", len(m.Snapshot()))
	}
	runtime.KeepAlive(vals)
}
