package weakmap_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"weak"

	"github.com/weakstripe/weakstripe/weakmap"
)

// The GC stress test. TestStress and TestKeyMapStress check that values
// the test keeps for the whole run are never lost; this one checks the
// exact state of every key while values and keys die at random moments,
// with the collector running all the time (GOGC=1, so that a cycle starts
// as soon as the last one ends, and a forced full collection every 5 ms),
// so that cycles overlap every kind of operation.
//
// Each worker owns some keys and knows what each must hold: the value it
// keeps alive; or the value it dropped without deleting, which the map
// must return for as long as the value is not collected (a weak pointer
// of the test's own tells) and never after; or nothing. So every Load of
// an owned key is checked for the exact pointer, which catches a live
// value lost by a sweep or a stale cleanup, an older value resurfacing,
// and a value returned after its collection. Every value records the key
// it was made for, so a value of another key shows on shared keys too.
// For KeyMap and Set, every fresh key must find nothing, although the
// collector keeps recycling the addresses of dead keys whose entries are
// not yet swept.
//
// When the churn stops and the dropped values are collected, RawLen must
// come back to Len (Sweep and cleanups remove every dead entry), and when
// the maps are dropped too the live heap must come back to where it was
// before the run.
//
// The default run takes a few seconds. WEAKSTRIPE_STRESS=1 runs it for
// WEAKSTRIPE_STRESS_TIME (a Go duration, default 2m) in all; with
// WEAKSTRIPE_STRESS_REPORT=path, the summary line is appended to path.

// gcsVal is a Map value: 48 bytes with a pointer, never in a tiny block.
type gcsVal struct {
	key string // the key it was made for
	_   *gcsVal
	_   [2]int64
}

// gcsKey is a KeyMap key and Set member, with an id its values record.
type gcsKey struct {
	id int
	_  *gcsKey
	_  [2]int64
}

// gcsTag is a KeyMap value: the id of the key it was stored under and a
// generation, bumped on every write of that key.
type gcsTag struct{ id, gen int }

//go:noinline
func newGCSVal(key string) *gcsVal { return &gcsVal{key: key} }

//go:noinline
func newGCSKey(id int) *gcsKey { return &gcsKey{id: id} }

const (
	gcsWorkers   = 4
	gcsOwnKeys   = 64   // keys each worker owns
	gcsShared    = 32   // keys every worker writes
	gcsBallast   = 4096 // live entries stored before the run, so that the maps weigh something
	gcsWholeEach = 512  // one whole-map operation (All, Len, Sweep...) in this many
)

// gcsCheck counts and reports the violations of a run.
type gcsCheck struct {
	t     *testing.T
	lost  atomic.Int64 // a live value or key the map failed to return
	wrong atomic.Int64 // a value of another key, an older value, a collected or deleted one
	other atomic.Int64 // anything else: a bad count, a create call that should not happen

	reused atomic.Int64 // fresh keys born where a dead key's entry still was
}

// notePlace counts k, a fresh key, if the KeyMap still has the entry of a
// dead key at k's address: the case where a lookup by address alone would
// return the dead key's value.
func (c *gcsCheck) notePlace(km *weakmap.KeyMap[gcsKey, gcsTag], k *gcsKey) {
	if weakmap.KeyMapHoldsAddress(km, k) {
		c.reused.Add(1)
	}
}

func (c *gcsCheck) report(counter *atomic.Int64, format string, args ...any) {
	counter.Add(1)
	if c.failures() <= 20 {
		c.t.Errorf(format, args...)
	}
}

func (c *gcsCheck) lostf(format string, args ...any)  { c.report(&c.lost, format, args...) }
func (c *gcsCheck) wrongf(format string, args ...any) { c.report(&c.wrong, format, args...) }
func (c *gcsCheck) otherf(format string, args ...any) { c.report(&c.other, format, args...) }
func (c *gcsCheck) failures() int64                   { return c.lost.Load() + c.wrong.Load() + c.other.Load() }

// gcsRun is what one configuration did: its operations, and the live
// heap at its end, with its maps and their kept entries still reachable.
type gcsRun struct {
	ops  int64
	heap uint64
}

