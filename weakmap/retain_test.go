package weakmap_test

import (
	"math"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"weak"

	"github.com/weakstripe/weakstripe/weakmap"
)

// WithRetain (retain.go). The values of these tests are held by nothing
// but the map (payloads made in functions that are not inlined), so that
// what survives a collection is what the retention keeps.

const retainN = 1024

// retainStoreFresh stores a fresh value under each key in [from, to) and
// keeps none of them.
//
//go:noinline
func retainStoreFresh(m *weakmap.Map[int, payload], from, to int) {
	for k := from; k < to; k++ {
		m.Store(k, &payload{name: "v" + strconv.Itoa(k)})
	}
}

// retainSettle runs the collector until at most max entries of m are
// live, and fails the test at the deadline.
func retainSettle(t *testing.T, m *weakmap.Map[int, payload], max int) {
	t.Helper()
	deadline := time.Now().Add(gcDeadline)
	for {
		runtime.GC()
		n := m.Len()
		if n <= max {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, %d entries are live; want at most %d (retained: %d)", gcDeadline, n, max, m.Stats().Retained)
		}
	}
}

// retainSurvivors returns how many of keys still load, checking that each
// value found is the one stored under its key.
func retainSurvivors(t *testing.T, m *weakmap.Map[int, payload], keys []int) int {
	t.Helper()
	n := 0
	for _, k := range keys {
		if v, ok := m.Load(k); ok {
			if v.name != "v"+strconv.Itoa(k) {
				t.Fatalf("Load(%d) returned %q", k, v.name)
			}
			n++
		}
	}
	return n
}

func checkRetention(t *testing.T, m *weakmap.Map[int, payload]) {
	t.Helper()
	if err := weakmap.CheckRetention(m); err != nil {
		t.Fatal(err)
	}
}

// Of the n/2 keys stored last before a collection, at least 90 % still
// load after it, and the collection leaves at most 2n entries live.
func TestRetainKeepsRecentlyStored(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithRetain(retainN))
	retainStoreFresh(m, 0, 4*retainN)
	retainSettle(t, m, 2*retainN)
	var recent []int
	for k := 4*retainN - retainN/2; k < 4*retainN; k++ {
		recent = append(recent, k)
	}
	if got := retainSurvivors(t, m, recent); got < len(recent)*9/10 {
		t.Fatalf("%d of the %d keys stored last survived the collection; want at least 90 %%", got, len(recent))
	}
	st := m.Stats()
	if st.RetainTarget != retainN || st.Retained > 2*retainN || st.Retained < retainN/2 {
		t.Fatalf("Stats: Retained %d, RetainTarget %d; want a target of %d and about as many retained", st.Retained, st.RetainTarget, retainN)
	}
	checkRetention(t, m)
}

// Reads count as uses: of n/2 older keys read after newer ones were
// stored, at least 90 % survive the collection.
func TestRetainKeepsRecentlyHit(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithRetain(retainN))
	held := make([]*payload, 4*retainN) // alive until the reads are done
	for k := range held {
		held[k] = &payload{name: "v" + strconv.Itoa(k)}
		m.Store(k, held[k])
	}
	var hot []int // among the first 2n stored: retained only if the reads count
	for _, k := range rand.Perm(2 * retainN)[:retainN/2] {
		hot = append(hot, k)
		if _, ok := m.Load(k); !ok {
			t.Fatalf("Load(%d) of a held value failed", k)
		}
	}
	runtime.KeepAlive(held) // the slice, so the values, until here
	held = nil
	retainSettle(t, m, 2*retainN)
	if got := retainSurvivors(t, m, hot); got < len(hot)*9/10 {
		t.Fatalf("%d of the %d keys read last survived the collection; want at least 90 %%", got, len(hot))
	}
	checkRetention(t, m)
}

// LoadOrCompute and LoadOrStore hits count as uses too.
func TestRetainKeepsLoadOrComputeHits(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithRetain(retainN))
	held := make([]*payload, 4*retainN)
	for k := range held {
		held[k] = &payload{name: "v" + strconv.Itoa(k)}
		m.Store(k, held[k])
	}
	hot := rand.Perm(2 * retainN)[:retainN/2]
	for i, k := range hot {
		var loaded bool
		if i%2 == 0 {
			_, loaded = m.LoadOrCompute(k, func() *payload { return &payload{name: "created"} })
		} else {
			_, loaded = m.LoadOrStore(k, &payload{name: "offered"})
		}
		if !loaded {
			t.Fatalf("key %d, whose value is held, was not loaded", k)
		}
	}
	runtime.KeepAlive(held) // the slice, so the values, until here
	held = nil
	retainSettle(t, m, 2*retainN)
	if got := retainSurvivors(t, m, hot); got < len(hot)*9/10 {
		t.Fatalf("%d of the %d keys loaded last survived the collection; want at least 90 %%", got, len(hot))
	}
}

