package weakmap

import (
	"runtime"
	"weak"
)

// WithGCCleanup makes the map register a cleanup (runtime.AddCleanup) on
// each weakly held object it stores, the value for a Map, the key for a
// KeyMap or Set, which removes the object's entry soon after the garbage
// collector frees the object, on top of the counter-driven sweeps. Use it
// when dead entries must not linger, for example when the eviction
// callback must run promptly; it costs about 0.5 µs more per store of a new
// object.
//
// A pending cleanup never keeps the map alive: it refers to the map through
// a weak pointer and does nothing if the map is gone. It removes an entry
// only if the slot still holds the weak pointer the cleanup was made for,
// so a key stored again after its old value died keeps its new entry. A
// replaced or deleted entry's cleanup is stopped, so cleanups never stack
// up on an object stored many times.
//
// The cleanup takes the entry's shard lock, like any writer, rather than
// queueing the removal for the next writer of the shard (Java's
// ReferenceQueue). Measured under churn where 0.4 to 0.7 cleanups run per
// Store (results/README.md), writers ran as fast with lock-taking cleanups
// as with cleanups that did nothing at all, which bounds what any queue
// could save them; and the entry is gone when the cleanup returns, instead
// of at some later write to its shard, which might never come.
func WithGCCleanup() Option {
	return func(c *config) { c.gcCleanup = true }
}

// stopCleanup stops cl, if any, for a weak referent that was replaced or
// deleted. Stop is only guaranteed to work while the referent is
// reachable, so it is resolved and kept alive across the call; if it is
// already dead the cleanup is queued or done, and will find its slot
// changed.
func stopCleanup[T any](cl *runtime.Cleanup, wp weak.Pointer[T]) {
	if cl == nil {
		return
	}
	p := wp.Value()
	cl.Stop()
	runtime.KeepAlive(p)
}