func TestGCStress(t *testing.T) {
	total := gcsDuration(t)
	configs := []struct {
		name string
		run  func(*gcsCheck, time.Duration, []weakmap.Option) gcsRun
		opts []weakmap.Option
	}{
		// Tiny thresholds and budgets: sweep steps, growth and shrinking
		// all the time, racing the collector.
		{"Map/sweepy", gcsRunMap, []weakmap.Option{weakmap.WithShards(4), weakmap.WithSweepThreshold(4), weakmap.WithSweepBudget(8)}},
		{"Map/cleanup", gcsRunMap, []weakmap.Option{weakmap.WithGCCleanup()}},
		{"KeyMap+Set/sweepy", gcsRunKeyMap, []weakmap.Option{weakmap.WithShards(4), weakmap.WithSweepThreshold(4), weakmap.WithSweepBudget(8)}},
		{"KeyMap+Set/cleanup", gcsRunKeyMap, []weakmap.Option{weakmap.WithGCCleanup()}},
	}
	old := debug.SetGCPercent(1)
	defer debug.SetGCPercent(old)

	var ops, gcs, lost, wrong, reused int64
	for _, c := range configs {
		t.Run(c.name, func(t *testing.T) {
			check := &gcsCheck{t: t}
			base := gcsSettledHeap()
			gcs0 := gcsMetric("/gc/cycles/total:gc-cycles")
			run := c.run(check, total/time.Duration(len(configs)), c.opts)
			n := int64(gcsMetric("/gc/cycles/total:gc-cycles") - gcs0)
			// With GOGC=1 cycles run back to back, so their number is
			// the run's length over a cycle's: some 10 ms natively, 50
			// under emulation or -race on a loaded machine.
			if n < 2 && check.failures() == 0 {
				t.Errorf("only %d GC cycles ran: the stress did not stress the collector", n)
			}
			ops += run.ops
			gcs += n
			lost += check.lost.Load()
			wrong += check.wrong.Load()
			reused += check.reused.Load()
			t.Logf("%s: %d ops, %d GCs, %d lost, %d wrong", c.name, run.ops, n, check.lost.Load(), check.wrong.Load())
			if check.reused.Load() > 0 {
				t.Logf("%s: %d fresh keys born at the address of a dead key's entry", c.name, check.reused.Load())
			}
			gcsHeapReturns(t, base, run.heap)
		})
	}
	// The KeyMap checks of fresh keys matter only if some were born at
	// the address of a dead key whose entry was not yet removed: a
	// default run sees hundreds.
	if reused == 0 && !testing.Short() && !t.Failed() {
		t.Error("no fresh KeyMap key was born at the address of a dead key's entry: the address reuse checks checked nothing")
	}
	line := fmt.Sprintf("gc stress: %d ops, %d GCs, %d lost, %d wrong in %v; %d fresh keys at a dead key's address (%s %s/%s, GOMAXPROCS=%d)",
		ops, gcs, lost, wrong, total, reused, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	t.Log(line)
	if path := os.Getenv("WEAKSTRIPE_STRESS_REPORT"); path != "" {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			_, err = fmt.Fprintln(f, line)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			t.Errorf("WEAKSTRIPE_STRESS_REPORT: %v", err)
		}
	}
}

// gcsDuration returns how long the whole stress runs.
func gcsDuration(t *testing.T) time.Duration {
	if v := os.Getenv("WEAKSTRIPE_STRESS"); v == "" || v == "0" {
		if testing.Short() {
			return 800 * time.Millisecond
		}
		return 2 * time.Second
	}
	d := 2 * time.Minute
	if s := os.Getenv("WEAKSTRIPE_STRESS_TIME"); s != "" {
		var err error
		if d, err = time.ParseDuration(s); err != nil || d <= 0 {
			t.Fatalf("WEAKSTRIPE_STRESS_TIME=%q: want a positive Go duration such as 2m", s)
		}
	}
	return d
}

// gcsRunning runs work on gcsWorkers goroutines until d has passed or a
// check failed, and returns the operations they counted. Besides the
// cycles GOGC=1 starts, one goroutine forces a full collection every few
// milliseconds: runtime.GC also finishes sweeping the whole heap before it
// returns, so weak pointers are cleared in bulk, not only span by span.
func gcsRunning(check *gcsCheck, d time.Duration, work func(w int, r *rand.Rand, stop func() bool) int64) int64 {
	deadline := time.Now().Add(d)
	var ops atomic.Int64
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.GC()
			}
		}
	}()
	var workers sync.WaitGroup
	for w := range gcsWorkers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			r := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			i := 0
			stop := func() bool {
				i++
				return check.failures() > 0 || i&31 == 0 && time.Now().After(deadline)
			}
			ops.Add(work(w, r, stop))
		}()
	}
	workers.Wait()
	close(done)
	wg.Wait()
	return ops.Load()
}

