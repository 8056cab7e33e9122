package shard

import "testing"

// TestRetainOneShard: Retain(i, ...) works on shard i alone. With dead
// entries in all four shards, a whole-shard step on shard 2 removes exactly
// shard 2's dead entries; the other shards keep theirs and their Stats stay
// zero.
func TestRetainOneShard(t *testing.T) {
	kt := newKeepTable(4, false, 4000)
	deadIn := make([]int, kt.Shards())
	for id := 0; id < 4000; id += 2 {
		kt.kill(id)
		deadIn[kt.ShardOf(kt.Hash(id))]++
	}
	r := kt.Retain(2, 0)
	if r.Examined != kt.Capacity(2) || r.Removed != deadIn[2] {
		t.Fatalf("Retain(2, 0) = %+v, want {Examined:%d Removed:%d}", r, kt.Capacity(2), deadIn[2])
	}
	for id := 0; id < 4000; id += 2 {
		_, ok := get(kt.Table, id)
		if want := kt.ShardOf(kt.Hash(id)) != 2; ok != want {
			t.Fatalf("dead key %d (shard %d) stored = %v, want %v", id, kt.ShardOf(kt.Hash(id)), ok, want)
		}
	}
	for i := range kt.Shards() {
		if st := kt.Stats(i).record(); i != 2 && st != (Stats{}) {
			t.Fatalf("shard %d Stats %+v after a step on shard 2, want zero", i, st)
		}
	}
	kt.checkEvicted(t, deadIn[2])
}

// TestRemoveChecksIdentity: a sweep step decides without the lock, so by
// the time it removes a dead entry its key may hold a new entry. remove must
// then leave the key alone and report nothing.
func TestRemoveChecksIdentity(t *testing.T) {
	kt := newKeepTable(1, false, 100)
	old := findLocked(kt.Table, 7)
	kt.kill(7)
	fresh := &itemEntry{Key: 7, Value: &item{id: 7}}
	putEntry(kt.Table, fresh) // the key now holds a live entry
	if n := kt.Shard(0).remove([]*itemEntry{old}); n != 0 {
		t.Fatalf("remove of a replaced entry removed %d, want 0", n)
	}
	if got := findLocked(kt.Table, 7); got != fresh {
		t.Fatalf("key 7 holds %p after remove of the old entry, want the new one %p", got, fresh)
	}
	// And a removed entry is not removed twice.
	kt.kill(8)
	e8 := findLocked(kt.Table, 8)
	if n := kt.Shard(0).remove([]*itemEntry{e8, e8}); n != 1 {
		t.Fatalf("remove of the same dead entry twice removed %d, want 1", n)
	}
	if st := kt.Stats(0); st.Removed != 1 {
		t.Fatalf("Stats.Removed %d, want 1", st.Removed)
	}
	kt.checkEvicted(t, 1)
	if n := kt.Len(); n != 99 {
		t.Fatalf("Len %d, want 99", n)
	}
}

// TestTryRetainNeverWaits: TryRetain runs no step while the shard is
// locked, and runs one like Retain when it is free; it leaves what it
// removed for the next Unlock to report, not reporting it itself (the
// Evicted hook may wait for a lock).
func TestTryRetainNeverWaits(t *testing.T) {
	kt := newKeepTable(1, false, 100)
	kt.kill(7)
	s := kt.LockShard(0)
	if _, ran := kt.TryRetain(0, 0); ran {
		t.Fatal("TryRetain ran a step on a locked shard")
	}
	s.Unlock()
	if st := kt.Stats(0); st.Steps != 0 {
		t.Fatalf("Stats.Steps %d after a TryRetain that did not run, want 0", st.Steps)
	}
	r, ran := kt.TryRetain(0, 0)
	if !ran || r.Removed != 1 {
		t.Fatalf("TryRetain on a free shard = %+v, %v; want 1 removed, true", r, ran)
	}
	kt.checkEvicted(t, 0)
	kt.LockShard(0).Unlock()
	kt.checkEvicted(t, 1)
}

// TestRetainReportsWhatTryRetainLeft: Retain (what Sweep runs) reports
// the batch a TryRetain left pending, even when it finds nothing itself.
func TestRetainReportsWhatTryRetainLeft(t *testing.T) {
	kt := newKeepTable(1, false, 100)
	kt.kill(7)
	if r, ran := kt.TryRetain(0, 0); !ran || r.Removed != 1 {
		t.Fatalf("TryRetain = %+v, %v; want 1 removed, true", r, ran)
	}
	kt.checkEvicted(t, 0)
	kt.Retain(0, 1)
	kt.checkEvicted(t, 1)
}
