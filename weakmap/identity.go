package weakmap

import (
	"runtime"
	"sync/atomic"
	"unsafe"
	"weak"
)

// refersTo reports whether wp was made from p, for a p the caller holds
// (so p is alive). KeyMap and Set use it on every lookup instead of
// wp.Value() == p.
//
// Value must produce a pointer that is safe to keep: it pins the goroutine,
// finds the object's span, makes sure the span is swept and checks the GC
// phase, which costs as much as a whole lookup in a fast concurrent map.
// A lookup by identity needs less. A weak pointer refers to a handle, a
// word in which the runtime keeps the address the pointer was made from,
// until the sweeper finds the object dead and clears it. Memory is reused
// only after its span has been swept, so a live p and a handle still
// holding p's exact address mean the handle is p's own: reading the word
// answers the question without making a strong pointer.
//
// This reads the runtime's representation of weak pointers, which the Go
// API does not promise. handlesReadable says whether it may: a constant
// on the Go releases whose representation the tests check, a check at
// start-up on a real weak pointer on any later one (handles_known.go,
// handles_probe.go); where it fails, refersTo falls back to Value.
func refersTo[T any](wp *weak.Pointer[T], p *T) bool {
	if handlesReadable {
		return handleHolds(unsafe.Pointer(wp), unsafe.Pointer(p))
	}
	return wp.Value() == p
}

// handleHolds reports whether the weak pointer at wp holds the address p.
// It is not generic so that it is inlined even into generic code, on
// KeyMap's and Set's lookup path.
func handleHolds(wp, p unsafe.Pointer) bool {
	h := (*weakLayout)(wp).handle
	return h != nil && atomic.LoadUintptr((*uintptr)(h)) == uintptr(p)
}

// notCleared reports whether the collector may still not have freed wp's
// referent: false for the zero weak.Pointer and once the sweeper has found
// the referent dead and cleared its handle. Sweeps use it as their
// liveness test. It reads one word where Value makes a strong pointer (see
// refersTo), and a sweep step tests dozens of entries that are almost all
// live, so Value would be most of the cost of the counter sweeps. An entry whose referent died in the current
// cycle but whose span is not swept yet survives this step; the next one
// removes it (runtime.GC returns only after the whole heap is swept).
func notCleared[T any](wp *weak.Pointer[T]) bool {
	if handlesReadable {
		h := (*weakLayout)(unsafe.Pointer(wp)).handle
		return h != nil && atomic.LoadUintptr((*uintptr)(h)) != 0
	}
	return wp.Value() != nil
}

// weakLayout mirrors weak.Pointer: a zero-size array and the handle.
type weakLayout struct {
	_      [0]*byte
	handle unsafe.Pointer
}

// checkHandles verifies the layout refersTo relies on: same size as a
// weak.Pointer, a handle that holds the address the pointer was made from
// (also for an interior pointer), and none for the zero weak.Pointer.
func checkHandles() bool {
	type probe struct {
		a [4]int
		p *int
	}
	x := new(probe)
	if unsafe.Sizeof(weak.Pointer[probe]{}) != unsafe.Sizeof(weakLayout{}) {
		return false
	}
	ok := func(wpp unsafe.Pointer, addr uintptr) bool {
		h := (*weakLayout)(wpp).handle
		return h != nil && atomic.LoadUintptr((*uintptr)(h)) == addr
	}
	wx, wa := weak.Make(x), weak.Make(&x.a[2])
	var zero weak.Pointer[probe]
	good := ok(unsafe.Pointer(&wx), uintptr(unsafe.Pointer(x))) &&
		ok(unsafe.Pointer(&wa), uintptr(unsafe.Pointer(&x.a[2]))) &&
		(*weakLayout)(unsafe.Pointer(&zero)).handle == nil &&
		wx.Value() == x
	runtime.KeepAlive(x)
	return good
}
