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

// linVal is a value of the Map linearizability test: id 1..linValues, and
// a pointer so that it never shares a tiny-object block.
type linVal struct {
	id int
	_  *linVal
	_  [3]int64
}

const (
	linValues      = 4    // value ids 1..4, shared by all keys
	linOpsEach     = 20   // operations per goroutine per history
	linFillerKeys  = 24   // keys that are not checked, stored and killed to give sweeps work
	linFillerFirst = 1000 // the first filler key (of Map; KeyMap has its own filler objects)
	linHistoryBase = 3000 // histories per run and map kind (times 20 with WEAKSTRIPE_STRESS=1)
)

// linConfigs are the map configurations the histories cycle through: tiny
// thresholds and budgets (or the whole shard), one to four shards, so that
// sweep steps run all the time, on the shards of the checked keys too.
var linConfigs = []struct {
	name string
	opts func() []weakmap.Option
}{
	{"shards1-t1-b1", func() []weakmap.Option {
		return []weakmap.Option{weakmap.WithShards(1), weakmap.WithSweepThreshold(1), weakmap.WithSweepBudget(1)}
	}},
	{"shards1-t2-b3", func() []weakmap.Option {
		return []weakmap.Option{weakmap.WithShards(1), weakmap.WithSweepThreshold(2), weakmap.WithSweepBudget(3)}
	}},
	{"shards2-t3-b8", func() []weakmap.Option {
		return []weakmap.Option{weakmap.WithShards(2), weakmap.WithSweepThreshold(3), weakmap.WithSweepBudget(8)}
	}},
	{"shards2-t1-whole", func() []weakmap.Option {
		return []weakmap.Option{weakmap.WithShards(2), weakmap.WithSweepThreshold(1), weakmap.WithSweepBudget(0)}
	}},
	{"shards4-t4-b2-cleanup", func() []weakmap.Option {
		return []weakmap.Option{weakmap.WithShards(4), weakmap.WithSweepThreshold(4), weakmap.WithSweepBudget(2), weakmap.WithGCCleanup()}
	}},
}

// linPick chooses an operation: reads and writes alike, kills rarely
// (each one takes a key's value away, and too many would leave little to
// check).
func linPick(r *rand.Rand, ops []linOp) linOp {
	if r.IntN(16) == 0 {
		return linKill
	}
	return ops[r.IntN(len(ops))]
}

var linMapOps = []linOp{linLoad, linLoad, linStore, linLoadOrStore, linLoadOrCompute, linSwap,
	linCompareAndSwap, linCompareAndSwap, linCompareAndDelete, linLoadAndDelete, linDelete,
	linCompute, linLoadOrTryCompute}

// TestLinMap checks that every operation of Map is linearizable, while
// sweep steps, Sweep and collected entries run alongside.
func TestLinMap(t *testing.T) {
	tally := linTally{kind: "Map"}
	n := linHistories(linHistoryBase)
	start := time.Now()
	for i := range n {
		c := linConfigs[i%len(linConfigs)]
		name := fmt.Sprintf("%d (%s)", i, c.name)
		h := linRecordMap(t, uint64(i), c.opts())
		tally.check(t, name, h)
		if t.Failed() && tally.violations == 0 {
			break // an error reported by a worker; do not repeat it a thousand times
		}
	}
	tally.report(t, time.Since(start))
}

