package shard

import (
	"math/bits"
	"unsafe"
)

// Growth policy. A shard's used slots (entries plus deleted slots) stay at
// or below 3/4 of its slots; when an insert would pass that, the shard is
// rebuilt with the smallest power of two of buckets that holds its entries
// at a load of at most 1/2, which drops the deleted slots and, with
// DropOnGrow, the entries Keep rejects (see Config.Epoch). At these loads
// a lookup reads about one bucket. Set, which inserts, tests the limit.

func bucketsFor(entries int) int {
	n := 1
	for n*bucketSlots < 2*entries {
		n *= 2
	}
	return n
}

// Lock locks and returns the shard that owns hash h.
func (t *Table[K, V]) Lock(h uint64) *Shard[K, V] {
	s := t.shardOf(h)
	s.mu.Lock()
	return s
}

// Unlock unlocks s, then hands what Keep rejected while it was locked, and
// what a TryTick step left pending, to the table's Evicted hook.
func (s *Shard[K, V]) Unlock() {
	p := s.pending
	if p != nil {
		s.pending = nil // only if set: a write here would dirty the line for nothing
	}
	s.mu.Unlock()
	if p != nil {
		s.t.evicted(p)
	}
}

// Find returns the position and entry stored under key, or (-1, nil). It
// does only atomic loads, so Get also uses it, without the lock, as its
// full probe.
func (s *Shard[K, V]) Find(h uint64, key K) (pos int, e *Entry[K, V]) {
	bs := *s.buckets.Load()
	mask := uint64(len(bs) - 1)
	// broadcast(tagOf(h)), zeroBytes and firstByte, written out as in
	// Table.Get: in the instantiations of this generic method that a
	// user's package makes, the compiler calls those helpers instead of
	// inlining them, four calls a bucket on every write.
	const low7 = 0x7f7f7f7f7f7f7f7f
	tags := (0x80 | h>>33&0x7f) * lsbs
	for i := h & mask; ; i = (i + 1) & mask {
		b := &bs[i]
		meta := b.meta.Load()
		x := meta ^ tags
		for m := ^((x&low7 + low7) | x | low7); m != 0; m &= m - 1 {
			j := bits.TrailingZeros64(m) >> 3
			if e := b.e[j].Load(); e != nil && e.Key == key {
				return int(i)*bucketSlots + j, e
			}
		}
		if ^((meta&low7+low7)|meta|low7)&slotBytes != 0 {
			return -1, nil
		}
	}
}

// FindFunc returns the position and entry of the first entry in hash h's
// probe whose tag matches h and for which match reports true, or (-1, nil).
// It is for a caller that knows a key's hash and something that identifies
// its entry, but not the key: a GC cleanup must not hold the key, which
// may keep the table's owner alive. match sees the entries of every key
// whose tag matches h, so it must tell them apart. It is Find's probe with
// a predicate in place of the key comparison, written out twice so that
// Find, which every write runs, calls no function value.
func (s *Shard[K, V]) FindFunc(h uint64, match func(*Entry[K, V]) bool) (pos int, e *Entry[K, V]) {
	bs := *s.buckets.Load()
	mask := uint64(len(bs) - 1)
	tags := broadcast(tagOf(h))
	for i := h & mask; ; i = (i + 1) & mask {
		b := &bs[i]
		meta := b.meta.Load()
		for m := zeroBytes(meta ^ tags); m != 0; m &= m - 1 {
			j := firstByte(m)
			if e := b.e[j].Load(); e != nil && match(e) {
				return int(i)*bucketSlots + j, e
			}
		}
		if zeroBytes(meta)&slotBytes != 0 {
			return -1, nil
		}
	}
}

// Set publishes e, whose key has hash h. With pos >= 0 (from Find, under
// the same lock) e replaces the entry there, which must have e's key. With
// pos < 0 e's key must be absent and e is inserted; the shard may grow
// first.
func (s *Shard[K, V]) Set(h uint64, pos int, e *Entry[K, V]) {
	bs := *s.buckets.Load()
	if pos >= 0 {
		bs[pos/bucketSlots].e[pos%bucketSlots].Store(e)
		return
	}
	mask := uint64(len(bs) - 1)
	// zeroBytes, firstByte and tagOf written out, as in Find: called,
	// they cost every insert three calls (and a fourth for the load
	// limit, also written out).
	const low7 = 0x7f7f7f7f7f7f7f7f
	for i := h & mask; ; i = (i + 1) & mask {
		b := &bs[i]
		meta := b.meta.Load()
		x := meta &^ lsbs // empty and deleted bytes become zero
		if m := ^((x&low7 + low7) | x | low7) & slotBytes; m != 0 {
			j := bits.TrailingZeros64(m) >> 3
			if meta>>(j*8)&0xff == metaEmpty {
				if s.used+1 > len(bs)*bucketSlots/4*3 { // over the growth policy's 3/4
					s.rebuild(s.filterOnGrow(), h, e)
					return
				}
				s.used++
			}
			b.e[j].Store(e)
			b.setMeta(j, 0x80|h>>33&0x7f)
			s.count.Add(1)
			return
		}
	}
}

// filterOnGrow reports whether a growing shard asks Keep about the
// entries it copies: with DropOnGrow, unless Config.Epoch has not moved
// since the last growth that asked. It records the epoch it asks at
// before the asking, so a change while the rebuild runs makes the next
// growth ask again.
func (s *Shard[K, V]) filterOnGrow() bool {
	if !s.t.dropOnGrow {
		return false
	}
	if s.t.epoch == nil {
		return true
	}
	e := s.t.epoch() + 1 // askedAt's zero means none asked
	if e == s.askedAt {
		return false
	}
	s.askedAt = e
	return true
}

