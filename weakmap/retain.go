package weakmap

import (
	"math"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"unsafe"
	"weak"

	"github.com/weakstripe/weakstripe/internal/cacheline"
	"github.com/weakstripe/weakstripe/shard"
)

// WithRetain makes a Map keep strong references to about n of the values
// most recently stored in it or found by its reads, so that a hot value
// survives garbage collections even when nothing else holds it. Every
// other value follows liveness as before: the map keeps it only while
// something outside holds it. Use it for a cache of objects that are
// expensive to make and used often but briefly (parsed templates,
// compiled expressions): without it, each collection frees every value
// not in use at that moment, and the next reads make them again.
//
// Size n like the working set that should survive a collection: the
// values used more than once between two collections. The retained values
// cost their own memory (n values), plus 16 bytes each for the
// bookkeeping, and the map allocates when it is made a table of 48 to 96
// bytes per unit of n (n rounded up to a multiple of the shard count) and
// a few hundred bytes per shard.
//
// Which values are retained is approximate. The map is split into shards,
// and each shard retains its share of n (n/shards rounded up) by the CLOCK
// policy: a store or a read that finds a value marks it as recently used,
// and when the shard is full it evicts the first value not marked since
// the policy last looked at it, clearing marks on the way. So a value
// stays while it is used again before the policy comes round to it, and
// values used once leave in the order they came. The marks themselves are
// approximate: a read's mark can be lost when the map's table grows or
// shrinks, or to a store racing with the read, and it can count for
// another key of the same probe and seven bits of hash, so a value may be
// evicted a turn early or kept a turn late. As keys fall in shards at
// random, some shards receive more of the hot keys than their share: a
// shard may retain up to twice its share while the map as a whole retains
// fewer than n. The map thus never retains more than 2n values (n rounded
// up to a multiple of the shard count, twice), and after each collection
// it trims back to n (so rounded). Reads write nothing for a value that is
// already marked, and never wait for a lock: a read of a value not
// retained yet retains it only if its shard's retention lock is free at
// once; and a read racing with a store of its key may leave the replaced
// value retained in place of the new one until the policy evicts it. Load,
// LoadOrStore and LoadOrCompute count as reads; Store, Swap,
// CompareAndSwap and the storing LoadOrStore and LoadOrCompute as stores.
// A deleted key's value is released at once, and Clear releases all.
//
// Retention gives way to memory pressure, so that the cache does not cause
// an out-of-memory: after each garbage collection the map compares the
// live heap (runtime/metrics "/gc/heap/live:bytes") with the memory limit
// ("/gc/gomemlimit:bytes", see runtime/debug.SetMemoryLimit). Above three
// quarters of the limit it halves its target, the number of values it
// retains, and releases the values beyond it at once, down to none; below
// half of the limit it doubles the target again, up to n. Without a
// memory limit the target is n. [Stats] reports the values retained
// (Retained) and the target (RetainTarget). To run after each collection,
// the map queues one runtime cleanup per collection while it is
// reachable (counted in runtime/metrics "/gc/cleanups/queued:cleanups").
//
// Only New takes this option: a StrongMap already holds every value
// strongly, and a KeyMap or Set entry cannot be found once nothing holds
// its key (keys are compared by identity), so retaining it would only
// waste memory. WithRetain(0) retains nothing, like leaving the option
// out. It panics if n is negative or larger than 1<<30.
func WithRetain(n int) Option {
	if n < 0 {
		panicf("WithRetain(%d): the number of values to retain must be 0 (none) or positive", n)
	}
	if n > maxRetain {
		panicf("WithRetain(%d): at most %d values can be retained; use a smaller number", n, maxRetain)
	}
	return func(c *config) { c.retain = n }
}

const maxRetain = 1 << 30

// refuseRetain panics if cfg asks for retention of a map that cannot use it.
func refuseRetain(cfg config, ctor, why string) {
	if cfg.retain > 0 {
		panicf("%s does not take WithRetain: %s", ctor, why)
	}
}

