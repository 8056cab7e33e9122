package shard

import "testing"

// TestTickAsksEveryThresholdthTime: Tick reports true on every
// threshold-th call for a shard, keeps the count in between in
// Stats.Pending, and never reports true with a threshold of 0.
func TestTickAsksEveryThresholdthTime(t *testing.T) {
	tb := New(Config[int, int]{Shards: 2})
	const threshold = 4
	for n := 1; n <= 3*threshold; n++ {
		if got, want := tb.Tick(1, threshold), n%threshold == 0; got != want {
			t.Fatalf("tick %d: Tick = %v, want %v", n, got, want)
		}
		if st, want := tb.Stats(1), int64(n%threshold); st.Pending != want {
			t.Fatalf("after %d ticks: Pending %d, want %d", n, st.Pending, want)
		}
	}
	if st := tb.Stats(0); st.Pending != 0 {
		t.Fatalf("shard 0, never ticked: Stats %+v", st)
	}
	for range 10 {
		if tb.Tick(0, 0) {
			t.Fatal("Tick with threshold 0 asked for a step")
		}
	}
	if st := tb.Stats(0); st.Pending != 0 {
		t.Fatalf("threshold 0: Pending %d, want nothing counted", st.Pending)
	}
}

// TestTryTickHandsBackStep: a TryTick whose step finds the shard locked
// runs nothing and leaves the step owed, so the next tick on the free
// shard runs it.
func TestTryTickHandsBackStep(t *testing.T) {
	tb := New(Config[int, int]{})
	const threshold = 4
	s := tb.LockShard(0)
	for range threshold {
		tb.TryTick(0, threshold, 0)
	}
	if st := tb.Stats(0); st.Steps != 0 || st.Pending != threshold {
		s.Unlock()
		t.Fatalf("TryTick on a locked shard: Stats %+v, want no step and %d pending", st, threshold)
	}
	s.Unlock()
	tb.TryTick(0, threshold, 0)
	if st := tb.Stats(0); st.Steps != 1 || st.Pending != 1 {
		t.Fatalf("next TryTick on the free shard: Stats %+v, want 1 step and 1 pending", st)
	}
}
