package shard

import "testing"

// TestClear checks that Clear empties every shard (Len, Get, Range, and each
// shard back to one bucket), does not report the entries to Evicted (Keep
// rejected nothing), and leaves the table usable.
func TestClear(t *testing.T) {
	evicted := 0
	tb := New(Config[int, int]{
		Shards:     8,
		Keep:       func(*Entry[int, int]) bool { return true },
		DropOnGrow: true,
		Evicted:    func(es []*Entry[int, int]) { evicted += len(es) },
	})
	const n = 4000
	for k := range n {
		put(tb, k, k)
	}
	tb.Clear()
	if got := tb.Len(); got != 0 {
		t.Fatalf("Len after Clear = %d, want 0", got)
	}
	for k := range n {
		if v, ok := get(tb, k); ok {
			t.Fatalf("Get(%d) after Clear = %d, want absent", k, v)
		}
	}
	if got := collect(t, tb); len(got) != 0 {
		t.Fatalf("Range after Clear yielded %d entries", len(got))
	}
	for i := range tb.Shards() {
		if c := tb.Capacity(i); c != bucketSlots {
			t.Fatalf("shard %d has %d slots after Clear, want %d", i, c, bucketSlots)
		}
		if u := tb.Shard(i).used; u != 0 {
			t.Fatalf("shard %d has %d used slots after Clear", i, u)
		}
	}
	if evicted != 0 {
		t.Fatalf("Clear reported %d entries to Evicted, want 0", evicted)
	}

	// Usable again: insert, replace, delete.
	for k := range n {
		if !put(tb, k, -k) {
			t.Fatalf("insert %d after Clear: key reported present", k)
		}
	}
	for k := 0; k < n; k += 2 {
		del(tb, k)
	}
	if got := tb.Len(); got != n/2 {
		t.Fatalf("Len = %d, want %d", got, n/2)
	}
	for k := range n {
		v, ok := get(tb, k)
		if ok != (k%2 == 1) || (ok && v != -k) {
			t.Fatalf("Get(%d) after Clear and refill = (%d, %v)", k, v, ok)
		}
	}
}