// retainer keeps the strong references of WithRetain. It only keeps values
// alive and never hands them out, so it holds them as unsafe.Pointer and
// needs no type parameter: its methods are ordinary functions, which
// inline into the generic Map methods that call them.
//
// Each shard of the map has a retainShard. Its ring holds the retained
// values in CLOCK order; its words table says, for lock-free readers,
// which hashes are retained and whether each is marked by a store or a
// LoadOrStore-style hit. Load marks a retained key in the map's own table
// instead (shard.Mark, in the bucket word its lookup reads anyway), so
// that a hit of a marked key touches no line beyond Load's own; the CLOCK
// reads and clears both marks (takeMarks).
//
// A table mark means "retained and used": it is set only after the words
// table showed the hash retained, and it is checked again after, so a
// mark set while the hash was being released is cleared (release clears
// the table marks of the hashes it releases, the reader clears its own if
// the hash is gone on the second look). A mark left set on a key that is
// not retained would make every Load of it skip the retention path.
type retainer struct {
	shardMask uint64 // the map's shard mask: bits 48-63 of a hash pick the shard
	shards    []retainShard
	takeMarks func(h uint64) bool // the table's TakeMarks: clears hash h's marks, reports if any was set
	n         int64               // WithRetain's n
	target    atomic.Int64        // values to retain: n, less under memory pressure

	// pressure returns the live heap and the memory limit; tests replace
	// it (SetHeapPressure) to simulate pressure.
	pressure atomic.Pointer[func() (live, limit uint64)]

	// total is the number of values retained, written by every shard
	// that retains or releases one (never by a read of a retained
	// value): on a line of its own.
	_     [cacheline.Size]byte
	total atomic.Int64
	_     [cacheline.Size]byte
}

// A words entry is 0 (empty) or a retained hash h as h&^3 | 2, plus 1 if
// marked. The low two bits are not compared (two hashes that differ only
// there count as one key: the retention is only approximate); the probe
// starts at h>>2, which the entry still holds.
const (
	wordUsed   = 2
	wordMarked = 1
)

func wordOf(h uint64) uint64 { return h&^3 | wordUsed }

type retainShard struct {
	// Read by lock-free readers; the slice never changes after
	// newRetainer, its words only under mu or by a reader's CAS that sets
	// a mark.
	words []atomic.Uint64 // linear probing, at most half full
	mask  uint64          // len(words)-1

	// A line between the sides keeps readers' lines apart from the
	// writers' (as in shard.Shard).
	_ [cacheline.Size]byte

	mu    sync.Mutex
	pos   []int32    // under mu: for a used words[i], its index in ring
	ring  []retained // under mu: CLOCK order; a nil v is a hole listed in free
	free  []int32    // under mu: the holes of ring
	hand  int        // under mu: the ring slot the CLOCK looks at next
	count atomic.Int64

	_ [cacheline.Size]byte
}

// retained is one value the map keeps alive, and its key's hash.
type retained struct {
	h uint64
	v unsafe.Pointer
}

// newRetainer returns the retainer for a map of the given shard count (a
// power of two) that retains n values, or nil if n is 0.
func newRetainer(n, shards int, takeMarks func(h uint64) bool) *retainer {
	if n <= 0 {
		return nil
	}
	r := &retainer{
		takeMarks: takeMarks,
		shardMask: uint64(shards - 1),
		shards:    make([]retainShard, shards),
		n:         int64(n),
	}
	r.target.Store(int64(n))
	per := (n + shards - 1) / shards
	size := 4
	for size < 4*per { // at most half full at the shard's limit, 2*per
		size *= 2
	}
	for i := range r.shards {
		s := &r.shards[i]
		s.words = make([]atomic.Uint64, size)
		s.mask = uint64(size - 1)
		s.pos = make([]int32, size)
	}
	f := readHeapPressure
	r.pressure.Store(&f)
	armGCWatch(weak.Make(r))
	return r
}

// shard returns the retainShard of hash h.
func (r *retainer) shard(h uint64) *retainShard { return &r.shards[h>>48&r.shardMask] }

// hit is the read side: v, the value stored under a key of hash h, was
// just found. If v is retained and marked, as a hot value is, it writes
// nothing.
func (r *retainer) hit(h uint64, v unsafe.Pointer) (retained bool) {
	s := r.shard(h)
	if s.words[h>>2&s.mask].Load() != wordOf(h)|wordMarked {
		return r.hitSlow(s, h, v)
	}
	return false
}

