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
				rows = append(rows, mixRow(reads, dist, n, targets(lists...)))
			}
		}
	}
	for _, n := range largeKeys() {
		for _, reads := range mixLargeReads {
			for _, dist := range mixDists {
				rows = append(rows, mixRow(reads, dist, n, targets(largeTargets)))
			}
		}
	}
	return rows
}

// mixRow returns the row of Mix at reads per cent Loads, key distribution
// dist and n keys, with the targets specs.
func mixRow(reads int, dist string, n int, specs []targetSpec) row {
	// The streams are read-only: every target of a row runs the same ones.
	var streams *opStreams
	config := fmt.Sprintf("reads=%d/dist=%s/keys=%s", reads, dist, sizeName(n))
	return newRow("Mix", config, specs, func(tg targetSpec) func(*testing.B) {
		var st *mixState
		return func(b *testing.B) {
			if st == nil {
				if streams == nil {
					// One stream per goroutine of RunParallel, which
					// starts GOMAXPROCS of them.
					streams = newOpStreams(runtime.GOMAXPROCS(0), n, reads, dist == "zipf")
				}
				st = newMixState(tg, n, streams)
				settle()
				b.ResetTimer()
			}
			st.run(b)
		}
	})
}