// linRecordMap runs one history on a fresh map made with opts: 4 to 8
// goroutines run linOpsEach random operations each on 2 to 4 keys, and
// between them kill filler entries and call Sweep (linNoise).
func linRecordMap(t *testing.T, seed uint64, opts []weakmap.Option) []porcupine.Operation {
	m := weakmap.New[int, linVal](opts...)
	// Fresh values for every history: with WithGCCleanup each store
	// attaches a cleanup to its value, and a killed entry's cleanup stays
	// attached until the value dies, so values kept for the whole test
	// would collect thousands, and every weak.Make and AddCleanup on them
	// walks the list.
	vals := make([]*linVal, linValues+1)
	for i := 1; i <= linValues; i++ {
		vals[i] = &linVal{id: i}
	}
	shape := rand.New(rand.NewPCG(seed, 0))
	workers, keys := 4+shape.IntN(5), 2+shape.IntN(3)
	var clock atomic.Int64
	id := func(p *linVal) int {
		if p == nil {
			return 0
		}
		if p.id < 1 || p.id > linValues || vals[p.id] != p {
			t.Errorf("Map returned %p, which is none of the values stored", p)
		}
		return p.id
	}

	// Dead filler entries before the history starts, so that the first
	// sweep steps already have something to remove.
	filler := &linVal{id: -1} // kept alive by noise
	for k := range linFillerKeys {
		m.Store(linFillerFirst+k, filler)
		if k%2 == 0 {
			weakmap.MarkCollected(m, linFillerFirst+k)
		}
	}

	noise := linNoiser{
		kill: func(k int) {
			m.Store(linFillerFirst+k, filler)
			weakmap.MarkCollected(m, linFillerFirst+k)
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
				in := linInput{op: linPick(r, linMapOps), key: r.IntN(keys), a: 1 + r.IntN(linValues), b: 1 + r.IntN(linValues)}
				if in.op == linCompareAndSwap || in.op == linCompareAndDelete {
					in.a = r.IntN(linValues + 1) // old may be nil, which matches nothing
				}
				rec.do(in, func() linOutput { return linApplyMap(t, m, vals, id, in) })
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

// linApplyMap performs in on m and returns what it returned.
func linApplyMap(t *testing.T, m *weakmap.Map[int, linVal], vals []*linVal, id func(*linVal) int, in linInput) linOutput {
	k, a, b := in.key, vals[in.a], vals[in.b]
	switch in.op {
	case linLoad:
		v, ok := m.Load(k)
		return linOutput{id(v), ok}
	case linStore:
		m.Store(k, a)
		return linOutput{}
	case linLoadOrStore:
		v, loaded := m.LoadOrStore(k, a)
		return linOutput{id(v), loaded}
	case linLoadOrCompute:
		called := false
		v, loaded := m.LoadOrCompute(k, func() *linVal { called = true; return a })
		// A call that stores has called create; one that loads may have
		// too, if another write stored the key while create ran.
		if !loaded && !called {
			t.Errorf("Map.LoadOrCompute(%d) stored a value without calling create", k)
		}
		return linOutput{id(v), loaded}
	case linSwap:
		v, loaded := m.Swap(k, a)
		return linOutput{id(v), loaded}
	case linCompareAndSwap:
		return linOutput{ok: m.CompareAndSwap(k, a, b)}
	case linCompareAndDelete:
		return linOutput{ok: m.CompareAndDelete(k, a)}
	case linLoadAndDelete:
		v, loaded := m.LoadAndDelete(k)
		return linOutput{id(v), loaded}
	case linDelete:
		m.Delete(k)
		return linOutput{}
	case linCompute:
		calls := 0
		v, ok := m.Compute(k, func(old *linVal, loaded bool) (*linVal, weakmap.ComputeOp) {
			calls++
			if loaded != (old != nil) {
				t.Errorf("Map.Compute(%d) called f with %p, loaded %t", k, old, loaded)
			}
			n, op := linComputeOp(in, id(old))
			return vals[n], op
		})
		if calls != 1 {
			t.Errorf("Map.Compute(%d) called f %d times, want once", k, calls)
		}
		return linOutput{v: id(v), ok: ok}
	case linLoadOrTryCompute:
		called := false
		v, loaded, err := m.LoadOrTryCompute(k, func() (*linVal, error) {
			called = true
			if in.b%2 == 0 {
				return nil, errLinCreate
			}
			return a, nil
		})
		if !loaded && err == nil && !called || err != nil && (err != errLinCreate || v != nil || loaded) {
			t.Errorf("Map.LoadOrTryCompute(%d) = %p, %t, %v; create called: %t", k, v, loaded, err, called)
		}
		if err != nil {
			return linOutput{v: linFailed}
		}
		return linOutput{v: id(v), ok: loaded}
	case linKill:
		return linOutput{ok: weakmap.MarkCollected(m, k)}
	}
	panic(fmt.Sprintf("linApplyMap: unknown operation %v", in.op))
}
