package shard

import (
	"math/bits"
	"sync/atomic"
	"unsafe"
)

// A bucket is one cache line of a shard's array on 64-bit targets (64
// bytes; 40 where pointers are 4 bytes):
// a metadata word and seven entry pointers. A probe reads the word, finds
// the slots whose tag matches with a few word operations, and dereferences
// only those entries, so a lookup costs one line of the array plus the
// entry it finds.
//
// Byte i of meta (i < 7) describes slot i: empty (never used since the
// array was built), deleted, or the tag of the entry placed there. Writers,
// under the shard lock, publish an entry's pointer before its tag and clear
// a tag before its pointer, so a reader that finds a tag also finds its
// pointer, or nil. A tag is only seven bits of the hash: the entry's Key
// decides every match.
//
// Byte 7 holds the slots' reference marks, bit i for slot i (see Mark),
// and its high bit is always 0: so byte 7 never matches a tag, whose high
// bit is set, nor reads as an empty or deleted slot (the probes mask it
// out with slotBytes). A mark is only a hint. Readers set one, and a CLOCK
// clears it, by a CAS on meta, without the lock; a writer's setMeta, under
// the lock, changes only its own slot's byte and mark, by a CAS too, so it
// never drops or restores another slot's mark. A
// slot's mark is cleared whenever its tag changes (setMeta), stays while
// its key's entry is replaced in place, and is not copied by a rebuild.
//
// A rebuild fills its new array with plain stores (place): no reader or
// marker can reach the array before publish stores it atomically.
type bucket[K comparable, V any] struct {
	meta atomic.Uint64
	e    [bucketSlots]atomic.Pointer[Entry[K, V]]
}

const (
	bucketSlots = 7
	metaEmpty   = 0x00
	metaDeleted = 0x01 // tags have the high bit set, so never equal this

	lsbs      = 0x0101010101010101
	msbs      = 0x8080808080808080
	slotBytes = 0x0080808080808080 // the high bits of bytes 0-6
)

// tagOf takes seven hash bits that neither the shard index (the top bits)
// nor, below 2^33 buckets, the bucket index (the low bits) uses.
func tagOf(h uint64) uint64 { return 0x80 | (h>>33)&0x7f }

func broadcast(b uint64) uint64 { return b * lsbs }

// zeroBytes returns a word with the high bit set in exactly the bytes of x
// that are zero.
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((x&low7 + low7) | x | low7)
}

// firstByte returns the index of the lowest byte marked in m.
func firstByte(m uint64) int { return bits.TrailingZeros64(m) >> 3 }

// markShift is the position of slot 0's reference mark in meta.
const markShift = 56

// setMeta sets slot i's byte of meta to v and clears the slot's mark. It
// is a CAS loop, not a load and a store, although writers hold the lock:
// a reader or a CLOCK may change another slot's mark meanwhile, and a
// store would undo that change. An undone clear would leave a mark on a
// key whose value is no longer retained, and that key's reads, which
// trust the mark, would never retain it again. The loop retries only
// against such a mark change.
func (b *bucket[K, V]) setMeta(i int, v uint64) {
	shift := uint(i * 8)
	for {
		x := b.meta.Load()
		if b.meta.CompareAndSwap(x, x&^(0xff<<shift|1<<(markShift+uint(i)))|v<<shift) {
			return
		}
	}
}

// bucketSize is the size of a bucket, the stride of newBuckets' arrays. On
// 64-bit targets it is 64, and arrays, allocated in size classes that are
// multiples of 64, keep every bucket on a line of its own.
const bucketSize = unsafe.Sizeof(bucket[int, int]{})

// newBuckets returns an array of n buckets (n a power of two). It is
// allocated with one more bucket in front, the header, whose meta word
// holds the array's mask (n-1) for ever. The header lets Table.Get index
// the array from a base pointer and a mask read side by side from the
// shard, checking the mask against the array's own instead of first
// loading the slice header: one dependent load less after the hash.
//
// Every lookup reads its shard's header, so the headers of a table's
// shards must not compete for the same lines of a core's first-level
// cache. Arrays of largeBuckets or more are objects of their own, which
// the allocator starts on a page boundary: unskewed, every shard's
// header would sit at the same offset in its page, in one set of an
// L1 cache (4 KiB apart: 32 KiB, 8 ways), and with more shards than the
// set has ways, lookups on a large table would miss L1 on the header
// most of the time (0.61 misses a lookup at 16 shards and 0.90 at 64,
// counted under callgrind's cache model; results/README.md, "The 1Mi
// rows"). So such an array starts skew buckets into its allocation
// (skew < headerSkews): shards that pass different skews put their
// headers on different sets, at a cost of at most headerSkews-1 unused
// buckets, under 4 KiB against an array of at least 32 KiB.
func newBuckets[K comparable, V any](n, skew int) *[]bucket[K, V] {
	if n < largeBuckets {
		skew = 0
	}
	skew %= headerSkews
	all := make([]bucket[K, V], n+1+skew)
	all[skew].meta.Store(uint64(n - 1))
	bs := all[skew+1:]
	return &bs
}

// largeBuckets is the smallest array newBuckets skews: (largeBuckets+1)
// buckets of 64 bytes are over the allocator's largest size class, 32
// KiB, so such an array gets a span of its own, which starts on a page.
const largeBuckets = 512

// headerSkews is how many different offsets newBuckets gives headers: a
// 4 KiB stride of lines, the span of an L1 cache's sets (32 KiB over 8
// ways on x86-64 and most arm64 cores).
const headerSkews = 4096 / int(bucketSize)

// header returns the header bucket in front of bs (see newBuckets).
func header[K comparable, V any](bs *[]bucket[K, V]) *bucket[K, V] {
	return (*bucket[K, V])(unsafe.Add(unsafe.Pointer(unsafe.SliceData(*bs)), -int(bucketSize)))
}