// Without the option, a Map behaves as before: values nobody holds die.
func TestRetainOffValuesDie(t *testing.T) {
	for _, opt := range []weakmap.Option{weakmap.WithRetain(0), weakmap.WithShards(16)} {
		m := weakmap.New[int, payload](opt)
		retainStoreFresh(m, 0, 4*retainN)
		retainSettle(t, m, 0)
		if st := m.Stats(); st.Retained != 0 || st.RetainTarget != 0 {
			t.Fatalf("without retention, Stats: Retained %d, RetainTarget %d; want 0, 0", st.Retained, st.RetainTarget)
		}
	}
}

// A replaced value is no longer retained; a deleted key's value and, after
// Clear, every value are released at once.
func TestRetainReleases(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithRetain(64))
	old := retainWatchStored(m, 1)
	retainStoreFresh(m, 1, 2) // replaces it
	waitDead(t, "the replaced value", old)
	if st := m.Stats(); st.Retained != 1 {
		t.Fatalf("after a replacement, Retained = %d; want 1", st.Retained)
	}
	deleted := retainWatchStored(m, 2)
	m.Delete(2)
	waitDead(t, "the deleted value", deleted)
	cad := retainWatchStored(m, 3)
	if v, _ := m.Load(3); !m.CompareAndDelete(3, v) {
		t.Fatal("CompareAndDelete of the live value failed")
	}
	waitDead(t, "the value deleted by CompareAndDelete", cad)
	if st := m.Stats(); st.Retained != 1 {
		t.Fatalf("after the deletions, Retained = %d; want 1", st.Retained)
	}
	checkRetention(t, m)
	retainStoreFresh(m, 10, 40)
	m.Clear()
	if st := m.Stats(); st.Retained != 0 {
		t.Fatalf("after Clear, Retained = %d; want 0", st.Retained)
	}
	checkRetention(t, m)
	retainStoreFresh(m, 0, 10)
	retainSettle(t, m, 10)
	if got := retainSurvivors(t, m, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}); got != 10 {
		t.Fatalf("after Clear, %d of 10 new values survived; want all", got)
	}
	checkRetention(t, m)
}

// retainWatchStored stores a fresh value under k and returns a weak
// pointer to it.
//
//go:noinline
func retainWatchStored(m *weakmap.Map[int, payload], k int) weak.Pointer[payload] {
	v := &payload{name: "v" + strconv.Itoa(k)}
	m.Store(k, v)
	return weak.Make(v)
}

func waitDead(t *testing.T, what string, wp weak.Pointer[payload]) {
	t.Helper()
	deadline := time.Now().Add(gcDeadline)
	for wp.Value() != nil {
		if time.Now().After(deadline) {
			t.Fatalf("%s is still alive after %v", what, gcDeadline)
		}
		runtime.GC()
	}
}

