package weakmap_test

import (
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// A shard whose entries leave by Delete or by GC cleanups, not only by
// sweep steps, is rebuilt smaller: 20,000 entries gone, 10 left, leave a
// shard of a few buckets, not the 28,672 slots it grew to.
func TestShardShrinksAfterDeleteAndCleanups(t *testing.T) {
	const n, kept = 20000, 10
	small := func(t *testing.T, m *weakmap.Map[int, payload], how string) {
		t.Helper()
		if got := weakmap.ShardCapacity(m, 0); got > 16*kept {
			t.Fatalf("%d entries removed by %s, %d left: the shard still has %d slots", n, how, kept, got)
		}
	}
	vals := evictPayloads(n + kept)

	m := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithSweepThreshold(0))
	for i, v := range vals {
		m.Store(i, v)
	}
	for i := kept; i < len(vals); i++ {
		m.Delete(i)
	}
	small(t, m, "Delete")

	c := weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithSweepThreshold(0), weakmap.WithGCCleanup())
	for i, v := range vals[:kept] {
		c.Store(i, v)
	}
	storeDroppedValues(c, kept, n)
	gcUntil(t, "the cleanups did not remove the dropped entries", func() bool { return c.RawLen() == kept })
	small(t, c, "GC cleanups")
	if st := c.Stats(); st.SweepSteps != 0 {
		t.Fatalf("%d sweep steps ran with sweeps off", st.SweepSteps)
	}
	for i, v := range vals[:kept] {
		if got, ok := c.Load(i); !ok || got != v {
			t.Fatalf("kept entry %d lost", i)
		}
	}
	runtime.KeepAlive(vals)
}
