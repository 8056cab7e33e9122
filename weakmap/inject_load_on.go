//go:build weakstripe_slowload

package weakmap

import "sync/atomic"

// This file is built only with -tags weakstripe_slowload. It makes Map.Load
// slower by a fixed amount, so that the performance gate (scripts/gate.sh)
// can be calibrated against a regression of known size: a gate that does
// not flag this build is too lax, one that flags an untagged build against
// itself is too strict. Never build releases with this tag.

// injectLoadIters is the length of the delay loop, chosen by measurement
// so that it adds about a quarter of the cost of a Load hit in the gate's
// Load benchmark (BenchmarkLoadHit/keys=1Ki/target=weakstripe, -cpu 1);
// results/README.md has the figures. Re-measure when the machine or Load
// changes: run that benchmark with and without the tag, alternately, in
// fresh processes, and set the count so that the difference is a quarter
// of Load's cost.
const injectLoadIters = 12

// injectLoadSeed starts the delay loop. It is a variable, never written, so
// that the compiler cannot compute the loop's result at compile time.
var injectLoadSeed uint64 = 1

// injectLoadSink receives the loop's result if it is ever zero (it is not),
// so that the loop has an observable effect and is not removed. Atomic,
// because Load runs on many goroutines at once.
var injectLoadSink atomic.Uint64

// injectLoad spins for about a quarter of a Load hit's cost: a chain of
// dependent multiply-adds (a linear congruential step), which neither the
// compiler nor the processor can shorten.
func injectLoad() {
	x := injectLoadSeed
	for i := 0; i < injectLoadIters; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	if x == 0 {
		injectLoadSink.Store(x)
	}
}