// hitSlow marks h if it is retained (a CAS that loses to a concurrent
// change loses only a mark), and otherwise retains v if s's lock is free
// at once: a reader must never wait. It reports whether it retained v,
// which the caller must then confirm (see Map.confirmRetained).
func (r *retainer) hitSlow(s *retainShard, h uint64, v unsafe.Pointer) bool {
	w := wordOf(h)
	for i := h >> 2 & s.mask; ; i = (i + 1) & s.mask {
		x := s.words[i].Load()
		if x == 0 {
			break
		}
		if x&^wordMarked == w {
			if x&wordMarked == 0 {
				s.words[i].CompareAndSwap(x, x|wordMarked)
			}
			return false
		}
	}
	if s.mu.TryLock() {
		s.retain(r, h, v)
		s.mu.Unlock()
		return true
	}
	return false
}

// hitUnmarked is the read side for Load: v, the value stored under a key
// of hash h, was just found in a slot whose mark (mk) is not set. If h is
// retained it sets the mark; otherwise it retains v, and sets the mark,
// if s's lock is free at once: a reader must never wait. It reports
// whether it retained v, which the caller must then confirm (see
// Map.confirmRetained).
func (r *retainer) hitUnmarked(h uint64, v unsafe.Pointer, mk shard.Mark) (retained bool) {
	s := r.shard(h)
	if s.has(h) {
		mk.Set()
		if !s.has(h) { // released meanwhile: a mark must mean retained
			mk.Clear()
		}
		return false
	}
	if s.mu.TryLock() {
		s.retain(r, h, v)
		if retained = s.has(h); retained { // not if the target is 0
			mk.Set() // under s.mu, so a release of h comes after and clears it
		}
		s.mu.Unlock()
	}
	return retained
}

// has reports whether h is retained. Without s.mu it may miss a hash that
// a concurrent release is moving (see release).
func (s *retainShard) has(h uint64) bool {
	w := wordOf(h)
	for i := h >> 2 & s.mask; ; i = (i + 1) & s.mask {
		x := s.words[i].Load()
		if x == 0 {
			return false
		}
		if x&^wordMarked == w {
			return true
		}
	}
}

// stored is the write side: v was just stored under a key of hash h.
func (r *retainer) stored(h uint64, v unsafe.Pointer) {
	s := r.shard(h)
	s.mu.Lock()
	s.retain(r, h, v)
	s.mu.Unlock()
}

// dropped releases the value retained for hash h, if any: its key was
// deleted.
func (r *retainer) dropped(h uint64) {
	s := r.shard(h)
	s.mu.Lock()
	if i, ok := s.find(h); ok {
		s.release(r, i)
	}
	s.mu.Unlock()
}

// clear releases every retained value.
func (r *retainer) clear() {
	for i := range r.shards {
		s := &r.shards[i]
		s.mu.Lock()
		for j := range s.words {
			s.words[j].Store(0)
		}
		for _, e := range s.ring {
			if e.v != nil {
				r.takeMarks(e.h) // after the words are gone: see hitUnmarked
			}
		}
		clear(s.ring) // release the values even if the array is kept
		s.ring, s.free, s.hand = s.ring[:0], s.free[:0], 0
		r.total.Add(-s.count.Swap(0))
		s.mu.Unlock()
	}
}

// shareOf returns each shard's fair share of the target: the target over
// the shard count, rounded up. A shard retains up to its share whatever
// the others do, and up to twice its share while the map as a whole
// retains fewer than the target, so that a shard that receives more than
// its share of the hot keys (as some do, keys being spread at random)
// still retains them.
func (r *retainer) shareOf() int {
	t := int(r.target.Load())
	ns := len(r.shards)
	return (t + ns - 1) / ns
}

// find returns the index of h's word, and true, if h is retained, or else
// the empty index where it would go, and false. Under s.mu.
func (s *retainShard) find(h uint64) (int, bool) {
	w := wordOf(h)
	for i := h >> 2 & s.mask; ; i = (i + 1) & s.mask {
		x := s.words[i].Load()
		if x == 0 {
			return int(i), false
		}
		if x&^wordMarked == w {
			return int(i), true
		}
	}
}