// ---- Map ----

// gcsMapSlot is an owned key of a Map and what it must hold.
type gcsMapSlot struct {
	key   string
	held  *gcsVal              // stored and kept alive by the worker, or nil
	ghost weak.Pointer[gcsVal] // stored, then dropped: there until collected
}

// want returns what Load(key) must return: the held value, the dropped
// one while it lives (the result keeps it alive), or nil.
func (s *gcsMapSlot) want() *gcsVal {
	if s.held != nil {
		return s.held
	}
	return s.ghost.Value()
}

func (s *gcsMapSlot) set(v *gcsVal) { s.held, s.ghost = v, weak.Pointer[gcsVal]{} }
func (s *gcsMapSlot) drop()         { s.ghost, s.held = weak.Make(s.held), nil }
func (s *gcsMapSlot) clear()        { s.held, s.ghost = nil, weak.Pointer[gcsVal]{} }

//go:noinline
func gcsRunMap(check *gcsCheck, d time.Duration, opts []weakmap.Option) gcsRun {
	m := weakmap.New[string, gcsVal](opts...)
	ballast := make([]*gcsVal, gcsBallast)
	for i := range ballast {
		ballast[i] = newGCSVal("b" + strconv.Itoa(i))
		m.Store(ballast[i].key, ballast[i])
	}
	shared := make([]string, gcsShared)
	for i := range shared {
		shared[i] = "s" + strconv.Itoa(i)
	}
	slots := make([][]gcsMapSlot, gcsWorkers)
	for w := range slots {
		slots[w] = make([]gcsMapSlot, gcsOwnKeys)
		for i := range slots[w] {
			slots[w][i].key = "w" + strconv.Itoa(w) + "-" + strconv.Itoa(i)
		}
	}
	maxKeys := gcsBallast + gcsShared + gcsWorkers*gcsOwnKeys

	ops := gcsRunning(check, d, func(w int, r *rand.Rand, stop func() bool) int64 {
		own := slots[w]
		var ring [4]*gcsVal // some shared values live a little longer
		n := int64(0)
		for ; !stop(); n++ {
			switch x := r.IntN(gcsWholeEach); {
			case x == 0:
				gcsMapWhole(check, m, own, ballast, maxKeys, r)
			case x < gcsWholeEach/8:
				i := r.IntN(gcsBallast)
				if v, ok := m.Load(ballast[i].key); v != ballast[i] || !ok {
					check.lostf("Load(%q) of a ballast value = %p, %v; want %p", ballast[i].key, v, ok, ballast[i])
				}
			case x < gcsWholeEach/3:
				gcsMapShared(check, m, shared[r.IntN(gcsShared)], r, &ring)
			default:
				gcsMapOwn(check, m, &own[r.IntN(gcsOwnKeys)], r)
			}
		}
		return n
	})

	// The churn is over: each owned key holds its kept value or nothing,
	// and everything else dies.
	want := gcsBallast
	for w := range slots {
		for i := range slots[w] {
			s := &slots[w][i]
			if v, _ := m.Load(s.key); v != s.want() {
				check.lostf("after the churn: Load(%q) = %p, want %p", s.key, v, s.want())
			}
			s.ghost = weak.Pointer[gcsVal]{}
			if s.held != nil {
				want++
			}
		}
	}
	gcsUntilSwept(check, "Map", want, m.Len, m.RawLen, m.Sweep)
	heap := gcsSettledHeap()
	runtime.KeepAlive(m)
	runtime.KeepAlive(ballast)
	runtime.KeepAlive(slots)
	return gcsRun{ops, heap}
}

// errGCSCreate is the error of the creates that fail.
var errGCSCreate = errors.New("create failed")

