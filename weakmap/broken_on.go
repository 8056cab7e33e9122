//go:build weakstripe_broken

package weakmap

import "unsafe"

// This file is built only with -tags weakstripe_broken. It breaks the map
// on purpose: for one live entry in dropLiveEvery, picked by its address,
// a sweep (a sweep step, Sweep, a shard that shrinks, or one that grows
// after a collection) that asks whether the entry is alive is told no,
// and removes the entry although its value is still reachable. The linearizability tests and
// the fuzz targets must fail in this build (scripts/check-broken.sh checks
// that they do): a checker that passes it cannot see lost entries. Never
// build releases with this tag.

// dropLiveEvery is how rare the dropped entries are: rare enough that
// most histories stay linearizable, so that the checker has to find the
// ones that are not.
const dropLiveEvery = 61

// dropLive reports whether the sweep must treat the live entry at e as
// dead. It answers by the entry's address, not by the call: a sweep step
// asks twice about an entry before it removes it (without the lock, then
// again under it), and only an entry told dead both times goes.
func dropLive(e unsafe.Pointer) bool {
	return uint64(uintptr(e))*0x9e3779b97f4a7c15>>32%dropLiveEvery == 0
}
