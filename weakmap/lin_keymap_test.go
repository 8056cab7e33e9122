package weakmap_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/weakstripe/weakstripe/weakmap"
)

// linKey is a key of the KeyMap linearizability test. The test keeps every
// key alive, so entries die only when the test kills them.
type linKey struct {
	n int
	_ *linKey
	_ [3]int64
}

// KeyMap has no Swap, CompareAndSwap or CompareAndDelete.
var linKeyMapOps = []linOp{linLoad, linLoad, linStore, linLoadOrStore, linLoadOrCompute, linSwap, linLoadAndDelete, linDelete,
	linCompute, linLoadOrTryCompute}

// TestLinKeyMap checks that every operation of KeyMap is linearizable,
// while sweep steps, Sweep and collected entries run alongside. Values are
// the ids 1..linValues themselves (KeyMap holds values strongly); 0 is the
// zero value that a miss returns.
func TestLinKeyMap(t *testing.T) {
	tally := linTally{kind: "KeyMap"}
	n := linHistories(linHistoryBase)
	start := time.Now()
	for i := range n {
		c := linConfigs[i%len(linConfigs)]
		name := fmt.Sprintf("%d (%s)", i, c.name)
		h := linRecordKeyMap(t, uint64(i), c.opts())
		tally.check(t, name, h)
		if t.Failed() && tally.violations == 0 {
			break // an error reported by a worker; do not repeat it a thousand times
		}
	}
	tally.report(t, time.Since(start))
}

// linRecordKeyMap runs one history on a fresh KeyMap made with opts, like
// linRecordMap: 4 to 8 goroutines on 2 to 4 keys, which also kill filler
// entries and call Sweep.
func linRecordKeyMap(t *testing.T, seed uint64, opts []weakmap.Option) []porcupine.Operation {
	m := weakmap.NewKeyMap[linKey, int](opts...)
	// Fresh keys for every history, for the reason linRecordMap has fresh
	// values: the cleanups of killed entries stay attached to their keys.
	keys := make([]*linKey, 4)
	for i := range keys {
		keys[i] = &linKey{n: i}
	}
	fillers := make([]*linKey, linFillerKeys)
	for i := range fillers {
		fillers[i] = &linKey{n: linFillerFirst + i}
	}
	shape := rand.New(rand.NewPCG(seed, 0))
	workers, nkeys := 4+shape.IntN(5), 2+shape.IntN(3)
	var clock atomic.Int64

	for i, f := range fillers {
		m.Store(f, -1)
		if i%2 == 0 {
			weakmap.MarkKeyCollected(m, f)
		}
	}

	noise := linNoiser{
		kill: func(i int) {
			m.Store(fillers[i], -1)
			weakmap.MarkKeyCollected(m, fillers[i])
		},
		sweep: func() { m.Sweep() },
	}
	recs := make([]*linRecorder, workers)
	var arrived atomic.Int32
	var wg sync.WaitGroup
	for w := range workers {
		recs[w] = &linRecorder{clock: &clock, client: w}
		wg.Add(1)
		go func(rec *linRecorder) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, uint64(w)+1))
			linStartTogether(&arrived, workers)
			for range linOpsEach {
				linNoise(r, noise)
				in := linInput{op: linPick(r, linKeyMapOps), key: r.IntN(nkeys), a: 1 + r.IntN(linValues), b: 1 + r.IntN(linValues)}
				rec.do(in, func() linOutput { return linApplyKeyMap(t, m, keys[in.key], in) })
			}
		}(recs[w])
	}
	wg.Wait()

	var h []porcupine.Operation
	for _, rec := range recs {
		h = append(h, rec.ops...)
	}
	return h
}

// linApplyKeyMap performs in on m, with key k, and returns what it
// returned.
func linApplyKeyMap(t *testing.T, m *weakmap.KeyMap[linKey, int], k *linKey, in linInput) linOutput {
	switch in.op {
	case linLoad:
		v, ok := m.Load(k)
		return linOutput{v, ok}
	case linStore:
		m.Store(k, in.a)
		return linOutput{}
	case linSwap:
		v, loaded := m.Swap(k, in.a)
		return linOutput{v, loaded}
	case linLoadOrStore:
		v, loaded := m.LoadOrStore(k, in.a)
		return linOutput{v, loaded}
	case linLoadOrCompute:
		called := false
		v, loaded := m.LoadOrCompute(k, func() int { called = true; return in.a })
		// A call that stores has called create; one that loads may have
		// too, if another write stored the key while create ran.
		if !loaded && !called {
			t.Errorf("KeyMap.LoadOrCompute(k%d) stored a value without calling create", in.key)
		}
		return linOutput{v, loaded}
	case linLoadAndDelete:
		v, loaded := m.LoadAndDelete(k)
		return linOutput{v, loaded}
	case linDelete:
		m.Delete(k)
		return linOutput{}
	case linCompute:
		calls := 0
		v, ok := m.Compute(k, func(old int, loaded bool) (int, weakmap.ComputeOp) {
			calls++
			if loaded != (old != 0) {
				t.Errorf("KeyMap.Compute(k%d) called f with %d, loaded %t", in.key, old, loaded)
			}
			return linComputeOp(in, old)
		})
		if calls != 1 {
			t.Errorf("KeyMap.Compute(k%d) called f %d times, want once", in.key, calls)
		}
		return linOutput{v: v, ok: ok}
	case linLoadOrTryCompute:
		called := false
		v, loaded, err := m.LoadOrTryCompute(k, func() (int, error) {
			called = true
			if in.b%2 == 0 {
				return 0, errLinCreate
			}
			return in.a, nil
		})
		if !loaded && err == nil && !called || err != nil && (err != errLinCreate || v != 0 || loaded) {
			t.Errorf("KeyMap.LoadOrTryCompute(k%d) = %d, %t, %v; create called: %t", in.key, v, loaded, err, called)
		}
		if err != nil {
			return linOutput{v: linFailed}
		}
		return linOutput{v: v, ok: loaded}
	case linKill:
		return linOutput{ok: weakmap.MarkKeyCollected(m, k)}
	}
	panic(fmt.Sprintf("linApplyKeyMap: unknown operation %v", in.op))
}
