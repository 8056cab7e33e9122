package bench_test

import (
	"sync/atomic"
	"testing"
)

// The settings of Mix. The weakstripe variants run at one setting only,
// the most write-heavy with hot keys, where the sweep threshold and the
// number of lock stripes matter most.
var (
	mixReads = []int{100, 99, 90, 75}
	mixDists = []string{"uniform", "zipf"}
	mixKeys  = []int{1 * ki, 64 * ki}
)

// The settings of Mix's rows at 1Mi keys (BENCH_LARGE=1, largeTargets
// only): the read shares of the speed targets.
var mixLargeReads = []int{90, 100}

const (
	mixVariantReads = 75
	mixVariantDist  = "zipf"
	mixVariantKeys  = 64 * ki
)

// BenchmarkMix runs, from every RunParallel goroutine, a stream of Loads
// and Stores on a map whose keys all hold live values: reads per cent
// Loads, the rest Stores of one of two live values under an existing key
// (drawn at random, so a Store may put back the value already there).
// Keys are drawn uniformly or from a Zipf distribution (see zipfS). Each
// goroutine has its own stream, made before the timer starts.
func BenchmarkMix(b *testing.B) { runRows(b, mixRows()) }

// mixState is one target's map for Mix with its values and, for each
// goroutine, its stream of ops resolved to keys and values.
type mixState struct {
	m         target
	vals, alt []*payload
	ops       [][]mixOp
}

// A mixOp is one op of a stream as a goroutine runs it: the key (the
// stream's copy, see opStreams) and the value to store, or nil for a Load.
// Resolving the value before the timer starts spares each write a lookup
// in vals or alt at a random index, a cache miss charged to the map.
type mixOp struct {
	key string
	val *payload
}

func newMixState(tg targetSpec, n int, streams *opStreams) *mixState {
	st := &mixState{
		vals: newPayloads(n, "v"),
		alt:  newPayloads(n, "alt"),
		ops:  make([][]mixOp, len(streams.list)),
	}
	st.m = fill(tg, keyList(n), st.vals)
	for g, stream := range streams.list {
		ops := make([]mixOp, len(stream))
		for i, o := range stream {
			ops[i].key = streams.keys[g][i]
			if j := int(o & opIndex); o&opWrite != 0 {
				if o&opAlt != 0 {
					ops[i].val = st.alt[j]
				} else {
					ops[i].val = st.vals[j]
				}
			}
		}
		st.ops[g] = ops
	}
	return st
}

// run gives each goroutine of the RunParallel its own stream, in turn; if
// there are more goroutines than streams, some share one.
func (st *mixState) run(b *testing.B) {
	m := st.m
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		ops := st.ops[int(next.Add(1)-1)%len(st.ops)]
		i := 0
		for pb.Next() {
			o := &ops[i&(streamLen-1)]
			i++
			if o.val != nil {
				m.Store(o.key, o.val)
			} else if _, ok := m.Load(o.key); !ok {
				b.Error("a live key was not found")
				return
			}
		}
	})
}
