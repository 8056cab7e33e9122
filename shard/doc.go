// Package shard is a lock-striped hash table whose readers take no lock.
//
// It is a low-level building block of package weakmap, not a supported
// API: it may change in any way before v1, with the change noted in
// CHANGELOG.md. Use weakmap.
//
// A Table is split into a power-of-two number of shards. Each shard is an
// open-addressed array of buckets (linear probing over buckets); a bucket is
// one cache line holding seven entry pointers and a word of seven hash tags.
//
// The concurrency model is that of Guava's segments and Go's unique package:
//
//   - An Entry's key is immutable once it is published. The table's
//     writers never change an entry; they publish a new Entry in its slot
//     instead. Only its owner may change its Value in place, with atomic
//     operations its readers match, with or without the lock (see Entry
//     and Config.KeepLocked).
//   - Slots, and the slot array of each shard, are published with atomic
//     stores. Readers do atomic loads only: no lock, no read-modify-write on
//     shared memory, so readers never contend with each other. (A reader
//     that uses reference marks, see Mark, sets one with a CAS, and only
//     when it finds it clear.)
//   - Writers take their shard's mutex. It and the other fields writers
//     write are a cache line away from those readers read, so that a write
//     does not take the readers' line from other cores. A shard that must
//     grow builds a new slot array and publishes it whole; the old array is
//     never written again (but for reference marks, which no probe matches on),
//     so a reader still walking it sees a consistent, older state (whose
//     entries' values their owner may still change in place, see Entry).
//
// The lock protocol: a writer locks the shard of its key's hash with
// Table.Lock (or a shard by index with Table.LockShard), calls the Shard's
// methods (Find, then Set or Delete, or Clear), and releases it with
// Shard.Unlock. Of Table's methods, Get, Hash, Len, Range, Stats, Tick
// and the shard arithmetic take no lock, and TryTick never waits for one;
// Lock, LockShard, Retain and Clear wait for one, so a goroutine holding a
// shard must not call them.
//
// Invariant kept by every writer: an array always has an empty slot (used
// slots stay at or below 3/4 of them), so a reader's probe always ends.
//
// The package knows nothing of weak pointers. A table may be given a keep
// predicate; entries it rejects are dropped by Retain (which asks it again
// under the lock, or Config.KeepLocked if set, before it removes one),
// when a shard shrinks after deletions, and when it grows (if
// Config.Epoch says it may have started rejecting since the last growth
// that asked), and handed to an evicted hook outside the lock.
package shard
