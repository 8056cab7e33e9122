package bench_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"
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
//
// Each stream also carries its ops' keys, in op order: keys[g][i] is a
// copy of the key of list[g][i], and a stream's copies are laid out one
// after the other in one string. A goroutine reading its stream thus reads
// memory in order, as LoadHit does, and the key it passes is at hand, as a
// caller's key usually is. Indexing the shared key list instead costs, on
// 64Ki keys drawn at random, a cache miss for the key's header and another
// for its bytes on every op, charged to the map.
type opStreams struct {
	list [][]op
	keys [][]string
}

// newOpStreams returns n streams over the first keys keys of keyList in
// which reads per cent of the ops are reads; the keys are drawn uniformly
// or, with zipf, from the Zipf distribution above. The streams are the same
// from run to run.
func newOpStreams(n, keys, reads int, zipf bool) *opStreams {
	names := keyList(keys)
	s := &opStreams{list: make([][]op, n), keys: make([][]string, n)}
	for g := range s.list {
		r := rand.New(rand.NewPCG(uint64(g)+1, uint64(keys)<<8|uint64(reads)))
		var z *rand.Zipf
		if zipf {
			z = rand.NewZipf(r, zipfS, zipfV, uint64(keys-1))
		}
		stream := make([]op, streamLen)
		var arena strings.Builder
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
			arena.WriteString(names[o&opIndex])
		}
		all := arena.String()
		ks := make([]string, streamLen)
		off := 0
		for i, o := range stream {
			n := len(names[o&opIndex])
			ks[i] = all[off : off+n]
			off += n
		}
		s.list[g] = stream
		s.keys[g] = ks
	}
	return s
}

// TestOpStreams checks what Mix relies on: each op's key is the stored key
// its index names, a stream's keys lie one after the other in op order,
// and the share of reads is about the one asked for.
func TestOpStreams(t *testing.T) {
	const keys, reads = 1 * ki, 90
	names := keyList(keys)
	s := newOpStreams(2, keys, reads, true)
	for g, stream := range s.list {
		ks := s.keys[g]
		if len(stream) != streamLen || len(ks) != streamLen {
			t.Fatalf("stream %d: %d ops and %d keys, want %d of each", g, len(stream), len(ks), streamLen)
		}
		nread := 0
		next := unsafe.StringData(ks[0])
		for i, o := range stream {
			if ks[i] != names[o&opIndex] {
				t.Fatalf("stream %d op %d: key %q, want %q", g, i, ks[i], names[o&opIndex])
			}
			if p := unsafe.StringData(ks[i]); p != next {
				t.Fatalf("stream %d op %d: key at %p, want %p, right after the previous op's", g, i, p, next)
			}
			next = (*byte)(unsafe.Add(unsafe.Pointer(next), len(ks[i])))
			if o&opWrite == 0 {
				nread++
			}
		}
		if pct := 100 * nread / streamLen; pct < reads-2 || pct > reads+2 {
			t.Fatalf("stream %d: %d %% reads, want about %d", g, pct, reads)
		}
	}
}
