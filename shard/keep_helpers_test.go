package shard

import (
	"sync"
	"sync/atomic"
	"testing"
)

// item is a value whose liveness the test controls. Once dead it stays dead,
// as Config.Keep requires.
type item struct {
	id   int
	dead atomic.Bool
}

type itemEntry = Entry[int, *item]

// keepTable is a table whose Keep rejects dead items, with a record of what
// Keep saw and what Evicted received.
type keepTable struct {
	*Table[int, *item]
	items map[int]*item

	mu          sync.Mutex
	evicted     map[*itemEntry]int // times each entry was reported
	batches     int
	lockedEvict int // entries reported while their shard lock was held
	storedEvict int // entries reported while still stored under their key
	keepLocked  atomic.Int64
	keepCalls   atomic.Int64
}

// newKeepTable builds the table; n items with ids 0..n-1 are inserted.
func newKeepTable(shards int, dropOnGrow bool, n int) *keepTable {
	kt := &keepTable{items: make(map[int]*item), evicted: make(map[*itemEntry]int)}
	kt.Table = New(Config[int, *item]{
		Shards:     shards,
		DropOnGrow: dropOnGrow,
		Keep: func(e *itemEntry) bool {
			kt.keepCalls.Add(1)
			if kt.lockHeld(e.Key) {
				kt.keepLocked.Add(1)
			}
			return !e.Value.dead.Load()
		},
		Evicted: kt.onEvicted,
	})
	for id := range n {
		kt.add(id)
	}
	return kt
}

func (kt *keepTable) add(id int) *item {
	it := &item{id: id}
	kt.items[id] = it
	put(kt.Table, id, it)
	return it
}

// lockHeld reports whether the lock of key's shard is held (by anyone; the
// tests that use it are single-goroutine).
func (kt *keepTable) lockHeld(key int) bool {
	s := kt.Shard(kt.ShardOf(kt.Hash(key)))
	if s.mu.TryLock() {
		s.mu.Unlock()
		return false
	}
	return true
}

// onEvicted records a batch. It checks that the shard lock is free, then
// takes it through the public API (which would deadlock if Evicted ran
// under the lock) and checks the entry is really gone from the table.
func (kt *keepTable) onEvicted(es []*itemEntry) {
	for _, e := range es {
		locked := kt.lockHeld(e.Key)
		var cur *itemEntry
		if !locked {
			cur = findLocked(kt.Table, e.Key)
		}
		kt.mu.Lock()
		kt.evicted[e]++
		if locked {
			kt.lockedEvict++
		}
		if cur == e {
			kt.storedEvict++
		}
		kt.mu.Unlock()
	}
	kt.mu.Lock()
	kt.batches++
	kt.mu.Unlock()
}

// kill marks item id dead.
func (kt *keepTable) kill(id int) { kt.items[id].dead.Store(true) }

// checkEvicted verifies that Evicted received exactly want distinct
// entries, each once, each dead, each no longer stored, and never under the
// lock.
func (kt *keepTable) checkEvicted(t *testing.T, want int) {
	t.Helper()
	kt.mu.Lock()
	defer kt.mu.Unlock()
	if kt.lockedEvict != 0 {
		t.Fatalf("Evicted received %d entries while their shard lock was held, want 0", kt.lockedEvict)
	}
	if kt.storedEvict != 0 {
		t.Fatalf("Evicted received %d entries that were still stored, want 0", kt.storedEvict)
	}
	if len(kt.evicted) != want {
		t.Fatalf("Evicted received %d distinct entries, want %d", len(kt.evicted), want)
	}
	for e, n := range kt.evicted {
		if n != 1 {
			t.Fatalf("Evicted received entry %d %d times, want once", e.Key, n)
		}
		if !e.Value.dead.Load() {
			t.Fatalf("Evicted received live entry %d", e.Key)
		}
	}
}

// slots returns, for shard i, the entry in every slot of its current array
// (nil for an empty or deleted slot).
func (kt *keepTable) slots(i int) []*itemEntry {
	s := kt.Shard(i)
	s.mu.Lock()
	defer s.mu.Unlock()
	bs := *s.buckets.Load()
	out := make([]*itemEntry, 0, len(bs)*bucketSlots)
	for b := range bs {
		for j := range bs[b].e {
			out = append(out, bs[b].e[j].Load())
		}
	}
	return out
}
