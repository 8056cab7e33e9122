package shard

import (
	"math/bits"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/weakstripe/weakstripe/internal/cacheline"
	"github.com/weakstripe/weakstripe/sweep"
)

// Entry is one stored key and value. Its Key never changes once it is
// published. Its Value may: its owner may change it in place, with atomic
// operations its readers match (package weakmap replaces a weak pointer
// so, on a Store of a present key, without the shard lock). An owner that
// does so without the lock gives the table a KeepLocked that seals the
// entries the table drops (see Config). The table itself never changes an
// entry: its writes publish new entries.
//
// It does not keep its key's hash: the bucket's tag filters probes well
// enough, and two words per entry (a key of one word plus its value, as in
// most uses) fit the 16-byte size class where three need 24 or 32. A
// rebuild, which is rare, hashes the keys again.
type Entry[K comparable, V any] struct {
	Key   K
	Value V
}

// Config describes a table. The zero Config is one shard, no keep predicate.
type Config[K comparable, V any] struct {
	// Shards is rounded up to a power of two; values below 1 mean 1.
	Shards int
	// Hash, if set, hashes the keys in place of the table's own hash, with
	// a seed the table draws at random once (Init) and passes on every
	// call. It must return the same hash for equal keys for the table's
	// whole life, and spread its result over every bit: the top 16 bits
	// pick the shard (ShardOf), the low bits the bucket and bits 33-39 a
	// tag that filters the probe, so a hash constant in any of those
	// ranges piles keys into one shard, one bucket chain or one tag.
	Hash func(key K, seed uint64) uint64
	// Keep, if set, reports whether an entry is still wanted; Retain removes
	// the entries it rejects. Keep may run with or without the shard lock,
	// from any goroutine, and must not call the table. A rejection need not
	// be final (an entry's owner may revive it in place, see Entry): every
	// removal asks again under the lock (KeepLocked, if set, else Keep).
	Keep func(*Entry[K, V]) bool
	// KeepLocked, if set, is asked in place of Keep wherever the shard
	// decides, under its lock, to remove an entry as unwanted (Retain's
	// removals, rebuilds that drop rejected entries). Its false answer is
	// final: it must leave the entry as its owner can no longer revive it
	// in place (Map's Store seals it; see weakmap), so that nothing is
	// written to an entry after the shard lets it go. Without it, Keep is
	// asked, which suits owners that change entries only under the lock.
	KeepLocked func(*Entry[K, V]) bool
	// DropOnGrow makes a shard that grows drop the entries Keep rejects
	// instead of copying them into its new array.
	DropOnGrow bool
	// Epoch, if set with DropOnGrow, says when Keep may have started to
	// reject entries it accepted: a growing shard asks Keep about the
	// entries it copies only if Epoch returns another value than at its
	// last growth that asked (or none asked yet). Asking costs a call of
	// Keep per entry, which may read memory the copy does not. An Epoch
	// that moves late only delays removals: Retain and shrinking
	// rebuilds always ask. Epoch is called with the shard locked and must
	// not call the table.
	Epoch func() uint64
	// Evicted, if set, receives the entries that Keep rejected, after the
	// shard lock has been released, in batches. A batch is handed over by
	// the Unlock that ends the locked section that rejected it, except a
	// TryTick step's, which never waits for Evicted either: its batch waits
	// for the shard's next Unlock (a writer's, Clear's, or Retain's).
	Evicted func([]*Entry[K, V])
}

// Table is a lock-striped hash table from K to V. Its methods may be called
// from any goroutine.
type Table[K comparable, V any] struct {
	hash       hasher[K] // for kindOther: hash(key, s1)
	kind       keyKind   // string and 8-byte word keys are hashed without a closure call
	s1, s2     uint64    // word keys: wordHash(bits, s1, s2); strings: strHash(s, s1); Config.Hash's seed: s1
	shardMask  uint64    // len(shards)-1: bits 48-63 of the hash pick the shard
	shards     []paddedShard[K, V]
	keep       func(*Entry[K, V]) bool
	keepLocked func(*Entry[K, V]) bool // KeepLocked, else keep
	evicted    func([]*Entry[K, V])
	epoch      func() uint64
	dropOnGrow bool
}

