package shard

import "testing"

// TestRangeOnce checks that Range, with no concurrent writer, yields every
// stored entry exactly once, with its current value, and nothing else, on a
// table that has seen growth, replacements and deletions.
func TestRangeOnce(t *testing.T) {
	tb := New(Config[int, string]{Shards: 8})
	want := make(map[int]string)
	for k := range 3000 {
		put(tb, k, "a")
		want[k] = "a"
	}
	for k := 0; k < 3000; k += 3 {
		del(tb, k)
		delete(want, k)
	}
	for k := 1; k < 3000; k += 3 {
		put(tb, k, "b")
		want[k] = "b"
	}
	got := collect(t, tb) // fails on a key yielded twice
	if len(got) != len(want) {
		t.Fatalf("Range yielded %d entries, want %d", len(got), len(want))
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Fatalf("Range gave key %d value (%q, %v), want (%q, true)", k, g, ok, v)
		}
	}
	if tb.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", tb.Len(), len(want))
	}
}

// TestRangeStopsEarly checks that Range returns as soon as f returns false:
// f is called exactly k times when it returns false on its k-th call,
// whichever shard that call falls in.
func TestRangeStopsEarly(t *testing.T) {
	tb := New(Config[int, int]{Shards: 8})
	const n = 1000
	for k := range n {
		put(tb, k, k)
	}
	for _, stop := range []int{1, 2, 7, 500, n - 1, n} {
		calls := 0
		tb.Range(func(*Entry[int, int]) bool {
			calls++
			return calls < stop
		})
		if calls != stop {
			t.Fatalf("f returned false on call %d, but Range called it %d times", stop, calls)
		}
	}
	empty := New(Config[int, int]{Shards: 4})
	empty.Range(func(e *Entry[int, int]) bool {
		t.Fatalf("Range on an empty table yielded %+v", e)
		return true
	})
}

// TestRangeMayCallTable checks the documented promise that Range takes no
// lock, so f may call the table, including its writers: deleting every
// yielded key from inside f must neither deadlock nor leave any key behind.
func TestRangeMayCallTable(t *testing.T) {
	tb := New(Config[int, int]{Shards: 4})
	for k := range 500 {
		put(tb, k, k)
	}
	tb.Range(func(e *Entry[int, int]) bool {
		if !del(tb, e.Key) {
			t.Fatalf("deleting yielded key %d from inside Range: not found", e.Key)
		}
		return true
	})
	if n := tb.Len(); n != 0 {
		t.Fatalf("Len = %d after deleting every yielded key, want 0", n)
	}
}
