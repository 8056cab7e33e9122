package shard

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Tests under degenerate hashes (a constant, a hash truncated to a few
// bits), as Go tests its concurrent hash-trie: they force what a seeded hash
// makes vanishingly rare, every key in one home bucket, probes that run
// through full buckets for the whole array and wrap around its end, deleted
// slots in the middle of every probe, and all of it through growth,
// deletes, Retain sweeps and concurrent readers.

// shardsForDegenerate is the shard count of every table here: the
// truncated hashes that keep shard bits spread keys over all four.
const shardsForDegenerate = 4

type degenerateHash struct {
	name string
	hash func(int) uint64
	// wraps: every key's home is the last bucket of its shard, so every
	// probe past it continues at bucket 0.
	wraps bool
	// oneShard: every key goes to the same shard.
	oneShard bool
}

func degenerateHashes() []degenerateHash {
	seed := maphash.MakeSeed()
	full := func(k int) uint64 { return maphash.Comparable(seed, k) }
	return []degenerateHash{
		{name: "constant=0", hash: func(int) uint64 { return 0 }, oneShard: true},
		// The low bits pick the home bucket and the top bits the shard: all
		// ones is the last bucket of the last shard.
		{name: "constant=all-ones", hash: func(int) uint64 { return ^uint64(0) }, wraps: true, oneShard: true},
		// Eight home buckets, one shard, one tag (bits 33-39 are zero).
		{name: "truncated=low3", hash: func(k int) uint64 { return full(k) & 7 }, oneShard: true},
		// Four shards, four home buckets in each, one tag.
		{name: "truncated=shard2+low2", hash: func(k int) uint64 { return full(k) & (3<<shardShift | 3) }},
	}
}

// checkModel checks tb against model: Len, the lock-free Get and Find
// under the lock agree with the model for every key in it, the absent keys
// are found by neither, and Range yields exactly the model.
func checkModel(t *testing.T, phase string, tb *Table[int, int], model map[int]int, absent []int) {
	t.Helper()
	if n := tb.Len(); n != len(model) {
		t.Fatalf("%s: Len %d, want %d", phase, n, len(model))
	}
	for k, want := range model {
		if v, ok := get(tb, k); !ok || v != want {
			t.Fatalf("%s: Get(%d) = (%d, %v), want (%d, true)", phase, k, v, ok, want)
		}
		if e := findLocked(tb, k); e == nil || e.Value != want {
			t.Fatalf("%s: Find(%d) under the lock = %v, want value %d", phase, k, e, want)
		}
	}
	for _, k := range absent {
		if v, ok := get(tb, k); ok {
			t.Fatalf("%s: Get(%d) = (%d, true) for an absent key", phase, k, v)
		}
		if e := findLocked(tb, k); e != nil {
			t.Fatalf("%s: Find(%d) under the lock found value %d for an absent key", phase, k, e.Value)
		}
	}
	got := collect(t, tb)
	if len(got) != len(model) {
		t.Fatalf("%s: Range yielded %d entries, want %d", phase, len(got), len(model))
	}
	for k, v := range got {
		if want, ok := model[k]; !ok || v != want {
			t.Fatalf("%s: Range yielded %d -> %d, want %d (in model: %v)", phase, k, v, want, ok)
		}
	}
}

// probeShape reports, over the keys stored in tb, how many sit in a bucket
// before their home bucket (their probe wrapped around the array's end),
// how many home buckets are full, and how many deleted slots the arrays
// hold.
func probeShape(tb *Table[int, int], keys []int) (wrapped, fullHomes, deleted int) {
	homes := make(map[*bucket[int, int]]bool)
	for _, k := range keys {
		h := tb.Hash(k)
		s := tb.Lock(h)
		bs := *s.buckets.Load()
		pos, _ := s.Find(h, k)
		if pos >= 0 {
			home := int(h & uint64(len(bs)-1))
			if pos/bucketSlots < home {
				wrapped++
			}
			homes[&bs[home]] = zeroBytes(bs[home].meta.Load())&slotBytes == 0
		}
		s.Unlock()
	}
	for _, full := range homes {
		if full {
			fullHomes++
		}
	}
	for i := range tb.Shards() {
		s := tb.Shard(i)
		s.mu.Lock()
		bs := *s.buckets.Load()
		for b := range bs {
			meta := bs[b].meta.Load()
			for j := range bucketSlots {
				if meta>>(8*j)&0xff == metaDeleted {
					deleted++
				}
			}
		}
		s.mu.Unlock()
	}
	return wrapped, fullHomes, deleted
}

func totalCapacity[K comparable, V any](tb *Table[K, V]) int {
	c := 0
	for i := range tb.Shards() {
		c += tb.Capacity(i)
	}
	return c
}

// TestDegenerateHash drives a table under each degenerate hash through
// inserts (with every growth), replaces, deletes (leaving deleted slots
// inside the probes), reinserts into those slots, growth past them, and
// deleting everything, checking the whole table against a model after
// each phase and after each growth. It also checks that the hash really
// forced what it is there for: full home buckets, and for the all-ones
// constant, probes that wrap around the array's end.
func TestDegenerateHash(t *testing.T) {
	const n = 400
	for _, dh := range degenerateHashes() {
		t.Run(dh.name, func(t *testing.T) {
			tb := newWithHash(Config[int, int]{Shards: shardsForDegenerate}, dh.hash)
			model := make(map[int]int)
			var keys, absent []int

			capacity := totalCapacity(tb)
			for k := range n {
				if !put(tb, k, 10*k) {
					t.Fatalf("insert of new key %d reported a replace", k)
				}
				model[k] = 10 * k
				keys = append(keys, k)
				if c := totalCapacity(tb); c != capacity {
					capacity = c
					checkModel(t, fmt.Sprintf("growth to %d slots at key %d", c, k), tb, model, nil)
				}
			}
			checkModel(t, "insert", tb, model, nil)

			if dh.oneShard {
				h := dh.hash(0)
				for i := range tb.Shards() {
					want := 0
					if i == tb.ShardOf(h) {
						want = n
					}
					if got := int(tb.Shard(i).count.Load()); got != want {
						t.Fatalf("shard %d holds %d entries, want %d: the hash seam is not in effect", i, got, want)
					}
				}
			}
			wrapped, fullHomes, _ := probeShape(tb, keys)
			if fullHomes == 0 {
				t.Fatalf("no home bucket is full: the test forces no long probes")
			}
			if dh.wraps && wrapped == 0 {
				t.Fatalf("no probe wrapped around the array's end")
			}

			for k := 0; k < n; k += 2 {
				if put(tb, k, -10*k-1) {
					t.Fatalf("replace of key %d reported an insert", k)
				}
				model[k] = -10*k - 1
			}
			checkModel(t, "replace", tb, model, nil)

			for k := 0; k < n; k += 3 {
				if !del(tb, k) {
					t.Fatalf("delete of stored key %d found nothing", k)
				}
				if del(tb, k) {
					t.Fatalf("second delete of key %d found it again", k)
				}
				delete(model, k)
				absent = append(absent, k)
			}
			checkModel(t, "delete", tb, model, absent)
			if _, _, deleted := probeShape(tb, keys); deleted == 0 {
				t.Fatalf("no deleted slot after %d deletes", len(absent))
			}

			// Reinsert half the deleted keys: each lands in the first
			// deleted or empty slot of its probe, ahead of live keys that
			// later lookups must still reach.
			var stillAbsent []int
			for i, k := range absent {
				if i%2 == 0 {
					stillAbsent = append(stillAbsent, k)
					continue
				}
				if !put(tb, k, 7*k+3) {
					t.Fatalf("reinsert of deleted key %d reported a replace", k)
				}
				model[k] = 7*k + 3
			}
			absent = stillAbsent
			checkModel(t, "reinsert", tb, model, absent)

			// Grow past the deleted slots: a rebuild drops them.
			for k := n; k < 2*n; k++ {
				put(tb, k, 10*k)
				model[k] = 10 * k
				keys = append(keys, k)
				if c := totalCapacity(tb); c != capacity {
					capacity = c
					checkModel(t, fmt.Sprintf("growth to %d slots at key %d", c, k), tb, model, absent)
				}
			}
			checkModel(t, "grow", tb, model, absent)

			for k := range model {
				if !del(tb, k) {
					t.Fatalf("delete of stored key %d found nothing", k)
				}
				delete(model, k)
				absent = append(absent, k)
			}
			checkModel(t, "delete all", tb, model, absent)
			for _, k := range absent[:50] {
				put(tb, k, k)
				model[k] = k
			}
			checkModel(t, "insert after delete all", tb, model, absent[50:])
		})
	}
}

// TestDegenerateHashRetain sweeps tables under each degenerate hash with
// small Retain budgets, with and without DropOnGrow (and, with it, growth
// that drops dead entries before the sweep reaches them). After the sweeps
// every live key must be found with its own item, no dead key found, Len
// must count the live ones, the shards' Stats must count every removal, and
// Evicted must have received each dead entry exactly once.
func TestDegenerateHashRetain(t *testing.T) {
	const n = 400
	for _, dh := range degenerateHashes() {
		for _, dropOnGrow := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/dropOnGrow=%v", dh.name, dropOnGrow), func(t *testing.T) {
				var mu sync.Mutex
				evicted := make(map[*itemEntry]int)
				tb := newWithHash(Config[int, *item]{
					Shards:     shardsForDegenerate,
					DropOnGrow: dropOnGrow,
					Keep:       func(e *itemEntry) bool { return !e.Value.dead.Load() },
					Evicted: func(es []*itemEntry) {
						mu.Lock()
						defer mu.Unlock()
						for _, e := range es {
							evicted[e]++
						}
					},
				}, dh.hash)
				items := make(map[int]*item)
				add := func(id int) {
					it := &item{id: id}
					items[id] = it
					put(tb, id, it)
				}
				for id := range n {
					add(id)
				}

				// sweepAll runs passes of budget-7 steps over every shard
				// until a pass removes nothing (a pass that removed
				// something may have shrunk a shard and restarted its
				// cursor).
				sweepAll := func() {
					for pass := 0; ; pass++ {
						if pass == 10 {
							t.Fatalf("sweeps still removing entries after %d passes", pass)
						}
						removed := 0
						for i := range tb.Shards() {
							for range tb.Capacity(i)/7 + 1 {
								removed += tb.Retain(i, 7).Removed
							}
						}
						if removed == 0 {
							return
						}
					}
				}
				check := func(phase string) {
					t.Helper()
					live := 0
					for id, it := range items {
						e, _ := tb.Get(id)
						switch {
						case it.dead.Load() && e != nil:
							t.Fatalf("%s: dead key %d still found", phase, id)
						case !it.dead.Load() && (e == nil || e.Value != it):
							t.Fatalf("%s: live key %d: Get = %v, want its item", phase, id, e)
						case !it.dead.Load():
							live++
						}
					}
					if got := tb.Len(); got != live {
						t.Fatalf("%s: Len %d, want %d live entries", phase, got, live)
					}
					var removed uint64
					for i := range tb.Shards() {
						removed += tb.Stats(i).Removed
					}
					mu.Lock()
					defer mu.Unlock()
					if dead := len(items) - live; len(evicted) != dead || int(removed) != dead {
						t.Fatalf("%s: Evicted got %d entries and Stats count %d removals, want %d dead", phase, len(evicted), removed, dead)
					}
					for e, times := range evicted {
						if times != 1 || !e.Value.dead.Load() || items[e.Key] != e.Value {
							t.Fatalf("%s: Evicted got key %d %d times (dead %v), want a dead entry once", phase, e.Key, times, e.Value.dead.Load())
						}
					}
				}

				for id := range n {
					if id%3 != 0 {
						items[id].dead.Store(true)
					}
				}
				if dropOnGrow {
					// Growth drops the dead entries of the shards it rebuilds.
					for id := n; id < 2*n; id++ {
						add(id)
					}
				}
				sweepAll()
				check("first sweep")

				// Kill nearly everything: removals leave the shards mostly
				// empty, so the sweep also shrinks them.
				before := totalCapacity(tb)
				for id, it := range items {
					if id%9 != 0 {
						it.dead.Store(true)
					}
				}
				sweepAll()
				check("second sweep")
				if after := totalCapacity(tb); after >= before {
					t.Fatalf("killing 8/9 of the entries left %d slots, had %d: no shard shrank", after, before)
				}
			})
		}
	}
}