// gcsMapOwn runs one operation on an owned key and checks its result
// exactly.
func gcsMapOwn(check *gcsCheck, m *weakmap.Map[string, gcsVal], s *gcsMapSlot, r *rand.Rand) {
	k := s.key
	exp := s.want()
	fresh := newGCSVal(k)
	mismatch := func(op string, got *gcsVal) {
		if exp != nil && got != exp {
			check.lostf("%s(%q) = %p (made for %q); the live value stored there is %p", op, k, got, gcsKeyOf(got), exp)
		} else {
			check.wrongf("%s(%q) = %p (made for %q); want %p", op, k, got, gcsKeyOf(got), exp)
		}
	}
	switch r.IntN(16) {
	case 0, 1, 2:
		if v, ok := m.Load(k); v != exp || ok != (exp != nil) {
			mismatch("Load", v)
		}
	case 3:
		m.Store(k, fresh)
		s.set(fresh)
	case 4:
		if prev, loaded := m.Swap(k, fresh); prev != exp || loaded != (exp != nil) {
			mismatch("Swap", prev)
		}
		s.set(fresh)
	case 5:
		v, loaded := m.LoadOrStore(k, fresh)
		if exp != nil && (v != exp || !loaded) || exp == nil && (v != fresh || loaded) {
			mismatch("LoadOrStore", v)
		}
		s.set(v)
	case 6:
		calls := 0
		v, loaded := m.LoadOrCompute(k, func() *gcsVal { calls++; return fresh })
		if exp != nil && (v != exp || !loaded) || exp == nil && (v != fresh || loaded) {
			mismatch("LoadOrCompute", v)
		}
		if calls != map[bool]int{true: 0, false: 1}[loaded] {
			check.otherf("LoadOrCompute(%q): loaded %v after %d calls of create", k, loaded, calls)
		}
		s.set(v)
	case 7:
		// A nil old matches nothing; a live old must match.
		if swapped := m.CompareAndSwap(k, exp, fresh); swapped != (exp != nil) {
			check.lostf("CompareAndSwap(%q, the live value %p, new) did not swap", k, exp)
		} else if swapped {
			s.set(fresh)
		}
	case 8:
		if m.CompareAndSwap(k, fresh, newGCSVal(k)) || m.CompareAndDelete(k, fresh) {
			check.wrongf("CompareAndSwap or CompareAndDelete(%q) matched a value never stored", k)
		}
	case 9:
		if deleted := m.CompareAndDelete(k, exp); deleted != (exp != nil) {
			check.lostf("CompareAndDelete(%q, the live value %p) did not delete", k, exp)
		} else if deleted {
			s.clear()
		}
	case 10:
		if v, loaded := m.LoadAndDelete(k); v != exp || loaded != (exp != nil) {
			mismatch("LoadAndDelete", v)
		}
		s.clear()
	case 11:
		m.Delete(k)
		s.clear()
	case 12:
		want := []weakmap.ComputeOp{weakmap.UpdateOp, weakmap.DeleteOp, weakmap.CancelOp}[r.IntN(3)]
		calls := 0
		v, ok := m.Compute(k, func(old *gcsVal, loaded bool) (*gcsVal, weakmap.ComputeOp) {
			calls++
			if old != exp || loaded != (exp != nil) {
				mismatch("Compute's function got", old)
			}
			return fresh, want
		})
		switch {
		case calls != 1:
			check.otherf("Compute(%q) called its function %d times", k, calls)
		case want == weakmap.UpdateOp && (v != fresh || !ok), want == weakmap.DeleteOp && (v != nil || ok):
			check.wrongf("Compute(%q) with op %d = %p, %v", k, want, v, ok)
		case want == weakmap.CancelOp && (v != exp || ok != (exp != nil)):
			mismatch("Compute cancelled", v)
		}
		switch want {
		case weakmap.UpdateOp:
			s.set(fresh)
		case weakmap.DeleteOp:
			s.clear()
		}
	case 13:
		fails := r.IntN(2) == 0
		calls := 0
		v, loaded, err := m.LoadOrTryCompute(k, func() (*gcsVal, error) {
			calls++
			if fails {
				return nil, errGCSCreate
			}
			return fresh, nil
		})
		switch {
		case exp != nil && (v != exp || !loaded || err != nil || calls != 0):
			mismatch("LoadOrTryCompute", v)
		case exp == nil && fails && (v != nil || loaded || err != errGCSCreate || calls != 1):
			check.wrongf("LoadOrTryCompute(%q) with a failing create = %p, %v, %v after %d calls", k, v, loaded, err, calls)
		case exp == nil && !fails && (v != fresh || loaded || err != nil || calls != 1):
			check.wrongf("LoadOrTryCompute(%q) = %p, %v, %v after %d calls; want the created %p", k, v, loaded, err, calls, fresh)
		}
		if err == nil {
			s.set(v)
		} else {
			s.clear()
		}
	default: // the value dies whenever the collector gets to it
		if s.held != nil {
			s.drop()
		}
	}
	runtime.KeepAlive(exp)
}

