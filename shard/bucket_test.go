package shard

import (
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"unsafe"
)

// Byte-by-byte references for the word-at-a-time (SWAR) helpers of
// bucket.go. A wrong carry or mask in those helpers makes probes miss keys
// or stop early only for some tag patterns, which map-level tests may never
// hit; here each helper is compared with its reference exhaustively over
// every pair of adjacent bytes and on random words.

func byteAt(x uint64, i int) uint8 { return uint8(x >> (8 * i)) }

func refZeroBytes(x uint64) uint64 {
	var m uint64
	for i := range 8 {
		if byteAt(x, i) == 0 {
			m |= 0x80 << (8 * i)
		}
	}
	return m
}

func refFirstByte(m uint64) int {
	for i := range 8 {
		if byteAt(m, i) != 0 {
			return i
		}
	}
	return 8
}

// interestingBytes are the byte values around the helpers' edge cases:
// empty, deleted, the carry boundary 0x7f/0x80, and all ones.
var interestingBytes = []uint8{0x00, 0x01, 0x02, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff}

// randomWord builds a word whose bytes are mostly interesting values.
func randomWord(r *rand.Rand) uint64 {
	var x uint64
	for i := range 8 {
		b := uint8(r.Uint32())
		if r.IntN(4) != 0 {
			b = interestingBytes[r.IntN(len(interestingBytes))]
		}
		x |= uint64(b) << (8 * i)
	}
	return x
}

