package shard

// Test-only access to a table. None of it is needed by a user of the
// package: weakmap embeds its table and calls Init, and reads what it
// needs of a shard's state through Stats.

// New returns an empty table.
func New[K comparable, V any](cfg Config[K, V]) *Table[K, V] {
	t := new(Table[K, V])
	t.Init(cfg)
	return t
}

// Shard returns shard i, unlocked: tests read its fields directly.
func (t *Table[K, V]) Shard(i int) *Shard[K, V] { return &t.shards[i].Shard }

// Capacity returns the number of slots in shard i's current array.
func (t *Table[K, V]) Capacity(i int) int { return t.Stats(i).Slots }

// Cursor returns the slot of shard i where its next Retain step starts.
func (t *Table[K, V]) Cursor(i int) int { return t.Stats(i).Cursor }

// TryRetain is the step TryTick runs: Retain, but only if it can lock the
// shard at once; it reports whether it did.
func (t *Table[K, V]) TryRetain(i, budget int) (RetainResult, bool) {
	return t.retain(i, budget, true)
}

// record returns the sweep record of st, without the fields that describe
// the shard's current array and counter.
func (st Stats) record() Stats {
	return Stats{Steps: st.Steps, Examined: st.Examined, Removed: st.Removed}
}