// Init makes t an empty table. A table is embedded by value, which saves
// readers one pointer to follow, so there is no constructor: Init must be
// called once, before any other method.
func (t *Table[K, V]) Init(cfg Config[K, V]) {
	n := min(max(cfg.Shards, 1), MaxShards)
	n = 1 << bits.Len(uint(n-1)) // round up to a power of two
	*t = Table[K, V]{
		hash:       newHasher[K](),
		kind:       kindOf[K](),
		s1:         rand.Uint64(),
		s2:         rand.Uint64() | 1,
		shardMask:  uint64(n - 1),
		shards:     make([]paddedShard[K, V], n),
		keep:       cfg.Keep,
		keepLocked: cfg.KeepLocked,
		evicted:    cfg.Evicted,
		epoch:      cfg.Epoch,
		dropOnGrow: cfg.DropOnGrow && cfg.Keep != nil,
	}
	if cfg.Hash != nil {
		t.hash, t.kind = cfg.Hash, kindOther
	}
	if t.keepLocked == nil {
		t.keepLocked = t.keep
	}
	for i := range t.shards {
		s := &t.shards[i].Shard
		s.t = t
		s.skew = i
		s.publish(newBuckets[K, V](1, 0))
	}
}

// Hash returns key's hash. Pass it to the other methods with the same key.
func (t *Table[K, V]) Hash(key K) uint64 {
	// String keys and 8-byte word keys (integers, pointers, the addresses
	// KeyMap uses), the most common, are hashed without the closure call
	// through t.hash, which would add a call to every lookup.
	if t.kind == kindString { // kept small so that Hash itself inlines
		return strHash(*(*string)(unsafe.Pointer(&key)), t.s1)
	}
	return t.hashOther(key)
}

func (t *Table[K, V]) hashOther(key K) uint64 {
	if t.kind == kindWord8 {
		return wordHash(*(*uint64)(unsafe.Pointer(&key)), t.s1, t.s2)
	}
	return t.hash(key, t.s1)
}

// Shards returns the number of shards, a power of two.
func (t *Table[K, V]) Shards() int { return len(t.shards) }

// ShardOf returns the index of the shard that owns hash h.
func (t *Table[K, V]) ShardOf(h uint64) int { return int(h >> shardShift & t.shardMask) }

// shardShift puts the shard index in the hash's top 16 bits, which neither
// the bucket index (the low bits) nor the tags (bits 33-39) use. A constant
// shift and a mask cost two instructions where a shift by a variable needs
// four (Go defines shifts of 64 and more), on the path of every lookup.
const shardShift = 48

// MaxShards is the largest number of shards a table can have.
const MaxShards = 1 << (64 - shardShift)

// shardOf returns the shard that owns hash h. The mask keeps the index in
// range, so no bounds check is needed.
func (t *Table[K, V]) shardOf(h uint64) *Shard[K, V] {
	i := uintptr(h >> shardShift & t.shardMask)
	return (*Shard[K, V])(unsafe.Add(unsafe.Pointer(unsafe.SliceData(t.shards)), i*unsafe.Sizeof(t.shards[0])))
}

// Tick counts one operation on shard i and reports whether it is the
// threshold-th, which must run a Retain step there (see sweep.Tick); a
// threshold of 0 or below never asks for one. The counter sits beside the
// shard's mutex, so a writer that counts its write touches no cache line
// that the write itself did not.
//
// Tick leaves the step to its caller, so that it stays small enough to be
// inlined into every write.
func (t *Table[K, V]) Tick(i int, threshold int64) bool {
	return sweep.Tick(&t.shards[i].ops, threshold)
}

// TryTick counts like Tick, for callers that must never wait for a lock,
// such as readers, and runs the step itself, of budget slots, if it can
// lock the shard at once. If it cannot, it hands the step back to the
// counter, so that the shard's next Tick or TryTick asks for it again. It
// does not call Evicted: what its step removes is reported by the shard's
// next Unlock.
func (t *Table[K, V]) TryTick(i int, threshold int64, budget int) {
	if sweep.Tick(&t.shards[i].ops, threshold) {
		if _, ran := t.retain(i, budget, true); !ran {
			t.shards[i].ops.Add(threshold)
		}
	}
}

