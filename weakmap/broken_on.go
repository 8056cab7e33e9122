//go:build weakstripe_broken

package weakmap

import "sync/atomic"

// This file is built only with -tags weakstripe_broken. It breaks the map
// on purpose: every dropLiveEvery-th time a sweep (a sweep step, Sweep, or a
// shard that grows or shrinks) asks whether a live entry is alive, the
// answer is no, and the entry is removed although its value is still
// reachable. The linearizability tests and the fuzz targets must fail in
// this build (scripts/check-broken.sh checks that they do): a checker that
// passes it cannot see lost entries. Never build releases with this tag.

// dropLiveEvery is how often a live entry is dropped: rarely enough that
// most histories stay linearizable, so that the checker has to find the
// ones that are not.
const dropLiveEvery = 61

// dropLiveCalls counts the liveness questions about live entries.
var dropLiveCalls atomic.Uint64

// dropLive reports whether the sweep must treat the live entry it is
// examining as dead.
func dropLive() bool { return dropLiveCalls.Add(1)%dropLiveEvery == 0 }