// TestDegenerateHashConcurrent runs lock-free readers against writers and
// a sweeper under each degenerate hash (meant for -race), where every
// lookup walks long probes that writers are changing: deleting, replacing,
// reinserting into deleted slots, growing and shrinking shards.
//
// Key k's values are 4k+1 and 4k+2, negated when dead to Keep. Stable keys
// are inserted first and only ever replaced, so readers must always find
// them with one of their values; churn keys belong to one writer each, and
// a reader that finds one must find one of its values. After the run, each
// writer's model of its keys is checked, then a full sweep must leave
// exactly the live entries.
func TestDegenerateHashConcurrent(t *testing.T) {
	const (
		stable  = 64
		writers = 2
		churn   = 150 // keys per writer
		writes  = 6000
		readers = 2
	)
	for _, dh := range degenerateHashes() {
		t.Run(dh.name, func(t *testing.T) {
			deadline := time.Now().Add(60 * time.Second)
			tb := newWithHash(Config[int, int]{
				Shards: shardsForDegenerate,
				Keep:   func(e *Entry[int, int]) bool { return e.Value > 0 },
				Evicted: func(es []*Entry[int, int]) {
					for _, e := range es {
						if e.Value > 0 {
							panic(fmt.Sprintf("Evicted got live entry %d -> %d", e.Key, e.Value))
						}
					}
				},
			}, dh.hash)
			valueOf := func(k int, v int) bool {
				if v < 0 {
					v = -v
				}
				return v == 4*k+1 || v == 4*k+2
			}
			for k := range stable {
				put(tb, k, 4*k+1)
			}
			churnKey := func(w, i int) int { return 1000*(w+1) + i }

			var failures atomic.Int64
			var firstFailure atomic.Value
			fail := func(msg string) {
				if failures.Add(1) == 1 {
					firstFailure.Store(msg)
				}
			}
			// models[w][k] is writer w's last write to key k: its value, or
			// 0 for a delete.
			models := make([]map[int]int, writers)
			var writersWG, othersWG sync.WaitGroup
			var writersDone atomic.Bool
			for w := range writers {
				models[w] = make(map[int]int)
				writersWG.Add(1)
				go func() {
					defer writersWG.Done()
					r := rand.New(rand.NewPCG(uint64(w), 17))
					model := models[w]
					for i := range writes {
						if i%64 == 0 && time.Now().After(deadline) {
							fail("writer: deadline passed")
							return
						}
						if i%4 == 0 {
							k := r.IntN(stable)
							put(tb, k, 4*k+1+r.IntN(2))
							continue
						}
						k := churnKey(w, r.IntN(churn))
						if r.IntN(3) == 0 {
							present := del(tb, k)
							if model[k] > 0 && !present {
								fail(fmt.Sprintf("writer %d: delete of live key %d found nothing", w, k))
								return
							}
							model[k] = 0
							continue
						}
						v := 4*k + 1 + r.IntN(2)
						if r.IntN(4) == 0 {
							v = -v
						}
						inserted := put(tb, k, v)
						if model[k] > 0 && inserted {
							fail(fmt.Sprintf("writer %d: key %d, live in the model, was absent", w, k))
							return
						}
						if model[k] == 0 && !inserted {
							fail(fmt.Sprintf("writer %d: key %d, deleted in the model, was present", w, k))
							return
						}
						model[k] = v
					}
				}()
			}
			othersWG.Add(1)
			go func() { // sweeper
				defer othersWG.Done()
				for i := 0; !writersDone.Load(); i++ {
					tb.Retain(i%tb.Shards(), 5)
				}
			}()
			for rd := range readers {
				othersWG.Add(1)
				go func() {
					defer othersWG.Done()
					r := rand.New(rand.NewPCG(uint64(rd), 23))
					for i := 0; !writersDone.Load(); i++ {
						if i%64 == 0 && time.Now().After(deadline) {
							fail("reader: deadline passed")
							return
						}
						k := r.IntN(stable)
						if v, ok := get(tb, k); !ok || !valueOf(k, v) || v < 0 {
							fail(fmt.Sprintf("reader: stable key %d: Get = (%d, %v)", k, v, ok))
							return
						}
						k = churnKey(r.IntN(writers), r.IntN(churn))
						if v, ok := get(tb, k); ok && !valueOf(k, v) {
							fail(fmt.Sprintf("reader: churn key %d holds %d", k, v))
							return
						}
						if i%500 == 0 {
							tb.Range(func(e *Entry[int, int]) bool {
								if !valueOf(e.Key, e.Value) {
									fail(fmt.Sprintf("reader: Range yielded %d -> %d", e.Key, e.Value))
									return false
								}
								return true
							})
						}
					}
				}()
			}
			writersWG.Wait()
			writersDone.Store(true)
			othersWG.Wait()
			if n := failures.Load(); n > 0 {
				t.Fatalf("%d failures; first: %v", n, firstFailure.Load())
			}

			live := stable
			for _, model := range models {
				for k, v := range model {
					got, ok := get(tb, k)
					switch {
					case v > 0 && (!ok || got != v):
						t.Fatalf("churn key %d: Get = (%d, %v), want (%d, true)", k, got, ok, v)
					case v < 0 && ok && got != v:
						t.Fatalf("churn key %d: Get = %d, want %d or absent", k, got, v)
					case v == 0 && ok:
						t.Fatalf("deleted churn key %d: Get = %d", k, got)
					}
					if v > 0 {
						live++
					}
				}
			}
			for i := range tb.Shards() {
				tb.Retain(i, 0)
			}
			if n := tb.Len(); n != live {
				t.Fatalf("after a full sweep Len = %d, want %d live entries", n, live)
			}
			for k := range stable {
				if v, ok := get(tb, k); !ok || !valueOf(k, v) || v < 0 {
					t.Fatalf("stable key %d: Get = (%d, %v) after the run", k, v, ok)
				}
			}
		})
	}
}
