package bench_test

import (
	"fmt"
	"runtime"
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
func BenchmarkMix(b *testing.B) {
	for _, reads := range mixReads {
		for _, dist := range mixDists {
			for _, n := range mixKeys {
				lists := [][]string{baseTargets}
				if reads == mixVariantReads && dist == mixVariantDist && n == mixVariantKeys {
					lists = append(lists, thresholdVariants, shardVariants)
				}
				// The streams are read-only: every target of a setting
				// runs the same ones.
				var streams *opStreams
				for _, tg := range targets(lists...) {
					name := fmt.Sprintf("reads=%d/dist=%s/keys=%s/target=%s", reads, dist, sizeName(n), tg.name)
					var st *mixState
					b.Run(name, func(b *testing.B) {
						if st == nil {
							if streams == nil {
								// One stream per goroutine of RunParallel,
								// which starts GOMAXPROCS of them.
								streams = newOpStreams(runtime.GOMAXPROCS(0), n, reads, dist == "zipf")
							}
							st = newMixState(tg, n, streams)
							settle()
							b.ResetTimer()
						}
						st.run(b)
					})
				}
			}
		}
	}
}

// mixState is one target's map for Mix with its values and op streams.
type mixState struct {
	m         target
	keys      []string
	vals, alt []*payload
	streams   *opStreams
}

func newMixState(tg targetSpec, n int, streams *opStreams) *mixState {
	st := &mixState{
		keys:    keyList(n),
		vals:    newPayloads(n, "v"),
		alt:     newPayloads(n, "alt"),
		streams: streams,
	}
	st.m = fill(tg, st.keys, st.vals)
	return st
}

func (st *mixState) run(b *testing.B) {
	m, keys, vals, alt := st.m, st.keys, st.vals, st.alt
	h := handout{streams: st.streams}
	b.RunParallel(func(pb *testing.PB) {
		stream := h.take()
		i := 0
		for pb.Next() {
			o := stream[i&(streamLen-1)]
			i++
			j := int(o & opIndex)
			switch {
			case o&opWrite == 0:
				if _, ok := m.Load(keys[j]); !ok {
					b.Error("a live key was not found")
					return
				}
			case o&opAlt != 0:
				m.Store(keys[j], alt[j])
			default:
				m.Store(keys[j], vals[j])
			}
		}
	})
}
