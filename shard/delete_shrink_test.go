package shard

import "testing"

// TestDeleteShrinks: a shard whose entries leave by Delete is rebuilt
// smaller once they fall below 1/8 of its slots, keeping every remaining
// entry; without DropOnGrow it keeps the dead ones too.
func TestDeleteShrinks(t *testing.T) {
	for _, drop := range []bool{false, true} {
		kt := newKeepTable(1, drop, 20000)
		big := kt.Capacity(0)
		kt.kill(19999)
		for id := 10; id < 19999; id++ {
			if !del(kt.Table, id) {
				t.Fatalf("drop=%v: Delete(%d) found nothing", drop, id)
			}
		}
		if got := kt.Capacity(0); got > 16*11 {
			t.Fatalf("drop=%v: 11 of 20000 entries left, shard still has %d slots (had %d)", drop, got, big)
		}
		for id := range 10 {
			if _, ok := get(kt.Table, id); !ok {
				t.Fatalf("drop=%v: entry %d lost by the shrink", drop, id)
			}
		}
		if _, ok := get(kt.Table, 19999); ok == drop {
			t.Fatalf("drop=%v: dead entry stored = %v after the shrink", drop, ok)
		}
		if drop {
			kt.checkEvicted(t, 1)
		}
	}
}
