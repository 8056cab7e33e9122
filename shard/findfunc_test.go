package shard

import "testing"

// FindFunc finds an entry by hash and predicate, without its key: it
// returns the stored entry match accepts, with its position as Find gives
// it, and (-1, nil) when match accepts none, also for a hash whose probe
// holds other keys.
func TestFindFunc(t *testing.T) {
	tb := New(Config[int, int]{Shards: 1})
	for k := range 100 {
		put(tb, k, k*10)
	}
	for k := range 100 {
		h := tb.Hash(k)
		s := tb.Lock(h)
		wantPos, want := s.Find(h, k)
		pos, e := s.FindFunc(h, func(e *Entry[int, int]) bool { return e.Value == k*10 })
		none, ne := s.FindFunc(h, func(e *Entry[int, int]) bool { return e.Value == -1 })
		s.Unlock()
		if e != want || pos != wantPos {
			t.Fatalf("key %d: FindFunc = %d, %v; Find = %d, %v", k, pos, e, wantPos, want)
		}
		if none != -1 || ne != nil {
			t.Fatalf("key %d: FindFunc with a predicate that matches nothing = %d, %v", k, none, ne)
		}
	}
}
