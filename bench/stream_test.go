package bench_test

import (
	"math/rand/v2"
	"sync/atomic"
)

// An op is one operation of a Mix stream: a key index, and whether it is a
// read or a write of one of two live values.
type op uint32

const (
	opWrite op = 1 << 31 // a Store; otherwise a Load
	opAlt   op = 1 << 30 // the Store puts the alternate live value
	opIndex op = opAlt - 1
)

// streamLen is the length of each goroutine's stream of ops; a goroutine
// that reaches the end starts over.
const streamLen = 1 << 16

// Zipf distribution of Mix's keys: rank k is drawn with probability
// proportional to (zipfV + k)^-zipfS. Over 64Ki keys the hottest key
// takes 14 % of the operations and the hottest 1 % of the keys 74 %; over
// 1Ki keys, 18 % and 48 %. (math/rand/v2 needs s > 1; YCSB's 0.99 is
// close.)
const (
	zipfS = 1.1
	zipfV = 1
)

// opStreams holds one stream of ops per goroutine, made before the timer
// starts, and hands them out to the goroutines of a RunParallel.
type opStreams struct {
	list [][]op
}

// newOpStreams returns n streams over keys keys in which reads per cent of
// the ops are reads; the keys are drawn uniformly or, with zipf, from the
// Zipf distribution above. The streams are the same from run to run.
func newOpStreams(n, keys, reads int, zipf bool) *opStreams {
	s := &opStreams{list: make([][]op, n)}
	for g := range s.list {
		r := rand.New(rand.NewPCG(uint64(g)+1, uint64(keys)<<8|uint64(reads)))
		var z *rand.Zipf
		if zipf {
			z = rand.NewZipf(r, zipfS, zipfV, uint64(keys-1))
		}
		stream := make([]op, streamLen)
		for i := range stream {
			var o op
			if z != nil {
				o = op(z.Uint64())
			} else {
				o = op(r.IntN(keys))
			}
			if r.IntN(100) >= reads {
				o |= opWrite
				if r.IntN(2) == 0 {
					o |= opAlt
				}
			}
			stream[i] = o
		}
		s.list[g] = stream
	}
	return s
}

// handout gives each goroutine of one RunParallel its own stream, in
// turn; if there are more goroutines than streams, some share one.
type handout struct {
	streams *opStreams
	next    atomic.Int64
}

func (h *handout) take() []op {
	l := h.streams.list
	return l[int(h.next.Add(1)-1)%len(l)]
}
