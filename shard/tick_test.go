package shard

import "testing"

// TestTickRunsEveryThresholdthStep: Tick runs one Retain step, of the
// given budget, on every threshold-th call for a shard, and keeps the
// count in between in Stats.Pending; a threshold of 0 never runs one.
func TestTickRunsEveryThresholdthStep(t *testing.T) {
	tb := New(Config[int, int]{Shards: 2})
	const threshold, budget = 4, 3
	for n := 1; n <= 3*threshold; n++ {
		tb.Tick(1, threshold, budget)
		st := tb.Stats(1)
		if want := uint64(n / threshold); st.Steps != want || st.Examined != want*budget {
			t.Fatalf("after %d ticks: Stats %+v, want %d steps of %d slots", n, st, want, budget)
		}
		if want := int64(n % threshold); st.Pending != want {
			t.Fatalf("after %d ticks: Pending %d, want %d", n, st.Pending, want)
		}
	}
	if st := tb.Stats(0); st.Steps != 0 || st.Pending != 0 {
		t.Fatalf("shard 0, never ticked: Stats %+v", st)
	}
	for range 10 {
		tb.Tick(0, 0, budget)
	}
	if st := tb.Stats(0); st.Steps != 0 || st.Pending != 0 {
		t.Fatalf("threshold 0: Stats %+v, want no step and nothing counted", st)
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