// gcsMapShared runs one operation on a key every worker writes: the
// result is not known, only that it was made for this key.
func gcsMapShared(check *gcsCheck, m *weakmap.Map[string, gcsVal], k string, r *rand.Rand, ring *[4]*gcsVal) {
	fresh := newGCSVal(k)
	var got *gcsVal
	op := ""
	switch r.IntN(9) {
	case 0, 1:
		m.Store(k, fresh)
	case 2:
		ring[r.IntN(len(ring))] = fresh
		m.Store(k, fresh)
	case 3:
		op = "Load"
		var ok bool
		if got, ok = m.Load(k); ok != (got != nil) {
			check.otherf("Load(%q) = %p, %v", k, got, ok)
		}
	case 4:
		op = "Swap"
		got, _ = m.Swap(k, fresh)
	case 5:
		op = "LoadOrStore"
		got, _ = m.LoadOrStore(k, fresh)
	case 6:
		if cur, ok := m.Load(k); ok {
			op, got = "Load", cur
			m.CompareAndSwap(k, cur, fresh)
		}
	case 7:
		op = "LoadAndDelete"
		got, _ = m.LoadAndDelete(k)
	case 8:
		if cur, ok := m.Load(k); ok {
			op, got = "Load", cur
			m.CompareAndDelete(k, cur)
		}
	}
	if got != nil && got.key != k {
		check.wrongf("%s(%q) returned a value made for %q", op, k, got.key)
	}
}

// gcsMapWhole runs one whole-map operation. The worker's own keys do not
// change while it runs, so each held one (and each ballast key) must be
// seen exactly once with its value.
func gcsMapWhole(check *gcsCheck, m *weakmap.Map[string, gcsVal], own []gcsMapSlot, ballast []*gcsVal, maxKeys int, r *rand.Rand) {
	mine := make(map[string]*gcsVal, gcsBallast+len(own))
	for _, v := range ballast {
		mine[v.key] = v
	}
	for _, s := range own {
		if s.held != nil {
			mine[s.key] = s.held
		}
	}
	switch r.IntN(4) {
	case 0:
		seen := 0
		for k, v := range m.All() {
			if v.key != k {
				check.wrongf("All yielded %q with a value made for %q", k, v.key)
			}
			if want, ok := mine[k]; ok {
				seen++
				if v != want {
					check.lostf("All yielded %q = %p, want the kept %p", k, v, want)
				}
			}
		}
		if seen != len(mine) {
			check.lostf("All yielded %d of the %d kept keys that did not change during the loop", seen, len(mine))
		}
	case 1:
		snap := m.Snapshot()
		for k, want := range mine {
			if snap[k] != want {
				check.lostf("Snapshot[%q] = %p, want the kept %p", k, snap[k], want)
			}
		}
	case 2:
		if n := m.Len(); n < len(mine) || n > maxKeys {
			check.otherf("Len = %d, want between the %d kept keys and the %d keys there are", n, len(mine), maxKeys)
		}
		if n := m.RawLen(); n < len(mine) || n > maxKeys {
			check.otherf("RawLen = %d, want between %d and %d", n, len(mine), maxKeys)
		}
	case 3:
		m.Sweep()
		if st := m.Stats(); st.RawLen < len(mine) {
			check.otherf("Stats.RawLen = %d, below the %d kept keys", st.RawLen, len(mine))
		}
	}
}

func gcsKeyOf(v *gcsVal) string {
	if v == nil {
		return "nothing"
	}
	return v.key
}

// ---- KeyMap and Set ----

// gcsKeySlot is an owned key of the KeyMap and Set and what they must
// hold for it.
type gcsKeySlot struct {
	key   *gcsKey              // kept alive by the worker, or nil
	ghost weak.Pointer[gcsKey] // dropped: its entries stay until it is collected
	inMap bool                 // the KeyMap holds gcsTag{key.id, gen}
	gen   int
	inSet bool // the Set holds the key
}

