package shard

import (
	"testing"
	"unsafe"

	"github.com/weakstripe/weakstripe/internal/cacheline"
)

// lineOf returns the index of the cache line that holds address p.
func lineOf(p unsafe.Pointer) uintptr { return uintptr(p) / cacheline.Size }

// No cache line may hold both a field readers read (the read side) and a
// field writers write, nor fields of two shards (see Shard), wherever the
// allocator puts the array.
func TestShardLinesSeparateReadersWritersAndShards(t *testing.T) {
	for _, n := range []int{1, 2, 4, 16, 64, 256, 1024} {
		for range 10 {
			tb := New(Config[string, int]{Shards: n})
			for i := range tb.shards {
				s := &tb.shards[i].Shard
				lastRead := unsafe.Add(unsafe.Pointer(&s.t), unsafe.Sizeof(s.t)-1)
				firstWrite := unsafe.Pointer(&s.mu)
				if lineOf(lastRead) == lineOf(firstWrite) {
					t.Fatalf("%d shards, shard %d: read side ends at %p and write side starts at %p, on one line", n, i, lastRead, firstWrite)
				}
				if i+1 < len(tb.shards) {
					lastOwn := unsafe.Add(unsafe.Pointer(&s.removed), unsafe.Sizeof(s.removed)-1)
					next := unsafe.Pointer(&tb.shards[i+1].Shard)
					if lineOf(lastOwn) == lineOf(next) {
						t.Fatalf("%d shards: shard %d ends at %p and shard %d starts at %p, on one line", n, i, lastOwn, i+1, next)
					}
				}
			}
		}
	}
}
