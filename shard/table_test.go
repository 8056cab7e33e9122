package shard

import "testing"

// TestTableOps checks the basic map semantics of the writer protocol and of
// the lock-free reads on many keys spread over several shards: insert,
// replace, delete half, reinsert; after every phase every key is checked
// through Get and through Find under the lock, and Len is exact.
func TestTableOps(t *testing.T) {
	const n = 5000
	tb := New(Config[int, int]{Shards: 4})
	if tb.Shards() != 4 {
		t.Fatalf("Shards() = %d, want 4", tb.Shards())
	}

	// check verifies that key k holds want (present) or is absent.
	check := func(phase string, k, want int, present bool) {
		t.Helper()
		v, ok := get(tb, k)
		if ok != present || (present && v != want) {
			t.Fatalf("%s: Get(%d) = (%d, %v), want (%d, %v)", phase, k, v, ok, want, present)
		}
		e := findLocked(tb, k)
		if (e != nil) != present || (present && (e.Key != k || e.Value != want)) {
			t.Fatalf("%s: Find(%d) = %+v, want present=%v value %d", phase, k, e, present, want)
		}
	}

	// Insert 0..n-1.
	for k := range n {
		if !put(tb, k, 10*k) {
			t.Fatalf("insert %d: Find reported the key present in an empty table", k)
		}
		if got := tb.Len(); got != k+1 {
			t.Fatalf("after inserting %d keys Len = %d", k+1, got)
		}
	}
	for k := range n {
		check("insert", k, 10*k, true)
	}
	if v, ok := get(tb, n); ok {
		t.Fatalf("Get(%d) of a never-stored key = %d, want absent", n, v)
	}

	// Replace every key: Len does not change.
	for k := range n {
		if put(tb, k, 10*k+1) {
			t.Fatalf("replace %d: Find reported the key absent", k)
		}
	}
	if got := tb.Len(); got != n {
		t.Fatalf("after replacing Len = %d, want %d", got, n)
	}
	for k := range n {
		check("replace", k, 10*k+1, true)
	}

	// Delete the even keys; deleting again finds nothing.
	for k := 0; k < n; k += 2 {
		if !del(tb, k) {
			t.Fatalf("delete %d: key not found", k)
		}
		if del(tb, k) {
			t.Fatalf("second delete of %d found the key again", k)
		}
	}
	if got := tb.Len(); got != n/2 {
		t.Fatalf("after deleting half Len = %d, want %d", got, n/2)
	}
	for k := range n {
		check("delete", k, 10*k+1, k%2 == 1)
	}

	// Reinsert the even keys with new values.
	for k := 0; k < n; k += 2 {
		if !put(tb, k, 10*k+2) {
			t.Fatalf("reinsert %d: Find reported a deleted key present", k)
		}
	}
	if got := tb.Len(); got != n {
		t.Fatalf("after reinserting Len = %d, want %d", got, n)
	}
	for k := range n {
		want := 10*k + 1
		if k%2 == 0 {
			want = 10*k + 2
		}
		check("reinsert", k, want, true)
	}
	got := collect(t, tb)
	if len(got) != n {
		t.Fatalf("Range yielded %d entries, want %d", len(got), n)
	}
}

// TestShardCounts checks that Len is the sum of per-shard counts that each
// shard keeps for its own keys: keys are spread over all 8 shards, and each
// shard's count equals the number of keys ShardOf assigns to it.
func TestShardCounts(t *testing.T) {
	tb := New(Config[int, int]{Shards: 8})
	want := make([]int, tb.Shards())
	for k := range 4000 {
		put(tb, k, k)
		want[tb.ShardOf(tb.Hash(k))]++
	}
	for i, w := range want {
		if got := int(tb.Shard(i).count.Load()); got != w {
			t.Fatalf("shard %d holds %d entries, want %d (keys ShardOf assigns to it)", i, got, w)
		}
		if w == 0 {
			t.Fatalf("shard %d got none of 4000 keys", i)
		}
	}
}

// TestShardsRounding checks Config.Shards: rounded up to a power of two,
// values below 1 mean 1, capped at MaxShards.
func TestShardsRounding(t *testing.T) {
	for _, tc := range []struct{ in, want int }{
		{-5, 1}, {0, 1}, {1, 1}, {2, 2}, {3, 4}, {5, 8}, {16, 16}, {17, 32},
		{MaxShards, MaxShards}, {MaxShards + 1, MaxShards},
	} {
		tb := New(Config[int, int]{Shards: tc.in})
		if got := tb.Shards(); got != tc.want {
			t.Fatalf("Config.Shards %d gave %d shards, want %d", tc.in, got, tc.want)
		}
	}
}