// TestZeroBytes: every value of every pair of adjacent bytes (where a
// borrow or carry between bytes would show), on several backgrounds, then
// random words.
func TestZeroBytes(t *testing.T) {
	backgrounds := []uint64{0, ^uint64(0), 0x8080808080808080, 0x0101010101010101, 0x7f7f7f7f7f7f7f7f, 0x00ff00ff00ff00ff}
	for _, bg := range backgrounds {
		for pos := range 7 {
			for v := range uint64(1 << 16) {
				x := bg&^(0xffff<<(8*pos)) | v<<(8*pos)
				if got, want := zeroBytes(x), refZeroBytes(x); got != want {
					t.Fatalf("zeroBytes(%#016x) = %#016x, want %#016x", x, got, want)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		x := randomWord(r)
		if got, want := zeroBytes(x), refZeroBytes(x); got != want {
			t.Fatalf("zeroBytes(%#016x) = %#016x, want %#016x", x, got, want)
		}
	}
}

// TestFirstByte: on every mask zeroBytes can produce (all 256 subsets of
// the 8 high bits) and on arbitrary words, firstByte is the index of the
// lowest nonzero byte, 8 for zero.
func TestFirstByte(t *testing.T) {
	for sub := range 256 {
		var m uint64
		for i := range 8 {
			if sub>>i&1 == 1 {
				m |= 0x80 << (8 * i)
			}
		}
		if got, want := firstByte(m), refFirstByte(m); got != want {
			t.Fatalf("firstByte(%#016x) = %d, want %d", m, got, want)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		m := randomWord(r)
		if got, want := firstByte(m), refFirstByte(m); got != want {
			t.Fatalf("firstByte(%#016x) = %d, want %d", m, got, want)
		}
	}
}

// TestBroadcast: every byte of broadcast(b) is b, for all 256 b.
func TestBroadcast(t *testing.T) {
	for b := range uint64(256) {
		w := broadcast(b)
		for i := range 8 {
			if byteAt(w, i) != uint8(b) {
				t.Fatalf("broadcast(%#x) = %#016x: byte %d is %#x", b, w, i, byteAt(w, i))
			}
		}
	}
}

// TestTagOf: the tag has its high bit set (so it is never empty or
// deleted), its low seven bits are hash bits 33-39, and no other hash bit
// changes it (the shard index and bucket index use those).
func TestTagOf(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		h := r.Uint64()
		tag := tagOf(h)
		if tag&0x80 == 0 || tag > 0xff || tag == metaEmpty || tag == metaDeleted {
			t.Fatalf("tagOf(%#x) = %#x: not a one-byte value with the high bit set", h, tag)
		}
		for i := range 7 {
			if tag>>i&1 != h>>(33+i)&1 {
				t.Fatalf("tagOf(%#x) = %#x: bit %d differs from hash bit %d", h, tag, i, 33+i)
			}
		}
		if other := tagOf(h ^ ^(uint64(0x7f) << 33)); other != tag {
			t.Fatalf("tagOf changed from %#x to %#x when bits outside 33-39 flipped", tag, other)
		}
	}
}

// TestSetMeta: setMeta(i, v) sets byte i to v, clears slot i's mark (bit
// i of byte 7), and leaves the rest alone.
func TestSetMeta(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var b bucket[int, int]
	for range 20000 {
		before := randomWord(r)
		b.meta.Store(before)
		i := r.IntN(bucketSlots)
		v := uint64(interestingBytes[r.IntN(len(interestingBytes))])
		b.setMeta(i, v)
		after := b.meta.Load()
		for k := range 8 {
			want := byteAt(before, k)
			if k == i {
				want = uint8(v)
			}
			if k == 7 {
				want &^= 1 << i
			}
			if byteAt(after, k) != want {
				t.Fatalf("setMeta(%d, %#x) on %#016x gave %#016x: byte %d is %#x, want %#x",
					i, v, before, after, k, byteAt(after, k), want)
			}
		}
	}
}

// TestProbeMasks checks the two combinations the probes use, on random
// meta words shaped like real ones (bytes 0-6 empty, deleted or a tag; byte
// 7 zero): zeroBytes(meta ^ broadcast(tag)) marks exactly the slots holding
// tag, never byte 7; zeroBytes(meta &^ lsbs) & slotBytes marks exactly the
// empty or deleted slots; zeroBytes(meta) & slotBytes exactly the empty ones.
func TestProbeMasks(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 200000 {
		var meta uint64
		var slots [bucketSlots]uint64
		for i := range bucketSlots {
			switch r.IntN(4) {
			case 0:
				slots[i] = metaEmpty
			case 1:
				slots[i] = metaDeleted
			default:
				slots[i] = tagOf(r.Uint64())
			}
			meta |= slots[i] << (8 * i)
		}
		tag := tagOf(r.Uint64())
		if r.IntN(2) == 0 { // make a match likely
			tag = slots[r.IntN(bucketSlots)] | 0x80
		}
		var wantMatch, wantFree, wantEmpty uint64
		for i := range bucketSlots {
			if slots[i] == tag {
				wantMatch |= 0x80 << (8 * i)
			}
			if slots[i] == metaEmpty || slots[i] == metaDeleted {
				wantFree |= 0x80 << (8 * i)
			}
			if slots[i] == metaEmpty {
				wantEmpty |= 0x80 << (8 * i)
			}
		}
		if got := zeroBytes(meta ^ broadcast(tag)); got != wantMatch {
			t.Fatalf("meta %#016x tag %#x: match mask %#016x, want %#016x", meta, tag, got, wantMatch)
		}
		if got := zeroBytes(meta&^lsbs) & slotBytes; got != wantFree {
			t.Fatalf("meta %#016x: free mask %#016x, want %#016x", meta, got, wantFree)
		}
		if got := zeroBytes(meta) & slotBytes; got != wantEmpty {
			t.Fatalf("meta %#016x: empty mask %#016x, want %#016x", meta, got, wantEmpty)
		}
	}
}

// slot is the address arithmetic Table.Get writes out for slot j of b, with
// j = firstByte(m) for an m computed from zeroBytes(meta ^ tags): byte 7 of
// meta is always 0 and a tag never is, so j < bucketSlots.
func (b *bucket[K, V]) slot(j int) *atomic.Pointer[Entry[K, V]] {
	return (*atomic.Pointer[Entry[K, V]])(unsafe.Add(unsafe.Pointer(&b.e), uintptr(j)*unsafe.Sizeof(b.e[0])))
}

// TestBucketLayout checks what Table.Get's pointer arithmetic assumes: a
// bucket is bucketSize (64) bytes for any K and V, its slot(j) is &e[j],
// and the header in front of an array holds the array's mask.
func TestBucketLayout(t *testing.T) {
	if s := unsafe.Sizeof(bucket[int, int]{}); s != bucketSize {
		t.Fatalf("bucket[int, int] is %d bytes, want bucketSize = %d", s, bucketSize)
	}
	if s := unsafe.Sizeof(bucket[string, [5]complex128]{}); s != bucketSize {
		t.Fatalf("bucket[string, [5]complex128] is %d bytes, want bucketSize = %d", s, bucketSize)
	}
	for _, c := range []struct{ n, skew int }{{1, 0}, {2, 5}, {4, 0}, {64, 63}, {1024, 0}, {1024, 17}, {1024, 100}} {
		n := c.n
		bs := newBuckets[int, int](n, c.skew)
		if len(*bs) != n {
			t.Fatalf("newBuckets(%d, %d) has %d buckets", n, c.skew, len(*bs))
		}
		if m := header(bs).meta.Load(); m != uint64(n-1) {
			t.Fatalf("header of newBuckets(%d, %d) holds %d, want mask %d", n, c.skew, m, n-1)
		}
		b := &(*bs)[n-1]
		for j := range bucketSlots {
			if b.slot(j) != &b.e[j] {
				t.Fatalf("slot(%d) is not &e[%d]", j, j)
			}
		}
	}
}

// The headers of a large table's shards lie on different sets of an L1
// cache: arrays of largeBuckets or more start on a page, and newBuckets
// skews each shard's by its index, so that a lookup, which reads its
// shard's header, does not evict the other shards' headers (without the
// skew, 16 shards' headers shared one set of 8 ways).
func TestLargeArrayHeadersSpreadOverSets(t *testing.T) {
	const shards = 16
	tb := New(Config[int, int]{Shards: shards})
	// Enough keys that every shard's array reaches largeBuckets: an array
	// holds its entries at a load of at most 1/2.
	n := shards * largeBuckets * bucketSlots
	for k := range n {
		h := tb.Hash(k)
		s := tb.Lock(h)
		if pos, _ := s.Find(h, k); pos < 0 {
			s.Set(h, -1, &Entry[int, int]{Key: k})
		}
		s.Unlock()
	}
	sets := map[uintptr]int{}
	for i := range shards {
		bs := tb.Shard(i).buckets.Load()
		if len(*bs) < largeBuckets {
			t.Fatalf("shard %d has %d buckets, want at least %d", i, len(*bs), largeBuckets)
		}
		set := uintptr(unsafe.Pointer(header(bs))) / bucketSize % uintptr(headerSkews)
		if j, ok := sets[set]; ok {
			t.Errorf("the headers of shards %d and %d are on the same L1 set (%d)", j, i, set)
		}
		sets[set] = i
	}
}