//go:noinline
func gcsRunKeyMap(check *gcsCheck, d time.Duration, opts []weakmap.Option) gcsRun {
	km := weakmap.NewKeyMap[gcsKey, gcsTag](opts...)
	set := weakmap.NewSet[gcsKey](opts...)
	ballast := make([]*gcsKey, gcsBallast)
	for i := range ballast {
		ballast[i] = newGCSKey(-1 - i)
		km.Store(ballast[i], gcsTag{id: ballast[i].id})
		set.Add(ballast[i])
	}
	shared := make([]*gcsKey, gcsShared)
	for i := range shared {
		shared[i] = newGCSKey(-1_000_000 - i)
	}
	slots := make([][]gcsKeySlot, gcsWorkers)
	for w := range slots {
		slots[w] = make([]gcsKeySlot, gcsOwnKeys)
	}

	ops := gcsRunning(check, d, func(w int, r *rand.Rand, stop func() bool) int64 {
		own := slots[w]
		nextID := w << 40 // ids of fresh keys: unique across workers
		n := int64(0)
		for ; !stop(); n++ {
			switch x := r.IntN(gcsWholeEach); {
			case x == 0:
				gcsKeyMapWhole(check, km, set, own, ballast, r)
			case x < gcsWholeEach/8:
				k := ballast[r.IntN(gcsBallast)]
				if v, ok := km.Load(k); !ok || v.id != k.id || !set.Contains(k) {
					check.lostf("ballast key %d: Load = %+v, %v; Contains = %v", k.id, v, ok, set.Contains(k))
				}
			case x < gcsWholeEach/4:
				nextID++
				gcsKeyMapEphemeral(check, km, set, nextID)
			case x < gcsWholeEach/3:
				gcsKeyMapShared(check, km, set, shared[r.IntN(gcsShared)], r)
			default:
				s := &own[r.IntN(gcsOwnKeys)]
				if s.key == nil {
					nextID++
					gcsKeySlotRevive(check, km, set, s, nextID, r)
				}
				gcsKeyMapOwn(check, km, set, s, r)
			}
		}
		return n
	})

	want := gcsBallast
	for w := range slots {
		for i := range slots[w] {
			s := &slots[w][i]
			s.ghost = weak.Pointer[gcsKey]{}
			if s.key == nil {
				continue
			}
			v, ok := km.Load(s.key)
			if ok != s.inMap || ok && v != (gcsTag{s.key.id, s.gen}) || set.Contains(s.key) != s.inSet {
				check.lostf("after the churn: key %d: Load = %+v, %v; want inMap %v gen %d; Contains %v, want %v",
					s.key.id, v, ok, s.inMap, s.gen, set.Contains(s.key), s.inSet)
			}
			// Keep only the keys in both, so that both counts are known.
			if !s.inMap || !s.inSet {
				km.Delete(s.key)
				set.Delete(s.key)
				continue
			}
			want++
		}
	}
	for _, k := range shared {
		km.Delete(k)
		set.Delete(k)
	}
	gcsUntilSwept(check, "KeyMap", want, km.Len, km.RawLen, km.Sweep)
	gcsUntilSwept(check, "Set", want, set.Len, set.RawLen, set.Sweep)
	heap := gcsSettledHeap()
	runtime.KeepAlive(km)
	runtime.KeepAlive(set)
	runtime.KeepAlive(ballast)
	runtime.KeepAlive(shared)
	runtime.KeepAlive(slots)
	return gcsRun{ops, heap}
}

// gcsKeySlotRevive gives a slot whose key was dropped a key again: the
// dropped one if it still lives (its entries must still be there), or a
// fresh one, which must find nothing, even where a dead key's entry at
// the same address is not swept yet.
func gcsKeySlotRevive(check *gcsCheck, km *weakmap.KeyMap[gcsKey, gcsTag], set *weakmap.Set[gcsKey], s *gcsKeySlot, id int, r *rand.Rand) {
	if k := s.ghost.Value(); k != nil && r.IntN(2) == 0 {
		s.key, s.ghost = k, weak.Pointer[gcsKey]{}
		return
	}
	k := newGCSKey(id)
	check.notePlace(km, k)
	if v, ok := km.Load(k); ok {
		check.wrongf("a fresh key found the value %+v (key %d's)", v, v.id)
	}
	if set.Contains(k) {
		check.wrongf("a fresh key is in the set")
	}
	*s = gcsKeySlot{key: k}
}

