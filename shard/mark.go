package shard

import (
	"math/bits"
	"sync/atomic"
	"unsafe"
)

// A Mark is the reference mark of the slot holding an entry (see MarkOf):
// one bit of the slot's bucket word, for a CLOCK policy kept by the
// table's user (the table itself never acts on marks). Set and Clear are
// CASes on the bucket word, without the lock, and write nothing if the
// slot no longer holds the tag it held when the entry was found, so a
// mark lands on another key's slot only if that key has the same tag. A mark is only a hint: writers
// and rebuilds may drop it (see bucket). The zero Mark refers to no slot:
// its methods do nothing.
type Mark struct {
	w   *atomic.Uint64
	bit uint64 // the slot's mark bit
	tag uint64 // the slot's tag, in place (shifted to the slot's byte)
	all uint64 // 0xff in the slot's byte: the mask of tag
}

func markIn(b *atomic.Uint64, j int, tag uint64) Mark {
	return Mark{w: b, bit: 1 << (markShift + uint(j)), tag: tag << (8 * uint(j)), all: 0xff << (8 * uint(j))}
}

// Set sets the mark, unless it is set or the slot changed.
func (m Mark) Set() {
	if m.w == nil {
		return
	}
	for {
		x := m.w.Load()
		if x&m.bit != 0 || x&m.all != m.tag || m.w.CompareAndSwap(x, x|m.bit) {
			return
		}
	}
}

// Clear clears the mark, unless it is clear or the slot changed.
func (m Mark) Clear() {
	if m.w == nil {
		return
	}
	for {
		x := m.w.Load()
		if x&m.bit == 0 || x&m.all != m.tag || m.w.CompareAndSwap(x, x&^m.bit) {
			return
		}
	}
}

// GetMarked is Get that also reports whether the slot holding the entry
// is marked, read from the bucket word the probe loads anyway. A caller
// whose hit finds the mark set writes nothing; one that finds it clear
// gets the slot's Mark from MarkOf.
func (t *Table[K, V]) GetMarked(key K) (e *Entry[K, V], h uint64, marked bool) {
	// Get's fast path, written out for the same reasons.
	switch t.kind {
	case kindString:
		h = strHash(*(*string)(unsafe.Pointer(&key)), t.s1)
	case kindWord8:
		// wordHash, written out: called through hashOther it is two
		// calls, a third of a lookup by address.
		x := *(*uint64)(unsafe.Pointer(&key))
		hi, lo := bits.Mul64(x^t.s1, x^t.s2)
		hi, lo = bits.Mul64(hi^lo, wordMix)
		h = hi ^ lo
	default:
		h = t.hash(key, t.s1)
	}
	s := t.shardOf(h)
	base, mask := s.base.Load(), s.mask.Load()
	if base.meta.Load() == mask {
		b := (*bucket[K, V])(unsafe.Add(unsafe.Pointer(base), uintptr(h&mask+1)*bucketSize))
		meta := b.meta.Load()
		const low7 = 0x7f7f7f7f7f7f7f7f
		x := meta ^ (0x80|h>>33&0x7f)*lsbs
		if m := ^((x&low7 + low7) | x | low7); m != 0 {
			j := uintptr(bits.TrailingZeros64(m) >> 3)
			p := (*atomic.Pointer[Entry[K, V]])(unsafe.Add(unsafe.Pointer(&b.e), j*unsafe.Sizeof(b.e[0])))
			if e := p.Load(); e != nil && e.Key == key {
				return e, h, meta>>(markShift+j)&1 != 0
			}
		} else if ^((meta&low7+low7)|meta|low7)&slotBytes != 0 || skipFull(unsafe.Pointer(s.base.Load()), unsafe.Pointer(b), h) {
			return nil, h, false
		}
	}
	b, j, e := s.findSlot(h, key)
	if e == nil {
		return nil, h, false
	}
	return e, h, b.meta.Load()>>(markShift+uint(j))&1 != 0
}

// MarkOf returns the Mark of the slot holding key's entry, whose hash is
// h, or the zero Mark if key is absent. It is a second probe, for the
// rare caller of GetMarked that has a mark to set: GetMarked returning the
// Mark would make every caller keep it across what it does next.
func (t *Table[K, V]) MarkOf(h uint64, key K) Mark {
	if b, j, e := t.shardOf(h).findSlot(h, key); e != nil {
		return markIn(&b.meta, j, tagOf(h))
	}
	return Mark{}
}

// findSlot is Find returning the bucket and slot index of key's entry.
func (s *Shard[K, V]) findSlot(h uint64, key K) (*bucket[K, V], int, *Entry[K, V]) {
	bs := *s.buckets.Load()
	mask := uint64(len(bs) - 1)
	tags := broadcast(tagOf(h))
	for i := h & mask; ; i = (i + 1) & mask {
		b := &bs[i]
		meta := b.meta.Load()
		for m := zeroBytes(meta ^ tags); m != 0; m &= m - 1 {
			j := firstByte(m)
			if e := b.e[j].Load(); e != nil && e.Key == key {
				return b, j, e
			}
		}
		if zeroBytes(meta)&slotBytes != 0 {
			return nil, 0, nil
		}
	}
}

// TakeMarks clears the marks of the slots in hash h's probe whose tag
// matches h, and reports whether any was set: the CLOCK hand's question
// "was this key used since I last looked?", asked by hash alone, without
// the lock. Keys of the same probe and tag share the answer (the tag is
// seven bits of the hash), which only makes the CLOCK keep one of them a
// little longer. It may miss a mark set in an array a rebuild is
// replacing.
func (t *Table[K, V]) TakeMarks(h uint64) (taken bool) {
	s := t.shardOf(h)
	bs := *s.buckets.Load()
	mask := uint64(len(bs) - 1)
	tags := broadcast(tagOf(h))
	for i := h & mask; ; i = (i + 1) & mask {
		b := &bs[i]
		for {
			meta := b.meta.Load()
			var marks uint64
			for m := zeroBytes(meta ^ tags); m != 0; m &= m - 1 {
				marks |= 1 << (markShift + uint(firstByte(m)))
			}
			if meta&marks == 0 || b.meta.CompareAndSwap(meta, meta&^marks) {
				taken = taken || meta&marks != 0
				if zeroBytes(meta)&slotBytes != 0 {
					return taken
				}
				break
			}
		}
	}
}