// Get returns the entry stored under key, or nil, and key's hash for the
// methods that take one. It takes no lock and does only atomic loads; the
// entry it returns may be replaced at any moment, and its Value changed in
// place by its owner (see Entry).
//
// It hashes the key itself, so that a reader needs no separate Hash call.
func (t *Table[K, V]) Get(key K) (e *Entry[K, V], h uint64) {
	// The fast path covers the common case, a key in its home bucket with
	// the first matching tag, in straight-line code: comparing the key may
	// call runtime.memequal, and in a loop the compiler keeps all the
	// loop's state alive across that call, spilling and reloading it on
	// every lookup. A miss whose home bucket is full (at up to 3/4 load,
	// one lookup in six on small tables) walks on through the full
	// buckets in a loop that makes no call, and ends at the first empty
	// slot or tag match. Everything else goes to the full probe, Find.
	//
	// Hash, written out: in shaped generic code it is over the inlining
	// budget, and a call costs the call and the spills around it on every
	// lookup.
	switch t.kind {
	case kindString:
		h = strHash(*(*string)(unsafe.Pointer(&key)), t.s1)
	case kindWord8:
		// wordHash, written out: called through hashOther it is two
		// calls, a third of a lookup by address, and even called
		// directly it is not inlined into this shaped method (5
		// instructions more a KeyMap hit, counted under callgrind).
		x := *(*uint64)(unsafe.Pointer(&key))
		hi, lo := bits.Mul64(x^t.s1, x^t.s2)
		hi, lo = bits.Mul64(hi^lo, wordMix)
		h = hi ^ lo
	default:
		h = t.hash(key, t.s1)
	}
	s := t.shardOf(h)
	base, mask := s.base.Load(), s.mask.Load()
	if base.meta.Load() == mask { // else the array changed between the loads
		// In bounds: h&mask <= mask, which is base's own.
		b := (*bucket[K, V])(unsafe.Add(unsafe.Pointer(base), uintptr(h&mask+1)*bucketSize))
		meta := b.meta.Load()
		// zeroBytes(meta ^ broadcast(tagOf(h))), firstByte and slot, written
		// out: in some instantiations of this generic method the compiler
		// calls those helpers instead of inlining them (seen in profiles).
		const low7 = 0x7f7f7f7f7f7f7f7f
		x := meta ^ (0x80|h>>33&0x7f)*lsbs
		if m := ^((x&low7 + low7) | x | low7); m != 0 {
			j := uintptr(bits.TrailingZeros64(m) >> 3) // < bucketSlots: byte 7 of meta never matches a tag (see bucket)
			p := (*atomic.Pointer[Entry[K, V]])(unsafe.Add(unsafe.Pointer(&b.e), j*unsafe.Sizeof(b.e[0])))
			if e := p.Load(); e != nil && e.Key == key {
				return e, h
			}
		} else if ^((meta&low7+low7)|meta|low7)&slotBytes != 0 {
			return nil, h // no tag matches and an empty slot ends the probe
		} else if skipFull(unsafe.Pointer(s.base.Load()), unsafe.Pointer(b), h) {
			// base reloaded: keeping base and mask for this rare case
			// costs the common one registers.
			return nil, h
		}
	}
	_, e = s.Find(h, key) // the full probe
	return e, h
}

// skipFull walks on from home, hash h's home bucket, which is full and
// holds no tag of h, through the full buckets that hold none either, in the
// array whose header is at base. It reports true if it reached an empty
// slot first, so that the key is absent; false at a bucket with a tag
// match, which the full probe must resolve, and false if home is not h's
// home bucket in base's array: the caller read base again, after home, and
// the shard may have a new array since (a rebuild never reuses the old
// array's memory while a caller holds home). It reads only the buckets'
// meta words, and the mask from base's own header. A function of its own,
// called only when the home bucket is full, so that the common path keeps
// its registers; not generic, so one copy serves every key type.
func skipFull(base, home unsafe.Pointer, h uint64) bool {
	const low7 = 0x7f7f7f7f7f7f7f7f
	mask := (*atomic.Uint64)(base).Load()
	if unsafe.Add(base, uintptr(h&mask+1)*bucketSize) != home {
		return false
	}
	tags := (0x80 | h>>33&0x7f) * lsbs
	for i := (h + 1) & mask; ; i = (i + 1) & mask {
		// In bounds: i <= mask, which is base's own.
		meta := (*atomic.Uint64)(unsafe.Add(base, uintptr(i+1)*bucketSize)).Load()
		x := meta ^ tags
		if ^((x&low7 + low7) | x | low7) != 0 {
			return false
		}
		if ^((meta&low7+low7)|meta|low7)&slotBytes != 0 {
			return true
		}
	}
}