// gcsKeyMapOwn runs one operation on an owned, live key and checks its
// result exactly.
func gcsKeyMapOwn(check *gcsCheck, km *weakmap.KeyMap[gcsKey, gcsTag], set *weakmap.Set[gcsKey], s *gcsKeySlot, r *rand.Rand) {
	k := s.key
	cur := gcsTag{k.id, s.gen}
	next := gcsTag{k.id, s.gen + 1}
	bad := func(op string, got gcsTag, ok bool) {
		if s.inMap && !ok {
			check.lostf("%s(key %d) found nothing; want %+v", op, k.id, cur)
		} else {
			check.wrongf("%s(key %d) = %+v, %v; want %+v, %v", op, k.id, got, ok, cur, s.inMap)
		}
	}
	switch r.IntN(15) {
	case 0, 1, 2:
		if v, ok := km.Load(k); ok != s.inMap || ok && v != cur {
			bad("Load", v, ok)
		}
	case 3:
		km.Store(k, next)
		s.inMap, s.gen = true, next.gen
	case 4:
		v, loaded := km.LoadOrStore(k, next)
		if loaded != s.inMap || loaded && v != cur || !loaded && v != next {
			bad("LoadOrStore", v, loaded)
		}
		if !loaded {
			s.inMap, s.gen = true, next.gen
		}
	case 5:
		calls := 0
		v, loaded := km.LoadOrCompute(k, func() gcsTag { calls++; return next })
		if loaded != s.inMap || loaded && v != cur || !loaded && v != next {
			bad("LoadOrCompute", v, loaded)
		}
		if calls != map[bool]int{true: 0, false: 1}[loaded] {
			check.otherf("LoadOrCompute(key %d): loaded %v after %d calls of create", k.id, loaded, calls)
		}
		if !loaded {
			s.inMap, s.gen = true, next.gen
		}
	case 6:
		if v, loaded := km.LoadAndDelete(k); loaded != s.inMap || loaded && v != cur {
			bad("LoadAndDelete", v, loaded)
		}
		s.inMap = false
	case 7:
		km.Delete(k)
		s.inMap = false
	case 8:
		set.Add(k)
		s.inSet = true
	case 9, 10:
		if got := set.Contains(k); got != s.inSet {
			if s.inSet {
				check.lostf("Set.Contains(key %d) = false for a live member", k.id)
			} else {
				check.wrongf("Set.Contains(key %d) = true for a key not added", k.id)
			}
		}
	case 11:
		set.Delete(k)
		s.inSet = false
	case 12:
		v, ok := km.Compute(k, func(old gcsTag, loaded bool) (gcsTag, weakmap.ComputeOp) {
			if loaded != s.inMap || loaded && old != cur {
				bad("Compute's function got", old, loaded)
			}
			if loaded && r.IntN(2) == 0 {
				return old, weakmap.DeleteOp
			}
			return next, weakmap.UpdateOp
		})
		if ok != (v == next) || !ok && v != (gcsTag{}) {
			check.wrongf("Compute(key %d) = %+v, %v; want %+v, true or the zero tag, false", k.id, v, ok, next)
		}
		if s.inMap = ok; ok {
			s.gen = next.gen
		}
	case 13:
		v, loaded, err := km.LoadOrTryCompute(k, func() (gcsTag, error) { return gcsTag{}, errGCSCreate })
		if loaded != s.inMap || loaded && (v != cur || err != nil) || !loaded && err != errGCSCreate {
			bad("LoadOrTryCompute with a failing create", v, loaded)
		}
	default: // the key dies whenever the collector gets to it
		s.ghost, s.key = weak.Make(k), nil
	}
}

// gcsKeyMapEphemeral stores a fresh key and drops it at once.
func gcsKeyMapEphemeral(check *gcsCheck, km *weakmap.KeyMap[gcsKey, gcsTag], set *weakmap.Set[gcsKey], id int) {
	k := newGCSKey(id)
	check.notePlace(km, k)
	if v, ok := km.Load(k); ok || set.Contains(k) {
		check.wrongf("a fresh key found the value %+v (key %d's) or is in the set", v, v.id)
	}
	km.Store(k, gcsTag{id: id})
	set.Add(k)
}

// gcsKeyMapShared runs one operation on a key every worker writes.
func gcsKeyMapShared(check *gcsCheck, km *weakmap.KeyMap[gcsKey, gcsTag], set *weakmap.Set[gcsKey], k *gcsKey, r *rand.Rand) {
	var got gcsTag
	found := false
	switch r.IntN(7) {
	case 0, 1:
		km.Store(k, gcsTag{k.id, r.IntN(100)})
	case 2:
		got, found = km.Load(k)
	case 3:
		got, _ = km.LoadOrStore(k, gcsTag{k.id, r.IntN(100)})
		found = true
	case 4:
		got, found = km.LoadAndDelete(k)
	case 5:
		set.Add(k)
		set.Contains(k)
	case 6:
		set.Delete(k)
	}
	if found && got.id != k.id {
		check.wrongf("shared key %d mapped to a value of key %d", k.id, got.id)
	}
}

