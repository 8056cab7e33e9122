package shard

// RetainResult says what one Retain step did.
type RetainResult struct {
	Examined int // slots looked at
	Removed  int // entries Keep rejected
}

// Retain runs one incremental sweep step on shard i: it examines at most
// budget slots, starting at the shard's cursor and wrapping around, and
// removes the entries that the table's Keep predicate rejects. A budget of 0
// (or one at least the shard's size) examines every slot once. The cursor
// moves past the examined slots, so successive steps cover the whole shard
// in ceil(slots/budget) steps. Without a Keep predicate Retain removes
// nothing.
//
// Keep is called without the lock: on a large table each call may cost
// several cache misses, and writers of the shard should not wait for them.
// The lock is taken only to claim the range of slots (moving the cursor)
// and, briefly, to remove the rejected entries, each only if its key still
// holds that very entry and Keep rejects it again (KeepLocked, if set):
// its owner may have changed its value in place in between (see Entry). The second call costs
// one per dead entry, and almost every entry a step examines is live.
//
// A step that leaves the shard's array mostly empty rebuilds it smaller, so
// a shard whose entries died does not keep a large array for ever. That
// rebuild drops every entry Keep rejects, also those the cursor had not
// reached: it restarts the cursor, and must not make a dead entry wait
// another full round.
func (t *Table[K, V]) Retain(i, budget int) RetainResult {
	r, _ := t.retain(i, budget, false)
	return r
}

// retain is Retain; with try, for callers that must never wait for a lock
// (TryTick), it is tryRetain.
func (t *Table[K, V]) retain(i, budget int, try bool) (RetainResult, bool) {
	s := &t.shards[i].Shard
	if try {
		return t.tryRetain(s, budget)
	}
	s.mu.Lock()
	bs := *s.buckets.Load()
	n := len(bs) * bucketSlots
	if budget <= 0 || budget > n {
		budget = n
	}
	c := int(s.cursor.Load())
	s.cursor.Store(int64((c + budget) % n))
	s.Unlock() // reports what an earlier tryRetain left pending

	r := RetainResult{Examined: budget}
	if t.keep != nil {
		var dead [32]*Entry[K, V]
		nd := 0
		for range budget {
			if e := bs[c/bucketSlots].e[c%bucketSlots].Load(); e != nil && !t.keep(e) {
				dead[nd] = e
				if nd++; nd == len(dead) {
					r.Removed += s.remove(dead[:nd])
					nd = 0
				}
			}
			if c++; c == n {
				c = 0
			}
		}
		r.Removed += s.remove(dead[:nd])
	}
	s.steps.Add(1)
	s.examined.Add(uint64(budget))
	return r, true
}

// tryRetain is Retain for a caller that must never wait for a lock, nor
// for what the Evicted hook does. It runs the step only if it can lock the
// shard at once, both to read the cursor and, after calling Keep without
// the lock, to remove what Keep rejected and move the cursor past the
// range: if the second TryLock fails, it has removed nothing and left the
// cursor where it was, and reports that it did not run, so that no range
// is ever skipped (the sweep bound of package sweep counts on it). The
// cursor moves only if no other step or rebuild moved it meanwhile; if one
// did, that one covers the range.
//
// It does not hand the entries it removes to Evicted, which may wait for a
// lock: it leaves them in the shard's pending batch, for the next Unlock
// of the shard, by a writer, Clear or Retain, to report.
func (t *Table[K, V]) tryRetain(s *Shard[K, V], budget int) (RetainResult, bool) {
	if !s.mu.TryLock() {
		return RetainResult{}, false
	}
	arr := s.buckets.Load()
	bs := *arr
	n := len(bs) * bucketSlots
	if budget <= 0 || budget > n {
		budget = n
	}
	start := s.cursor.Load()
	s.mu.Unlock()

	var buf [32]*Entry[K, V]
	dead := buf[:0]
	if t.keep != nil {
		for c, k := int(start), 0; k < budget; k++ {
			if e := bs[c/bucketSlots].e[c%bucketSlots].Load(); e != nil && !t.keep(e) {
				dead = append(dead, e)
			}
			if c++; c == n {
				c = 0
			}
		}
	}
	if !s.mu.TryLock() {
		return RetainResult{}, false
	}
	if s.buckets.Load() == arr && s.cursor.Load() == start {
		s.cursor.Store((start + int64(budget)) % int64(n))
	}
	r := RetainResult{Examined: budget, Removed: s.removeLocked(dead)}
	s.mu.Unlock() // not Unlock: the pending batch waits for a writer
	s.steps.Add(1)
	s.examined.Add(uint64(budget))
	return r, true
}

// remove deletes each of the given entries whose key still holds it, and
// returns how many entries it removed: those, and the dead ones a shrinking
// rebuild drops.
func (s *Shard[K, V]) remove(dead []*Entry[K, V]) int {
	if len(dead) == 0 {
		return 0
	}
	s.mu.Lock()
	removed := s.removeLocked(dead)
	s.Unlock()
	return removed
}

// removeLocked is remove with s locked; the removed entries join the
// pending batch.
func (s *Shard[K, V]) removeLocked(dead []*Entry[K, V]) (removed int) {
	for _, e := range dead {
		// Keep again (KeepLocked), under the lock: its owner may have
		// changed the entry's value in place since the step's call
		// without the lock.
		if pos, cur := s.Find(s.t.Hash(e.Key), e.Key); cur == e && !s.t.keepLocked(e) {
			s.delete(pos)
			s.reject(e)
			removed++
		}
	}
	if len(dead) > 0 && shrinkable(int(s.count.Load()), len(*s.buckets.Load())) {
		removed += s.rebuild(s.t.keep != nil, 0, nil)
	}
	return removed
}

// Stats is a shard's sweep state: what its steps have done, and where it
// stands (its size, the C of the sweep bound of package sweep; its cursor;
// its count of ticks toward the next step).
type Stats struct {
	Steps    uint64 // Retain steps run
	Examined uint64 // slots examined by them
	Removed  uint64 // entries Keep rejected, in Retain steps and rebuilds

	Slots   int   // slots in the shard's current array: the C of the bound
	Cursor  int   // slot where the next Retain step starts
	Pending int64 // operations counted by Tick since the last step it ran
}

// Stats returns the sweep state of shard i. It takes no lock: each field is
// read on its own, so a Stats taken while the shard changes may mix states.
func (t *Table[K, V]) Stats(i int) Stats {
	s := &t.shards[i].Shard
	return Stats{
		Steps:    s.steps.Load(),
		Examined: s.examined.Load(),
		Removed:  s.removed.Load(),
		Slots:    len(*s.buckets.Load()) * bucketSlots,
		Cursor:   int(s.cursor.Load()),
		Pending:  s.ops.Load(),
	}
}
