package bench_test

import (
	"fmt"
	"runtime"
	"testing"
)

// mixRows returns the rows of Mix (workload_mix_test.go), which both
// BenchmarkMix and the round runner run.
func mixRows() []row {
	var rows []row
	for _, reads := range mixReads {
		for _, dist := range mixDists {
			for _, n := range mixKeys {
				lists := [][]string{baseTargets}
				if reads == mixVariantReads && dist == mixVariantDist && n == mixVariantKeys {
					lists = append(lists, thresholdVariants, shardVariants)
				}
				// The streams are read-only: every target of a row runs
				// the same ones.
				var streams *opStreams
				config := fmt.Sprintf("reads=%d/dist=%s/keys=%s", reads, dist, sizeName(n))
				rows = append(rows, newRow("Mix", config, targets(lists...), func(tg targetSpec) func(*testing.B) {
					var st *mixState
					return func(b *testing.B) {
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
					}
				}))
			}
		}
	}
	return rows
}
