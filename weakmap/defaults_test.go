package weakmap_test

import (
	"runtime"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// TestDefaultSweepPolicy holds the documented defaults (WithSweepThreshold:
// 256, WithSweepBudget: 64): on one shard, the 256th counted operation runs
// the first sweep step, and that step examines 64 slots.
func TestDefaultSweepPolicy(t *testing.T) {
	type val struct{ n, _ int64 }
	m := weakmap.New[int, val](weakmap.WithShards(1))
	vals := make([]*val, 256)
	for i := range vals {
		vals[i] = &val{n: int64(i)}
		m.Store(i, vals[i])
		st := m.Stats()
		if want := uint64((i + 1) / 256); st.SweepSteps != want {
			t.Fatalf("after %d stores: %d sweep steps, want %d (default threshold 256)", i+1, st.SweepSteps, want)
		}
	}
	if st := m.Stats(); st.SlotsExamined != 64 {
		t.Fatalf("the first sweep step examined %d slots, want 64 (default budget)", st.SlotsExamined)
	}
	runtime.KeepAlive(vals)
}