// Under memory pressure the target halves at each collection, down to
// nothing, releasing what exceeds it; without pressure it doubles back.
func TestRetainShrinksUnderPressure(t *testing.T) {
	const n = 256
	m := weakmap.New[int, payload](weakmap.WithRetain(n), weakmap.WithShards(4))
	weakmap.SetHeapPressure(m, func() (uint64, uint64) { return 600, 1000 }) // collections change nothing
	var live, limit uint64 = 100, 1000
	relieve := func() { weakmap.RelieveRetention(m, live, limit) }
	retainStoreFresh(m, 0, 4*n)
	relieve()
	if st := m.Stats(); st.RetainTarget != n || st.Retained < n/2 || st.Retained > n {
		t.Fatalf("without pressure, Stats: Retained %d, RetainTarget %d; want the target %d, about as many retained", st.Retained, st.RetainTarget, n)
	}
	live = 800 // over 3/4 of the limit
	for want := n / 2; ; want /= 2 {
		relieve()
		st := m.Stats()
		most := (want + 3) / 4 * 4 // rounded up to a multiple of the shard count
		if st.RetainTarget != want || st.Retained > most {
			t.Fatalf("under pressure, Stats: Retained %d, RetainTarget %d; want a target of %d and at most %d retained", st.Retained, st.RetainTarget, want, most)
		}
		retainSettle(t, m, most)
		checkRetention(t, m)
		if want == 0 {
			break
		}
	}
	live = 600 // between the thresholds: no change
	relieve()
	if got := m.Stats().RetainTarget; got != 0 {
		t.Fatalf("between the thresholds, RetainTarget went from 0 to %d", got)
	}
	live = 400 // under half the limit
	for want := 1; want <= n; want *= 2 {
		relieve()
		if got := m.Stats().RetainTarget; got != want {
			t.Fatalf("as pressure eases, RetainTarget = %d; want %d", got, want)
		}
	}
	relieve()
	if got := m.Stats().RetainTarget; got != n {
		t.Fatalf("RetainTarget grew past n to %d", got)
	}
	live = 800
	relieve()
	limit = math.MaxInt64 // the limit is lifted
	relieve()
	if got := m.Stats().RetainTarget; got != n {
		t.Fatalf("without a memory limit, RetainTarget = %d; want %d", got, n)
	}
	retainStoreFresh(m, 0, 4*n)
	retainSettle(t, m, 2*n)
	if got := m.Stats().Retained; got < n/2 {
		t.Fatalf("after the pressure passed, only %d values are retained", got)
	}
}

// The pressure check runs after every collection by itself.
func TestRetainRelievesAfterGC(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithRetain(64))
	weakmap.SetHeapPressure(m, func() (uint64, uint64) { return 900, 1000 })
	retainStoreFresh(m, 0, 64)
	deadline := time.Now().Add(gcDeadline)
	for m.Stats().RetainTarget != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("after %v of collections under pressure, RetainTarget = %d; want 0", gcDeadline, m.Stats().RetainTarget)
		}
		runtime.GC()
	}
	retainSettle(t, m, 0)
}

// The real reading: the live heap is positive and the limit is the one
// the runtime has.
func TestRetainReadsHeapPressure(t *testing.T) {
	live, limit := weakmap.ReadHeapPressure()
	if want := uint64(debug.SetMemoryLimit(-1)); limit != want || live == 0 {
		t.Fatalf("ReadHeapPressure() = %d, %d; want a positive live heap and the limit %d", live, limit, want)
	}
}

// Loads, stores, deletions and pressure changes at once, under -race,
// leave the retention consistent and never return a wrong value.
func TestRetainConcurrent(t *testing.T) {
	const keys, n = 512, 128
	m := weakmap.New[int, payload](weakmap.WithRetain(n), weakmap.WithShards(4))
	var pressured atomic.Bool
	stop := time.Now().Add(300 * time.Millisecond)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 4 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			for i := 0; time.Now().Before(stop); i++ {
				k := rng.IntN(keys)
				switch op := rng.IntN(16); {
				case op < 10:
					if v, ok := m.Load(k); ok && v.name != "v"+strconv.Itoa(k) {
						errs <- "Load(" + strconv.Itoa(k) + ") returned " + v.name
						return
					}
				case op < 13:
					m.Store(k, &payload{name: "v" + strconv.Itoa(k)})
				case op < 14:
					m.LoadOrCompute(k, func() *payload { return &payload{name: "v" + strconv.Itoa(k)} })
				case op < 15:
					m.Delete(k)
				default:
					if g == 0 && i%64 == 0 {
						live := uint64(100)
						if pressured.Load() {
							live = 900
						}
						pressured.Store(!pressured.Load())
						weakmap.RelieveRetention(m, live, 1000)
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	checkRetention(t, m)
	if st := m.Stats(); st.Retained > 2*n {
		t.Fatalf("Retained = %d; want at most %d", st.Retained, 2*n)
	}
}

// The retention stays consistent through churn of a small share: every
// store and read evicts.
func TestRetainChurnConsistent(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithRetain(8), weakmap.WithShards(2))
	held := make([]*payload, 200)
	for k := range held {
		held[k] = &payload{name: "v" + strconv.Itoa(k)}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		k := rng.IntN(len(held))
		switch rng.IntN(4) {
		case 0, 1:
			m.Store(k, held[k])
		case 2:
			m.Load(k)
		default:
			m.Delete(k)
		}
		if i%1000 == 0 {
			checkRetention(t, m)
		}
	}
	checkRetention(t, m)
	if st := m.Stats(); st.Retained > 16 {
		t.Fatalf("Retained = %d; want at most 2n = 16", st.Retained)
	}
}

// CLOCK gives a read value a second chance: in a full ring, a retained
// value read since the policy last looked at it outlives an older one
// that was not read. One shard, so that the order is deterministic.
func TestRetainSecondChance(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithRetain(4), weakmap.WithShards(1))
	retainStoreFresh(m, 1, 6)    // 1 to 4 fill the ring; 5 clears the marks and evicts 1
	if _, ok := m.Load(2); !ok { // marks 2 again
		t.Fatal("Load(2) of a retained value failed")
	}
	retainStoreFresh(m, 6, 7) // evicts the first unmarked value: 3, not 2
	retainSettle(t, m, 4)
	for k, want := range map[int]bool{1: false, 2: true, 3: false, 4: true, 5: true, 6: true} {
		if _, ok := m.Load(k); ok != want {
			t.Fatalf("after the collection, Load(%d) found a value: %v; want %v (retained 2, 4, 5 and 6)", k, ok, want)
		}
	}
}

// Swap and CompareAndSwap count as stores.
func TestRetainSwapAndCompareAndSwapStore(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithRetain(64))
	retainStoreFresh(m, 0, 2)
	retainSwapFresh(m, 0)
	retainCASFresh(m, 1)
	retainSettle(t, m, 2)
	for k, want := range []string{"swapped", "cas"} {
		if v, ok := m.Load(k); !ok || v.name != want {
			t.Fatalf("Load(%d) = %v, %v after the collection; want the %s value, retained", k, v, ok, want)
		}
	}
}

