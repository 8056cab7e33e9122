package weakmap

import (
	"testing"
	"unsafe"

	"github.com/weakstripe/weakstripe/internal/cacheline"
)

// The GC cleanup counters are written by every cleanup run, on the
// runtime's cleanup goroutines. They must be at least a cache line away
// from what Load reads (the table and made, at the front of core) and from
// the map's own fields after core (read by writers), wherever the map is
// allocated: else each cleanup run would take that line from every core
// that loads.
func TestCleanupCountersOffReadLines(t *testing.T) {
	check := func(name string, made *bool, cleaned, cleanups unsafe.Pointer, next unsafe.Pointer) {
		t.Helper()
		first := min(uintptr(cleaned), uintptr(cleanups))
		last := max(uintptr(cleaned), uintptr(cleanups)) + 7
		if d := first - uintptr(unsafe.Pointer(made)); d < cacheline.Size {
			t.Errorf("%s: the cleanup counters start %d bytes after made (the last field Load reads); want at least %d", name, d, cacheline.Size)
		}
		if d := uintptr(next) - last; d < cacheline.Size {
			t.Errorf("%s: the cleanup counters end %d bytes before the map's next field; want at least %d", name, d, cacheline.Size)
		}
	}
	m := new(Map[string, int])
	check("Map", &m.made, unsafe.Pointer(&m.cleaned), unsafe.Pointer(&m.cleanups), unsafe.Pointer(&m.self))
	km := new(KeyMap[int, int])
	check("KeyMap", &km.made, unsafe.Pointer(&km.cleaned), unsafe.Pointer(&km.cleanups), unsafe.Pointer(&km.self))
	var c core[int, int]
	if uintptr(unsafe.Pointer(&c.made)) < uintptr(unsafe.Pointer(&c.t)) {
		t.Errorf("core.made is before core.t: check that made is the last field Load reads")
	}
}
