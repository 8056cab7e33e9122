package shard

import (
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"unsafe"
)

// place writes a new array through plain views of its atomic fields:
// *uint64 for a bucket's meta and **Entry for a slot. Those views are
// right only while each atomic type is its value word alone.
func TestPlaceViewsOfAtomics(t *testing.T) {
	if s := unsafe.Sizeof(atomic.Uint64{}); s != 8 {
		t.Fatalf("atomic.Uint64 is %d bytes, want 8: place's *uint64 view of meta would miss the value", s)
	}
	if s := unsafe.Sizeof(atomic.Pointer[Entry[int, int]]{}); s != unsafe.Sizeof(uintptr(0)) {
		t.Fatalf("atomic.Pointer is %d bytes, want one pointer: place's view of a slot would miss the value", s)
	}
}

// placeBySetMeta is what place did before it wrote plain stores: an atomic
// pointer store and setMeta's compare-and-swap. The array place builds
// must be the same, word for word.
func placeBySetMeta[K comparable, V any](bs []bucket[K, V], h uint64, e *Entry[K, V]) {
	mask := uint64(len(bs) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		b := &bs[i]
		if m := zeroBytes(b.meta.Load()) & slotBytes; m != 0 {
			j := firstByte(m)
			b.e[j].Store(e)
			b.setMeta(j, tagOf(h))
			return
		}
	}
}

// TestPlaceMatchesSetMeta fills arrays of several sizes to their load
// limit with random hashes, many of them in one home bucket so that
// probes run on and wrap around the array's end, by place and by
// placeBySetMeta, and compares every meta word and slot.
func TestPlaceMatchesSetMeta(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 8, 64, 1024} {
		for round := range 20 {
			fast := *newBuckets[int, int](n, 0)
			slow := *newBuckets[int, int](n, 0)
			entries := n * bucketSlots * 3 / 4
			if entries == 0 {
				entries = 1
			}
			for k := range entries {
				h := rng.Uint64()
				if round%2 == 1 {
					h = h&^uint64(n-1) | uint64(n-1) // all in the last bucket: wraps to bucket 0
				}
				e := &Entry[int, int]{Key: k}
				place(fast, h, e)
				placeBySetMeta(slow, h, e)
			}
			for i := range fast {
				if f, s := fast[i].meta.Load(), slow[i].meta.Load(); f != s {
					t.Fatalf("%d buckets, round %d: bucket %d meta %#016x by place, %#016x by setMeta", n, round, i, f, s)
				}
				for j := range fast[i].e {
					if f, s := fast[i].e[j].Load(), slow[i].e[j].Load(); f != s {
						t.Fatalf("%d buckets, round %d: bucket %d slot %d holds %p by place, %p by setMeta", n, round, i, j, f, s)
					}
				}
			}
		}
	}
}