// retain retains v for hash h, marked, replacing the value retained for h
// if any. To make room it first evicts by CLOCK while the shard holds
// twice its share, or its share while the map retains its target. Under
// s.mu.
func (s *retainShard) retain(r *retainer, h uint64, v unsafe.Pointer) {
	if i, ok := s.find(h); ok {
		s.ring[s.pos[i]].v = v
		s.words[i].Or(wordMarked)
		return
	}
	share := r.shareOf()
	if share <= 0 {
		return
	}
	for n := int(s.count.Load()); n > 0 && (n >= 2*share || n >= share && r.total.Load() >= r.target.Load()); n-- {
		s.evict(r)
	}
	var j int32
	if n := len(s.free); n > 0 {
		j, s.free = s.free[n-1], s.free[:n-1]
		s.ring[j] = retained{h, v}
	} else {
		j = int32(len(s.ring))
		s.ring = append(s.ring, retained{h, v})
	}
	i, _ := s.find(h) // again: evict may have moved words
	s.pos[i] = j
	s.words[i].Store(wordOf(h) | wordMarked)
	s.count.Add(1)
	r.total.Add(1)
}

// evict releases one retained value, by CLOCK: from the hand on, it
// clears the marks it finds and evicts the first unmarked value. Readers
// may set marks again behind it; after two full turns it evicts the value
// under the hand whatever its mark, so it ends. Under s.mu, with at least
// one value retained.
func (s *retainShard) evict(r *retainer) {
	for turns := 2 * len(s.ring); ; turns-- {
		if s.hand >= len(s.ring) {
			s.hand = 0
		}
		e := &s.ring[s.hand]
		s.hand++
		if e.v == nil {
			continue
		}
		i, _ := s.find(e.h)
		x := s.words[i].Load()
		if used := r.takeMarks(e.h); (used || x&wordMarked != 0) && turns > 0 {
			s.words[i].And(^uint64(wordMarked))
			continue
		}
		s.release(r, i)
		return
	}
}

// release releases the value of words[i], which is used, and empties
// words[i] by moving back the words after it that probed past it
// (deletion without tombstones, as linear probing allows). A reader that
// probes meanwhile may miss a retained hash; it then takes the slow path,
// whose TryLock fails while the lock is held. Under s.mu.
func (s *retainShard) release(r *retainer, i int) {
	j := s.pos[i]
	h := s.ring[j].h
	s.ring[j] = retained{}
	s.free = append(s.free, j)
	s.count.Add(-1)
	r.total.Add(-1)
	hole := uint64(i)
	for k := (hole + 1) & s.mask; ; k = (k + 1) & s.mask {
		x := s.words[k].Load()
		if x == 0 {
			break
		}
		// x may fill the hole if its home is not in (hole, k].
		if home := x >> 2 & s.mask; (k-home)&s.mask >= (k-hole)&s.mask {
			s.words[hole].Store(x)
			s.pos[hole] = s.pos[k]
			hole = k
		}
	}
	s.words[hole].Store(0)
	r.takeMarks(h) // after the word is gone: see hitUnmarked
}

// shrinkTo evicts by CLOCK until s retains at most limit values.
func (s *retainShard) shrinkTo(r *retainer, limit int) {
	s.mu.Lock()
	for int(s.count.Load()) > limit {
		s.evict(r)
	}
	s.mu.Unlock()
}

// Above pressureHigh of the memory limit retention halves; below
// pressureLow it doubles, up to n. The gap keeps it from flapping.
const (
	pressureHighNum, pressureHighDen = 3, 4
	pressureLowNum, pressureLowDen   = 1, 2
)

// relieve adapts the target to the heap's pressure, the live heap against
// the memory limit (see WithRetain), and evicts what exceeds it. It runs
// after every collection.
func (r *retainer) relieve(live, memLimit uint64) {
	t := r.target.Load()
	switch {
	case memLimit == 0 || memLimit >= math.MaxInt64:
		t = r.n // no limit
	case live > memLimit/pressureHighDen*pressureHighNum:
		t /= 2
	case live < memLimit/pressureLowDen*pressureLowNum && t < r.n:
		t = min(r.n, max(2*t, 1))
	}
	r.target.Store(t)
	// Over the target, every shard gives up what it holds beyond its
	// share; else only beyond twice its share (a target that fell).
	share := r.shareOf()
	limit := 2 * share
	if r.total.Load() > t {
		limit = share
	}
	for i := range r.shards {
		if int(r.shards[i].count.Load()) > limit {
			r.shards[i].shrinkTo(r, limit)
		}
	}
}

