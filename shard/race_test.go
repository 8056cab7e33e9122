package shard

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
)

// TestConcurrentReadersWriters runs writers and lock-free readers together
// (meant for -race). Values encode their key, so any entry a reader sees can
// be checked; negative values are "dead" to Keep.
//
//   - Each writer owns stable keys (inserted before the readers start, then
//     replaced over and over with equal values) and growing keys (inserted
//     one by one and published through an atomic counter): it never deletes
//     either, so every reader must always find them with their value, across
//     the growths, rebuilds and shrinks happening meanwhile.
//   - All writers churn one shared range of keys (insert, replace, delete;
//     some values dead), which keeps deleted slots and rebuilds coming.
//   - A sweeper runs Retain steps on every shard, removing dead churn
//     entries concurrently with everything else.
//   - Readers call Get on owned keys and Range over the table, checking
//     every entry they see.
//
// Iteration counts, not time, bound the test.
func TestConcurrentReadersWriters(t *testing.T) {
	const (
		writers  = 4
		stable   = 300
		growing  = 3000
		churn    = 256 // shared keys: [0, churn)
		readers  = 4
		readOps  = 20000
		rangeEvr = 2000 // a reader ranges once every rangeEvr ops
	)
	var evicted atomic.Int64
	tb := New(Config[int, int]{
		Shards:     4,
		Keep:       func(e *Entry[int, int]) bool { return e.Value >= 0 },
		DropOnGrow: true,
		Evicted: func(es []*Entry[int, int]) {
			for _, e := range es {
				if e.Value >= 0 {
					panic("Evicted got a live entry")
				}
			}
			evicted.Add(int64(len(es)))
		},
	})
	// Owned keys: writer w's stable key i is 1e6*(w+1)+i, growing key i is
	// 1e6*(w+1)+stable+i; values are 3*key+1.
	key := func(w, i int) int { return 1_000_000*(w+1) + i }
	val := func(k int) int { return 3*k + 1 }

	for w := range writers {
		for i := range stable {
			put(tb, key(w, i), val(key(w, i)))
		}
	}

	var published [writers]atomic.Int64 // growing keys inserted so far
	var wg, writersWG sync.WaitGroup
	var writersDone atomic.Bool
	var failures atomic.Int64
	var firstFailure atomic.Value
	fail := func(msg string) {
		if failures.Add(1) == 1 {
			firstFailure.Store(msg)
		}
	}

	for w := range writers {
		wg.Add(1)
		writersWG.Add(1)
		go func() {
			defer wg.Done()
			defer writersWG.Done()
			r := rand.New(rand.NewPCG(uint64(w), 99))
			for i := range growing {
				k := key(w, stable+i)
				put(tb, k, val(k))
				published[w].Store(int64(i + 1))

				s := key(w, r.IntN(stable))
				if put(tb, s, val(s)) { // a replace: the key must be present
					fail("a stable key was absent when its writer replaced it")
				}
				c := r.IntN(churn)
				switch r.IntN(3) {
				case 0:
					put(tb, c, val(c))
				case 1:
					put(tb, c, -val(c)) // dead: Retain or a growth drops it
				default:
					del(tb, c)
				}
			}
		}()
	}

	stopSweep := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stopSweep:
				return
			default:
			}
			tb.Retain(i%tb.Shards(), 16)
		}
	}()

	for rd := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(rd), 7))
			// At least readOps operations, and on until the writers are
			// done, so reads overlap all of the writing.
			for op := 0; op < readOps || !writersDone.Load(); op++ {
				w := r.IntN(writers)
				var k int
				if n := int(published[w].Load()); n > 0 && r.IntN(2) == 0 {
					k = key(w, stable+r.IntN(n))
				} else {
					k = key(w, r.IntN(stable))
				}
				if e, _ := tb.Get(k); e == nil || e.Key != k || e.Value != val(k) {
					fail("Get of an owned key missed it or returned a wrong entry")
				}
				c := r.IntN(churn)
				if e, _ := tb.Get(c); e != nil && (e.Key != c || (e.Value != val(c) && e.Value != -val(c))) {
					fail("Get of a churn key returned a wrong entry")
				}
				if op%rangeEvr == 0 {
					tb.Range(func(e *Entry[int, int]) bool {
						if e.Value != val(e.Key) && e.Value != -val(e.Key) {
							fail("Range yielded an entry with a wrong value")
						}
						return true
					})
				}
			}
		}()
	}

	writersWG.Wait()
	writersDone.Store(true)
	close(stopSweep)
	wg.Wait()

	if n := failures.Load(); n != 0 {
		t.Fatalf("%d failures; first: %v", n, firstFailure.Load())
	}
	// Quiescent now: every owned key is stored, and Len counts exactly the
	// owned keys plus the churn keys still stored.
	for w := range writers {
		for i := range stable + growing {
			k := key(w, i)
			if v, ok := get(tb, k); !ok || v != val(k) {
				t.Fatalf("owned key %d: Get = (%d, %v), want (%d, true)", k, v, ok, val(k))
			}
		}
	}
	churnStored := 0
	for c := range churn {
		if _, ok := get(tb, c); ok {
			churnStored++
		}
	}
	if want := writers*(stable+growing) + churnStored; tb.Len() != want {
		t.Fatalf("Len %d, want %d owned + %d churn = %d", tb.Len(), writers*(stable+growing), churnStored, want)
	}
	if got := len(collect(t, tb)); got != tb.Len() {
		t.Fatalf("Range yields %d entries, Len says %d", got, tb.Len())
	}
	var removed uint64
	for i := range tb.Shards() {
		removed += tb.Stats(i).Removed
	}
	if removed != uint64(evicted.Load()) {
		t.Fatalf("Stats count %d removals, Evicted got %d entries", removed, evicted.Load())
	}
}