//go:noinline
func retainSwapFresh(m *weakmap.Map[int, payload], k int) {
	m.Swap(k, &payload{name: "swapped"})
}

//go:noinline
func retainCASFresh(m *weakmap.Map[int, payload], k int) {
	old, _ := m.Load(k)
	m.CompareAndSwap(k, old, &payload{name: "cas"})
}

// The memory WithRetain(n) allocates when the map is made: 48 to 96 bytes
// per unit of n, and a few hundred bytes per shard (WithRetain).
func TestRetainUpfrontMemory(t *testing.T) {
	const n, shards = 1 << 16, 16
	made := func(opts ...weakmap.Option) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m := weakmap.New[int, payload](opts...)
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(m)
		return after.TotalAlloc - before.TotalAlloc
	}
	base := made(weakmap.WithShards(shards))
	with := made(weakmap.WithShards(shards), weakmap.WithRetain(n))
	if extra := with - base; extra > 96*n+512*shards {
		t.Fatalf("WithRetain(%d) allocated %d bytes more when the map was made; the doc says at most %d", n, extra, 96*n+512*shards)
	}
}

// A read never waits for the retention lock: with it held, Load of a
// value not retained returns at once and leaves the value unretained; once
// the lock is free, the next Load retains it.
func TestRetainReadNeverWaits(t *testing.T) {
	m := weakmap.New[int, payload](weakmap.WithRetain(1), weakmap.WithShards(1))
	v1, v2 := &payload{name: "v1"}, &payload{name: "v2"}
	m.Store(1, v1)
	m.Store(2, v2) // evicts 1: one value retained
	if weakmap.Retains(m, 1) || !weakmap.Retains(m, 2) {
		t.Fatal("after two stores into a retention of 1, key 1 should have been evicted and key 2 retained")
	}
	unlock := weakmap.LockRetention(m, 1)
	done := make(chan bool)
	go func() {
		v, ok := m.Load(1)
		done <- ok && v == v1
	}()
	select {
	case ok := <-done:
		if !ok {
			t.Fatal("Load(1) did not return the live value")
		}
	case <-time.After(10 * time.Second):
		unlock()
		t.Fatal("Load waited for the retention lock")
	}
	unlock()
	if weakmap.Retains(m, 1) {
		t.Fatal("Load retained its value although the retention lock was held")
	}
	m.Load(1)
	if !weakmap.Retains(m, 1) {
		t.Fatal("Load with the retention lock free did not retain its value")
	}
	runtime.KeepAlive(v2)
}
