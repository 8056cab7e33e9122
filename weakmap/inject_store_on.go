//go:build weakstripe_allocstore

package weakmap

import "sync/atomic"

// This file is built only with -tags weakstripe_allocstore. It adds one
// heap allocation to every Map.Store, so that the performance gate
// (scripts/gate.sh) can be checked on its exact metrics: allocs/op must go
// up by one and the gate must fail. Never build releases with this tag.

// injectBox is what each Store allocates: 16 bytes with a pointer, so that
// it is a real heap object of its own and not a tiny-allocator slot shared
// with others.
type injectBox struct {
	n    int
	next *injectBox
}

// injectStoreSink is the package-level place an injectBox could escape to.
// Every box escapes on paper (so escape analysis puts it on the heap), but
// none is ever stored: a store on every call would make all goroutines
// write one shared cache line and add contention on top of the allocation.
var injectStoreSink atomic.Pointer[injectBox]

// injectKeep leaks b to injectStoreSink as far as escape analysis can tell.
// It is not inlined, so that the condition, which never holds, stays
// opaque to the compiler.
//
//go:noinline
func injectKeep(b *injectBox) {
	if b.n != 0 {
		b.next = injectStoreSink.Swap(b)
	}
}

// injectStore makes one heap allocation.
func injectStore() { injectKeep(&injectBox{}) }