// readHeapPressure returns the live heap after the last collection and the
// memory limit (math.MaxInt64 if there is none).
func readHeapPressure() (live, limit uint64) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		live = s[0].Value.Uint64()
	}
	limit = math.MaxInt64
	if s[1].Value.Kind() == metrics.KindUint64 {
		limit = s[1].Value.Uint64()
	}
	return live, limit
}

// armGCWatch makes r relieve pressure after the next collection, and
// again after each one while r is alive: an unreachable sentinel's
// cleanup runs after the collection that frees it and arms the next. It
// refers to r weakly, so it never keeps the map alive; once the map is
// collected it stops.
func armGCWatch(r weak.Pointer[retainer]) {
	runtime.AddCleanup(new(gcSentinel), afterGC, r)
}

// gcSentinel has a pointer so that it is not allocated in a shared tiny
// block, which might outlive it.
type gcSentinel struct{ _ *byte }

func afterGC(wr weak.Pointer[retainer]) {
	if r := wr.Value(); r != nil {
		r.relieve((*r.pressure.Load())())
		armGCWatch(wr)
	}
}

// The hooks the Map methods call, each a branch when retention is off.

// retainStored records that v was stored under key, of hash h.
func (m *Map[K, V]) retainStored(key K, h uint64, v *V) {
	if r := m.retain; r != nil {
		r.stored(h, unsafe.Pointer(v))
		m.confirmRetained(key, h, v)
	}
}

// confirmRetained releases h if key no longer holds v. A write or read
// retains its value after it has left the table's lock, so a Delete (or a
// Clear, or a replacing write) may have come in between, released h and
// found nothing retained yet: without this check, v would stay retained
// with no key left to release it, where Delete promises to release at
// once. Delete removes its entry before it releases h, so either this
// check sees the removal, or the removal's release comes after v was
// retained and releases it. A replacing write's value loses its
// retention here if it was retained first: retention is approximate, and
// this errs towards keeping less.
func (m *Map[K, V]) confirmRetained(key K, h uint64, v *V) {
	if e, _ := m.t.Get(key); e == nil || e.Value.load().Value() != v {
		m.retain.dropped(h)
	}
}

// retainUsed records the outcome of a write or lookup of key that found
// v (loaded) or stored it, for the methods that do not have key's hash at
// hand: it hashes key again only with retention on.
func (m *Map[K, V]) retainUsed(key K, v *V, loaded bool) {
	if r := m.retain; r != nil && v != nil {
		h := m.t.Hash(key)
		if !loaded {
			r.stored(h, unsafe.Pointer(v))
		} else if !r.hit(h, unsafe.Pointer(v)) {
			return
		}
		m.confirmRetained(key, h, v)
	}
}

// retainComputed records that key now holds v (ok) or nothing (a delete,
// or a Compute that left key absent).
func (m *Map[K, V]) retainComputed(key K, v *V, ok bool) {
	if r := m.retain; r != nil {
		if h := m.t.Hash(key); ok {
			r.stored(h, unsafe.Pointer(v))
			m.confirmRetained(key, h, v)
		} else {
			r.dropped(h)
		}
	}
}

// retainCleared releases every retained value.
func (m *Map[K, V]) retainCleared() {
	if r := m.retain; r != nil {
		r.clear()
	}
}

// retainStats adds the retention figures to st.
func (m *Map[K, V]) retainStats(st *Stats) {
	if r := m.retain; r != nil {
		st.Retained = int(r.total.Load())
		st.RetainTarget = int(r.target.Load())
	}
}

// keyRetainWhy is why a KeyMap or Set refuses WithRetain.
const keyRetainWhy = "keys are compared by identity, so an entry whose key nothing else holds can never be found again, and retaining it would only waste memory"