// Len returns the number of stored entries: O(shards), weakly consistent.
func (t *Table[K, V]) Len() int {
	n := 0
	for i := range t.shards {
		n += int(t.shards[i].count.Load())
	}
	return n
}

// Range calls f for each stored entry until f returns false. It takes no
// lock, so f may call the table. Each shard is walked in the slot array it
// had when Range reached it; an entry present and not replaced or removed
// for the whole walk is passed exactly once.
func (t *Table[K, V]) Range(f func(*Entry[K, V]) bool) {
	for i := range t.shards {
		bs := *t.shards[i].buckets.Load()
		for j := range bs {
			for k := range bs[j].e {
				if e := bs[j].e[k].Load(); e != nil && !f(e) {
					return
				}
			}
		}
	}
}

// Clear removes every entry. It reports nothing of what it removes (Keep
// rejected none of it), only a batch an earlier TryTick step left pending.
func (t *Table[K, V]) Clear() {
	for i := range t.shards {
		s := t.LockShard(i)
		s.Clear()
		s.Unlock()
	}
}

// LockShard locks and returns shard i.
func (t *Table[K, V]) LockShard(i int) *Shard[K, V] {
	s := &t.shards[i].Shard
	s.mu.Lock()
	return s
}

// Shard is one stripe of a table, as handed out locked by Table.Lock and
// Table.LockShard. Its methods must be called with the shard locked, by the
// goroutine that locked it, and Unlock ends that: a *Shard is not to be
// kept or used after Unlock.
//
// Its fields are on two cache lines by use. Readers on every core read the
// first, which changes only when the slot array is replaced; every write
// writes the second (the mutex, the counters). Were they on one line, each
// write would take the line from every other core and the next lookup there
// would miss; and a writer that only needs the read-side fields would fetch
// a line another writer holds.
type Shard[K comparable, V any] struct {
	shardReadSide[K, V]
	// A full line between the sides keeps them apart however the shard is
	// aligned: the allocator does not align arrays of these sizes to a line
	// (those with a type header start 8 bytes into their block).
	_ [cacheline.Size]byte

	mu    sync.Mutex
	ops   atomic.Int64 // operations counted by Tick since its last step
	count atomic.Int64 // stored entries; written under mu, read by Table.Len

	// Under mu.
	used    int            // stored plus deleted slots in *buckets
	skew    int            // the shard's index, set once by Init: where its large arrays start (newBuckets)
	askedAt uint64         // 1 + Config.Epoch at the last growth that asked Keep; 0 if none asked
	cursor  atomic.Int64   // slot where the next Retain step starts; read by Stats without mu
	pending []*Entry[K, V] // rejected by Keep, reported by Unlock

	// Sweep record, read by Stats without the lock.
	steps, examined, removed atomic.Uint64
}

// shardReadSide is what Get and Find read: written only when the slot
// array is replaced (and t once, by Init).
type shardReadSide[K comparable, V any] struct {
	base    atomic.Pointer[bucket[K, V]] // header of *buckets, for Get
	mask    atomic.Uint64                // len(*buckets)-1, for Get
	buckets atomic.Pointer[[]bucket[K, V]]
	t       *Table[K, V]
}

type paddedShard[K comparable, V any] struct {
	Shard[K, V]
	// At least a full line of padding after the fields: however the array
	// is aligned, no line holds fields of two shards.
	_ [cacheline.Size - unsafe.Sizeof(Shard[int, int]{})%cacheline.Size + cacheline.Size]byte
}