// gcsKeyMapWhole runs one whole-map operation on the KeyMap or the Set.
func gcsKeyMapWhole(check *gcsCheck, km *weakmap.KeyMap[gcsKey, gcsTag], set *weakmap.Set[gcsKey], own []gcsKeySlot, ballast []*gcsKey, r *rand.Rand) {
	inMap := make(map[*gcsKey]gcsTag, gcsBallast+len(own))
	inSet := make(map[*gcsKey]bool, gcsBallast+len(own))
	for _, k := range ballast {
		inMap[k] = gcsTag{id: k.id}
		inSet[k] = true
	}
	for _, s := range own {
		if s.key != nil && s.inMap {
			inMap[s.key] = gcsTag{s.key.id, s.gen}
		}
		if s.key != nil && s.inSet {
			inSet[s.key] = true
		}
	}
	switch r.IntN(4) {
	case 0:
		seen := 0
		for k, v := range km.All() {
			if v.id != k.id {
				check.wrongf("KeyMap.All yielded key %d with a value of key %d", k.id, v.id)
			}
			if want, ok := inMap[k]; ok {
				seen++
				if v != want {
					check.lostf("KeyMap.All yielded key %d = %+v, want %+v", k.id, v, want)
				}
			}
		}
		if seen != len(inMap) {
			check.lostf("KeyMap.All yielded %d of the %d kept keys that did not change during the loop", seen, len(inMap))
		}
	case 1:
		seen := 0
		for k := range set.All() {
			if inSet[k] {
				seen++
			}
		}
		if seen != len(inSet) {
			check.lostf("Set.All yielded %d of the %d kept members that did not change during the loop", seen, len(inSet))
		}
	case 2:
		if n := km.Len(); n < len(inMap) {
			check.otherf("KeyMap.Len = %d, below the %d kept keys", n, len(inMap))
		}
		if n := set.Len(); n < len(inSet) {
			check.otherf("Set.Len = %d, below the %d kept members", n, len(inSet))
		}
		if n := km.RawLen(); n < len(inMap) {
			check.otherf("KeyMap.RawLen = %d, below the %d kept keys", n, len(inMap))
		}
	case 3:
		km.Sweep()
		set.Sweep()
		if st := km.Stats(); st.RawLen < len(inMap) {
			check.otherf("KeyMap Stats.RawLen = %d, below the %d kept keys", st.RawLen, len(inMap))
		}
	}
}

// ---- after the run ----

// gcsUntilSwept runs the collector and sweep until both lengths are want:
// every dead entry removed, every live one there.
func gcsUntilSwept(check *gcsCheck, what string, want int, length, rawLen func() int, sweep func() int) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		sweep()
		n, raw := length(), rawLen()
		switch {
		case n == want && raw == want:
			return
		case n < want:
			check.lostf("%s after the churn: Len %d, want %d: live entries were removed", what, n, want)
			return
		case time.Now().After(deadline):
			check.otherf("%s after the churn and 10s of GCs and Sweep: Len %d, RawLen %d; want %d and %d", what, n, raw, want, want)
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// gcsHeapSlack is how far above its level before a run the live heap may
// stay once the run's maps, keys and values are all unreachable. Measured
// (Go 1.24 and 1.26, amd64 and arm64, with and without -race, runs of 2 s
// and 2 min): the heap settles within 30 KB of its level before the run,
// what the testing package keeps of the subtest and its log lines; a run
// holds 0.6 to 1.6 MB at its end; and a run's map kept reachable after
// it, its values dropped, still holds 80 KB (emptied by its cleanups) to
// 420 KB (dead entries waiting for a sweep). 64 KB is twice the noise and
// below the smallest leak of a map.
const gcsHeapSlack = 64 << 10

// gcsHeapReturns runs the collector until the live heap is back within
// gcsHeapSlack of base, its level before the run, and fails if it is not
// within 10 seconds. held is the level at the end of the run.
func gcsHeapReturns(t *testing.T, base, held uint64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		live := gcsSettledHeap()
		if live <= base+gcsHeapSlack {
			t.Logf("live heap: %d KB before the run, %d KB at its end, %d KB after", base>>10, held>>10, live>>10)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the live heap stayed at %d KB after the run, %d KB above its %d KB before it (allowed: %d KB): the maps or their entries leak",
				live>>10, (live-base)>>10, base>>10, gcsHeapSlack>>10)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// gcsSettledHeap runs two full cycles (the second frees what the cleanups
// queued by the first released) and returns the live heap.
func gcsSettledHeap() uint64 {
	runtime.GC()
	time.Sleep(time.Millisecond) // let queued cleanups run
	runtime.GC()
	return gcsMetric("/gc/heap/live:bytes")
}

func gcsMetric(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		panic("runtime/metrics has no " + name)
	}
	return s[0].Value.Uint64()
}
