package shard

import (
	"testing"
	"unsafe"
)

// skipFull decides a miss without the full probe when a lookup's home
// bucket is full: it must walk only through full buckets without a tag
// match, wrap around the array's end, and refuse (leave the lookup to
// Find) when the home bucket it is given is not in the array it reads.
func TestSkipFull(t *testing.T) {
	const n = 4
	h := uint64(n - 1) // home: the last bucket, so the walk wraps to bucket 0
	tag := tagOf(h)
	other := tag ^ 1 // a tag of another hash: never h's
	fill := func(b *bucket[int, int], v uint64) {
		for j := range bucketSlots {
			b.setMeta(j, v)
		}
	}
	newArray := func() (*[]bucket[int, int], unsafe.Pointer, unsafe.Pointer) {
		bs := newBuckets[int, int](n, 0)
		for i := range *bs {
			fill(&(*bs)[i], other)
		}
		return bs, unsafe.Pointer(header(bs)), unsafe.Pointer(&(*bs)[h])
	}

	bs, base, home := newArray()
	(*bs)[1].setMeta(3, metaEmpty)
	if !skipFull(base, home, h) {
		t.Error("a probe that wraps to an empty slot through full buckets without h's tag: want true (absent)")
	}
	(*bs)[0].setMeta(5, tag)
	if skipFull(base, home, h) {
		t.Error("a tag match before the empty slot: want false (the full probe decides)")
	}

	bs, base, _ = newArray()
	(*bs)[0].setMeta(0, metaEmpty)
	_, _, otherHome := newArray()
	if skipFull(base, otherHome, h) {
		t.Error("a home bucket of another array (the shard's array was replaced): want false")
	}
	if skipFull(base, unsafe.Pointer(&(*bs)[0]), h) {
		t.Error("a bucket that is not h's home: want false")
	}
}
