package sweep

import "testing"

// TestPolicies pins the two predefined policies to the values their
// documentation states (Seed: every 1000 ticks, whole shard; Incremental:
// 64 slots every 256 ticks), so a change to either is a visible decision.
func TestPolicies(t *testing.T) {
	if Seed != (Policy{Threshold: 1000, Budget: 0}) {
		t.Fatalf("Seed = %+v, want {Threshold:1000 Budget:0}", Seed)
	}
	if Incremental != (Policy{Threshold: 256, Budget: 64}) {
		t.Fatalf("Incremental = %+v, want {Threshold:256 Budget:64}", Incremental)
	}
}