// Delete empties pos, which Find returned under the same lock. A shard
// left mostly empty (entries below 1/8 of its slots) is rebuilt smaller,
// at a load of at most 1/2, dropping, with DropOnGrow, the entries Keep
// rejects: so a shard whose entries leave by deletion does not keep a
// large array, which every sweep step would scan. Each such rebuild costs
// O(slots) and follows at least an eighth as many deletions: the rebuild
// before it left the entries above a quarter of the slots.
func (s *Shard[K, V]) Delete(pos int) {
	s.delete(pos)
	if shrinkable(int(s.count.Load()), len(*s.buckets.Load())) {
		s.rebuild(s.t.dropOnGrow, 0, nil)
	}
}

// delete is Delete without the shrink, for a caller that checks for it
// once after many deletions.
func (s *Shard[K, V]) delete(pos int) {
	s.clear(&(*s.buckets.Load())[pos/bucketSlots], pos%bucketSlots)
	s.count.Add(-1)
}

// shrinkable reports whether an array of the given buckets holding count
// entries is mostly empty and must be rebuilt smaller.
func shrinkable(count, buckets int) bool { return buckets > 1 && count*8 < buckets*bucketSlots }

func (s *Shard[K, V]) clear(b *bucket[K, V], j int) {
	b.setMeta(j, metaDeleted)
	b.e[j].Store(nil)
}

// place puts e, whose key has hash h, in the first empty slot of its probe
// in bs, an array being built that no reader sees yet. Since nothing else
// reads or writes bs until publish stores it atomically, place writes it
// with plain stores: no compare-and-swap for the tag (setMeta's CAS
// guards other slots' marks, which a new array has none of), no atomic
// exchange for the pointer. A rebuild places every entry of the shard,
// so these are most of its writes. zeroBytes, firstByte and tagOf are
// written out, as in Find.
func place[K comparable, V any](bs []bucket[K, V], h uint64, e *Entry[K, V]) {
	const low7 = 0x7f7f7f7f7f7f7f7f
	mask := uint64(len(bs) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		b := &bs[i]
		meta := (*uint64)(unsafe.Pointer(&b.meta))
		if m := ^((*meta&low7 + low7) | *meta | low7) & slotBytes; m != 0 {
			j := bits.TrailingZeros64(m) >> 3
			*(**Entry[K, V])(unsafe.Pointer(&b.e[j])) = e
			*meta |= (0x80 | h>>33&0x7f) << (j * 8)
			return
		}
	}
}

// rebuild publishes a new array holding the shard's entries, less those
// Keep rejects (asked as KeepLocked) if filter is set, and e (with hash h) if it is not nil. The
// array is sized for what survives, at a load of at most 1/2, so a rebuild
// that drops many dead entries also shrinks the shard. It is filled before
// it is published: a reader sees the old array or the complete new one,
// never one half copied, and the old array is never written again (but
// for reference marks, which no probe matches on; see bucket). It
// returns how many entries it dropped.
func (s *Shard[K, V]) rebuild(filter bool, h uint64, e *Entry[K, V]) (dropped int) {
	old := *s.buckets.Load()
	survivors := make([]*Entry[K, V], 0, s.count.Load()+1)
	for i := range old {
		for j := range old[i].e {
			o := old[i].e[j].Load()
			if o == nil {
				continue
			}
			if filter && !s.t.keepLocked(o) {
				s.reject(o)
				dropped++
				continue
			}
			survivors = append(survivors, o)
		}
	}
	n := len(survivors)
	if e != nil {
		n++
	}
	bs := newBuckets[K, V](bucketsFor(n), s.skew)
	for _, o := range survivors {
		place(*bs, s.t.Hash(o.Key), o)
	}
	if e != nil {
		place(*bs, h, e)
	}
	s.publish(bs)
	s.count.Store(int64(n))
	s.used = n
	s.cursor.Store(0)
	return dropped
}

// Clear removes every entry of s. It reports none of them to Evicted:
// nothing was rejected by Keep (the Unlock that follows still reports a
// batch a TryTick step left pending). Done shard by shard under each lock, it lets a caller
// account for exactly what it removed (no writer can slip an entry in
// between).
func (s *Shard[K, V]) Clear() { s.reset() }

// Each calls f for every entry of s, in slot order. s is locked, so no
// entry is stored or removed while it runs; f must not call s.
func (s *Shard[K, V]) Each(f func(*Entry[K, V])) {
	bs := *s.buckets.Load()
	for i := range bs {
		for j := range bs[i].e {
			if e := bs[i].e[j].Load(); e != nil {
				f(e)
			}
		}
	}
}

func (s *Shard[K, V]) reject(e *Entry[K, V]) {
	s.removed.Add(1)
	if s.t.evicted != nil {
		s.pending = append(s.pending, e)
	}
}

func (s *Shard[K, V]) reset() {
	s.publish(newBuckets[K, V](1, 0))
	s.count.Store(0)
	s.used = 0
	s.cursor.Store(0)
}

// publish makes bs the shard's array, for writers (buckets) and for
// Table.Get (base and mask). A reader may see base and mask from different
// arrays for a moment; Get checks the mask against base's header and falls
// back to the slice when they differ.
func (s *Shard[K, V]) publish(bs *[]bucket[K, V]) {
	s.buckets.Store(bs)
	s.base.Store(header(bs))
	s.mask.Store(uint64(len(*bs) - 1))
}
